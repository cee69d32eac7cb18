import assert from "node:assert/strict";
import { test } from "node:test";
import { stringify } from "yaml";
import { compileSdl } from "../../src/sdl/compile.js";

type Doc = Record<string, any>;

function base(): Doc {
  return {
    version: "2.0",
    services: {
      web: { image: "nginx:1.27.3", expose: [{ port: 80, as: 80, to: [{ global: true }] }] },
      db: {
        image: "postgres:16.4",
        expose: [{ port: 5432, to: [{ service: "web" }] }],
        params: { storage: { data: { mount: "/var/lib/postgresql/data" } } },
      },
    },
    profiles: {
      compute: {
        small: { resources: { cpu: { units: 0.5 }, memory: { size: "512Mi" }, storage: { size: "1Gi" } } },
        db: {
          resources: {
            cpu: { units: "1000m" },
            memory: { size: "1Gi" },
            storage: [{ size: "1Gi" }, { name: "data", size: "10Gi", attributes: { persistent: true, class: "beta3" } }],
          },
        },
      },
      placement: { dc: { pricing: { small: { denom: "uact", amount: 100 }, db: { denom: "uact", amount: 300 } } } },
    },
    deployment: { web: { dc: { profile: "small", count: 1 } }, db: { dc: { profile: "db", count: 1 } } },
  };
}

function codes(doc: Doc): string[] {
  return compileSdl(stringify(doc)).diagnostics.map((d) => d.code);
}

function errorCodes(doc: Doc): string[] {
  return compileSdl(stringify(doc)).diagnostics.filter((d) => d.severity === "error").map((d) => d.code);
}

test("the base document is valid and warning-free", () => {
  assert.deepEqual(codes(base()), []);
});

const cases: [string, (d: Doc) => void, string][] = [
  ["unknown compute profile", (d) => (d.deployment.web.dc.profile = "smal"), "SDL3001"],
  ["unknown placement", (d) => (d.deployment.web = { dcc: { profile: "small", count: 1 } }), "SDL3002"],
  ["no price for the profile", (d) => delete d.profiles.placement.dc.pricing.small, "SDL3003"],
  ["deployment of an undefined service", (d) => (d.deployment.api = { dc: { profile: "small", count: 1 } }), "SDL3004"],
  ["ip without global", (d) => { d.version = "2.1"; d.endpoints = { pub: { kind: "ip" } }; d.services.web.expose[0].to = [{ global: false, ip: "pub" }]; }, "SDL3007"],
  ["ip endpoint not declared", (d) => (d.services.web.expose[0].to = [{ global: true, ip: "pub" }]), "SDL3008"],
  ["endpoint never used", (d) => (d.endpoints = { pub: { kind: "ip" } }), "SDL3009"],
  ["endpoint name invalid", (d) => { d.endpoints = { P: { kind: "ip" } }; d.services.web.expose[0].to = [{ global: true, ip: "P" }]; }, "SDL3010"],
  ["volume not in profile", (d) => (d.services.db.params.storage.logs = { mount: "/logs" }), "SDL3013"],
  ["relative mount", (d) => (d.services.db.params.storage.data.mount = "data"), "SDL3014"],
  ["duplicate mount", (d) => { d.profiles.compute.db.resources.storage.push({ name: "more", size: "1Gi" }); d.services.db.params.storage.more = { mount: "/var/lib/postgresql/data" }; }, "SDL3015"],
  ["persistent volume without mount", (d) => delete d.services.db.params, "SDL3016"],
  ["ram class persistent", (d) => (d.profiles.compute.db.resources.storage[1].attributes = { persistent: true, class: "ram" }), "SDL3017"],
  ["ram volume mounted read-only", (d) => { d.profiles.compute.db.resources.storage.push({ name: "shm", size: "1Gi", attributes: { persistent: false, class: "ram" } }); d.services.db.params.storage.shm = { mount: "/dev/shm", readOnly: true }; }, "SDL3019"],
  ["cpu below the minimum", (d) => (d.profiles.compute.small.resources.cpu.units = "5m"), "SDL3032"],
  ["memory above 2Ti", (d) => (d.profiles.compute.small.resources.memory.size = "3Ti"), "SDL3032"],
  ["storage below 5Mi", (d) => (d.profiles.compute.small.resources.storage.size = "1Mi"), "SDL3032"],
  ["bad memory unit", (d) => (d.profiles.compute.small.resources.memory.size = "512MB"), "SDL3020"],
  ["gpu units without attributes", (d) => (d.profiles.compute.small.resources.gpu = { units: 1 }), "SDL3021"],
  ["gpu interface", (d) => (d.profiles.compute.small.resources.gpu = { units: 1, attributes: { vendor: { nvidia: [{ model: "a100", interface: "nvlink" }] } } }), "SDL3020"],
  ["credentials without password", (d) => (d.services.web.credentials = { host: "ghcr.io", username: "me", password: "      " }), "SDL3023"],
  ["tee cpu-gpu without gpu", (d) => { d.version = "2.1"; d.services.web.params = { tee: "cpu-gpu" }; }, "SDL3024"],
  ["conflicting tee types in a group", (d) => { d.version = "2.1"; d.services.web.params = { tee: "cpu" }; d.services.db.params.tee = "cpu-gpu"; d.profiles.compute.db.resources.gpu = { units: 1, attributes: { vendor: { nvidia: [{ model: "h100" }] } } }; }, "SDL3025"],
  ["reclamation window zero", (d) => { d.version = "2.1"; d.reclamation = { min_window: "0h" }; }, "SDL3026"],
  ["http body size too large", (d) => (d.services.web.expose[0].http_options = { max_body_size: 104857601 }), "SDL3027"],
  ["next_cases off with others", (d) => (d.services.web.expose[0].http_options = { next_cases: ["off", "error"] }), "SDL3028"],
  ["duplicate volume name", (d) => d.profiles.compute.db.resources.storage.push({ name: "data", size: "2Gi" }), "SDL3029"],
  ["two unnamed volumes", (d) => d.profiles.compute.db.resources.storage.push({ size: "2Gi" }), "SDL3030"],
  ["mixed denominations in a group", (d) => (d.profiles.placement.dc.pricing.db.denom = "uakt"), "SDL3033"],
  ["invalid accept host", (d) => (d.services.web.expose[0].accept = ["Bad_Host.example.com"]), "SDL3034"],
  ["duplicate accept host", (d) => { d.services.web.expose[0].accept = ["a.example.com"]; d.services.web.expose.push({ port: 8080, accept: ["a.example.com"], to: [{ global: true }] }); }, "SDL3037"],
  ["invalid env name", (d) => (d.services.web.env = ["1BAD=x"]), "SDL3035"],
  ["invalid service name", (d) => { d.services.Web = d.services.web; delete d.services.web; d.deployment.Web = d.deployment.web; delete d.deployment.web; d.services.db.expose[0].to = [{ service: "Web" }]; }, "SDL3036"],
  ["nothing exposed globally", (d) => (d.services.web.expose[0].to = [{ service: "db" }]), "SDL3040"],
  ["empty deployment", (d) => (d.deployment = {}), "SDL3041"],
  ["group cpu total above the chain limit", (d) => { d.profiles.compute.small.resources.cpu.units = 384; d.deployment.web.dc.count = 51; }, "SDL3042"],
  ["price above the chain maximum", (d) => (d.profiles.placement.dc.pricing.small.amount = 10000001), "SDL3032"],
  ["price with an exponent", (d) => (d.profiles.placement.dc.pricing.small.amount = "1e3"), "SDL3020"],
  ["every count zero (the group runs nothing)", (d) => { for (const s of Object.keys(d.deployment)) d.deployment[s].dc.count = 0; }, "SDL3038"],
  ["unknown key at the root (Go: unexpected field)", (d) => (d.servics = {}), "SDL2001"],
  ["unsupported version", (d) => (d.version = "1.0"), "SDL2008"],
  ["a mapping where a number belongs", (d) => (d.deployment.web.dc.count = { n: 1 }), "SDL2003"],
];

