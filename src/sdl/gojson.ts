import { createHash } from "node:crypto";

/**
 * JSON exactly as Go's encoding/json writes it after cosmos-sdk's SortJSON: keys sorted at every
 * depth, no whitespace, and Go's string escaping. The manifest version hash is taken over these
 * bytes, and providers recompute it from their own Go decoding, so a single differing byte makes
 * the provider reject the manifest.
 */
export function sortedGoJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return goQuote(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`cannot encode ${value} as JSON`);
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) out += (i === 0 ? "" : ",") + sortedGoJson(value[i]);
        return `${out}]`;
      }
      const object = value as Record<string, unknown>;
      const keys = Object.keys(object).sort(compareBytes);
      let out = "{";
      let first = true;
      for (const key of keys) {
        const item = object[key];
        if (item === undefined) continue;
        out += `${first ? "" : ","}${goQuote(key)}:${sortedGoJson(item)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`cannot encode ${typeof value} as JSON`);
  }
}

/** Printable ASCII that needs no escaping in Go or JSON: no quote, backslash, <, > or &. */
const PLAIN = /^[\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\x5b\x5d-\x7e]*$/;

const GO_EXTRA_ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * JSON.stringify already matches Go for quotes, backslashes, control characters (lowercase
 * \u00xx, short forms for \b \f \n \r \t) and raw non-ASCII. Go additionally escapes the HTML
 * characters and the two JavaScript line separators, and writes invalid UTF-16 (lone
 * surrogates, which would be invalid UTF-8 in Go) as U+FFFD.
 */
export function goQuote(text: string): string {
  if (PLAIN.test(text)) return `"${text}"`;
  const wellFormed = text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
  return JSON.stringify(wellFormed).replace(/[<>&\u2028\u2029]/g, (c) => GO_EXTRA_ESCAPES[c] ?? c);
}

/** Orders strings by their UTF-8 bytes, as Go's sort.Strings does. */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 code-unit order equals UTF-8 byte order unless a surrogate pair meets U+E000..U+FFFF.
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : 1;
  const ab = UTF8.encode(a);
  const bb = UTF8.encode(b);
  const n = Math.min(ab.length, bb.length);
  for (let i = 0; i < n; i++) {
    if (ab[i] !== bb[i]) return (ab[i] as number) - (bb[i] as number);
  }
  return ab.length - bb.length;
}

const UTF8 = new TextEncoder();

const SURROGATE = /[\ud800-\udfff]/;

/** Go's `<` on strings: byte order. Fast path for ASCII, which is nearly every name. */
export function goLess(a: string, b: string): boolean {
  return compareBytes(a, b) < 0;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
