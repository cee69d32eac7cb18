/**
 * The schema editors get (`akash sdl schema`) never flags as an error what the CLI accepts: every
 * input the compiler finds valid (Go's verdict, proven by go-reference.test.ts) validates
 * against it. It still rejects what Go rejects for its shape (an unknown key at the root).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Ajv } from "ajv";
import fc from "fast-check";
import { compileSdl } from "../../src/sdl/compile.js";
import { parseYaml } from "../../src/sdl/parse.js";
import { sdlSchemaText } from "../../src/sdl/schema.js";
import { exampleFiles, invalidVectors, validVectors } from "../helpers/fixtures.js";
import { sdlArbitrary } from "./arbitrary-sdl.js";
import { CORPUS } from "./go-reference-corpus.js";
import { mutate, mutationArbitrary } from "./mutate-sdl.js";

const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(await sdlSchemaText()) as object);

function editorErrors(text: string): string[] {
  const parsed = parseYaml(text.replace(/\r(?!\n)/g, "\n"));
  // A YAML syntax difference (a quoted scalar libyaml reads and the yaml package does not) is the
  // editor's YAML parser, not the schema.
  if (parsed.diagnostics.some((d) => d.code.startsWith("SDL1"))) return [];
  if (validate(parsed.value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
}

test("every file the CLI accepts passes the editor schema", () => {
  const texts: [string, string][] = [
    ...exampleFiles().map((f) => [f, readFileSync(f, "utf8")] as [string, string]),
    ...validVectors().map((v) => [v.name, readFileSync(v.input, "utf8")] as [string, string]),
    ...invalidVectors("schema-only-invalid").map((f) => [f, readFileSync(f, "utf8")] as [string, string]),
    ...Object.entries(CORPUS),
    ...fc.sample(fc.tuple(sdlArbitrary(), mutationArbitrary).map(([s, m]) => mutate(s.yaml, m)), { numRuns: 2000, seed: 4242 }).map((t, i) => [`mutation ${i}`, t] as [string, string]),
  ];
  let accepted = 0;
  const failures: string[] = [];
  for (const [name, text] of texts) {
    if (!compileSdl(text).valid) continue;
    accepted++;
    const errors = editorErrors(text);
    if (errors.length > 0) failures.push(`${name}: ${errors.slice(0, 3).join("; ")}`);
  }
  assert.ok(accepted > 500, `only ${accepted} accepted inputs`);
  assert.deepEqual(failures.slice(0, 10), []);
});

test("the editor schema still flags what Go rejects for its shape, and keeps descriptions", () => {
  const base = CORPUS.base ?? "";
  assert.deepEqual(editorErrors(base), []);
  assert.notDeepEqual(editorErrors(`${base}x-notes: hello\n`), [], "unknown key at the root");
  assert.notDeepEqual(editorErrors(base.replace("        storage:\n          size: 1Gi\n", "        storage:\n          size: 1Gi\n        gpu:\n          units: 1\n          count: 2\n")), [], "unknown key in gpu");
  assert.notDeepEqual(editorErrors(base.replace("count: 1", "count: {n: 1}")), [], "a mapping where a number belongs");
  const schema = JSON.parse(readFileSync(new URL("../../../schemas/sdl.schema.json", import.meta.url), "utf8")) as { properties: { services: { description: string } } };
  assert.match(schema.properties.services.description, /Containers to run/);
});

test("schemas/sdl.schema.json (what editors load) is exactly what `akash sdl schema` prints", async () => {
  const { sdlSchemaText } = await import("../../src/sdl/schema.js");
  const shipped = readFileSync(new URL("../../../schemas/sdl.schema.json", import.meta.url), "utf8");
  assert.equal(shipped, await sdlSchemaText(), "regenerate it: node bin/akash.js sdl schema > schemas/sdl.schema.json");
});
