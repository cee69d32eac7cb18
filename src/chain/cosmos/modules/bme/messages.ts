/**
 * BME messages (`akash.bme.v1.Msg`, protocol.md §1.6): MsgMintACT burns uakt for uact,
 * MsgBurnACT burns uact for uakt. ValidateBasic requires `owner == to` (ACT cannot be minted for
 * someone else) and a positive coin; only the uakt→uact and uact→uakt routes exist.
 *
 * Both are asynchronous: the transaction only queues a ledger record, executed by the BME
 * EndBlocker at the next epoch (~1 minute). A mint that yields less than `min_mint` (default
 * 10 ACT) is cancelled and refunded, so check params and the AKT price before minting.
 */
import type { EncodeObject } from "@cosmjs/proto-signing";
import { MsgBurnACT, MsgMintACT } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import type { Coin } from "../../../types.js";
import { checkCoin, inputError } from "../../encoding.js";
import { TYPE_URL } from "../../registry.js";
import { ACT_DENOM, AKT_DENOM } from "../deployment/messages.js";

function burnCoin(owner: string, coin: Coin, denom: string, what: string): Coin {
  if (owner === "") throw inputError("INVALID_ADDRESS", `${what}: the owner address is empty`);
  const checked = checkCoin(coin, what);
  if (checked.denom !== denom) {
    throw inputError("INVALID_DENOM", `${what} burns ${denom}; got ${checked.denom}`, { denom: checked.denom });
  }
  return checked;
}

/** Burn `amount` uakt, receive uact at the oracle price minus the mint spread. */
export function mintActMsg(owner: string, amount: Coin): EncodeObject {
  const coinsToBurn = burnCoin(owner, amount, AKT_DENOM, "mint ACT");
  return { typeUrl: TYPE_URL.MsgMintACT, value: MsgMintACT.fromPartial({ owner, to: owner, coinsToBurn }) };
}

/** Burn `amount` uact, receive uakt at the oracle price. */
export function burnActMsg(owner: string, amount: Coin): EncodeObject {
  const coinsToBurn = burnCoin(owner, amount, ACT_DENOM, "burn ACT");
  return { typeUrl: TYPE_URL.MsgBurnACT, value: MsgBurnACT.fromPartial({ owner, to: owner, coinsToBurn }) };
}
