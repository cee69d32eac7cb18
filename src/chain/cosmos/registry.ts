/**
 * The cosmjs Registry for the Akash messages a tenant sends, with chain-sdk's generated codecs.
 * Type URLs are derived from each codec's `$type` (so a URL can never drift from its codec) and
 * checked against protocol.md Appendix A in test/chain/cosmos/registry.test.ts.
 *
 * chain-sdk's codecs are ts-proto style (`encode`, `decode`, `fromPartial`), which cosmjs's
 * Registry accepts as-is. DecCoin's codec is wrapped by chain-sdk so that amounts are converted
 * to and from Cosmos LegacyDec (the decimal scaled by 10^18, as an integer string) on the wire.
 */
import { Registry, type GeneratedType } from "@cosmjs/proto-signing";
import {
  MsgCloseDeployment,
  MsgCloseGroup,
  MsgCreateDeployment,
  MsgPauseGroup,
  MsgStartGroup,
  MsgUpdateDeployment,
} from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import { MsgCloseLease, MsgCreateLease } from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import {
  MsgAccountDeposit,
  MsgBurnACT,
  MsgBurnMint,
  MsgCreateCertificate,
  MsgMintACT,
  MsgRevokeCertificate,
} from "@akashnetwork/chain-sdk/private-types/akash.v1";

/** What the registry needs to know of a chain-sdk codec here (the full type is chain-sdk's MessageFns). */
export interface TenantCodec {
  readonly $type: string;
  decode(input: Uint8Array): unknown;
}

function entry(codec: TenantCodec): readonly [string, TenantCodec] {
  return [`/${codec.$type}`, codec];
}

export type TenantMessageName =
  | "MsgCreateDeployment"
  | "MsgUpdateDeployment"
  | "MsgCloseDeployment"
  | "MsgCloseGroup"
  | "MsgPauseGroup"
  | "MsgStartGroup"
  | "MsgCreateLease"
  | "MsgCloseLease"
  | "MsgAccountDeposit"
  | "MsgMintACT"
  | "MsgBurnACT"
  | "MsgBurnMint"
  | "MsgCreateCertificate"
  | "MsgRevokeCertificate";

/** Every message a tenant signs: its type URL and chain-sdk codec. */
export const TENANT_MESSAGES: { readonly [K in TenantMessageName]: readonly [string, TenantCodec] } = {
  MsgCreateDeployment: entry(MsgCreateDeployment),
  MsgUpdateDeployment: entry(MsgUpdateDeployment),
  MsgCloseDeployment: entry(MsgCloseDeployment),
  MsgCloseGroup: entry(MsgCloseGroup),
  MsgPauseGroup: entry(MsgPauseGroup),
  MsgStartGroup: entry(MsgStartGroup),
  MsgCreateLease: entry(MsgCreateLease),
  MsgCloseLease: entry(MsgCloseLease),
  MsgAccountDeposit: entry(MsgAccountDeposit),
  MsgMintACT: entry(MsgMintACT),
  MsgBurnACT: entry(MsgBurnACT),
  MsgBurnMint: entry(MsgBurnMint),
  MsgCreateCertificate: entry(MsgCreateCertificate),
  MsgRevokeCertificate: entry(MsgRevokeCertificate),
};

export const TYPE_URL = Object.fromEntries(Object.entries(TENANT_MESSAGES).map(([name, [url]]) => [name, url])) as {
  readonly [K in TenantMessageName]: string;
};

/** A Registry of every tenant message (and nothing else: cosmjs drops its defaults when given types). */
export function akashRegistry(): Registry {
  // chain-sdk's writers are @bufbuild/protobuf BinaryWriters, not protobufjs Writers; both have
  // the `finish()` the Registry calls, which is all it uses.
  return new Registry(Object.values(TENANT_MESSAGES).map(([url, codec]) => [url, codec as unknown as GeneratedType]));
}
