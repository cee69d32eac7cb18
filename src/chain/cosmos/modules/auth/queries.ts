/**
 * The signing account's number and sequence (`cosmos.auth.v1beta1.Query/Account`). The answer is
 * an Any: a BaseAccount, or a vesting account wrapping one.
 */
import {
  BaseAccount,
  ContinuousVestingAccount,
  DelayedVestingAccount,
  PeriodicVestingAccount,
  PermanentLockedAccount,
  QueryAccountRequest,
  QueryAccountResponse,
} from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import { ChainError } from "../../../errors.js";
import { toBigInt } from "../../encoding.js";
import type { AbciQuery } from "../../transport.js";
import { isNotFound, runQuery } from "../query.js";

export const ACCOUNT_PATH = "/cosmos.auth.v1beta1.Query/Account";

export interface OnChainAccount {
  readonly address: string;
  readonly accountNumber: bigint;
  readonly sequence: bigint;
}

function baseAccount(any: { typeUrl: string; value: Uint8Array }): BaseAccount | undefined {
  switch (any.typeUrl) {
    case "/cosmos.auth.v1beta1.BaseAccount":
      return BaseAccount.decode(any.value);
    case "/cosmos.vesting.v1beta1.ContinuousVestingAccount":
      return ContinuousVestingAccount.decode(any.value).baseVestingAccount?.baseAccount;
    case "/cosmos.vesting.v1beta1.DelayedVestingAccount":
      return DelayedVestingAccount.decode(any.value).baseVestingAccount?.baseAccount;
    case "/cosmos.vesting.v1beta1.PeriodicVestingAccount":
      return PeriodicVestingAccount.decode(any.value).baseVestingAccount?.baseAccount;
    case "/cosmos.vesting.v1beta1.PermanentLockedAccount":
      return PermanentLockedAccount.decode(any.value).baseVestingAccount?.baseAccount;
    default:
      return undefined;
  }
}

/** Decode a QueryAccountResponse's account. */
export function toOnChainAccount(response: QueryAccountResponse): OnChainAccount {
  const any = response.account;
  const base = any ? baseAccount(any) : undefined;
  if (!any || !base) {
    throw new ChainError("QUERY_FAILED", `the node returned an account of a type akash does not sign for (${any?.typeUrl ?? "none"})`, {
      typeUrl: any?.typeUrl ?? "",
    });
  }
  return { address: base.address, accountNumber: toBigInt(base.accountNumber), sequence: toBigInt(base.sequence) };
}

/** The account, or null if the chain has never seen it (it has never received tokens). */
export async function queryAccount(query: AbciQuery, address: string): Promise<OnChainAccount | null> {
  try {
    return toOnChainAccount(await runQuery(query, ACCOUNT_PATH, QueryAccountRequest.fromPartial({ address }), QueryAccountRequest, QueryAccountResponse));
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
