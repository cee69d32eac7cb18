/**
 * The divergences from the Go reference that we keep on purpose (docs/go-divergences.md). Each
 * has a predicate that recognises it, so the differential tests accept exactly these and nothing
 * else, and go-divergences.test.ts asserts each one on a minimal document.
 */
import type { CompileResult } from "../../src/sdl/compile.js";
import type { GoVerdict } from "./go-reference.js";

export interface KeptDivergence {
  readonly id: string;
  /** True when this divergence explains the difference between our result and Go's. */
  readonly applies: (text: string, ours: CompileResult, go: GoVerdict) => boolean;
}

function onlyErrors(ours: CompileResult, test: (message: string, code: string) => boolean): boolean {
  const errors = ours.diagnostics.filter((d) => d.severity === "error");
  return errors.length > 0 && errors.every((d) => test(d.message, d.code));
}

export const KEPT: readonly KeptDivergence[] = [
  {
    // yaml.v3 checks duplicate keys only in mappings it decodes itself; the root, GPU, CPU and
    // storage attributes are read key by key by the SDL code, which lets a repeated key through
    // (the later one is decoded over the earlier). YAML forbids duplicate keys; we reject them all.
    id: "duplicate-keys-rejected-everywhere",
    applies: (_text, ours, go) => go.ok && onlyErrors(ours, (message, code) => code === "SDL1001" && message.includes("YAML keys must be unique")),
  },
];

export function keptDivergence(text: string, ours: CompileResult, go: GoVerdict): KeptDivergence | undefined {
  return KEPT.find((d) => d.applies(text, ours, go));
}
