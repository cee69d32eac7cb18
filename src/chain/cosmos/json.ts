/**
 * The JSON the Cosmos SDK prints for a transaction, for `--generate-only`: what
 * `akash tx ... --generate-only` writes and `akash tx sign` reads back.
 *
 * The SDK's JSON tx encoder re-reads the tx as gogoproto types and prints it with
 * `codec.ProtoMarshalJSON` (x/auth/tx/encoder.go `DefaultJSONTxEncoder`, cosmos-sdk v0.50+;
 * Akash runs a v0.53 fork), i.e. gogoproto's jsonpb with `OrigName: true, EmitDefaults: true`:
 * - proto field names (`sequence_number`, `bid_id`, memory `quantity`), in declaration order;
 * - every field present: empty lists as [], unset nullable messages as null, false, "", 0;
 * - 64-bit integers as strings, 32-bit as numbers, bytes as base64, enums by name;
 * - gogoproto custom types through their own JSON: math.Int `ResourceValue.val` as its decimal
 *   string ("500"), LegacyDec DecCoin amounts with 18 decimals ("100.000000000000000000");
 * - Any as {"@type": url, ...fields}.
 * The same shape is what the node's REST API returns for these types (for example a group spec
 * reads `"memory":{"quantity":{"val":"536870912"},"attributes":[]}` and
 * `"endpoints":[{"kind":"SHARED_HTTP","sequence_number":0}]`).
 *
 * chain-sdk has no descriptors to drive a generic printer, so each tenant message is written out
 * here from the chain-sdk message object that is also encoded and signed, which keeps the two in
 * step. A message type not listed is an internal error, never a silent omission.
 */
import type { EncodeObject } from "@cosmjs/proto-signing";
import type {
  GroupSpec,
  MsgCloseDeployment,
  MsgCloseGroup,
  MsgCreateDeployment,
  MsgUpdateDeployment,
  ResourceUnit,
} from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import { Endpoint_Kind } from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import type { MsgCloseLease, MsgCreateLease } from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import type { MsgAccountDeposit, MsgBurnACT, MsgCreateCertificate, MsgMintACT, MsgRevokeCertificate } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import { LeaseClosedReason, Scope, Source } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import { InternalError } from "../../errors.js";
import type { Coin } from "../types.js";
import { normalizeLegacyDec, toBase64 } from "./encoding.js";
import { TYPE_URL } from "./registry.js";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const UTF8 = new TextDecoder();

interface LongLike {
  toString(): string;
}

const u64 = (value: LongLike | undefined): string => (value === undefined ? "0" : value.toString());
const coin = (c: { denom: string; amount: string } | undefined): JsonObject => ({ denom: c?.denom ?? "", amount: c?.amount ?? "" });
const decCoin = (c: { denom: string; amount: string } | undefined): JsonObject => ({
  denom: c?.denom ?? "",
  amount: normalizeLegacyDec(c?.amount === undefined || c.amount === "" ? "0" : c.amount),
});
const attributes = (list: readonly { key: string; value: string }[] | undefined): Json[] => (list ?? []).map((a) => ({ key: a.key, value: a.value }));
const resourceValue = (v: { val: Uint8Array } | undefined): JsonObject => ({ val: v ? UTF8.decode(v.val) : "" });

function enumName(names: Record<number, string>, value: number): Json {
  // jsonpb prints an unknown enum number as the number.
  return names[value] ?? value;
}

function deploymentId(id: { owner: string; dseq: LongLike } | undefined): JsonObject {
  return { owner: id?.owner ?? "", dseq: u64(id?.dseq) };
}

function groupId(id: { owner: string; dseq: LongLike; gseq: number } | undefined): JsonObject {
  return { owner: id?.owner ?? "", dseq: u64(id?.dseq), gseq: id?.gseq ?? 0 };
}

function bidId(id: { owner: string; dseq: LongLike; gseq: number; oseq: number; provider: string; bseq: number } | undefined): JsonObject {
  return {
    owner: id?.owner ?? "",
    dseq: u64(id?.dseq),
    gseq: id?.gseq ?? 0,
    oseq: id?.oseq ?? 0,
    provider: id?.provider ?? "",
    bseq: id?.bseq ?? 0,
  };
}

function resourceUnit(unit: ResourceUnit): JsonObject {
  const r = unit.resource;
  return {
    resource: {
      id: r?.id ?? 0,
      cpu: { units: resourceValue(r?.cpu?.units), attributes: attributes(r?.cpu?.attributes) },
      memory: { quantity: resourceValue(r?.memory?.quantity), attributes: attributes(r?.memory?.attributes) },
      storage: (r?.storage ?? []).map((s) => ({ name: s.name, quantity: resourceValue(s.quantity), attributes: attributes(s.attributes) })),
      gpu: { units: resourceValue(r?.gpu?.units), attributes: attributes(r?.gpu?.attributes) },
      endpoints: (r?.endpoints ?? []).map((e) => ({ kind: enumName(Endpoint_Kind, e.kind), sequence_number: e.sequenceNumber })),
    },
    count: unit.count,
    price: decCoin(unit.price),
  };
}

