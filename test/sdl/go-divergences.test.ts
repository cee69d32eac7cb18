/**
 * Every divergence from the Go reference that we keep (docs/go-divergences.md), asserted on a
 * minimal document: our side always, Go's side when sdl-ref is available (AKASH_SDL_REF).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compileSdl } from "../../src/sdl/compile.js";
import { BASE } from "./go-reference-corpus.js";
import { KEPT, keptDivergence } from "./go-divergences.js";
import { goVerdicts, requireGoReference } from "./go-reference.js";

const DUPLICATES: Readonly<Record<string, string>> = {
  "a top-level key written twice": `${BASE}deployment:\n  web:\n    dc:\n      profile: web\n      count: 2\n`,
  "a GPU key written twice": BASE.replace(
    "        storage:\n          size: 1Gi\n",
    "        storage:\n          size: 1Gi\n        gpu:\n          units: 1\n          units: 1\n          attributes:\n            vendor:\n              nvidia:\n",
  ),
};

test("kept divergence duplicate-keys-rejected-everywhere: we reject with both positions; Go reads the later key", async (t) => {
  assert.deepEqual(KEPT.map((d) => d.id), ["duplicate-keys-rejected-everywhere"]);
  for (const [name, text] of Object.entries(DUPLICATES)) {
    const result = compileSdl(text, { file: "dup.yaml" });
    assert.equal(result.valid, false, name);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    assert.equal(errors.length, 1, `${name}: ${JSON.stringify(errors)}`);
    assert.match(errors[0]?.message ?? "", /^YAML syntax error: duplicate key `\w+` \(first at line \d+, column \d+\); YAML keys must be unique$/, name);
  }
  const binary = requireGoReference(t);
  if (!binary) return;
  const verdicts = await goVerdicts(binary, Object.values(DUPLICATES));
  Object.entries(DUPLICATES).forEach(([name, text], index) => {
    const go = verdicts[index];
    assert.ok(go?.ok, `${name}: Go accepts (${go?.error ?? ""})`);
    assert.equal(keptDivergence(text, compileSdl(text), go)?.id, "duplicate-keys-rejected-everywhere", name);
  });
});

test("a key written twice where yaml.v3 itself decodes the mapping: Go rejects too (no divergence)", async (t) => {
  const texts = [
    BASE.replace("    image: nginx:1.27.3\n", "    image: nginx:1.27.3\n    image: nginx:1.27.4\n"),
    BASE.replace("        storage:\n          size: 1Gi\n", "        storage:\n          size: 1Gi\n          attributes:\n            persistent: false\n            persistent: false\n"),
  ];
  for (const text of texts) assert.equal(compileSdl(text).valid, false);
  const binary = requireGoReference(t);
  if (!binary) return;
  for (const go of await goVerdicts(binary, texts)) assert.equal(go.ok, false, "Go rejects it too");
});
