/**
 * fast-check arbitrary for random but valid SDL documents (versions 2.0 and 2.1).
 *
 * "Valid" means valid for the Go reference (pkg.akt.dev/go/sdl, including its deployment-group
 * and manifest validation) and for our compiler, and accepted by @akashnetwork/chain-sdk as well.
 * The generator therefore respects the rules all three enforce:
 * - service, profile and placement names match ^[a-z][a-z0-9-]{0,10}[a-z0-9]$; every service is
 *   deployed (chain-sdk rejects undeployed services, Go ignores them);
 * - images carry a pinned tag; env names are valid; strings start with a letter or "--" so YAML
 *   1.2 parsers (ours, js-yaml) and yaml.v3 read the same text (no numbers, booleans, dates);
 * - exposes: ports 1-65535, `as`, tcp/udp in any case, targets `global`, `service: <other>` and
 *   `global` + `ip: <endpoint>`; every declared endpoint is used; each use of an IP endpoint has
 *   its own `as` (Go keys the collision check on ip/as/proto-as-written, chain-sdk on
 *   ip/(as or port)/PROTO) and IPs are only used by services deployed to one placement (Go checks
 *   the key once per placement, so a second placement collides with the first);
 * - accept hosts are unique across the document and only on exposes with a single global target
 *   of a service deployed once (Go copies hosts onto every `to` entry and every deployment);
 * - http_options within Go's limits, and non-zero (Go treats 0 as "use the default", chain-sdk
 *   passes the 0 through; that divergence is pinned in differential.test.ts);
 * - compute profiles: cpu "100m" / 0.5 / 1 / ..., memory and storage in Mi / Gi, an ephemeral
 *   root volume, optional named persistent volumes (class beta2/beta3) mounted by every service
 *   using the profile, an optional `ram` volume (persistent: false, mounted read-write);
 * - placements with attributes, optional signedBy, uact prices with integer or decimal amounts
 *   (a number or a quoted string); deployment counts 1-5; at least one global expose.
 *
 * With `chainSdkCompatible: true` the documents also avoid every documented chain-sdk divergence
 * (docs/chain-sdk-divergences.md), so chain-sdk must agree with Go byte for byte.
 */
import fc from "fast-check";
import { Document, isScalar, visit } from "yaml";

export type SdlVersion = "2.0" | "2.1";

export interface SdlArbitraryOptions {
  readonly versions?: readonly SdlVersion[];
  /** Only documents on which chain-sdk must agree with Go exactly (no documented divergence triggers). */
  readonly chainSdkCompatible?: boolean;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type SdlDocument = { [key: string]: Json };

export interface GeneratedSdl {
  readonly version: SdlVersion;
  readonly document: SdlDocument;
  readonly yaml: string;
}

// --- leaves ------------------------------------------------------------------------------------

const NAME = /^[a-z][a-z0-9-]{0,10}[a-z0-9]$/;
const YAML_WORDS = /^(?:y|n|yes|no|on|off|true|false|null)$/i;

const names = (count: number): fc.Arbitrary<string[]> => fc.uniqueArray(fc.stringMatching(NAME), { minLength: count, maxLength: count });

const image = fc
  .tuple(
    fc.constantFrom("nginx", "redis", "ghcr.io/akash-network/demo-app", "docker.io/library/postgres", "quay.io/prometheus/node-exporter", "node"),
    fc.integer({ min: 0, max: 30 }),
    fc.integer({ min: 0, max: 30 }),
    fc.integer({ min: 0, max: 30 }),
  )
  .map(([repo, a, b, c]) => `${repo}:${a}.${b}.${c}`);

/** Non-whitespace pieces of text, including characters Go escapes in JSON and non-ASCII. */
const token = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-zA-Z0-9._:/@%+=-]{1,8}$/) },
  { weight: 1, arbitrary: fc.constantFrom("<", ">", "&", "é", "日本", "🚀", '"', "'", "\\", "#", "{}", "[x]", ",", "*", "!", "|", "ß") },
);

/**
 * Free text: tokens joined by spaces and, unless excluded, U+2028 / U+2029. Those two never
 * touch whitespace: yaml.v3 treats them as line breaks and trims blanks around them even inside
 * double quotes (they are written double-quoted, see toYaml).
 */
function text(lineSeparators: boolean): fc.Arbitrary<string> {
  const separator = lineSeparators ? fc.constantFrom(" ", " ", " ", "\u2028", "\u2029") : fc.constant(" ");
  return fc.array(fc.tuple(separator, token), { maxLength: 4 }).map((parts) => parts.map(([s, t]) => s + t).join("").slice(1));
}

