/** Bank balances (`cosmos.bank.v1beta1.Query/AllBalances`): uakt for gas and mints, uact for deposits. */
import { QueryAllBalancesRequest, QueryAllBalancesResponse } from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import type { Coin } from "../../../types.js";
import type { AbciQuery } from "../../transport.js";
import { coin } from "../escrow/queries.js";
import { allPages, runQuery } from "../query.js";

export const ALL_BALANCES_PATH = "/cosmos.bank.v1beta1.Query/AllBalances";

export async function queryBalances(query: AbciQuery, address: string): Promise<Coin[]> {
  return allPages(async (pagination) => {
    const request = QueryAllBalancesRequest.fromPartial({ address, pagination });
    const response = await runQuery(query, ALL_BALANCES_PATH, request, QueryAllBalancesRequest, QueryAllBalancesResponse);
    return { items: response.balances.map(coin), nextKey: response.pagination?.nextKey };
  });
}
