/**
 * Market module queries (`akash.market.v1beta5.Query`, protocol.md §2.2): bids and leases of a
 * deployment. Filters are exact; 0 or "" means "any".
 */
import { QueryBidsRequest, QueryBidsResponse, QueryLeasesRequest, QueryLeasesResponse, type QueryBidResponse, type QueryLeaseResponse } from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import { LeaseClosedReason } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import type { Bid, BidId, BidState, Lease, LeaseState } from "../../../types.js";
import { checkDseq, toBigInt, uint64 } from "../../encoding.js";
import type { AbciQuery } from "../../transport.js";
import { decCoin, escrowPayment } from "../escrow/queries.js";
import { allPages, runQuery } from "../query.js";

export const BIDS_PATH = "/akash.market.v1beta5.Query/Bids";
export const LEASES_PATH = "/akash.market.v1beta5.Query/Leases";

const BID_STATES: Readonly<Record<number, BidState>> = { 1: "open", 2: "active", 3: "lost", 4: "closed" };
// 4 (reclaiming) exists from node v2.1.0; chain-sdk 1.0.0-alpha.25's enum stops at 3, so it is mapped here.
const LEASE_STATES: Readonly<Record<number, LeaseState>> = { 1: "active", 2: "insufficient_funds", 3: "closed", 4: "reclaiming" };

export interface MarketQueryFilter {
  readonly owner: string;
  readonly dseq?: bigint;
  readonly gseq?: number;
  readonly oseq?: number;
  readonly provider?: string;
  readonly state?: string;
}

function filters(filter: MarketQueryFilter) {
  return {
    owner: filter.owner,
    dseq: uint64(filter.dseq === undefined ? 0n : checkDseq(filter.dseq)),
    gseq: filter.gseq ?? 0,
    oseq: filter.oseq ?? 0,
    provider: filter.provider ?? "",
    state: filter.state ?? "",
    bseq: 0,
  };
}

function bidId(id: { owner: string; dseq: { toString(): string }; gseq: number; oseq: number; provider: string; bseq: number } | undefined): BidId {
  return { owner: id?.owner ?? "", dseq: toBigInt(id?.dseq), gseq: id?.gseq ?? 0, oseq: id?.oseq ?? 0, provider: id?.provider ?? "", bseq: id?.bseq ?? 0 };
}

export function toBid(entry: QueryBidResponse): Bid {
  const b = entry.bid;
  return {
    id: bidId(b?.id),
    state: BID_STATES[b?.state ?? 0] ?? "unknown",
    price: { ...decCoin(b?.price), per: "block" },
    createdAt: toBigInt(b?.createdAt),
  };
}

export function toLease(entry: QueryLeaseResponse): Lease {
  const l = entry.lease;
  const payment = escrowPayment(entry.escrowPayment);
  const reason = l?.reason ?? 0;
  return {
    id: bidId(l?.id),
    state: LEASE_STATES[l?.state ?? 0] ?? "unknown",
    price: { ...decCoin(l?.price), per: "block" },
    createdAt: toBigInt(l?.createdAt),
    closedOn: toBigInt(l?.closedOn),
    closedReason: reason === 0 ? "" : (LeaseClosedReason[reason] ?? String(reason)),
    ...(payment ? { payment } : {}),
  };
}

export async function queryBids(query: AbciQuery, filter: MarketQueryFilter): Promise<Bid[]> {
  return allPages(async (pagination) => {
    const request = QueryBidsRequest.fromPartial({ filters: filters(filter), pagination });
    const response = await runQuery(query, BIDS_PATH, request, QueryBidsRequest, QueryBidsResponse);
    return { items: response.bids.map(toBid), nextKey: response.pagination?.nextKey };
  });
}

export async function queryLeases(query: AbciQuery, filter: MarketQueryFilter): Promise<Lease[]> {
  return allPages(async (pagination) => {
    const request = QueryLeasesRequest.fromPartial({ filters: filters(filter), pagination });
    const response = await runQuery(query, LEASES_PATH, request, QueryLeasesRequest, QueryLeasesResponse);
    return { items: response.leases.map(toLease), nextKey: response.pagination?.nextKey };
  });
}
