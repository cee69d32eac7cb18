/**
 * @akashnetwork/chain-sdk (1.0.0-alpha.25) as a second oracle for the SDL compiler, and an exact
 * model of every place where it is known to disagree with the Go reference.
 *
 * The Go reference (and so our compiler) is the contract. chain-sdk is useful because it is an
 * independent implementation: wherever it agrees with us byte for byte we have two witnesses.
 * Where it disagrees, `modelChainSdk` starts from our (Go-faithful) output and applies only the
 * documented divergences that the document triggers, each one a small, explained transformation.
 * The result must then equal chain-sdk's output exactly, so an unexplained difference (in either
 * implementation) always fails. docs/chain-sdk-divergences.md describes each divergence.
 */
import {
  SDL,
  generateManifest,
  generateManifestVersion,
  manifestToSortedJSON,
  type GenerateManifestResult,
} from "@akashnetwork/chain-sdk";

import { compileDocument, type CompileOutput } from "../../src/sdl/compile.js";
import { sha256Hex, sortedGoJson } from "../../src/sdl/gojson.js";
import type { Attribute, Endpoint, GroupSpec, Manifest } from "../../src/sdl/types.js";

type DeepMutable<T> = T extends readonly (infer U)[] ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;

/** Go's JSON shape of a group spec / manifest, as plain mutable data. */
export type GoGroupSpec = DeepMutable<GroupSpec>;
export type GoManifest = DeepMutable<Manifest>;
type GoService = NonNullable<GoManifest[number]["services"]>[number];
type GoResources = GoService["resources"];
type GoEndpoint = DeepMutable<Endpoint>;
type GoAttribute = DeepMutable<Attribute>;

// --- running chain-sdk -------------------------------------------------------------------------

export type ChainSdkResult =
  | {
      readonly ok: true;
      /** manifestToSortedJSON(groups): chain-sdk's bytes for the provider and the hash. */
      readonly manifestJson: string;
      /** Hex of generateManifestVersion(groups). */
      readonly version: string;
      /** The group specs converted to Go's JSON shape (see goGroupSpec). */
      readonly groups: GoGroupSpec[];
    }
  | { readonly ok: false; readonly errors: string[] };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What chain-sdk makes of an SDL text. It is parsed by chain-sdk's own entry point,
 * `SDL.fromString` (js-yaml `load`, then `validateSDL`), and compiled with `generateManifest`,
 * the non-deprecated API. `SDL.fromString` throws on the first validation error.
 */
export async function chainSdkCompile(text: string): Promise<ChainSdkResult> {
  let generated: ReturnType<typeof generateManifest>;
  try {
    const data = SDL.fromString(text, "beta3", "mainnet").data;
    generated = generateManifest(data as unknown as Parameters<typeof generateManifest>[0], "mainnet");
  } catch (error) {
    return { ok: false, errors: [messageOf(error)] };
  }
  if (!generated.ok) return { ok: false, errors: generated.value.map((e) => e.message) };
  const { groups, groupSpecs } = generated.value;
  const version = Buffer.from(await generateManifestVersion(groups)).toString("hex");
  return { ok: true, manifestJson: manifestToSortedJSON(groups), version, groups: groupSpecs.map(goGroupSpec) };
}

// --- chain-sdk GroupSpec (protobuf objects) → Go JSON ------------------------------------------

type SdkGroupSpec = Extract<GenerateManifestResult, { ok: true }>["value"]["groupSpecs"][number];
type SdkAttribute = { key: string; value: string };

const UTF8 = new TextDecoder();

/**
 * Cosmos LegacyDec as Go prints it: integer part, ".", exactly 18 decimals. chain-sdk keeps the
 * SDL amount as written ("50", "0.5") and converts it only when it encodes the message
 * (LegacyDec.encode = Decimal.fromUserInput(amount, 18).atomics), so this is the value the chain
 * receives. Anything that is not a plain decimal is returned unchanged and will fail the
 * comparison visibly.
 */
export function legacyDecString(amount: string): string {
  const match = /^(\d+)(?:\.(\d{1,18}))?$/.exec(amount);
  if (!match) return amount;
  return `${BigInt(match[1] ?? "0")}.${(match[2] ?? "").padEnd(18, "0")}`;
}

/** Go's Attribute has `key,omitempty` and `value,omitempty`. */
function goAttributes(list: readonly SdkAttribute[]): GoAttribute[] {
  return list.map((a) => ({ ...(a.key !== "" ? { key: a.key } : {}), ...(a.value !== "" ? { value: a.value } : {}) }) as GoAttribute);
}

