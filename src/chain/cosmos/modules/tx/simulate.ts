/** Gas estimation: `cosmos.tx.v1beta1.Service/Simulate` over ABCI, as cosmjs does it. */
import { SimulateRequest, SimulateResponse } from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import { ChainError } from "../../../errors.js";
import { toBigInt } from "../../encoding.js";
import type { FailureContext } from "../../errors.js";
import { translateAbciFailure } from "../../errors.js";
import { AbciError, type AbciQuery } from "../../transport.js";

export const SIMULATE_PATH = "/cosmos.tx.v1beta1.Service/Simulate";

/** Gas used by the transaction in a dry run. A failing simulation is the failure the transaction would have. */
export async function simulateGas(query: AbciQuery, txBytes: Uint8Array, context: FailureContext = {}): Promise<bigint> {
  let bytes: Uint8Array;
  try {
    bytes = await query(SIMULATE_PATH, SimulateRequest.encode(SimulateRequest.fromPartial({ txBytes })).finish());
  } catch (error) {
    if (error instanceof AbciError) {
      throw translateAbciFailure({ codespace: error.codespace, code: error.code, log: error.log }, { ...context, stage: "simulate" });
    }
    throw error;
  }
  const gasUsed = toBigInt(SimulateResponse.decode(bytes).gasInfo?.gasUsed);
  if (gasUsed <= 0n) throw new ChainError("QUERY_FAILED", "the node's simulation reported no gas used", {});
  return gasUsed;
}
