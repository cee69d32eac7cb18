/**
 * Tests for schemas/sdl-lint.schema.json (the strict schema the compiler warns from) and the SDL files in examples/.
 *
 * - The schema is valid draft-07, compiles with ajv 8 the way the CLI runs it (allErrors,
 *   strict: false), and documents every property.
 * - Golden vectors from the Go reference (../shared/conformance/sdl): every valid input passes,
 *   every schema-only-invalid input fails, and the invalid/ inputs are classified as rejected by
 *   the schema or left to the semantic checks (Go's own schema leaves the same ones).
 * - Targeted cases for each constraint the schema adds.
 * - examples/: the editor modeline, schema validity, uact pricing, the Go cross-reference rules
 *   the examples are meant to follow, and the second oracle @akashnetwork/chain-sdk.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { parse } from "yaml";
import { SDL, generateManifest, validateSDL } from "@akashnetwork/chain-sdk";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
}

const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
const schemaPath = join(repoRoot, "schemas", "sdl-lint.schema.json");
const examplesDir = join(repoRoot, "examples");
const vectorsDir = resolve(repoRoot, "..", "shared", "conformance", "sdl");
const haveVectors = existsSync(join(vectorsDir, "input"));
const MODELINE = "# yaml-language-server: $schema=../schemas/sdl.schema.json";

const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as JsonObject;
const ajv = new Ajv({ allErrors: true, strict: false });
const validate: ValidateFunction = ajv.compile(schema);

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function formatErrors(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword}`).join("; ");
}

/** The error at the deepest instance path: for anyOf/oneOf failures, the one from the branch that matched the type. */
function deepestError(errors: readonly ErrorObject[] | null | undefined): string {
  const sorted = [...(errors ?? [])].sort((a, b) => b.instancePath.split("/").length - a.instancePath.split("/").length);
  return formatErrors(sorted.slice(0, 1));
}

function check(data: unknown): { valid: boolean; errors: string } {
  const valid = validate(data);
  return { valid, errors: valid ? "" : formatErrors(validate.errors) };
}

function readYaml(path: string): unknown {
  return parse(readFileSync(path, "utf8"));
}

function listFiles(dir: string, suffix: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .sort();
}

describe("schema document", () => {
  test("is valid draft-07 and has $id, title and $schema", () => {
    assert.equal(ajv.validateSchema(schema), true, formatErrors(ajv.errors));
    assert.equal(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert.equal(typeof schema["$id"], "string");
    assert.equal(typeof schema["title"], "string");
  });

  test("compiles in ajv strict mode, so a misspelled keyword cannot slip through", () => {
    const strict = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true });
    strict.addKeyword("patternErrorMessage"); // read by yaml-language-server
    assert.doesNotThrow(() => strict.compile(schema));
  });

  test("every property has a description (directly or through its $ref)", () => {
    const definitions = schema["definitions"];
    assert.ok(isObject(definitions));
    const describedRef = (node: JsonObject): boolean => {
      const ref = node["$ref"];
      if (typeof ref !== "string" || !ref.startsWith("#/definitions/")) return false;
      const target = definitions[ref.slice("#/definitions/".length)];
      return isObject(target) && typeof target["description"] === "string";
    };
    const missing: string[] = [];
    const walk = (node: Json, path: string): void => {
      if (Array.isArray(node)) {
        node.forEach((item, index) => walk(item, `${path}/${index}`));
        return;
      }
      if (!isObject(node)) return;
      const properties = node["properties"];
      // Properties inside if/then/else/not only restate constraints; editors do not show them.
      if (isObject(properties) && !/\/(if|then|else|not)(\/|$)/.test(path)) {
        for (const [name, property] of Object.entries(properties)) {
          if (!isObject(property)) continue;
          if (typeof property["description"] !== "string" && !describedRef(property)) {
            missing.push(`${path}/properties/${name}`);
          }
        }
      }
      for (const [key, child] of Object.entries(node)) walk(child, `${path}/${key}`);
    };
    walk(schema, "#");
    assert.deepEqual(missing, []);
  });
});

// --- conformance vectors -------------------------------------------------------------------

/** invalid/ vectors that only the semantic (Go code) rules reject; Go's own schema accepts them too. */
const SEMANTIC_ONLY_INVALID = new Set(["endpoint-not-used.yaml", "v2.1-tee-cpu-gpu-no-gpu.yaml"]);

