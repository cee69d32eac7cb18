/**
 * Differential tests against the Go SDL reference (`sdl-ref`, pkg.akt.dev/go/sdl): Go's verdict
 * is the validity contract. For every input, both accept or both reject; where both accept, the
 * group specs and the manifest are byte-identical to what Go's encoding/json prints and the
 * versions are equal; where both reject, our errors carry a position.
 *
 * Inputs: every example, every conformance vector, the hand-written corpus
 * (go-reference-corpus.ts), and thousands of generated documents (arbitrary-sdl.ts) and
 * single-line mutations of them (mutate-sdl.ts), all sent to sdl-ref in a few batched processes.
 *
 * The run is seeded: the seed is printed; AKASH_SDL_SEED=<n> replays a run, AKASH_SDL_SEED=random
 * picks a new one, AKASH_SDL_RUNS=<n> changes the number of generated documents (mutations are
 * three times as many). A failure prints the input, shrunk by fast-check.
 *
 * Needs AKASH_SDL_REF (see go-reference.ts); kept divergences are asserted in go-divergences.test.ts.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { compileSdl } from "../../src/sdl/compile.js";
import { exampleFiles, invalidVectors, requireVectors, validVectors } from "../helpers/fixtures.js";
import { sdlArbitrary } from "./arbitrary-sdl.js";
import { CORPUS } from "./go-reference-corpus.js";
import { compareWithGo, goVerdicts, goVerdictSync, requireGoReference, type GoVerdict } from "./go-reference.js";
import { keptDivergence } from "./go-divergences.js";
import { mutate, mutationArbitrary } from "./mutate-sdl.js";

function seed(): number {
  const raw = process.env.AKASH_SDL_SEED;
  if (raw === "random") return Math.floor(Math.random() * 2 ** 31);
  if (raw !== undefined && raw !== "") {
    const n = Number(raw);
    if (!Number.isInteger(n)) throw new Error(`AKASH_SDL_SEED must be an integer or "random", found ${raw}`);
    return n;
  }
  return 20261201;
}

const RUNS = Number(process.env.AKASH_SDL_RUNS ?? 1000);

/** Agreement, or a kept (documented) divergence; otherwise the difference. */
function judge(text: string, go: GoVerdict): string | undefined {
  const difference = compareWithGo(text, go);
  if (difference === undefined) return undefined;
  const kept = keptDivergence(text, compileSdl(text), go);
  return kept ? undefined : difference;
}

async function checkTexts(binary: string, named: readonly (readonly [string, string])[]): Promise<string[]> {
  const verdicts = await goVerdicts(binary, named.map(([, text]) => text));
  const failures: string[] = [];
  named.forEach(([name, text], index) => {
    const difference = judge(text, verdicts[index] as GoVerdict);
    if (difference) failures.push(`${name}: ${difference}`);
  });
  return failures;
}

test("examples and conformance vectors get Go's verdict and Go's bytes", async (t) => {
  const binary = requireGoReference(t);
  if (!binary || !requireVectors(t)) return;
  const files = [
    ...exampleFiles(),
    ...validVectors().map((v) => v.input),
    ...invalidVectors("invalid"),
    ...invalidVectors("schema-only-invalid"),
  ];
  assert.ok(files.length >= 6 + 15 + 27, `expected every example and vector, found ${files.length}`);
  const failures = await checkTexts(binary, files.map((file) => [file, readFileSync(file, "utf8")] as const));
  assert.deepEqual(failures, []);
});

test("hand-written real-world SDLs get Go's verdict", async (t) => {
  const binary = requireGoReference(t);
  if (!binary) return;
  const failures = await checkTexts(binary, Object.entries(CORPUS));
  assert.deepEqual(failures, []);
});

/**
 * fast-check runs the property twice with the same seed: once only to collect the inputs (sent to
 * sdl-ref in one batch), once to judge them against the batch's verdicts. The second run
 * generates the same inputs, so only the inputs fast-check makes while shrinking a failure go to
 * sdl-ref one at a time.
 */
async function differential(t: { diagnostic(message: string): void }, binary: string, name: string, arbitrary: fc.Arbitrary<string>, runs: number): Promise<void> {
  const runSeed = seed();
  t.diagnostic(`${name}: seed ${runSeed}, ${runs} inputs (replay with AKASH_SDL_SEED=${runSeed})`);
  const texts: string[] = [];
  fc.assert(fc.property(arbitrary, (text) => void texts.push(text)), { seed: runSeed, numRuns: runs });
  const verdicts = await goVerdicts(binary, texts);
  const cache = new Map<string, GoVerdict>();
  texts.forEach((text, index) => cache.set(text, verdicts[index] as GoVerdict));
  let accepted = 0;
  for (const verdict of verdicts) if (verdict.ok) accepted++;
  t.diagnostic(`${name}: Go accepted ${accepted} of ${texts.length}`);
  fc.assert(
    fc.property(arbitrary, (text) => {
      let go = cache.get(text);
      if (!go) {
        go = goVerdictSync(binary, text);
        cache.set(text, go);
      }
      const difference = judge(text, go);
      if (difference) throw new Error(`${difference}\n--- input (${JSON.stringify(text).length} chars, JSON-quoted) ---\n${JSON.stringify(text)}\n--- input ---\n${text}`);
    }),
    { seed: runSeed, numRuns: runs, includeErrorInReport: true },
  );
}

test("generated SDLs: Go's verdict and Go's bytes", async (t) => {
  const binary = requireGoReference(t);
  if (!binary) return;
  await differential(t, binary, "generated", sdlArbitrary().map((s) => s.yaml), RUNS);
});

test("single-line mutations of generated SDLs: Go's verdict", async (t) => {
  const binary = requireGoReference(t);
  if (!binary) return;
  const mutated = fc.tuple(sdlArbitrary(), mutationArbitrary).map(([sdl, mutation]) => mutate(sdl.yaml, mutation));
  await differential(t, binary, "mutated", mutated, RUNS * 3);
});

test("mutations of every example: Go's verdict", async (t) => {
  const binary = requireGoReference(t);
  if (!binary) return;
  const examples = exampleFiles().map((file) => readFileSync(file, "utf8"));
  const mutated = fc.tuple(fc.constantFrom(...examples), mutationArbitrary).map(([text, mutation]) => mutate(text, mutation));
  await differential(t, binary, "examples mutated", mutated, RUNS);
  void basename;
});
