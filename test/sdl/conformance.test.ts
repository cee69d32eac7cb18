import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { test } from "node:test";
import { compileSdl, manifestJson } from "../../src/sdl/compile.js";
import { sha256Hex, sortedGoJson } from "../../src/sdl/gojson.js";
import { invalidVectors, requireVectors, validVectors } from "../helpers/fixtures.js";

test("Go conformance vectors: group specs, manifest and version match the reference", async (t) => {
  if (!requireVectors(t)) return;
  const vectors = validVectors();
  assert.ok(vectors.length >= 15, `expected the 15 valid vectors, found ${vectors.length}`);
  for (const vector of vectors) {
    await t.test(vector.name, () => {
      const result = compileSdl(readFileSync(vector.input, "utf8"), { file: vector.input });
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      assert.deepEqual(errors, [], "a valid vector produced errors");
      assert.ok(result.output);
      // deepStrictEqual ignores key order, as the README of the vectors asks.
      assert.deepStrictEqual(JSON.parse(JSON.stringify(result.output.groups)), vector.groupSpecs);
      assert.deepStrictEqual(JSON.parse(JSON.stringify(result.output.manifest)), vector.manifest);
      // The hash Go computes: SortJSON of the manifest Go printed, then SHA-256.
      assert.equal(result.output.version, sha256Hex(sortedGoJson(vector.manifest)));
      assert.equal(manifestJson(result.output.manifest), sortedGoJson(vector.manifest));
    });
  }
});

test("Go conformance vectors: every input Go rejects is rejected with a located error", async (t) => {
  if (!requireVectors(t)) return;
  const files = invalidVectors("invalid");
  assert.ok(files.length >= 20, `expected the invalid vectors, found ${files.length}`);
  for (const file of files) {
    await t.test(basename(file), () => {
      const text = readFileSync(file, "utf8");
      const result = compileSdl(text, { file });
      assert.equal(result.valid, false);
      assert.equal(result.output, undefined);
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      assert.ok(errors.length > 0);
      const lines = text.split("\n").length;
      for (const error of errors) {
        assert.equal(error.file, file);
        assert.ok(error.line >= 1 && error.line <= lines, `line ${error.line} outside the file`);
        assert.ok(error.column >= 1);
        assert.match(error.code, /^SDL[123]\d{3}$/);
      }
    });
  }
});

test("Go conformance vectors the schema rejects but Go accepts are valid here, with a warning", async (t) => {
  if (!requireVectors(t)) return;
  const files = invalidVectors("schema-only-invalid");
  assert.ok(files.length >= 6, `expected the schema-only-invalid vectors, found ${files.length}`);
  for (const file of files) {
    await t.test(basename(file), () => {
      const result = compileSdl(readFileSync(file, "utf8"), { file });
      assert.equal(result.valid, true, JSON.stringify(result.diagnostics));
      assert.ok(result.diagnostics.some((d) => d.severity === "warning" && d.code.startsWith("SDL4")), JSON.stringify(result.diagnostics));
      assert.equal(compileSdl(readFileSync(file, "utf8"), { file, strict: true }).valid, false, "--strict rejects it");
    });
  }
});

test("the reason each Go-invalid vector is rejected is the Go rule", async (t) => {
  if (!requireVectors(t)) return;
  const expected: Record<string, string> = {
    "credentials-missing-host.yaml": "SDL3023",
    "endpoint-not-used.yaml": "SDL3009",
    "invalid-endpoint-name.yaml": "SDL3010",
    "invalid-protocol.yaml": "SDL3020",
    "ip-without-global.yaml": "SDL3007",
    "missing-pricing.yaml": "SDL3003",
    "negative-cpu.yaml": "SDL3020",
    "persistent-without-mount.yaml": "SDL3016",
    "ram-persistent-true.yaml": "SDL3017",
    "unknown-field.yaml": "SDL2001",
    "count-zero.yaml": "SDL3038",
    "v2.1-reclamation-bad-window.yaml": "SDL3026",
    "v2.1-tee-cpu-gpu-no-gpu.yaml": "SDL3024",
  };
  for (const file of invalidVectors("invalid")) {
    const want = expected[basename(file)];
    if (!want) continue;
    const result = compileSdl(readFileSync(file, "utf8"), { file });
    const found = result.diagnostics.some((d) => d.severity === "error" && (d.code === want || d.path === want));
    assert.ok(found, `${basename(file)}: expected ${want}, got ${result.diagnostics.map((d) => `${d.code} ${d.path}`).join("; ")}`);
  }
});
