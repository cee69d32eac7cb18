import { MESSAGES, type DiagnosticCode } from "./messages.js";
import { printable } from "./printable.js";
import { WORK } from "./work.js";

export type Severity = "error" | "warning";

/** Byte offsets into the source text, end exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * One problem found in an SDL file. Positions are offsets; line and column are
 * filled in once, when the diagnostic is attached to its source text.
 */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** Dotted path of the offending field, e.g. `services.web.expose[0].port`; "" for the document. */
  readonly path: string;
  readonly span?: Span;
  readonly hint?: string;
  /** Other places that explain the problem ("profile defined here"). */
  readonly related?: readonly { readonly message: string; readonly span: Span }[];
}

export interface LocatedDiagnostic extends Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

type Args = Record<string, string | number>;

/** Builds a diagnostic from the message table, so wording lives in one place. */
export function diagnostic(
  code: DiagnosticCode,
  args: Args,
  where: { path: string; span?: Span | undefined; hint?: string | undefined },
): Diagnostic {
  const entry = MESSAGES[code];
  const message = entry.template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = printable(String(args[name] ?? `{${name}}`));
    return OUR_TEXT.has(name) ? value : clip(value);
  });
  const result: Diagnostic = {
    code,
    severity: entry.severity,
    message,
    path: where.path,
    ...(where.span ? { span: where.span } : {}),
    ...(where.hint ? { hint: printable(where.hint) } : {}),
  };
  return result;
}

/**
 * Arguments that are our own wording (reasons, formats, allowed values): never clipped, so a
 * message or hint is never cut in the middle. Every other argument quotes the file.
 */
const OUR_TEXT = new Set(["detail", "reason", "what", "allowed", "format", "comparison", "limit", "expected", "problem", "character", "size", "count", "version"]);

/** Values from the file can be huge; a message quotes at most 80 characters of one. */
export function clip(text: string): string {
  return text.length <= 80 ? text : `${text.slice(0, 60)}… (${text.length} characters)`;
}

/** A value from the file, as a hint quotes it: escaped for the terminal and clipped. */
export function quoted(text: string): string {
  return clip(printable(text));
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Turns an offset into a 1-based line and column (columns count UTF-16 code units, like editors). */
export function positionOf(lineStarts: readonly number[], offset: number): Position {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) starts.push(i + 1);
  }
  return starts;
}

/**
 * Attaches file, line and column, drops a second diagnostic with the same code at the same
 * place, and orders by position so output reads top to bottom.
 */
export function locate(diagnostics: readonly Diagnostic[], file: string, text: string): LocatedDiagnostic[] {
  const starts = lineStartsOf(text);
  WORK.diagnostics += diagnostics.length;
  const seen = new Set<string>();
  const located: LocatedDiagnostic[] = [];
  for (const d of diagnostics) {
    const offset = d.span ? Math.min(d.span.start, text.length) : 0;
    const key = `${d.code}@${offset}@${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { line, column } = positionOf(starts, offset);
    located.push({ ...d, file, line, column });
  }
  return located.sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}

/** `FILE:LINE:COL: error: MESSAGE`, followed by an indented hint line when there is one. */
export function formatDiagnostic(d: LocatedDiagnostic): string {
  // Messages and hints are escaped when built; the file name and path are escaped here.
  const head = `${printable(d.file)}:${d.line}:${d.column}: ${d.severity}: ${printable(d.message)}${d.path ? ` (at ${printable(d.path)})` : ""} [${d.code}]`;
  return d.hint ? `${head}\n  hint: ${printable(d.hint)}` : head;
}
