/**
 * BME parameters and ledger (`akash.bme.v1.Query/Params`, `/LedgerRecords`, protocol.md §1.6):
 * how often mints execute (epoch), the spreads, and the caller's pending conversions.
 *
 * chain-sdk 1.0.0-alpha.25 predates node v2.1: its Params has no `min_mint`, and its ledger status
 * enum stops at executed (canceled = 3 is mapped here). `min_mint` is read from the REST API when
 * one is configured (the CLI passes it); otherwise it is reported as unknown.
 */
import { QueryLedgerRecordsRequest, QueryLedgerRecordsResponse, QueryParamsRequest, QueryParamsResponse } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import type { BmeLedgerRecord, BmeParams } from "../../../types.js";
import { toBigInt } from "../../encoding.js";
import type { AbciQuery } from "../../transport.js";
import { coin } from "../escrow/queries.js";
import { allPages, runQuery } from "../query.js";

export const BME_PARAMS_PATH = "/akash.bme.v1.Query/Params";
export const BME_LEDGER_PATH = "/akash.bme.v1.Query/LedgerRecords";

const LEDGER_STATUSES: Readonly<Record<number, BmeLedgerRecord["status"]>> = { 1: "pending", 2: "executed", 3: "canceled" };

export async function queryBmeParams(query: AbciQuery): Promise<BmeParams> {
  const response = await runQuery(query, BME_PARAMS_PATH, QueryParamsRequest.fromPartial({}), QueryParamsRequest, QueryParamsResponse);
  const p = response.params;
  return {
    minEpochBlocks: toBigInt(p?.minEpochBlocks),
    mintSpreadBps: p?.mintSpreadBps ?? 0,
    settleSpreadBps: p?.settleSpreadBps ?? 0,
    warnThresholdBps: p?.circuitBreakerWarnThreshold ?? 0,
    haltThresholdBps: p?.circuitBreakerHaltThreshold ?? 0,
    minMint: [],
  };
}

export async function queryBmeLedger(
  query: AbciQuery,
  filter: { readonly source: string; readonly status?: "pending" | "executed" | "canceled" },
): Promise<BmeLedgerRecord[]> {
  return allPages(async (pagination) => {
    const request = QueryLedgerRecordsRequest.fromPartial({
      filters: { source: filter.source, denom: "", toDenom: "", status: filter.status ? `ledger_record_status_${filter.status}` : "" },
      pagination,
    });
    const response = await runQuery(query, BME_LEDGER_PATH, request, QueryLedgerRecordsRequest, QueryLedgerRecordsResponse);
    return {
      items: response.records.map((r) => {
        const pending = r.pendingRecord;
        const executed = r.executedRecord;
        return {
          denom: r.id?.denom ?? "",
          toDenom: r.id?.toDenom ?? "",
          source: r.id?.source ?? "",
          height: toBigInt(r.id?.height),
          sequence: toBigInt(r.id?.sequence),
          status: LEDGER_STATUSES[r.status] ?? "unknown",
          burned: pending?.coinsToBurn ? coin(pending.coinsToBurn) : executed?.burned?.coin ? coin(executed.burned.coin) : undefined,
          minted: executed?.minted?.coin ? coin(executed.minted.coin) : undefined,
        };
      }),
      nextKey: response.pagination?.nextKey,
    };
  });
}