/** A string that no YAML parser reads as anything but a string: it starts with a letter or "--". */
function safeString(lineSeparators: boolean): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom("", "--"), fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_-]{0,8}$/), fc.option(fc.tuple(fc.constantFrom(" ", "="), text(lineSeparators)), { nil: undefined }))
    .map(([prefix, head, rest]) => `${prefix}${head}${rest ? rest[0] + rest[1] : ""}`)
    .filter((s) => !YAML_WORDS.test(s));
}

function envEntry(lineSeparators: boolean): fc.Arbitrary<string> {
  return fc.tuple(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/), text(lineSeparators)).map(([key, value]) => `${key}=${value}`);
}

function stringList(item: fc.Arbitrary<string>, allowEmpty: boolean): fc.Arbitrary<string[] | undefined> {
  return fc.option(fc.array(item, { minLength: allowEmpty ? 0 : 1, maxLength: 3 }), { nil: undefined, freq: 2 });
}

const httpOptions = fc.record(
  {
    max_body_size: fc.integer({ min: 1, max: 104857600 }),
    read_timeout: fc.integer({ min: 1, max: 60000 }),
    send_timeout: fc.integer({ min: 1, max: 60000 }),
    next_tries: fc.integer({ min: 1, max: 10 }),
    next_timeout: fc.integer({ min: 0, max: 60000 }),
    next_cases: fc.oneof(
      fc.constant(["off"]),
      fc.uniqueArray(fc.constantFrom("error", "timeout", "500", "502", "503", "504", "403", "404", "429"), { minLength: 1, maxLength: 4 }),
    ),
  },
  { requiredKeys: [] },
);

type TargetPlan = { readonly kind: "global" } | { readonly kind: "service"; readonly index: number } | { readonly kind: "ip"; readonly index: number };

const targetPlan: fc.Arbitrary<TargetPlan> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: "global" } as const) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("service" as const), index: fc.nat(7) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("ip" as const), index: fc.nat(7) }) },
);

const exposePlan = fc.record({
  port: fc.oneof(fc.constant(80), fc.constant(443), fc.integer({ min: 1, max: 65535 })),
  as: fc.option(fc.oneof(fc.constant(80), fc.integer({ min: 1, max: 65535 })), { nil: undefined }),
  proto: fc.constantFrom(undefined, "tcp", "TCP", "udp", "UDP"),
  targets: fc.array(targetPlan, { minLength: 0, maxLength: 3 }),
  hosts: fc.array(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), { maxLength: 2 }),
  httpOptions: fc.option(httpOptions, { nil: undefined }),
});

function servicePlan(lineSeparators: boolean, allowEmptyLists: boolean) {
  return fc.record({
    image,
    env: stringList(envEntry(lineSeparators), allowEmptyLists),
    command: stringList(safeString(lineSeparators), allowEmptyLists),
    args: stringList(safeString(lineSeparators), allowEmptyLists),
    exposes: fc.array(exposePlan, { minLength: 1, maxLength: 3 }),
    profile: fc.nat(7),
    placements: fc.integer({ min: 1, max: 3 }),
    counts: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })),
    readOnly: fc.array(fc.option(fc.boolean(), { nil: undefined }), { minLength: 3, maxLength: 3 }),
    mountRam: fc.boolean(),
  });
}

const size = fc.oneof(
  fc.integer({ min: 5, max: 8192 }).map((n) => `${n}Mi`),
  fc.integer({ min: 1, max: 100 }).map((n) => `${n}Gi`),
  // Equal sizes in different spellings exercise Go's volume ordering.
  fc.constantFrom("1Gi", "1024Mi", "512Mi", "10Gi"),
);

const profilePlan = fc.record({
  cpu: fc.constantFrom<string | number>("100m", 0.5, 1, "250m", 2, "1500m"),
  memory: fc.oneof(fc.integer({ min: 64, max: 8192 }).map((n) => `${n}Mi`), fc.integer({ min: 1, max: 16 }).map((n) => `${n}Gi`)),
  root: size,
  persistent: fc.array(fc.record({ word: fc.constantFrom("data", "logs", "db", "cache", "media"), size, class: fc.constantFrom("beta2", "beta3") }), { maxLength: 2 }),
  ram: fc.option(size, { nil: undefined, freq: 2 }),
  listForm: fc.boolean(),
});

function attributeKey(compatible: boolean): fc.Arbitrary<string> {
  // localeCompare and byte order agree on [a-z0-9./-]; upper case and "_" make them disagree.
  const key = compatible ? fc.stringMatching(/^[a-z][a-z0-9./-]{0,10}$/) : fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_./-]{0,10}$/);
  return key.filter((k) => !YAML_WORDS.test(k));
}

