/**
 * Group specs between the SDL compiler's Go JSON shape (src/sdl/types.ts) and chain-sdk's
 * `akash.deployment.v1beta4.GroupSpec`.
 *
 * Field by field, as Go's gogoproto types hold them:
 * - resource quantities (`cpu.units`, `memory.size`, `storage[].size`, `gpu.units`) are
 *   `ResourceValue{val}` with `val` of custom type math.Int, whose binary form is the ASCII
 *   decimal string: `val` is the UTF-8 bytes of "500" (protocol.md §1.1);
 * - Go's JSON tag `size` is the proto field `quantity`;
 * - the price is a DecCoin; we hand chain-sdk Go's printed LegacyDec ("100.000000000000000000")
 *   and chain-sdk's DecCoin codec writes it as the integer scaled by 10^18;
 * - non-nullable sub-messages (requirements, signed_by, cpu, memory, gpu, price) are always
 *   present, so they are always written, as gogoproto writes them.
 */
import type { GroupSpec as ProtoGroupSpec, ResourceUnit as ProtoResourceUnit } from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import type { Attribute, Endpoint, EndpointKindValue, GroupSpec, ResourceUnit, Resources } from "../../../../sdl/types.js";
import { normalizeLegacyDec } from "../../encoding.js";

const UTF8 = new TextEncoder();
const FROM_UTF8 = new TextDecoder();

type ProtoAttribute = { key: string; value: string };
type ProtoResources = NonNullable<ProtoResourceUnit["resource"]>;

function attributes(list: readonly Attribute[] | null | undefined): ProtoAttribute[] {
  return (list ?? []).map((a) => ({ key: a.key ?? "", value: a.value ?? "" }));
}

function value(val: string): { val: Uint8Array } {
  return { val: UTF8.encode(val) };
}

function resources(r: Resources): ProtoResources {
  return {
    id: r.id,
    cpu: { units: value(r.cpu.units.val), attributes: attributes(r.cpu.attributes) },
    memory: { quantity: value(r.memory.size.val), attributes: attributes(r.memory.attributes) },
    storage: (r.storage ?? []).map((s) => ({ name: s.name, quantity: value(s.size.val), attributes: attributes(s.attributes) })),
    gpu: { units: value(r.gpu.units.val), attributes: attributes(r.gpu.attributes) },
    endpoints: (r.endpoints ?? []).map((e) => ({ kind: e.kind ?? 0, sequenceNumber: e.sequence_number })),
  };
}

function resourceUnit(unit: ResourceUnit): ProtoResourceUnit {
  return { resource: resources(unit.resource), count: unit.count, price: { denom: unit.price.denom, amount: unit.price.amount } };
}

/** The chain-sdk GroupSpec for one of the SDL compiler's group specs. */
export function toProtoGroupSpec(spec: GroupSpec): ProtoGroupSpec {
  return {
    name: spec.name,
    requirements: {
      signedBy: { allOf: [...(spec.requirements.signed_by.all_of ?? [])], anyOf: [...(spec.requirements.signed_by.any_of ?? [])] },
      attributes: attributes(spec.requirements.attributes),
    },
    resources: spec.resources.map(resourceUnit),
  };
}

// --- back: what Go's encoding/json prints for a GroupSpec decoded from the chain ---------------

function goAttributes(list: readonly ProtoAttribute[]): Attribute[] {
  return list.map((a) => ({ ...(a.key !== "" ? { key: a.key } : {}), ...(a.value !== "" ? { value: a.value } : {}) }));
}

function withAttributes<T extends object>(base: T, list: readonly ProtoAttribute[] | undefined): T & { attributes?: Attribute[] } {
  return list && list.length > 0 ? { ...base, attributes: goAttributes(list) } : base;
}

function goValue(v: { val: Uint8Array } | undefined): { val: string } {
  return { val: v ? FROM_UTF8.decode(v.val) : "" };
}

function nullIfEmpty<T>(list: readonly T[] | undefined): T[] | null {
  return list && list.length > 0 ? [...list] : null;
}

function goEndpoint(e: { kind: number; sequenceNumber: number }): Endpoint {
  return e.kind === 0 ? { sequence_number: e.sequenceNumber } : { kind: e.kind as EndpointKindValue, sequence_number: e.sequenceNumber };
}

/**
 * A GroupSpec read from the chain in the SDL compiler's shape: Go's JSON of the decoded message
 * (empty lists are nil, so `null`; `omitempty` attributes and endpoint kind 0 are left out;
 * prices in LegacyDec's printed form).
 */
export function fromProtoGroupSpec(spec: ProtoGroupSpec): GroupSpec {
  const requirements = spec.requirements;
  const attributes = requirements?.attributes ?? [];
  return {
    name: spec.name,
    requirements: {
      signed_by: { all_of: nullIfEmpty(requirements?.signedBy?.allOf), any_of: nullIfEmpty(requirements?.signedBy?.anyOf) },
      attributes: attributes.length > 0 ? goAttributes(attributes) : null,
    },
    resources: spec.resources.map((unit): ResourceUnit => {
      const r = unit.resource;
      return {
        resource: {
          id: r?.id ?? 0,
          cpu: withAttributes({ units: goValue(r?.cpu?.units) }, r?.cpu?.attributes),
          memory: withAttributes({ size: goValue(r?.memory?.quantity) }, r?.memory?.attributes),
          storage: nullIfEmpty((r?.storage ?? []).map((s) => withAttributes({ name: s.name, size: goValue(s.quantity) }, s.attributes))),
          gpu: withAttributes({ units: goValue(r?.gpu?.units) }, r?.gpu?.attributes),
          endpoints: nullIfEmpty((r?.endpoints ?? []).map(goEndpoint)),
        },
        count: unit.count,
        price: { denom: unit.price?.denom ?? "", amount: normalizeLegacyDec(unit.price?.amount || "0") },
      };
    }),
  };
}
