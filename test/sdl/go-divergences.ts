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

export const KEPT: readonly KeptDivergence[] = [];

export function keptDivergence(text: string, ours: CompileResult, go: GoVerdict): KeptDivergence | undefined {
  return KEPT.find((d) => d.applies(text, ours, go));
}