const amount = fc.oneof(
  fc.integer({ min: 1, max: 100000 }),
  fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.stringMatching(/^[0-9]{0,5}[1-9]$/)).map(([whole, fraction]) => Number(`${whole}.${fraction}`)),
  fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.stringMatching(/^[0-9]{1,6}$/)).filter(([w, f]) => w > 0 || /[1-9]/.test(f)).map(([whole, fraction]) => `${whole}.${fraction}`),
);

function placementPlan(compatible: boolean) {
  const address = fc.stringMatching(/^[a-z0-9]{38}$/).map((s) => `akash1${s}`);
  return fc.record({
    attributes: fc.option(
      fc.uniqueArray(fc.tuple(attributeKey(compatible), fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/)), { selector: ([k]) => k, minLength: 1, maxLength: 3 }),
      { nil: undefined },
    ),
    signedBy: fc.option(fc.record({ allOf: fc.array(address, { minLength: 1, maxLength: 2 }), anyOf: fc.array(address, { minLength: 1, maxLength: 2 }) }, { requiredKeys: [] }), { nil: undefined }),
    amounts: fc.array(amount, { minLength: 4, maxLength: 4 }),
  });
}

const endpointName = fc.stringMatching(/^[a-z]{1,4}[a-z0-9_-]{1,6}$/);

// --- assembling a document ---------------------------------------------------------------------

type Plan = {
  version: SdlVersion;
  services: string[];
  profiles: string[];
  profileCount: number;
  placements: string[];
  endpoints: string[];
  /** Compatible documents: keep IP targets (dropping service targets) rather than the reverse. */
  keepIps: boolean;
  servicePlans: ServicePlan[];
  profilePlans: ProfilePlan[];
  placementPlans: PlacementPlan[];
};
type ServicePlan = ReturnType<typeof servicePlan> extends fc.Arbitrary<infer T> ? T : never;
type ProfilePlan = typeof profilePlan extends fc.Arbitrary<infer T> ? T : never;
type PlacementPlan = ReturnType<typeof placementPlan> extends fc.Arbitrary<infer T> ? T : never;

function bytes(text: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(text);
  if (!match) throw new Error(`unexpected size ${text}`);
  return Number(match[1]) * (match[2] === "Gi" ? 2 ** 30 : 2 ** 20);
}

interface Volume {
  name?: string;
  size: string;
  attributes?: { persistent: boolean; class: string };
}

/** A profile's volumes. Compatible documents list them in strictly increasing size: Go's order. */
function volumes(plan: ProfilePlan, compatible: boolean): Volume[] {
  const list: Volume[] = [{ size: plan.root }];
  plan.persistent.forEach((v, i) => list.push({ name: `${v.word}${i}`, size: v.size, attributes: { persistent: true, class: v.class } }));
  if (plan.ram) list.push({ name: "shm", size: plan.ram, attributes: { persistent: false, class: "ram" } });
  if (!compatible) return list;
  list.sort((a, b) => bytes(a.size) - bytes(b.size));
  let last = 0;
  for (const v of list) {
    let mi = Math.ceil(bytes(v.size) / 2 ** 20);
    if (mi * 2 ** 20 <= last) mi = last / 2 ** 20 + 1;
    v.size = `${mi}Mi`;
    last = mi * 2 ** 20;
  }
  return list;
}