export function groupSpecJson(spec: GroupSpec): JsonObject {
  return {
    name: spec.name,
    requirements: {
      signed_by: { all_of: [...(spec.requirements?.signedBy?.allOf ?? [])], any_of: [...(spec.requirements?.signedBy?.anyOf ?? [])] },
      attributes: attributes(spec.requirements?.attributes),
    },
    resources: spec.resources.map(resourceUnit),
  };
}

function deposit(d: { amount: { denom: string; amount: string } | undefined; sources: number[] } | undefined): JsonObject {
  return { amount: coin(d?.amount), sources: (d?.sources ?? []).map((s) => enumName(Source, s)) };
}

const MESSAGES: Readonly<Record<string, (value: never) => JsonObject>> = {
  [TYPE_URL.MsgCreateDeployment]: (m: MsgCreateDeployment) => ({
    id: deploymentId(m.id),
    groups: m.groups.map(groupSpecJson),
    hash: toBase64(m.hash),
    deposit: deposit(m.deposit),
    // Field 5 (v2.1 chains): never set by this client (chain-sdk 1.0.0-alpha.25 has no codec for
    // it), printed as the node's CLI prints an unset message.
    reclamation: null,
  }),
  [TYPE_URL.MsgUpdateDeployment]: (m: MsgUpdateDeployment) => ({ id: deploymentId(m.id), hash: toBase64(m.hash) }),
  [TYPE_URL.MsgCloseDeployment]: (m: MsgCloseDeployment) => ({ id: deploymentId(m.id) }),
  [TYPE_URL.MsgCloseGroup]: (m: MsgCloseGroup) => ({ id: groupId(m.id) }),
  [TYPE_URL.MsgPauseGroup]: (m: MsgCloseGroup) => ({ id: groupId(m.id) }),
  [TYPE_URL.MsgStartGroup]: (m: MsgCloseGroup) => ({ id: groupId(m.id) }),
  [TYPE_URL.MsgCreateLease]: (m: MsgCreateLease) => ({ bid_id: bidId(m.bidId) }),
  [TYPE_URL.MsgCloseLease]: (m: MsgCloseLease) => ({ id: bidId(m.id), reason: enumName(LeaseClosedReason, m.reason) }),
  [TYPE_URL.MsgAccountDeposit]: (m: MsgAccountDeposit) => ({
    signer: m.signer,
    id: { scope: enumName(Scope, m.id?.scope ?? 0), xid: m.id?.xid ?? "" },
    deposit: deposit(m.deposit),
  }),
  [TYPE_URL.MsgMintACT]: (m: MsgMintACT) => ({ owner: m.owner, to: m.to, coins_to_burn: coin(m.coinsToBurn) }),
  [TYPE_URL.MsgBurnACT]: (m: MsgBurnACT) => ({ owner: m.owner, to: m.to, coins_to_burn: coin(m.coinsToBurn) }),
  [TYPE_URL.MsgCreateCertificate]: (m: MsgCreateCertificate) => ({ owner: m.owner, cert: toBase64(m.cert), pubkey: toBase64(m.pubkey) }),
  [TYPE_URL.MsgRevokeCertificate]: (m: MsgRevokeCertificate) => ({ id: { owner: m.id?.owner ?? "", serial: m.id?.serial ?? "" } }),
};

/** One message as a JSON Any: {"@type": url, ...fields}. */
export function messageJson(message: EncodeObject): JsonObject {
  const render = MESSAGES[message.typeUrl];
  if (!render) throw new InternalError(`no JSON form for ${message.typeUrl}`);
  return { "@type": message.typeUrl, ...render(message.value as never) };
}

export interface UnsignedTxInput {
  readonly messages: readonly EncodeObject[];
  readonly memo: string;
  readonly fee: readonly Coin[];
  readonly gasLimit: bigint;
  readonly feeGranter?: string;
  readonly feePayer?: string;
  readonly timeoutHeight?: bigint;
}

/** The unsigned transaction (`signer_infos` and `signatures` empty), as `--generate-only` prints it. */
export function unsignedTxJson(input: UnsignedTxInput): JsonObject {
  return {
    body: {
      messages: input.messages.map(messageJson),
      memo: input.memo,
      timeout_height: (input.timeoutHeight ?? 0n).toString(),
      unordered: false,
      timeout_timestamp: null,
      extension_options: [],
      non_critical_extension_options: [],
    },
    auth_info: {
      signer_infos: [],
      fee: {
        amount: input.fee.map((c) => ({ denom: c.denom, amount: c.amount })),
        gas_limit: input.gasLimit.toString(),
        payer: input.feePayer ?? "",
        granter: input.feeGranter ?? "",
      },
      tip: null,
    },
    signatures: [],
  };
}
