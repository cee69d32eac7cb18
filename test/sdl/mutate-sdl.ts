/**
 * Single-line mutations of SDL text, as a fast-check arbitrary: the kind of damage a person does
 * while editing (a line deleted, duplicated, re-indented, a key mistyped or added, a value
 * replaced by another scalar or an empty one). Each mutation touches one line, so a failing case
 * reads as "this line, changed like this".
 */
import fc from "fast-check";

export type Mutation =
  | { readonly kind: "delete"; readonly line: number }
  | { readonly kind: "duplicate"; readonly line: number }
  | { readonly kind: "indent"; readonly line: number; readonly by: number }
  | { readonly kind: "value"; readonly line: number; readonly value: string }
  | { readonly kind: "key"; readonly line: number; readonly key: string }
  | { readonly kind: "insert"; readonly line: number; readonly text: string }
  | { readonly kind: "typo"; readonly line: number; readonly at: number; readonly op: "swap" | "drop" | "double" }
  | { readonly kind: "ending"; readonly line: number; readonly ending: string };

/** Scalars that parsers disagree about, or that sit on a rule's edge. */
export const VALUES = [
  "", "~", "null", "[]", "{}", "0", "-1", "1", "2", "65536", "1.5", "0.0001", "1e3", "0x10", "0o17", "+5", ".inf",
  "true", "false", "yes", "no", "on", "off", "y", "n", "True", "NO",
  "\"\"", "''", "\"x\"", "abc", "2024-01-01", "1Ki", "1k", "512Mi", "1Gi", "100m", "0m", "uakt", "uact", "akt",
  "ip", "tcp", "UDP", "http", "beta2", "ram", "nvidia", "amd", "\"2.0\"", "2.1", "v2.1",
  "\"a\\tb\"", "\"multi\n  line\"", "[a, b]", "{a: 1}", "&anchor x", "*nope", "!!str 5", "!!binary aGk=", "|\n  text",
] as const;

/** Keys that real SDLs carry, misspellings of them, and keys from other formats (Compose, k8s). */
export const KEYS = [
  "depends_on", "volumes", "environment", "ports", "restart", "labels", "servcie", "imgae", "expse", "count", "image",
  "env", "args", "command", "expose", "params", "storage", "port", "as", "to", "proto", "accept", "global", "service",
  "ip", "units", "size", "attributes", "persistent", "class", "mount", "readOnly", "read_only", "denom", "amount",
  "signedBy", "anyOf", "allOf", "pricing", "profile", "credentials", "host", "username", "password", "gpu", "vendor",
  "http_options", "max_body_size", "next_cases", "endpoints", "kind", "tee", "reclamation", "min_window", "x-custom",
] as const;

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), line: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate" as const), line: fc.nat() }),
  fc.record({ kind: fc.constant("indent" as const), line: fc.nat(), by: fc.constantFrom(-4, -2, -1, 1, 2, 4) }),
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("value" as const), line: fc.nat(), value: fc.constantFrom(...VALUES) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("key" as const), line: fc.nat(), key: fc.constantFrom(...KEYS) }) },
  {
    weight: 2,
    arbitrary: fc
      .record({ line: fc.nat(), key: fc.constantFrom(...KEYS), value: fc.constantFrom(...VALUES) })
      .map(({ line, key, value }) => ({ kind: "insert" as const, line, text: `${key}: ${value}` })),
  },
  fc.record({ kind: fc.constant("typo" as const), line: fc.nat(), at: fc.nat(), op: fc.constantFrom("swap" as const, "drop" as const, "double" as const) }),
  fc.record({ kind: fc.constant("ending" as const), line: fc.nat(), ending: fc.constantFrom("\r\n", "\r", "\t", " \t", " # note", "\u00a0") }),
);

const KEY_LINE = /^(\s*(?:- )?)([^\s:#][^:#]*?)(:)(\s.*|)$/;

/** Applies one mutation to the text (line indices wrap around, so any nat picks a line). */
export function mutate(text: string, mutation: Mutation): string {
  const lines = text.split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  const i = mutation.line % lines.length;
  const line = lines[i] ?? "";
  const indent = /^\s*/.exec(line)?.[0] ?? "";
  switch (mutation.kind) {
    case "delete":
      lines.splice(i, 1);
      break;
    case "duplicate":
      lines.splice(i, 0, line);
      break;
    case "indent":
      lines[i] = mutation.by > 0 ? " ".repeat(mutation.by) + line : line.slice(Math.min(-mutation.by, indent.length));
      break;
    case "value": {
      const match = KEY_LINE.exec(line);
      if (match) lines[i] = `${match[1]}${match[2]}: ${mutation.value.replace(/\n/g, `\n${indent}`)}`;
      else lines[i] = `${indent}${/^\s*- /.test(line) ? "- " : ""}${mutation.value.replace(/\n/g, `\n${indent}`)}`;
      break;
    }
    case "key": {
      const match = KEY_LINE.exec(line);
      if (match) lines[i] = `${match[1]}${mutation.key}${match[3]}${match[4]}`;
      break;
    }
    case "insert": {
      // At the indentation of the line (after its `- `), so it lands in the same mapping.
      const dash = /^(\s*)- /.exec(line);
      const at = dash ? `${dash[1]}  ` : indent;
      lines.splice(i + 1, 0, `${at}${mutation.text.replace(/\n/g, `\n${at}`)}`);
      break;
    }
    case "typo": {
      const body = line.slice(indent.length);
      if (body.length < 2) break;
      const at = mutation.at % (body.length - 1);
      const chars = [...body];
      if (mutation.op === "swap") [chars[at], chars[at + 1]] = [chars[at + 1] ?? "", chars[at] ?? ""];
      else if (mutation.op === "drop") chars.splice(at, 1);
      else chars.splice(at, 0, chars[at] ?? "");
      lines[i] = indent + chars.join("");
      break;
    }
    case "ending":
      lines[i] = line + mutation.ending;
      break;
  }
  return `${lines.join("\n")}\n`;
}