for (const [name, mutate, expected] of cases) {
  test(`rejects: ${name} (${expected})`, () => {
    const doc = base();
    mutate(doc);
    const found = errorCodes(doc);
    assert.ok(found.includes(expected), `expected ${expected}, got [${found.join(", ")}]`);
  });
}

const warnings: [string, (d: Doc) => void, string][] = [
  ["untagged image", (d) => (d.services.web.image = "nginx"), "SDL4001"],
  ["latest image", (d) => (d.services.web.image = "nginx:latest"), "SDL4001"],
  ["uakt pricing", (d) => { d.profiles.placement.dc.pricing.small.denom = "uakt"; d.profiles.placement.dc.pricing.db.denom = "uakt"; }, "SDL4002"],
  ["service without expose", (d) => delete d.services.db.expose, "SDL4003"],
  ["service not deployed", (d) => (d.services.extra = { image: "busybox:1.36" }), "SDL3005"],
  ["expose to an unknown service", (d) => (d.services.db.expose[0].to.push({ service: "wbe" })), "SDL3006"],
  ["unknown key below the root (ignored by Go)", (d) => (d.services.web.expse = []), "SDL4010"],
  ["a later version (read as 2.1)", (d) => (d.version = "3.0"), "SDL4005"],
  ["one count zero", (d) => (d.deployment.web.dc.count = 0), "SDL4017"],
  ["a YAML 1.1 boolean", (d) => (d.services.web.expose[0].to[0].global = "yes"), "SDL4012"],
  ["an empty value", (d) => (d.profiles.placement.dc.attributes = null), "SDL4011"],
];

for (const [name, mutate, expected] of warnings) {
  test(`warns but stays valid: ${name} (${expected})`, () => {
    const doc = base();
    mutate(doc);
    const result = compileSdl(stringify(doc));
    assert.equal(result.valid, true, JSON.stringify(result.diagnostics));
    assert.ok(result.diagnostics.some((d) => d.code === expected && d.severity === "warning"));
  });
}