function build(plan: Plan, compatible: boolean): SdlDocument {
  const n = plan.services.length;
  const profileOf = (i: number): string => (compatible ? (plan.profiles[i] as string) : (plan.profiles[(plan.servicePlans[i] as ServicePlan).profile % plan.profileCount] as string));
  const placementsOf = (i: number): string[] => {
    const bits = 1 + (((plan.servicePlans[i] as ServicePlan).placements - 1) % (2 ** plan.placements.length - 1));
    return plan.placements.filter((_, p) => bits & (1 << p));
  };

  const usedAs = new Map<string, Set<number>>();
  let nextAs = 40000;
  let hostCounter = 0;
  let hasInternal = false;
  const exposesByService: Json[][] = [];

  plan.services.forEach((_, i) => {
    const sp = plan.servicePlans[i] as ServicePlan;
    const single = placementsOf(i).length === 1;
    let hasGlobal = false;
    const exposes: Json[] = [];
    for (const ep of sp.exposes) {
      const targets: { [k: string]: Json }[] = [];
      const ips = new Set<string>();
      for (const t of ep.targets) {
        let target: { [k: string]: Json };
        if (t.kind === "service" && n > 1) target = { service: plan.services[(i + 1 + (t.index % (n - 1))) % n] as string };
        else if (t.kind === "ip" && single) {
          const ip = plan.endpoints[t.index % plan.endpoints.length] as string;
          if (ips.has(ip)) continue;
          ips.add(ip);
          target = { global: true, ip };
        } else target = { global: true };
        if (compatible && target.global === true) {
          // One global target per service: its endpoints cannot be reordered.
          if (hasGlobal) {
            if (n === 1) continue;
            target = { service: plan.services[(i + 1) % n] as string };
          }
          hasGlobal = true;
        }
        if (target.service !== undefined) hasInternal = true;
        targets.push(target);
      }
      if (compatible && targets.length === 0) continue;
      const expose: { [k: string]: Json } = { port: ep.port };
      let as = ep.as;
      if (ips.size > 0 && (as === undefined || [...ips].some((ip) => usedAs.get(ip)?.has(as as number)))) as = nextAs++;
      for (const ip of ips) usedAs.set(ip, (usedAs.get(ip) ?? new Set()).add(as as number));
      if (as !== undefined) expose.as = as;
      if (ep.proto !== undefined) expose.proto = ep.proto;
      if (targets.length > 0) expose.to = targets;
      const onlyGlobal = targets.length === 1 && targets[0]?.global === true;
      if (single && onlyGlobal && ep.hosts.length > 0) expose.accept = ep.hosts.map((h) => `${h}${hostCounter++}.example.com`);
      if (ep.httpOptions) expose.http_options = ep.httpOptions as { [k: string]: Json };
      exposes.push(expose);
    }
    exposesByService.push(exposes);
  });

  // Compatible documents do not mix service-to-service targets with IP endpoints (Go numbers
  // IPs after them): depending on the plan, one kind gives way.
  const usesIps = exposesByService.some((exposes) => (exposes as { [k: string]: Json }[]).some((e) => (e.to as { [k: string]: Json }[] | undefined)?.some((t) => t.ip !== undefined)));
  if (compatible && hasInternal && usesIps) {
    exposesByService.forEach((exposes, i) => {
      const kept = (exposes as { [k: string]: Json }[]).flatMap((expose) => {
        const to = (expose.to as { [k: string]: Json }[]).flatMap((t) => (plan.keepIps ? (t.service !== undefined ? [] : [t]) : [t.ip !== undefined ? { global: true } : t]));
        return to.length > 0 ? [{ ...expose, to }] : [];
      });
      exposesByService[i] = kept;
    });
  }

  const anyGlobal = exposesByService.some((exposes) => (exposes as { [k: string]: Json }[]).some((e) => (e.to as { [k: string]: Json }[] | undefined)?.some((t) => t.global === true)));
  if (!anyGlobal) {
    // Go's manifest validation requires a global service. Service 0 has no global target yet.
    (exposesByService[0] as Json[]).unshift({ port: 80, as: 80, to: [{ global: true }] });
  }

  const usedEndpoints = new Set<string>();
  for (const exposes of exposesByService) {
    for (const e of exposes as { [k: string]: Json }[]) for (const t of (e.to as { [k: string]: Json }[] | undefined) ?? []) if (typeof t.ip === "string") usedEndpoints.add(t.ip);
  }

  const usedProfiles = [...new Set(plan.services.map((_, i) => profileOf(i)))];
  const profileVolumes = new Map(usedProfiles.map((p) => [p, volumes(plan.profilePlans[plan.profiles.indexOf(p)] as ProfilePlan, compatible)]));

  const services: { [k: string]: Json } = {};
  plan.services.forEach((name, i) => {
    const sp = plan.servicePlans[i] as ServicePlan;
    const service: { [k: string]: Json } = { image: sp.image };
    if (sp.command) service.command = sp.command;
    if (sp.args) service.args = sp.args;
    if (sp.env) service.env = sp.env;
    service.expose = exposesByService[i] as Json[];
    const storage: { [k: string]: Json } = {};
    (profileVolumes.get(profileOf(i)) ?? []).forEach((v, k) => {
      if (!v.name) return;
      if (v.attributes?.class === "ram") {
        if (sp.mountRam || compatible) storage[v.name] = { mount: `/mnt/${v.name}` };
        return;
      }
      const readOnly = sp.readOnly[k % 3];
      storage[v.name] = readOnly === undefined ? { mount: `/mnt/${v.name}` } : { mount: `/mnt/${v.name}`, readOnly };
    });
    if (Object.keys(storage).length > 0) service.params = { storage };
    services[name] = service;
  });

  const compute: { [k: string]: Json } = {};
  for (const p of usedProfiles) {
    const pp = plan.profilePlans[plan.profiles.indexOf(p)] as ProfilePlan;
    const list = (profileVolumes.get(p) ?? []).map((v) => ({ ...v }) as { [k: string]: Json });
    const storage: Json = list.length === 1 && !pp.listForm ? (list[0] as Json) : list;
    compute[p] = { resources: { cpu: { units: pp.cpu }, memory: { size: pp.memory }, storage } };
  }

  const deployment: { [k: string]: Json } = {};
  const placement: { [k: string]: Json } = {};
  plan.services.forEach((name, i) => {
    const sp = plan.servicePlans[i] as ServicePlan;
    const entry: { [k: string]: Json } = {};
    placementsOf(i).forEach((pl, k) => {
      entry[pl] = { profile: profileOf(i), count: sp.counts[k % 2] as number };
    });
    deployment[name] = entry;
  });
  plan.placements.forEach((pl, p) => {
    const profiles = [...new Set(plan.services.flatMap((_, i) => (placementsOf(i).includes(pl) ? [profileOf(i)] : [])))];
    if (profiles.length === 0) return;
    const pp = plan.placementPlans[p] as PlacementPlan;
    const entry: { [k: string]: Json } = {};
    if (pp.attributes) entry.attributes = Object.fromEntries(pp.attributes);
    if (pp.signedBy) entry.signedBy = pp.signedBy;
    entry.pricing = Object.fromEntries(profiles.map((prof) => [prof, { denom: "uact", amount: pp.amounts[plan.profiles.indexOf(prof) % 4] as number | string }]));
    placement[pl] = entry;
  });

  const document: SdlDocument = { version: plan.version, services, profiles: { compute, placement }, deployment };
  if (usedEndpoints.size > 0) document.endpoints = Object.fromEntries([...usedEndpoints].map((e) => [e, { kind: "ip" }]));
  return document;
}

