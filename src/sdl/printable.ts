/**
 * Text from outside (SDL keys and values, node and provider responses) made safe for a terminal:
 * C0 and C1 control characters, DEL, and the bidirectional overrides that reorder what a reader
 * sees (U+202A–U+202E, U+2066–U+2069) become visible escapes (`\x1b`, `\u202e`). Tab is escaped
 * too (it would misalign columns); newlines are kept only when `keepNewlines` is set (stack traces).
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]|\t|\n|\r/g;
const UNSAFE_KEEP_NEWLINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]|\t|\r/g;
const TEST = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/;

function escape(c: string): string {
  switch (c) {
    case "\t":
      return "\\t";
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
  }
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

export function printable(text: string, keepNewlines = false): string {
  if (!TEST.test(text)) return text;
  return text.replace(keepNewlines ? UNSAFE_KEEP_NEWLINES : UNSAFE, escape);
}
