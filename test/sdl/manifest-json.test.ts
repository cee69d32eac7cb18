import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import fc from "fast-check";
import { compileSdl } from "../../src/sdl/compile.js";
import { sortedGoJson } from "../../src/sdl/gojson.js";
import { writeManifestJson } from "../../src/sdl/manifest-json.js";
import type { ManifestGroup } from "../../src/sdl/types.js";
import { exampleFiles, validVectors } from "../helpers/fixtures.js";

test("the field-by-field writer equals generic sorted Go JSON on every example and vector", () => {
  const files = [...exampleFiles(), ...validVectors().map((v) => v.input)];
  for (const file of files) {
    const output = compileSdl(readFileSync(file, "utf8")).output;
    assert.ok(output, file);
    assert.equal(writeManifestJson(output.manifest), sortedGoJson(output.manifest), file);
  }
});

const text = fc.string({ unit: "binary", maxLength: 12 });
const strings = fc.option(fc.array(text, { maxLength: 3 }), { nil: null });
const attributes = fc.option(
  fc.array(fc.record({ key: fc.option(text, { nil: undefined }), value: fc.option(text, { nil: undefined }) }, { requiredKeys: [] }), { maxLength: 3 }),
  { nil: undefined },
);
const value = fc.record({ val: fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String) });
const resources = fc.record({
  id: fc.nat(),
  cpu: fc.record({ units: value, attributes }, { requiredKeys: ["units"] }),
  memory: fc.record({ size: value, attributes }, { requiredKeys: ["size"] }),
  storage: fc.option(fc.array(fc.record({ name: text, size: value, attributes }, { requiredKeys: ["name", "size"] }), { maxLength: 3 }), { nil: null }),
  gpu: fc.record({ units: value, attributes }, { requiredKeys: ["units"] }),
  endpoints: fc.option(fc.array(fc.record({ kind: fc.constantFrom(1, 2), sequence_number: fc.nat() }, { requiredKeys: ["sequence_number"] }), { maxLength: 3 }), { nil: null }),
});
const expose = fc.record({
  port: fc.nat(65535),
  externalPort: fc.nat(65535),
  proto: fc.constantFrom("TCP", "UDP"),
  service: text,
  global: fc.boolean(),
  hosts: strings,
  httpOptions: fc.record(
    { maxBodySize: fc.nat(), readTimeout: fc.nat(), sendTimeout: fc.nat(), nextTries: fc.nat(), nextTimeout: fc.nat(), nextCases: strings, proxyBufferSize: fc.nat() },
    { requiredKeys: ["maxBodySize", "readTimeout", "sendTimeout", "nextTries", "nextTimeout", "nextCases"] },
  ),
  ip: text,
  endpointSequenceNumber: fc.nat(),
});
const service = fc.record(
  {
    name: text,
    image: text,
    command: strings,
    args: strings,
    env: strings,
    resources,
    count: fc.nat(),
    expose: fc.option(fc.array(expose, { maxLength: 3 }), { nil: null }),
    params: fc.record(
      {
        storage: fc.option(fc.array(fc.record({ name: text, mount: text, readOnly: fc.boolean() }), { maxLength: 2 }), { nil: null }),
        permissions: fc.record({ read: strings }),
        tee: fc.record({ type: text, attestation: fc.boolean() }),
      },
      { requiredKeys: ["storage"] },
    ),
    credentials: fc.option(fc.record({ host: text, email: text, username: text, password: text }), { nil: null }),
  },
  { requiredKeys: ["name", "image", "command", "args", "env", "resources", "count", "expose", "credentials"] },
);
const manifest = fc.array(fc.record({ name: text, services: fc.option(fc.array(service, { maxLength: 3 }), { nil: null }) }), { maxLength: 3 });

test("the field-by-field writer equals generic sorted Go JSON on random manifests (any Unicode, optional fields)", () => {
  fc.assert(
    fc.property(manifest, (groups) => {
      const g = groups as unknown as ManifestGroup[];
      // Go's omitempty on attributes: the compiler never emits empty attribute fields.
      const normalised = JSON.parse(JSON.stringify(g, (k, v: unknown) => ((k === "key" || k === "value") && v === "" ? undefined : v))) as ManifestGroup[];
      assert.equal(writeManifestJson(normalised), sortedGoJson(normalised));
    }),
    { seed: 7, numRuns: 300 },
  );
});
