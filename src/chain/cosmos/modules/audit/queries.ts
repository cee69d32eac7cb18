/** Audited provider attributes (`akash.audit.v1.Query/ProviderAttributes`): who vouches for what a provider claims. */
import { QueryProviderAttributesRequest, QueryProvidersResponse } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import type { AuditedAttributes } from "../../../types.js";
import type { AbciQuery } from "../../transport.js";
import { allPages, isNotFound, runQuery } from "../query.js";

export const PROVIDER_ATTRIBUTES_PATH = "/akash.audit.v1.Query/ProviderAttributes";

export async function queryAuditedAttributes(query: AbciQuery, owner: string): Promise<AuditedAttributes[]> {
  try {
    return await allPages(async (pagination) => {
      const request = QueryProviderAttributesRequest.fromPartial({ owner, pagination });
      const response = await runQuery(query, PROVIDER_ATTRIBUTES_PATH, request, QueryProviderAttributesRequest, QueryProvidersResponse);
      return {
        items: response.providers.map((p) => ({ owner: p.owner, auditor: p.auditor, attributes: p.attributes.map((a) => ({ key: a.key, value: a.value })) })),
        nextKey: response.pagination?.nextKey,
      };
    });
  } catch (error) {
    // The audit keeper answers "not found" for a provider nobody audited.
    if (isNotFound(error)) return [];
    throw error;
  }
}