describe("conformance vectors", { skip: haveVectors || process.env["CI"] ? false : `not found: ${vectorsDir}` }, () => {
  test("vectors folder is present", () => {
    assert.ok(haveVectors, `conformance vectors not found at ${vectorsDir} (CI must provide ../shared/conformance)`);
  });
  if (!haveVectors) return;

  const input = join(vectorsDir, "input");
  for (const version of ["v2.0", "v2.1"]) {
    const cases = readdirSync(join(input, version)).sort();
    test(`${version} has valid vectors`, () => assert.ok(cases.length > 0));
    for (const name of cases) {
      test(`valid ${version}/${name} passes the schema`, () => {
        const result = check(readYaml(join(input, version, name, "input.yaml")));
        assert.equal(result.valid, true, result.errors);
      });
    }
  }

  const schemaOnly = listFiles(join(input, "schema-only-invalid"), ".yaml");
  test("schema-only-invalid has vectors", () => assert.ok(schemaOnly.length > 0));
  for (const name of schemaOnly) {
    test(`schema-only-invalid/${name} fails the schema`, () => {
      assert.equal(check(readYaml(join(input, "schema-only-invalid", name))).valid, false);
    });
  }

  const invalid = listFiles(join(input, "invalid"), ".yaml");
  for (const name of invalid) {
    const semantic = SEMANTIC_ONLY_INVALID.has(name);
    test(`invalid/${name} is ${semantic ? "left to the semantic checks" : "rejected by the schema"}`, () => {
      const result = check(readYaml(join(input, "invalid", name)));
      assert.equal(result.valid, semantic, semantic ? "schema unexpectedly rejects it" : "schema accepts it");
    });
  }

  test("report: which invalid/ vectors the schema rejects", (t) => {
    const bySchema: string[] = [];
    const semanticOnly: string[] = [];
    for (const name of invalid) {
      const result = check(readYaml(join(input, "invalid", name)));
      if (result.valid) semanticOnly.push(name);
      else bySchema.push(`${name}: ${deepestError(validate.errors)}`);
    }
    t.diagnostic(`rejected by the schema (${bySchema.length}):`);
    for (const line of bySchema) t.diagnostic(`  ${line}`);
    t.diagnostic(`left to the semantic checks (${semanticOnly.length}): ${semanticOnly.join(", ")}`);
  });

  test("report: where @akashnetwork/chain-sdk disagrees with the Go vectors", (t) => {
    const disagreements: string[] = [];
    const sdkAccepts = (text: string): string | undefined => {
      try {
        SDL.fromString(text, "beta3");
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message.split("\n")[0] : String(error);
      }
    };
    for (const version of ["v2.0", "v2.1"]) {
      for (const name of readdirSync(join(input, version)).sort()) {
        const problem = sdkAccepts(readFileSync(join(input, version, name, "input.yaml"), "utf8"));
        if (problem !== undefined) disagreements.push(`valid ${version}/${name} rejected: ${problem}`);
      }
    }
    for (const name of invalid) {
      if (sdkAccepts(readFileSync(join(input, "invalid", name), "utf8")) === undefined) {
        disagreements.push(`invalid/${name} accepted`);
      }
    }
    if (disagreements.length === 0) t.diagnostic("none");
    for (const line of disagreements) t.diagnostic(line);
  });
});

// --- targeted schema cases -----------------------------------------------------------------

function baseSdl(): JsonObject {
  return {
    version: "2.1",
    services: {
      web: {
        image: "nginx:1.27.3-alpine",
        expose: [{ port: 80, as: 80, to: [{ global: true }] }],
      },
    },
    profiles: {
      compute: {
        web: { resources: { cpu: { units: 0.5 }, memory: { size: "512Mi" }, storage: { size: "1Gi" } } },
      },
      placement: { dc: { pricing: { web: { denom: "uact", amount: 100 } } } },
    },
    deployment: { web: { dc: { profile: "web", count: 1 } } },
  };
}

