import { diagnostic, type Diagnostic, type Span } from "./diagnostics.js";
import type { DiagnosticCode } from "./messages.js";
import type { NodeLocation } from "./parse.js";
import { toPointer, tokensToDisplay } from "./paths.js";

export type PathTokens = readonly (string | number)[];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function asObject(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asArray(value: unknown): Json[] | undefined {
  return Array.isArray(value) ? (value as Json[]) : undefined;
}

/** Collects diagnostics against the source locations of one document. */
export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly locations: ReadonlyMap<string, NodeLocation>) {}

  /** The span of a node, or of its nearest ancestor that exists in the source. */
  span(path: PathTokens, onKey = false): Span | undefined {
    for (let end = path.length; end >= 0; end--) {
      const location = this.locations.get(toPointer(path.slice(0, end)));
      if (location) return onKey && end === path.length && location.key ? location.key : location.value;
    }
    return undefined;
  }

  /**
   * The text of a scalar as written, the way Go's yaml.v3 hands it to a string field
   * (`1.0` stays "1.0", `0x10` stays "0x10"). Undefined for mappings and sequences.
   */
  text(path: PathTokens, value: unknown): string | undefined {
    if (typeof value === "string") return value;
    if (value === null || value === undefined) return value === null ? "" : undefined;
    if (typeof value === "object") return undefined;
    const source = this.locations.get(toPointer(path))?.source;
    if (source !== undefined && typeof value !== "string") return source;
    return String(value);
  }

  report(code: DiagnosticCode, args: Record<string, string | number>, path: PathTokens, options: { onKey?: boolean; hint?: string } = {}): void {
    this.diagnostics.push(
      diagnostic(code, args, { path: tokensToDisplay(path), span: this.span(path, options.onKey), hint: options.hint }),
    );
  }

  /** A context over the same source whose diagnostics are kept apart, to be adopted or dropped. */
  fork(): CheckContext {
    return new CheckContext(this.locations);
  }

  adopt(diagnostics: readonly Diagnostic[]): void {
    this.diagnostics.push(...diagnostics);
  }

  get failed(): boolean {
    return this.diagnostics.some((d) => d.severity === "error");
  }
}