test("accepted forms the Go reference accepts", () => {
  const variants: ((d: Doc) => void)[] = [
    (d) => (d.profiles.compute.small.resources.cpu.units = 2),
    (d) => (d.profiles.compute.small.resources.cpu.units = "250m"),
    (d) => (d.services.web.expose[0].proto = "UDP"),
    (d) => (d.profiles.placement.dc.pricing.small.amount = "0.000001"),
    (d) => { d.version = "2.1"; d.reclamation = { min_window: "24h" }; },
    (d) => { d.version = "2.1"; d.services.web.params = { tee: "cpu" }; },
    (d) => (d.services.web.expose[0].http_options = { next_cases: ["off"] }),
    (d) => (d.profiles.placement.dc.signedBy = { anyOf: ["akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63"] }),
  ];
  for (const mutate of variants) {
    const doc = base();
    mutate(doc);
    assert.deepEqual(errorCodes(doc), [], stringify(doc));
  }
});

test("an unquoted `version: 2.0` is read as Go reads it, the text 2.0", () => {
  const text = stringify(base()).replace('version: "2.0"', "version: 2.0");
  assert.match(text, /^version: 2\.0$/m);
  assert.equal(compileSdl(text).valid, true);
});

test("errors point at the offending line and column", () => {
  const text = stringify(base()).replace("profile: small", "profile: smal");
  const line = text.split("\n").findIndex((l) => l.includes("profile: smal")) + 1;
  const error = compileSdl(text, { file: "x.yaml" }).diagnostics.find((d) => d.code === "SDL3001");
  assert.ok(error);
  assert.equal(error.line, line);
  assert.equal(error.column, text.split("\n")[line - 1]!.indexOf("smal") + 1);
  assert.equal(error.hint, "did you mean `small`?");
});

test("YAML anchors, aliases and merge keys work as in Go's yaml.v3", () => {
  const text = [
    'version: "2.0"',
    "x-common: &common",
    "  image: nginx:1.27.3",
    "services:",
    "  web:",
    "    <<: *common",
    "    expose: [{ port: 80, to: [{ global: true }] }]",
  ].join("\n");
  const result = compileSdl(text);
  assert.ok(result.diagnostics.some((d) => d.code === "SDL2001" && d.path === "x-common"));
});

test("scalars in args are taken as written, as Go's yaml.v3 does for string fields", () => {
  const text = stringify(base()).replace("image: nginx:1.27.3", "image: nginx:1.27.3\n    args: [--port, 8080, 1.0, true]");
  const result = compileSdl(text);
  assert.equal(result.valid, true, JSON.stringify(result.diagnostics));
  const web = result.output?.manifest[0]?.services?.find((s) => s.name === "web");
  assert.deepEqual(web?.args, ["--port", "8080", "1.0", "true"]);
});

test("IBC-priced SDLs (pre-BME USDC) stay valid with a warning; made-up denominations do not", () => {
  const ibc = "ibc/170C677610AC31DF0904FFE09CD3B5C657492170E7E52372E48756B71E56F2F1";
  const doc = base();
  doc.profiles.placement.dc.pricing.small.denom = ibc;
  doc.profiles.placement.dc.pricing.db.denom = ibc;
  const result = compileSdl(stringify(doc));
  assert.equal(result.valid, true);
  assert.ok(result.diagnostics.some((d) => d.code === "SDL4002" && d.message.includes(ibc)));
  // A denomination Cosmos accepts but deployments are not priced in: valid for Go, a warning here.
  doc.profiles.placement.dc.pricing.small.denom = "usd";
  doc.profiles.placement.dc.pricing.db.denom = "usd";
  const usd = compileSdl(stringify(doc));
  assert.equal(usd.valid, true);
  assert.ok(usd.diagnostics.some((d) => d.code === "SDL4015"));
  // One Cosmos refuses (too short): Go panics in sdk.NewDecCoinFromDec, an error here.
  doc.profiles.placement.dc.pricing.small.denom = "u$";
  assert.ok(errorCodes(doc).includes("SDL3020"));
});

test("an attribute with an empty value is written without `value`, as Go's omitempty does", () => {
  const doc = base();
  doc.profiles.placement.dc.attributes = { region: "", tier: "community" };
  const result = compileSdl(stringify(doc));
  assert.deepEqual(result.output?.groups[0]?.requirements.attributes, [{ key: "region" }, { key: "tier", value: "community" }]);
});

test("Go-equivalent spellings of the version are accepted with a warning; others are not", () => {
  for (const [spelling, ok] of [["2", true], ["v2.0", true], ["2.0.0", true], ["2.1.0", true], ["2.2", true], ["3.0", true], ["2.1.0-rc1", false], ["1.0", false], ["2.0.1", false]] as const) {
    const text = stringify(base()).replace('version: "2.0"', `version: "${spelling}"`);
    const result = compileSdl(text);
    assert.equal(result.valid, ok, spelling);
    if (ok) assert.ok(result.diagnostics.some((d) => d.code === "SDL4005"), spelling);
  }
});