function withAttributes<T extends object>(base: T, list: readonly SdkAttribute[] | undefined): T {
  return list && list.length > 0 ? { ...base, attributes: goAttributes(list) } : base;
}

function resourceValue(value: { val: Uint8Array } | undefined): { val: string } {
  return { val: value ? UTF8.decode(value.val) : "" };
}

/**
 * Converts one chain-sdk GroupSpec (ts-proto objects: camelCase fields, `quantity` for memory and
 * storage sizes, resource values as UTF-8 bytes, enum kinds) into the JSON Go prints for the same
 * protobuf message (snake_case tags, `size`, strings, `kind` omitted when 0, empty attribute lists
 * omitted). Protobuf cannot tell an empty repeated field from an absent one, and Go's decoder
 * leaves absent ones nil, so empty `all_of`, `any_of` and requirement `attributes` become null:
 * that is what Go holds after decoding the message chain-sdk would broadcast.
 */
export function goGroupSpec(spec: SdkGroupSpec): GoGroupSpec {
  const nullIfEmpty = <T>(list: readonly T[] | undefined): T[] | null => (list && list.length > 0 ? [...list] : null);
  const attributes = spec.requirements?.attributes ?? [];
  return {
    name: spec.name,
    requirements: {
      signed_by: {
        all_of: nullIfEmpty(spec.requirements?.signedBy?.allOf),
        any_of: nullIfEmpty(spec.requirements?.signedBy?.anyOf),
      },
      attributes: attributes.length > 0 ? goAttributes(attributes) : null,
    },
    resources: spec.resources.map((unit) => {
      const r = unit.resource;
      return {
        resource: {
          id: r?.id ?? 0,
          cpu: withAttributes({ units: resourceValue(r?.cpu?.units) }, r?.cpu?.attributes),
          memory: withAttributes({ size: resourceValue(r?.memory?.quantity) }, r?.memory?.attributes),
          storage: (r?.storage ?? []).map((s) => withAttributes({ name: s.name, size: resourceValue(s.quantity) }, s.attributes)),
          gpu: withAttributes({ units: resourceValue(r?.gpu?.units) }, r?.gpu?.attributes),
          endpoints: (r?.endpoints ?? []).map((e): GoEndpoint => (e.kind === 0 ? { sequence_number: e.sequenceNumber } : { kind: e.kind as 1 | 2, sequence_number: e.sequenceNumber })),
        },
        count: unit.count,
        price: { denom: unit.price?.denom ?? "", amount: legacyDecString(unit.price?.amount ?? "") },
      };
    }),
  };
}

// --- reading the SDL document ------------------------------------------------------------------

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Obj) : undefined;
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function sdlService(doc: Obj, name: string): Obj {
  return obj(obj(doc.services)?.[name]) ?? {};
}

function sdlExposes(doc: Obj, service: string): Obj[] {
  return arr(sdlService(doc, service).expose).map((e) => obj(e) ?? {});
}

function sdlTargets(expose: Obj): Obj[] {
  return arr(expose.to).map((t) => obj(t) ?? {});
}

function profileOf(doc: Obj, service: string, placement: string): string {
  return String(obj(obj(obj(doc.deployment)?.[service])?.[placement])?.profile ?? "");
}

function computeResources(doc: Obj, profile: string): Obj {
  return obj(obj(obj(obj(doc.profiles)?.compute)?.[profile])?.resources) ?? {};
}

/** Volume names of a compute profile in SDL order (chain-sdk's castArray order). */
function sdlVolumeNames(doc: Obj, profile: string): string[] {
  const storage = computeResources(doc, profile).storage;
  const list = Array.isArray(storage) ? storage : [storage];
  return list.map((v) => {
    const name = obj(v)?.name;
    return typeof name === "string" && name !== "" ? name : "default";
  });
}

// --- the divergences ---------------------------------------------------------------------------

/** What chain-sdk is expected to produce, built up from Go's output. */
export interface Expectation {
  manifest: GoManifest;
  groups: GoGroupSpec[];
  /** Go escapes U+2028 and U+2029 in JSON strings; chain-sdk writes them raw. */
  escapeLineSeparators: boolean;
}

export type DivergenceId =
  | "units-shared-in-2.0"
  | "credentials-verbatim"
  | "ip-sequence-skips-internal-targets"
  | "manifest-endpoints-in-sdl-order"
  | "group-endpoints-sorted-by-kind"
  | "storage-in-sdl-order"
  | "attribute-keys-locale-order"
  | "gpu-attributes-unsorted"
  | "empty-lists-null"
  | "expose-without-to-dropped"
  | "params-storage-empty-list"
  | "line-separators-unescaped";

