/**
 * Deployment module queries (`akash.deployment.v1beta4.Query`, protocol.md §2.2). A single
 * deployment is read through the list method with owner and dseq set, which the node answers
 * with a direct lookup and an empty list when there is none, instead of an error to interpret.
 */
import {
  QueryDeploymentsRequest,
  QueryDeploymentsResponse,
  QueryParamsRequest,
  QueryParamsResponse,
  type QueryDeploymentResponse,
} from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import type { Deployment, DeploymentId, DeploymentParams, DeploymentState, GroupState } from "../../../types.js";
import { checkDseq, toBigInt, toHex, uint64 } from "../../encoding.js";
import type { AbciQuery } from "../../transport.js";
import { coin, escrowAccount } from "../escrow/queries.js";
import { allPages, runQuery } from "../query.js";
import { fromProtoGroupSpec } from "./groupspec.js";

export const DEPLOYMENTS_PATH = "/akash.deployment.v1beta4.Query/Deployments";
export const DEPLOYMENT_PARAMS_PATH = "/akash.deployment.v1beta4.Query/Params";

const DEPLOYMENT_STATES: Readonly<Record<number, DeploymentState>> = { 1: "active", 2: "closed" };
const GROUP_STATES: Readonly<Record<number, GroupState>> = { 1: "open", 2: "paused", 3: "insufficient_funds", 4: "closed" };

/** One entry of a deployments answer, in domain terms. */
export function toDeployment(entry: QueryDeploymentResponse): Deployment {
  const d = entry.deployment;
  const escrow = escrowAccount(entry.escrowAccount);
  return {
    id: { owner: d?.id?.owner ?? "", dseq: toBigInt(d?.id?.dseq) },
    state: DEPLOYMENT_STATES[d?.state ?? 0] ?? "unknown",
    version: toHex(d?.hash ?? new Uint8Array()),
    createdAt: toBigInt(d?.createdAt),
    groups: entry.groups.map((g) => ({
      id: { owner: g.id?.owner ?? "", dseq: toBigInt(g.id?.dseq), gseq: g.id?.gseq ?? 0 },
      state: GROUP_STATES[g.state] ?? "unknown",
      spec: fromProtoGroupSpec(g.groupSpec ?? { name: "", requirements: undefined, resources: [] }),
      createdAt: toBigInt(g.createdAt),
    })),
    ...(escrow ? { escrow } : {}),
  };
}

export async function queryDeployments(
  query: AbciQuery,
  filter: { readonly owner: string; readonly dseq?: bigint; readonly state?: "active" | "closed" },
): Promise<Deployment[]> {
  return allPages(async (pagination) => {
    const request = QueryDeploymentsRequest.fromPartial({
      filters: { owner: filter.owner, dseq: uint64(filter.dseq === undefined ? 0n : checkDseq(filter.dseq)), state: filter.state ?? "" },
      pagination,
    });
    const response = await runQuery(query, DEPLOYMENTS_PATH, request, QueryDeploymentsRequest, QueryDeploymentsResponse);
    return { items: response.deployments.map(toDeployment), nextKey: response.pagination?.nextKey };
  });
}

/** One deployment, or null if the owner has none with that dseq. */
export async function queryDeployment(query: AbciQuery, id: DeploymentId): Promise<Deployment | null> {
  const found = await queryDeployments(query, { owner: id.owner, dseq: id.dseq });
  return found.find((d) => d.id.dseq === id.dseq && d.id.owner === id.owner) ?? null;
}

export async function queryDeploymentParams(query: AbciQuery): Promise<DeploymentParams> {
  const response = await runQuery(query, DEPLOYMENT_PARAMS_PATH, QueryParamsRequest.fromPartial({}), QueryParamsRequest, QueryParamsResponse);
  return { minDeposits: (response.params?.minDeposits ?? []).map(coin) };
}
