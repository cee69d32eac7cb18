/** Certificates on chain (`akash.cert.v1.Query/Certificates`): the mTLS fallback's client certificates. */
import { QueryCertificatesRequest, QueryCertificatesResponse } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import type { Certificate, CertificateState } from "../../../types.js";
import type { AbciQuery } from "../../transport.js";
import { allPages, runQuery } from "../query.js";

export const CERTIFICATES_PATH = "/akash.cert.v1.Query/Certificates";

const STATES: Readonly<Record<number, CertificateState>> = { 1: "valid", 2: "revoked" };
const UTF8 = new TextDecoder();

export async function queryCertificates(
  query: AbciQuery,
  filter: { readonly owner?: string; readonly serial?: string; readonly state?: "valid" | "revoked" },
): Promise<Certificate[]> {
  return allPages(async (pagination) => {
    const request = QueryCertificatesRequest.fromPartial({
      filter: { owner: filter.owner ?? "", serial: filter.serial ?? "", state: filter.state ?? "" },
      pagination,
    });
    const response = await runQuery(query, CERTIFICATES_PATH, request, QueryCertificatesRequest, QueryCertificatesResponse);
    return {
      items: response.certificates.map((c) => ({
        owner: filter.owner ?? "",
        serial: c.serial,
        state: STATES[c.certificate?.state ?? 0] ?? "unknown",
        certPem: UTF8.decode(c.certificate?.cert ?? new Uint8Array()),
        pubkeyPem: UTF8.decode(c.certificate?.pubkey ?? new Uint8Array()),
      })),
      nextKey: response.pagination?.nextKey,
    };
  });
}
