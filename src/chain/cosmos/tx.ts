/**
 * Building and signing transactions offline: SIGN_MODE_DIRECT over cosmjs's `makeSignDoc` and
 * `makeAuthInfoBytes`, signed by any OfflineDirectSigner (src/wallet's `signerFor()`), which
 * never hands over a key. The result is the TxRaw bytes to broadcast and their hash.
 */
import { sha256 } from "@cosmjs/crypto";
import { makeAuthInfoBytes, makeSignBytes, makeSignDoc, type EncodeObject, type OfflineDirectSigner, type Registry } from "@cosmjs/proto-signing";
import { TxRaw } from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import { PubKey } from "@akashnetwork/chain-sdk/private-types/cosmos.secp256k1";
import { InternalError } from "../../errors.js";
import type { Coin } from "../types.js";
import { inputError } from "./encoding.js";
import { checkGasLimit } from "./fees.js";
import { unsignedTxJson } from "./json.js";

export const SECP256K1_PUBKEY_TYPE_URL = "/cosmos.crypto.secp256k1.PubKey";

export interface TxPlan {
  readonly messages: readonly EncodeObject[];
  readonly memo?: string;
  readonly fee: readonly Coin[];
  readonly gasLimit: bigint;
  readonly feeGranter?: string;
  readonly timeoutHeight?: bigint;
}

/** What the chain knows about the signing account, and which chain this is. */
export interface SignerData {
  readonly chainId: string;
  readonly accountNumber: bigint;
  readonly sequence: bigint;
}

export interface SignedTx {
  /** TxRaw bytes: what is broadcast. */
  readonly txBytes: Uint8Array;
  /** Upper-case hex SHA-256 of `txBytes`, as the chain and explorers print it. */
  readonly txHash: string;
  readonly bodyBytes: Uint8Array;
  readonly authInfoBytes: Uint8Array;
  /** The exact bytes that were signed (SignDoc). */
  readonly signDocBytes: Uint8Array;
  /** 64-byte compact secp256k1 signature (r ‖ s). */
  readonly signature: Uint8Array;
}

export function txHash(txBytes: Uint8Array): string {
  return Buffer.from(sha256(txBytes)).toString("hex").toUpperCase();
}

/** The Any for a compressed secp256k1 public key, as signer infos carry it. */
export function pubkeyAny(pubkey: Uint8Array): { typeUrl: string; value: Uint8Array } {
  if (pubkey.length !== 33) throw new InternalError(`expected a 33-byte compressed secp256k1 public key, got ${pubkey.length} bytes`);
  return { typeUrl: SECP256K1_PUBKEY_TYPE_URL, value: PubKey.encode(PubKey.fromPartial({ key: pubkey })).finish() };
}

function checkPlan(plan: TxPlan): void {
  if (plan.messages.length === 0) throw inputError("NO_MESSAGES", "a transaction needs at least one message");
  checkGasLimit(plan.gasLimit);
}

function bodyBytes(registry: Registry, plan: TxPlan): Uint8Array {
  return registry.encodeTxBody({
    messages: plan.messages,
    memo: plan.memo ?? "",
    ...(plan.timeoutHeight !== undefined ? { timeoutHeight: plan.timeoutHeight } : {}),
  });
}

function authInfoBytes(plan: TxPlan, pubkey: Uint8Array, sequence: bigint): Uint8Array {
  return makeAuthInfoBytes(
    [{ pubkey: pubkeyAny(pubkey), sequence }],
    plan.fee.map((c) => ({ denom: c.denom, amount: c.amount })),
    Number(plan.gasLimit),
    plan.feeGranter,
    undefined,
  );
}

/** The account the signer signs for, with its public key; refuses anything but secp256k1. */
export async function signerAccount(signer: OfflineDirectSigner, address?: string): Promise<{ address: string; pubkey: Uint8Array }> {
  const accounts = await signer.getAccounts();
  const account = address === undefined ? accounts[0] : accounts.find((a) => a.address === address);
  if (!account) throw new InternalError(address === undefined ? "the signer has no accounts" : `the signer has no account ${address}`);
  if (account.algo !== "secp256k1") throw new InternalError(`unsupported key algorithm ${account.algo}; Akash accounts use secp256k1`);
  return { address: account.address, pubkey: account.pubkey };
}

/** Sign a planned transaction (SIGN_MODE_DIRECT) and assemble the TxRaw. */
export async function signTx(
  registry: Registry,
  plan: TxPlan,
  signer: OfflineDirectSigner,
  signerAddress: string,
  signerData: SignerData,
): Promise<SignedTx> {
  checkPlan(plan);
  const { pubkey } = await signerAccount(signer, signerAddress);
  const body = bodyBytes(registry, plan);
  const authInfo = authInfoBytes(plan, pubkey, signerData.sequence);
  const signDoc = makeSignDoc(body, authInfo, signerData.chainId, Number(signerData.accountNumber));
  const { signed, signature } = await signer.signDirect(signerAddress, signDoc);
  // A signer may adjust what it signs (a wallet raising the fee): use what it actually signed.
  const signedDoc = { ...signDoc, bodyBytes: signed.bodyBytes, authInfoBytes: signed.authInfoBytes };
  const sig = Uint8Array.from(Buffer.from(signature.signature, "base64"));
  const txBytes = TxRaw.encode(TxRaw.fromPartial({ bodyBytes: signed.bodyBytes, authInfoBytes: signed.authInfoBytes, signatures: [sig] })).finish();
  return {
    txBytes,
    txHash: txHash(txBytes),
    bodyBytes: signed.bodyBytes,
    authInfoBytes: signed.authInfoBytes,
    signDocBytes: makeSignBytes(signedDoc),
    signature: sig,
  };
}

/**
 * The transaction to simulate: real body and signer info (the ante handler checks the sequence
 * and charges signature-verification gas by key type), an empty signature, no fee.
 */
export function simulationTxBytes(registry: Registry, plan: Omit<TxPlan, "fee" | "gasLimit">, pubkey: Uint8Array, sequence: bigint): Uint8Array {
  if (plan.messages.length === 0) throw inputError("NO_MESSAGES", "a transaction needs at least one message");
  const full: TxPlan = { ...plan, fee: [], gasLimit: 1n };
  return TxRaw.encode(
    TxRaw.fromPartial({ bodyBytes: bodyBytes(registry, full), authInfoBytes: authInfoBytes({ ...full, gasLimit: 0n }, pubkey, sequence), signatures: [new Uint8Array()] }),
  ).finish();
}

/** The unsigned transaction's JSON, for `--generate-only`. */
export function generateOnly(plan: TxPlan): ReturnType<typeof unsignedTxJson> {
  checkPlan(plan);
  return unsignedTxJson({
    messages: plan.messages,
    memo: plan.memo ?? "",
    fee: plan.fee,
    gasLimit: plan.gasLimit,
    ...(plan.feeGranter !== undefined ? { feeGranter: plan.feeGranter } : {}),
    ...(plan.timeoutHeight !== undefined ? { timeoutHeight: plan.timeoutHeight } : {}),
  });
}
