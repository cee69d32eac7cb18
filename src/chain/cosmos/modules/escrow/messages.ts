/**
 * Escrow top-ups (`/akash.escrow.v1.MsgAccountDeposit`, protocol.md §1.4). Anyone may fund
 * anyone's deployment; the escrow account is `{scope: deployment, xid: "<owner>/<dseq>"}`.
 *
 * uact is what pays providers. uakt is accepted by the chain here (unlike on create) but only as
 * a fallback reserve: it is spent only while ACT minting is halted and the oracle is healthy, and
 * otherwise sits in escrow until it is refunded on close. Other denominations would never be
 * spent at all, so they are refused.
 */
import type { EncodeObject } from "@cosmjs/proto-signing";
import { MsgAccountDeposit, Scope } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import type { Coin, DepositSource } from "../../../types.js";
import { checkCoin, checkDseq, inputError } from "../../encoding.js";
import { TYPE_URL } from "../../registry.js";
import { ACT_DENOM, AKT_DENOM, depositSources } from "../deployment/messages.js";

/** The escrow account id of a deployment, as the chain keys it (`sdk:go/node/deployment/v1/escrow.go`). */
export function deploymentEscrowXid(owner: string, dseq: bigint): string {
  return `${owner}/${checkDseq(dseq)}`;
}

export interface DepositInput {
  /** Who signs and pays. */
  readonly signer: string;
  /** Whose deployment. */
  readonly owner: string;
  readonly dseq: bigint;
  readonly amount: Coin;
  readonly sources?: readonly DepositSource[];
}

export function depositMsg(input: DepositInput): EncodeObject {
  if (input.signer === "" || input.owner === "") throw inputError("INVALID_ADDRESS", "deposit: signer and owner must both be set");
  // AuthorizeDeposits reads the amount with Int64().
  const amount = checkCoin(input.amount, "escrow deposit", { maxInt64: true });
  if (amount.denom !== ACT_DENOM && amount.denom !== AKT_DENOM) {
    throw inputError(
      "DEPOSIT_DENOM",
      `escrow deposits must be in ${ACT_DENOM} (what providers are paid in) or ${AKT_DENOM} (a fallback reserve); ${amount.denom} would never be spent`,
      { denom: amount.denom },
    );
  }
  const value = MsgAccountDeposit.fromPartial({
    signer: input.signer,
    id: { scope: Scope.deployment, xid: deploymentEscrowXid(input.owner, input.dseq) },
    deposit: { amount, sources: depositSources(input.sources) },
  });
  return { typeUrl: TYPE_URL.MsgAccountDeposit, value };
}
