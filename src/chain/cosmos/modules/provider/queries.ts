/** Provider registry queries (`akash.provider.v1beta4.Query`): where a provider's gateway is and what it advertises. */
import {
  QueryProviderRequest,
  QueryProviderResponse,
  QueryProvidersRequest,
  QueryProvidersResponse,
  type Provider as ProtoProvider,
} from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import type { Provider } from "../../../types.js";
import type { AbciQuery } from "../../transport.js";
import { allPages, isNotFound, runQuery } from "../query.js";

export const PROVIDER_PATH = "/akash.provider.v1beta4.Query/Provider";
export const PROVIDERS_PATH = "/akash.provider.v1beta4.Query/Providers";

export function toProvider(p: ProtoProvider): Provider {
  return {
    owner: p.owner,
    hostUri: p.hostUri,
    attributes: p.attributes.map((a) => ({ key: a.key, value: a.value })),
    info: { email: p.info?.email ?? "", website: p.info?.website ?? "" },
  };
}

export async function queryProvider(query: AbciQuery, owner: string): Promise<Provider | null> {
  try {
    const response = await runQuery(query, PROVIDER_PATH, QueryProviderRequest.fromPartial({ owner }), QueryProviderRequest, QueryProviderResponse);
    return response.provider ? toProvider(response.provider) : null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

export async function queryProviders(query: AbciQuery): Promise<Provider[]> {
  return allPages(async (pagination) => {
    const response = await runQuery(query, PROVIDERS_PATH, QueryProvidersRequest.fromPartial({ pagination }), QueryProvidersRequest, QueryProvidersResponse);
    return { items: response.providers.map(toProvider), nextKey: response.pagination?.nextKey };
  });
}