/** Sets `value` at a slash path ("services/web/image"); `undefined` deletes the key. */
function withValue(path: string, value: Json | undefined): JsonObject {
  const doc = baseSdl();
  const keys = path.split("/");
  const last = keys.pop();
  assert.ok(last !== undefined);
  let node: Json = doc;
  for (const key of keys) {
    const next: Json | undefined = Array.isArray(node) ? node[Number(key)] : isObject(node) ? node[key] : undefined;
    assert.ok(next !== undefined && next !== null && typeof next === "object", `bad path ${path}`);
    node = next;
  }
  if (Array.isArray(node)) {
    if (value === undefined) node.splice(Number(last), 1);
    else node[Number(last)] = value;
  } else if (isObject(node)) {
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return doc;
}

const EXPOSE = "services/web/expose/0";
const RES = "profiles/compute/web/resources";
const PRICE = "profiles/placement/dc/pricing/web";

const CASES: ReadonlyArray<readonly [string, JsonObject, boolean]> = [
  ["base document", baseSdl(), true],
  ["version 2.0", withValue("version", "2.0"), true],
  ["unquoted version (number)", withValue("version", 2.1), false],
  ["version 2.2", withValue("version", "2.2"), false],
  ["unknown top-level key", withValue("extra", true), false],
  ["unknown service key", withValue("services/web/imagePullPolicy", "Always"), false],
  ["service name with uppercase", withValue("services/Web", { image: "nginx:1" }), false],
  ["command null", withValue("services/web/command", null), true],
  ["args with a number (Go takes the text as written)", withValue("services/web/args", ["--port", 8080]), true],
  ["env NAME=value", withValue("services/web/env", ["A_B=1", "EMPTY=", "LINES=a\nb"]), true],
  ["env name starting with a digit", withValue("services/web/env", ["1A=x"]), false],
  ["proto in mixed case", withValue(`${EXPOSE}/proto`, "Udp"), true],
  ["proto http", withValue(`${EXPOSE}/proto`, "http"), false],
  ["port 65535", withValue(`${EXPOSE}/port`, 65535), true],
  ["as 0", withValue(`${EXPOSE}/as`, 0), false],
  ["port as string", withValue(`${EXPOSE}/port`, "80"), false],
  ["accept lowercase hostnames", withValue(`${EXPOSE}/accept`, ["example.com", "www.example.com"]), true],
  ["accept wildcard", withValue(`${EXPOSE}/accept`, ["*.example.com"]), false],
  ["accept uppercase", withValue(`${EXPOSE}/accept`, ["Example.com"]), false],
  ["to service", withValue(`${EXPOSE}/to`, [{ service: "api" }]), true],
  ["to ip with global", withValue(`${EXPOSE}/to`, [{ global: true, ip: "my-ip" }]), true],
  ["to ip with global false", withValue(`${EXPOSE}/to`, [{ global: false, ip: "my-ip" }]), false],
  ["http_options at maxima", withValue(`${EXPOSE}/http_options`, { max_body_size: 104857600, read_timeout: 60000, send_timeout: 60000, proxy_buffer_size: 1048576, next_tries: 5, next_timeout: 0 }), true],
  ["max_body_size over 100 MiB", withValue(`${EXPOSE}/http_options`, { max_body_size: 104857601 }), false],
  ["read_timeout over 60 s", withValue(`${EXPOSE}/http_options`, { read_timeout: 60001 }), false],
  ["proxy_buffer_size over 1 MiB", withValue(`${EXPOSE}/http_options`, { proxy_buffer_size: 1048577 }), false],
  ["next_cases codes", withValue(`${EXPOSE}/http_options`, { next_cases: ["error", "502", "429"] }), true],
  ["next_cases off alone", withValue(`${EXPOSE}/http_options`, { next_cases: ["off"] }), true],
  ["next_cases off with others", withValue(`${EXPOSE}/http_options`, { next_cases: ["off", "error"] }), false],
  ["next_cases unknown code", withValue(`${EXPOSE}/http_options`, { next_cases: ["501"] }), false],
  ["cpu units string cores", withValue(`${RES}/cpu/units`, "1.5"), true],
  ["cpu units millicores", withValue(`${RES}/cpu/units`, "250m"), true],
  ["cpu units integer", withValue(`${RES}/cpu/units`, 2), true],
  ["cpu units zero", withValue(`${RES}/cpu/units`, 0), false],
  ["cpu units 0m", withValue(`${RES}/cpu/units`, "0m"), false],
  ["cpu units fractional millicores", withValue(`${RES}/cpu/units`, "0.5m"), false],
  ["cpu units unknown suffix", withValue(`${RES}/cpu/units`, "2cores"), false],
  ["cpu arch attribute", withValue(`${RES}/cpu/attributes`, { arch: "arm64" }), true],
  ["cpu unknown attribute", withValue(`${RES}/cpu/attributes`, { vendor: "amd" }), false],
  ["memory decimal suffix", withValue(`${RES}/memory/size`, "1G"), true],
  ["memory in bytes (number)", withValue(`${RES}/memory/size`, 536870912), true],
  ["memory with MB", withValue(`${RES}/memory/size`, "512MB"), false],
  ["memory attributes", withValue(`${RES}/memory/attributes`, {}), false],
  ["storage list", withValue(`${RES}/storage`, [{ size: "1Gi" }, { name: "data", size: "10Gi", attributes: { persistent: true, class: "beta3" } }]), true],
  ["storage empty list", withValue(`${RES}/storage`, []), false],
  ["storage ram volume", withValue(`${RES}/storage`, [{ size: "1Gi" }, { name: "shm", size: "1Gi", attributes: { class: "ram", persistent: false } }]), true],
  ["storage ram persistent", withValue(`${RES}/storage`, [{ name: "shm", size: "1Gi", attributes: { class: "ram", persistent: true } }]), false],
  ["storage beta2 not persistent", withValue(`${RES}/storage`, [{ name: "d", size: "1Gi", attributes: { class: "beta2", persistent: false } }]), false],
  ["storage persistent as string", withValue(`${RES}/storage`, [{ name: "d", size: "1Gi", attributes: { class: "beta2", persistent: "true" } }]), true],
  ["storage persistent yes", withValue(`${RES}/storage`, [{ name: "d", size: "1Gi", attributes: { class: "beta2", persistent: "yes" } }]), false],
  ["storage unknown class", withValue(`${RES}/storage`, [{ name: "d", size: "1Gi", attributes: { class: "ssd", persistent: true } }]), false],
  ["storage persistent without class", withValue(`${RES}/storage`, [{ name: "d", size: "1Gi", attributes: { persistent: true } }]), false],
  ["gpu with nvidia models", withValue(`${RES}/gpu`, { units: 1, attributes: { vendor: { nvidia: [{ model: "h100", ram: "80Gi", interface: "sxm" }] } } }), true],
  ["gpu any nvidia (null)", withValue(`${RES}/gpu`, { units: "2", attributes: { vendor: { nvidia: null } } }), true],
  ["gpu units 0 without attributes", withValue(`${RES}/gpu`, { units: 0 }), true],
  ["gpu units without attributes", withValue(`${RES}/gpu`, { units: 1 }), false],
  ["gpu attributes with units 0", withValue(`${RES}/gpu`, { units: 0, attributes: { vendor: { nvidia: [] } } }), false],
  ["gpu attributes without units", withValue(`${RES}/gpu`, { attributes: { vendor: { nvidia: [] } } }), false],
  ["gpu vendor amd", withValue(`${RES}/gpu`, { units: 1, attributes: { vendor: { amd: [{ model: "mi300x" }] } } }), false],
  ["gpu without vendor", withValue(`${RES}/gpu`, { units: 1, attributes: {} }), false],
  ["gpu interface nvlink", withValue(`${RES}/gpu`, { units: 1, attributes: { vendor: { nvidia: [{ model: "h100", interface: "nvlink" }] } } }), false],
  ["gpu ram decimal unit", withValue(`${RES}/gpu`, { units: 1, attributes: { vendor: { nvidia: [{ model: "h100", ram: "80GB" }] } } }), false],
  ["gpu fractional units", withValue(`${RES}/gpu`, { units: "0.5", attributes: { vendor: { nvidia: null } } }), false],
  ["price uakt (legacy, still schema-valid)", withValue(`${PRICE}/denom`, "uakt"), true],
  ["price ibc denom", withValue(`${PRICE}/denom`, "ibc/170C677610AC31DF0904FFE09CD3B5C657492170E7E52372E48756B71E56F2F1"), true],
  ["price amount decimal string", withValue(`${PRICE}/amount`, "1000.5"), true],
  ["price amount negative", withValue(`${PRICE}/amount`, -1), false],
  ["price amount zero", withValue(`${PRICE}/amount`, 0), false],
  ["price amount zero string", withValue(`${PRICE}/amount`, "0.000"), false],
  ["price amount with 19 decimals", withValue(`${PRICE}/amount`, "0.0000000000000000001"), false],
  ["placement attributes of scalar types", withValue("profiles/placement/dc/attributes", { region: "us-west", tier: 1, audited: true }), true],
  ["placement attribute nested", withValue("profiles/placement/dc/attributes", { region: { name: "x" } }), false],
  ["signedBy anyOf and allOf", withValue("profiles/placement/dc/signedBy", { anyOf: ["akash1a"], allOf: ["akash1b"] }), true],
  ["signedBy oneOf", withValue("profiles/placement/dc/signedBy", { oneOf: ["akash1a"] }), false],
  ["placement without pricing", withValue("profiles/placement/dc/pricing", undefined), false],
  ["count 0", withValue("deployment/web/dc/count", 0), false],
  ["count 1.5", withValue("deployment/web/dc/count", 1.5), false],
  ["endpoint ip", withValue("endpoints", { "my-ip": { kind: "ip" } }), true],
  ["endpoint one-letter name", withValue("endpoints", { a: { kind: "ip" } }), false],
  ["endpoint other kind", withValue("endpoints", { "my-ip": { kind: "dns" } }), false],
  ["reclamation 24h", withValue("reclamation", { min_window: "24h" }), true],
  ["reclamation 0s", withValue("reclamation", { min_window: "0s" }), false],
  ["reclamation 1.5h", withValue("reclamation", { min_window: "1.5h" }), false],
  ["credentials", withValue("services/web/credentials", { host: "ghcr.io", username: "me", password: "secret-token", email: "me@example.com" }), true],
  ["credentials blank password", withValue("services/web/credentials", { host: "ghcr.io", username: "me", password: "       " }), false],
  ["credentials without username", withValue("services/web/credentials", { host: "ghcr.io", password: "secret-token" }), false],
  ["storage mount", withValue("services/web/params", { storage: { data: { mount: "/data", readOnly: false } } }), true],
  ["storage mount relative", withValue("services/web/params", { storage: { data: { mount: "data" } } }), false],
  ["storage params without mount", withValue("services/web/params", { storage: { data: { readOnly: true } } }), false],
  ["permissions", withValue("services/web/params", { permissions: { read: ["deployment", "logs", "events"] } }), true],
  ["permissions unknown", withValue("services/web/params", { permissions: { read: ["shell"] } }), false],
  ["tee short form", withValue("services/web/params", { tee: "cpu" }), true],
  ["tee object form", withValue("services/web/params", { tee: { type: "tdx-gpu", attestation: false } }), true],
  ["tee object without type", withValue("services/web/params", { tee: { attestation: true } }), false],
  ["tee unknown", withValue("services/web/params", { tee: "sgx" }), false],
];

describe("schema rules", () => {
  for (const [name, doc, expected] of CASES) {
    test(`${expected ? "accepts" : "rejects"}: ${name}`, () => {
      const result = check(doc);
      assert.equal(result.valid, expected, expected ? result.errors : "accepted");
    });
  }
});

// --- examples --------------------------------------------------------------------------------

/** The cross-reference rules of the Go reference that the examples must follow (a subset of `akash sdl validate`). */
function exampleProblems(sdl: JsonObject): string[] {
  const problems: string[] = [];
  const obj = (value: Json | undefined): JsonObject => (isObject(value ?? null) ? (value as JsonObject) : {});
  const services = obj(sdl["services"]);
  const profiles = obj(sdl["profiles"]);
  const compute = obj(profiles["compute"]);
  const placement = obj(profiles["placement"]);
  const deployment = obj(sdl["deployment"]);
  const endpoints = obj(sdl["endpoints"]);
  const usedEndpoints = new Set<string>();
  const reachable = new Set<string>();
  const placementOf = new Map<string, string[]>();

  for (const [service, byPlacement] of Object.entries(deployment)) {
    if (!(service in services)) problems.push(`deployment ${service}: no such service`);
    placementOf.set(service, Object.keys(obj(byPlacement)));
    for (const [place, entry] of Object.entries(obj(byPlacement))) {
      const profile = String(obj(entry)["profile"]);
      if (!(profile in compute)) problems.push(`${service}.${place}: no compute profile ${profile}`);
      if (!(place in placement)) problems.push(`${service}.${place}: no placement ${place}`);
      const pricing = obj(obj(placement[place])["pricing"]);
      if (!(profile in pricing)) problems.push(`${service}.${place}: placement does not price ${profile}`);
      const denom = obj(pricing[profile])["denom"];
      if (denom !== "uact") problems.push(`${service}.${place}: priced in ${String(denom)}, not uact`);

      const resources = obj(obj(compute[profile])["resources"]);
      const storage = resources["storage"];
      const volumes = Array.isArray(storage) ? storage.map(obj) : [obj(storage)];
      const mounts = obj(obj(obj(services[service])["params"])["storage"]);
      for (const volume of volumes) {
        const volumeName = typeof volume["name"] === "string" && Array.isArray(storage) ? volume["name"] : "default";
        const attributes = obj(volume["attributes"]);
        const persistent = attributes["persistent"] === true || attributes["persistent"] === "true";
        if (persistent && typeof obj(mounts[volumeName])["mount"] !== "string") {
          problems.push(`${service}: persistent volume ${volumeName} is not mounted`);
        }
        if (persistent && typeof attributes["class"] !== "string") problems.push(`${service}: volume ${volumeName} has no class`);
        if (attributes["class"] === "ram" && persistent) problems.push(`${service}: ram volume ${volumeName} is persistent`);
      }
      for (const name of Object.keys(mounts)) {
        if (!volumes.some((v) => (Array.isArray(storage) ? v["name"] ?? "default" : "default") === name)) {
          problems.push(`${service}: mounts unknown volume ${name}`);
        }
      }
    }
  }

  for (const [service, definition] of Object.entries(services)) {
    const svc = obj(definition);
    if (!(service in deployment)) problems.push(`service ${service} is not deployed`);
    const image = String(svc["image"]);
    const lastPart = image.slice(image.lastIndexOf("/") + 1);
    if (!lastPart.includes(":") && !image.includes("@")) problems.push(`${service}: image ${image} has no tag`);
    if (/:latest$/.test(image)) problems.push(`${service}: image ${image} uses latest`);
    const expose = Array.isArray(svc["expose"]) ? svc["expose"] : [];
    for (const item of expose) {
      const to = obj(item)["to"];
      for (const target of Array.isArray(to) ? to.map(obj) : []) {
        if (target["global"] === true) reachable.add(service);
        const peer = target["service"];
        if (typeof peer === "string") {
          if (!(peer in services)) problems.push(`${service}: exposed to unknown service ${peer}`);
          const shared = (placementOf.get(service) ?? []).some((p) => (placementOf.get(peer) ?? []).includes(p));
          if (!shared) problems.push(`${service}: exposed to ${peer}, which is in another placement`);
          reachable.add(service);
        }
        const ip = target["ip"];
        if (typeof ip === "string") {
          usedEndpoints.add(ip);
          if (obj(endpoints[ip])["kind"] !== "ip") problems.push(`${service}: endpoint ${ip} is not declared as kind ip`);
          if (target["global"] !== true) problems.push(`${service}: endpoint ${ip} used without global: true`);
        }
      }
    }
    if (!reachable.has(service)) problems.push(`service ${service} is neither global nor exposed to another service`);
  }
  for (const name of Object.keys(endpoints)) {
    if (!usedEndpoints.has(name)) problems.push(`endpoint ${name} is never used`);
  }
  return problems;
}

const REQUIRED_EXAMPLES = [
  "static-site.yaml",
  "api-postgres.yaml",
  "gpu-llm-inference.yaml",
  "multi-service-internal.yaml",
  "ip-lease.yaml",
  "private-registry.yaml",
];

describe("examples", () => {
  const files = listFiles(examplesDir, ".yaml");

  test("the required examples exist", () => {
    for (const name of REQUIRED_EXAMPLES) assert.ok(files.includes(name), `missing examples/${name}`);
  });

  for (const name of files) {
    const path = join(examplesDir, name);
    const text = readFileSync(path, "utf8");

    test(`${name}: starts with the editor modeline`, () => {
      assert.equal(text.split("\n")[0], MODELINE);
    });

    test(`${name}: passes the schema`, () => {
      const result = check(parse(text));
      assert.equal(result.valid, true, result.errors);
    });

    test(`${name}: follows the Go cross-reference rules, priced in uact`, () => {
      const data: unknown = parse(text);
      assert.ok(isObject(data));
      assert.deepEqual(exampleProblems(data), []);
    });

    test(`${name}: accepted by @akashnetwork/chain-sdk`, (t) => {
      assert.doesNotThrow(() => SDL.fromString(text, "beta3"));
      const data = parse(text) as Parameters<typeof validateSDL>[0];
      assert.equal(validateSDL(data, "mainnet"), undefined);
      const generated = generateManifest(data, "mainnet");
      assert.ok(generated.ok, generated.ok ? "" : JSON.stringify(generated.value));
      // Go sorts GPU attribute keys (vendor/nvidia/model/...); report if the SDK keeps SDL order.
      for (const spec of generated.value.groupSpecs) {
        for (const unit of spec.resources) {
          const keys = (unit.resource?.gpu?.attributes ?? []).map((attribute) => attribute.key);
          const sorted = [...keys].sort();
          if (keys.join() !== sorted.join()) {
            t.diagnostic(`chain-sdk keeps GPU attributes unsorted (${keys.join(", ")}); Go sorts them`);
          }
        }
      }
    });
  }
});
