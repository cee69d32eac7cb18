/**
 * Escrow state as the deployment and lease queries return it (`akash.escrow.types.v1`), in
 * domain terms. Funds and balances are DecCoins (LegacyDec on the wire); `funds` may go negative
 * once an account is overdrawn.
 */
import type { Types_Account, Types_Payment } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import type { Coin, DecCoin, DepositSource, EscrowAccount, EscrowPayment, EscrowState } from "../../../types.js";
import { normalizeLegacyDec, toBigInt } from "../../encoding.js";

const STATES: Readonly<Record<number, EscrowState>> = { 1: "open", 2: "closed", 3: "overdrawn" };
const SOURCES: Readonly<Record<number, DepositSource>> = { 1: "balance", 2: "grant" };

export function escrowState(value: number): EscrowState {
  return STATES[value] ?? "unknown";
}

export function decCoin(c: { denom: string; amount: string } | undefined): DecCoin {
  return { denom: c?.denom ?? "", amount: normalizeLegacyDec(c?.amount === undefined || c.amount === "" ? "0" : c.amount) };
}

export function coin(c: { denom: string; amount: string } | undefined): Coin {
  return { denom: c?.denom ?? "", amount: c?.amount === undefined || c.amount === "" ? "0" : c.amount };
}

/** The escrow account of a deployment (QueryDeploymentResponse.escrow_account). */
export function escrowAccount(account: Types_Account | undefined): EscrowAccount | undefined {
  const state = account?.state;
  if (!state) return undefined;
  return {
    owner: state.owner,
    state: escrowState(state.state),
    funds: state.funds.map(decCoin),
    transferred: state.transferred.map(decCoin),
    settledAt: toBigInt(state.settledAt),
    deposits: state.deposits.map((d) => ({
      owner: d.owner,
      height: toBigInt(d.height),
      source: SOURCES[d.source] ?? "unknown",
      balance: decCoin(d.balance),
    })),
  };
}

/** The escrow payment of a lease (QueryLeaseResponse.escrow_payment). */
export function escrowPayment(payment: Types_Payment | undefined): EscrowPayment | undefined {
  const state = payment?.state;
  if (!state) return undefined;
  return {
    state: escrowState(state.state),
    rate: { ...decCoin(state.rate), per: "block" },
    balance: decCoin(state.balance),
    unsettled: decCoin(state.unsettled),
    withdrawn: coin(state.withdrawn),
  };
}