interface Divergence {
  readonly id: DivergenceId;
  /** Turns what Go produces into what chain-sdk produces; a no-op when the document does not trigger it. */
  apply(expected: Expectation, doc: Obj): Expectation;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function services(manifest: GoManifest): { group: string; service: GoService }[] {
  return manifest.flatMap((group) => (group.services ?? []).map((service) => ({ group: group.name, service })));
}

/** Calls `visit` on every manifest service's resources and every group-spec unit, with its compute profile. */
function forEachResourceWithProfile(expected: Expectation, doc: Obj, visit: (r: GoResources, profile: string) => void): void {
  for (const group of expected.manifest) {
    for (const service of group.services ?? []) visit(service.resources, profileOf(doc, service.name, group.name));
  }
  for (const spec of expected.groups) {
    const owners = expected.manifest.find((g) => g.name === spec.name)?.services ?? [];
    for (const unit of spec.resources) {
      const owner = owners.find((s) => s.resources.id === unit.resource.id);
      if (owner) visit(unit.resource, profileOf(doc, owner.name, spec.name));
    }
  }
}

function allResources(expected: Expectation): GoResources[] {
  return [...services(expected.manifest).map((s) => s.service.resources), ...expected.groups.flatMap((g) => g.resources.map((u) => u.resource))];
}

/** Throws unless `after` is a reordering of `before`: the models below may only reorder. */
function assertPermutation(before: readonly unknown[], after: readonly unknown[], what: string): void {
  const key = (list: readonly unknown[]): string => list.map((x) => sortedGoJson(x)).sort().join("\n");
  if (key(before) !== key(after)) throw new Error(`divergence model for ${what} changed more than the order`);
}

function reorderBy<T>(list: readonly T[], rank: (item: T) => number, what: string): T[] {
  const result = [...list].sort((a, b) => rank(a) - rank(b));
  assertPermutation(list, result, what);
  return result;
}

const isIngress = (proto: string, global: boolean, as: number, port: number): boolean => global && proto === "TCP" && (as === 0 ? port : as) === 80;

function protoOf(expose: Obj): "TCP" | "UDP" {
  return typeof expose.proto === "string" && expose.proto.toUpperCase() === "UDP" ? "UDP" : "TCP";
}

/** Whether two services deployed to one placement use the same compute profile. */
function sharesAProfile(doc: Obj): boolean {
  const seen = new Set<string>();
  for (const [service, placements] of Object.entries(obj(doc.deployment) ?? {})) {
    for (const placement of Object.keys(obj(placements) ?? {})) {
      const key = JSON.stringify([placement, profileOf(doc, service, placement)]);
      if (seen.has(key)) return true;
      seen.add(key);
    }
  }
  return false;
}

const DIVERGENCES: readonly Divergence[] = [
  {
    // chain-sdk's generateManifest binds services of one placement that use the same compute profile
    // to one resource unit in every SDL version; Go does that only from 2.1 (groupBuilder_v2_1.go).
    // Model: Go's own 2.1 lowering of the same document, keeping the 2.0 credentials (handled below).
    id: "units-shared-in-2.0",
    apply(expected, doc) {
      if (doc.version !== "2.0" || !sharesAProfile(doc)) return expected;
      const as21 = compileDocument({ ...doc, version: "2.1" }).output;
      if (!as21) throw new Error("the document does not compile as SDL 2.1");
      const manifest = clone(as21.manifest) as GoManifest;
      const before = new Map(services(expected.manifest).map(({ group, service }) => [`${group}/${service.name}`, service.credentials]));
      for (const { group, service } of services(manifest)) service.credentials = before.get(`${group}/${service.name}`) ?? null;
      return { ...expected, manifest, groups: clone(as21.groups) as GoGroupSpec[] };
    },
  },
  {
    // chain-sdk copies credentials as written. Go 2.0 drops `email`; Go 2.1 trims all four fields.
    id: "credentials-verbatim",
    apply(expected, doc) {
      const manifest = clone(expected.manifest);
      for (const { service } of services(manifest)) {
        const c = obj(sdlService(doc, service.name).credentials);
        if (!c) continue;
        service.credentials = { host: c.host as string, email: (c.email as string | undefined) || "", username: c.username as string, password: c.password as string };
      }
      return { ...expected, manifest };
    },
  },
  {
    // Go numbers IP endpoints over every `to` entry that is not a plain global one, so each
    // service-to-service target adds an "" that sorts first and shifts every IP's number up by one.
    // chain-sdk numbers only the global `ip` targets.
    id: "ip-sequence-skips-internal-targets",
    apply(expected, doc) {
      const deployed = Object.keys(obj(doc.deployment) ?? {});
      const internal = deployed.flatMap((name) => sdlExposes(doc, name).flatMap(sdlTargets)).filter((t) => t.global !== true).length;
      if (internal === 0) return expected;
      const next = clone(expected);
      for (const { service } of services(next.manifest)) {
        for (const e of service.expose ?? []) if (e.global && e.ip !== "") e.endpointSequenceNumber -= internal;
      }
      for (const r of allResources(next)) for (const e of r.endpoints ?? []) if (e.kind === 2) e.sequence_number -= internal;
      return next;
    },
  },
  {
    // A manifest service's endpoints: Go concatenates them over its exposes after sorting those
    // (service, port, proto, global first); chain-sdk walks the exposes in SDL order.
    id: "manifest-endpoints-in-sdl-order",
    apply(expected, doc) {
      const next = clone(expected);
      for (const { service } of services(next.manifest)) {
        const sequence = new Map((service.expose ?? []).filter((e) => e.ip !== "").map((e) => [e.ip, e.endpointSequenceNumber]));
        const endpoints: GoEndpoint[] = [];
        for (const expose of sdlExposes(doc, service.name)) {
          for (const to of sdlTargets(expose)) {
            if (to.global !== true) continue;
            const ingress = isIngress(protoOf(expose), true, Number(expose.as ?? 0), Number(expose.port));
            endpoints.push(ingress ? { sequence_number: 0 } : { kind: 1, sequence_number: 0 });
            if (typeof to.ip === "string" && to.ip !== "") endpoints.push({ kind: 2, sequence_number: sequence.get(to.ip) ?? 0 });
          }
        }
        assertPermutation(service.resources.endpoints ?? [], endpoints, `the endpoints of ${service.name}`);
        service.resources.endpoints = endpoints;
      }
      return next;
    },
  },
  {
    // Group spec resource units: chain-sdk sorts every unit's endpoints by (kind, sequence number).
    // Go keeps the per-expose order for a unit of one service and sorts a shared 2.1 unit by
    // sequence number only.
    id: "group-endpoints-sorted-by-kind",
    apply(expected) {
      const next = clone(expected);
      for (const group of next.groups) {
        for (const unit of group.resources) {
          const endpoints = unit.resource.endpoints ?? [];
          unit.resource.endpoints = reorderBy(endpoints, (e) => (e.kind ?? 0) * 2 ** 32 + e.sequence_number, "group endpoints");
        }
      }
      return next;
    },
  },
  {
    // Go sorts a profile's volumes (size, then the persistent attribute, then name; storage.go);
    // chain-sdk keeps the SDL order.
    id: "storage-in-sdl-order",
    apply(expected, doc) {
      const next = clone(expected);
      const reorder = (r: GoResources, profile: string): void => {
        const names = sdlVolumeNames(doc, profile);
        r.storage = reorderBy(r.storage ?? [], (v) => names.indexOf(v.name), `the volumes of ${profile}`);
      };
      forEachResourceWithProfile(next, doc, reorder);
      return next;
    },
  },
  {
    // chain-sdk sorts placement (and cpu) attribute keys with String.prototype.localeCompare; Go
    // sorts by bytes. They differ for upper case ("Zone" < "region" in Go) and "_".
    id: "attribute-keys-locale-order",
    apply(expected) {
      const next = clone(expected);
      const locale = (list: GoAttribute[]): GoAttribute[] => [...list].sort((a, b) => (a.key ?? "").localeCompare(b.key ?? ""));
      for (const group of next.groups) {
        if (group.requirements.attributes) group.requirements.attributes = locale(group.requirements.attributes);
      }
      for (const r of allResources(next)) if (r.cpu.attributes) r.cpu.attributes = locale(r.cpu.attributes);
      return next;
    },
  },
  {
    // Go sorts GPU attribute keys; chain-sdk lists vendors in localeCompare order and each
    // vendor's models in SDL order.
    id: "gpu-attributes-unsorted",
    apply(expected, doc) {
      const next = clone(expected);
      const sdkKeys = (profile: string): string[] => {
        const vendor = obj(obj(obj(computeResources(doc, profile).gpu)?.attributes)?.vendor) ?? {};
        return Object.keys(vendor)
          .sort((a, b) => a.localeCompare(b))
          .flatMap((name) => {
            const models = vendor[name];
            if (!Array.isArray(models)) return [`vendor/${name}/model/*`];
            return models.map((m) => {
              const model = obj(m) ?? {};
              return `vendor/${name}/model/${String(model.model)}${model.ram ? `/ram/${String(model.ram)}` : ""}${model.interface ? `/interface/${String(model.interface)}` : ""}`;
            });
          });
      };
      const reorder = (r: GoResources, profile: string): void => {
        if (!r.gpu.attributes) return;
        const keys = sdkKeys(profile);
        r.gpu.attributes = reorderBy(r.gpu.attributes, (a) => keys.indexOf(a.key ?? ""), `the GPU attributes of ${profile}`);
      };
      forEachResourceWithProfile(next, doc, reorder);
      return next;
    },
  },
  {
    // `command: []`, `args: []`, `env: []`, `accept: []`: Go keeps the empty list (JSON []),
    // chain-sdk's manifestReplacer writes null for these keys.
    id: "empty-lists-null",
    apply(expected) {
      const next = clone(expected);
      for (const { service } of services(next.manifest)) {
        if (service.command?.length === 0) service.command = null;
        if (service.args?.length === 0) service.args = null;
        if (service.env?.length === 0) service.env = null;
        for (const e of service.expose ?? []) if (e.hosts?.length === 0) e.hosts = null;
      }
      return next;
    },
  },
  {
    // An expose without `to` gives Go one manifest expose (service "", global false); chain-sdk
    // emits nothing for it.
    id: "expose-without-to-dropped",
    apply(expected, doc) {
      const next = clone(expected);
      for (const { service } of services(next.manifest)) {
        for (const expose of sdlExposes(doc, service.name)) {
          if (sdlTargets(expose).length > 0) continue;
          const list = service.expose ?? [];
          const index = list.findIndex(
            (e) => e.port === Number(expose.port) && e.externalPort === Number(expose.as ?? 0) && e.proto === protoOf(expose) && e.service === "" && !e.global && e.ip === "",
          );
          if (index < 0) throw new Error(`no manifest expose for the target-less expose of ${service.name}`);
          list.splice(index, 1);
        }
      }
      return next;
    },
  },
  {
    // `params` without storage: Go writes "storage": null, chain-sdk "storage": [].
    id: "params-storage-empty-list",
    apply(expected) {
      const next = clone(expected);
      for (const { service } of services(next.manifest)) if (service.params && service.params.storage === null) service.params.storage = [];
      return next;
    },
  },
  {
    id: "line-separators-unescaped",
    apply(expected) {
      return /\\u202[89]/.test(sortedGoJson(expected.manifest)) ? { ...expected, escapeLineSeparators: false } : expected;
    },
  },
];

export const DIVERGENCE_IDS: readonly DivergenceId[] = DIVERGENCES.map((d) => d.id);

/** The bytes chain-sdk writes for a manifest, given what it should contain. */
export function expectedManifestJson(expected: Expectation): string {
  const json = sortedGoJson(expected.manifest);
  if (expected.escapeLineSeparators) return json;
  // Only real escapes: an escaped backslash followed by "u2028" is text, not an escape.
  return json.replace(/(?<!\\)((?:\\\\)*)\\u(2028|2029)/g, (_, slashes: string, code: string) => `${slashes}${String.fromCharCode(parseInt(code, 16))}`);
}

function fingerprint(expected: Expectation): string {
  return `${expectedManifestJson(expected)}\n${sortedGoJson(expected.groups)}`;
}

/**
 * What chain-sdk should produce for `doc` (the parsed SDL) given our output for it, and which
 * divergences actually changed something.
 */
export function modelChainSdk(doc: unknown, ours: CompileOutput): { expected: Expectation; observed: DivergenceId[]; manifestJson: string; version: string } {
  const sdl = obj(doc) ?? {};
  let expected: Expectation = { manifest: clone(ours.manifest) as GoManifest, groups: clone(ours.groups) as GoGroupSpec[], escapeLineSeparators: true };
  const observed: DivergenceId[] = [];
  for (const divergence of DIVERGENCES) {
    const next = divergence.apply(expected, sdl);
    if (fingerprint(next) !== fingerprint(expected)) observed.push(divergence.id);
    expected = next;
  }
  const manifestJson = expectedManifestJson(expected);
  return { expected, observed, manifestJson, version: sha256Hex(manifestJson) };
}
