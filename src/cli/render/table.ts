/**
 * Plain text tables for chain data. Everything that came from the chain or a provider (attribute
 * values, host URIs, memos) is untrusted: `safe` replaces control characters (terminal escape
 * sequences included) with visible escapes before anything reaches a terminal.
 */

/** Control characters (C0, DEL, C1) and the Unicode line/paragraph separators, shown escaped. */
export function safe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function table(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return "";
  const columns = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, col) => Math.max(...rows.map((row) => [...(row[col] ?? "")].length)));
  return rows
    .map((row) => `${row.map((cell, i) => (i === row.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - [...cell].length))).join("  ")}`.trimEnd() + "\n")
    .join("");
}

/** "label:  value" lines with the labels aligned. */
export function fields(pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...pairs.map(([label]) => label.length)) + 2;
  return pairs.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}\n`).join("");
}