/**
 * YAML text for a document. Strings holding U+2028 / U+2029 are written double-quoted: in a plain
 * scalar yaml.v3 would take them for line breaks and reject the document.
 */
export function toYaml(document: SdlDocument): string {
  // No anchors/aliases: fast-check may hand the same array to two places.
  const doc = new Document(document, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_, node) {
      if (isScalar(node) && typeof node.value === "string" && /[\u2028\u2029]/.test(node.value)) node.type = "QUOTE_DOUBLE";
    },
  });
  // Raw U+2028/U+2029 are line breaks to Go's yaml.v3, so the compiler refuses them (SDL1009);
  // inside double quotes the escape means the same character to every parser.
  return doc.toString().replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** The same document with the keys of every mapping in reverse order (Go reads mappings as maps). */
export function withReversedKeys<T extends Json>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withReversedKeys(v)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, withReversedKeys(v)])) as T;
  }
  return value;
}

export function sdlArbitrary(options: SdlArbitraryOptions = {}): fc.Arbitrary<GeneratedSdl> {
  const compatible = options.chainSdkCompatible ?? false;
  const versions = options.versions ?? ["2.0", "2.1"];
  return fc
    .record({
      version: fc.constantFrom(...versions),
      serviceCount: fc.integer({ min: 1, max: 4 }),
      profileCount: fc.integer({ min: 1, max: 3 }),
      placementCount: fc.integer({ min: 1, max: 2 }),
      allNames: names(10),
      endpoints: fc.uniqueArray(endpointName, { minLength: 3, maxLength: 3 }),
      keepIps: fc.boolean(),
      servicePlans: fc.array(servicePlan(!compatible, !compatible), { minLength: 4, maxLength: 4 }),
      profilePlans: fc.array(profilePlan, { minLength: 4, maxLength: 4 }),
      placementPlans: fc.array(placementPlan(compatible), { minLength: 2, maxLength: 2 }),
    })
    .map((r) => {
      const services = r.allNames.slice(0, r.serviceCount);
      const profiles = r.allNames.slice(4, 8);
      const placements = r.allNames.slice(8, 8 + r.placementCount);
      const plan: Plan = {
        version: r.version,
        services,
        profiles,
        profileCount: r.profileCount,
        placements,
        endpoints: r.endpoints,
        keepIps: r.keepIps,
        servicePlans: r.servicePlans,
        profilePlans: r.profilePlans,
        placementPlans: r.placementPlans,
      };
      const document = build(plan, compatible);
      return { version: r.version, document, yaml: toYaml(document) };
    });
}
