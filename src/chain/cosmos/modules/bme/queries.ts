/** BME queries (`akash.bme.v1.Query/Status`, protocol.md §1.6): can ACT be minted or burned right now? */
import { QueryStatusRequest, QueryStatusResponse } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import type { BmeStatus } from "../../../types.js";
import { normalizeLegacyDec } from "../../encoding.js";
import type { AbciQuery } from "../../transport.js";
import { runQuery } from "../query.js";

export const BME_STATUS_PATH = "/akash.bme.v1.Query/Status";

const STATUSES: Readonly<Record<number, BmeStatus["status"]>> = {
  1: "healthy",
  2: "warning",
  3: "halt_cr",
  4: "halt_oracle",
};

/** The ratio and thresholds are LegacyDec (chain-sdk converts them on decode, like DecCoin amounts). */
const dec = (value: string): string => normalizeLegacyDec(value === "" ? "0" : value);

export function toBmeStatus(response: QueryStatusResponse): BmeStatus {
  return {
    status: STATUSES[response.status] ?? "unspecified",
    collateralRatio: dec(response.collateralRatio),
    warnThreshold: dec(response.warnThreshold),
    haltThreshold: dec(response.haltThreshold),
    mintsAllowed: response.mintsAllowed,
    refundsAllowed: response.refundsAllowed,
  };
}

export async function queryBmeStatus(query: AbciQuery): Promise<BmeStatus> {
  return toBmeStatus(await runQuery(query, BME_STATUS_PATH, QueryStatusRequest.fromPartial({}), QueryStatusRequest, QueryStatusResponse));
}
