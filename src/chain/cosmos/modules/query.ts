/**
 * Shared query plumbing: run a gRPC method through ABCI, turn node failures into ChainErrors,
 * and walk key-based pagination (protocol.md §2.1: cursors, never offsets).
 */
import { PageRequest } from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import { ChainError } from "../../errors.js";
import { translateAbciFailure } from "../errors.js";
import { AbciError, type AbciQuery } from "../transport.js";

/** One query: encode, ask, decode. A node failure becomes a ChainError ("QUERY_FAILED" unless the table knows it). */
export async function runQuery<Req, Res>(
  query: AbciQuery,
  path: string,
  request: Req,
  requestCodec: { encode(message: Req): { finish(): Uint8Array } },
  responseCodec: { decode(input: Uint8Array): Res },
): Promise<Res> {
  let bytes: Uint8Array;
  try {
    bytes = await query(path, requestCodec.encode(request).finish());
  } catch (error) {
    if (error instanceof AbciError) throw translateAbciFailure({ codespace: error.codespace, code: error.code, log: error.log }, { stage: "query" });
    throw error;
  }
  try {
    return responseCodec.decode(bytes);
  } catch (error) {
    throw new ChainError("QUERY_FAILED", `the node's answer to ${path} could not be decoded`, { path }, { cause: error });
  }
}

/** Whether a query failed because the thing does not exist (gRPC NotFound or a module's "not found"). */
export function isNotFound(error: unknown): boolean {
  return error instanceof ChainError && /not found|does not exist/i.test(error.data.rawLog ?? "");
}

/** How many items to ask for per page; the node's default is 100. */
export const PAGE_LIMIT = 100n;
/** A guard against a node that never stops paging. */
export const MAX_PAGES = 1000;

/** All items over key-based pages. */
export async function allPages<T>(
  fetch: (pagination: PageRequest) => Promise<{ items: T[]; nextKey: Uint8Array | undefined }>,
): Promise<T[]> {
  const items: T[] = [];
  let key: Uint8Array = new Uint8Array();
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await fetch(PageRequest.fromPartial({ key, limit: PAGE_LIMIT }));
    items.push(...result.items);
    if (!result.nextKey || result.nextKey.length === 0) return items;
    key = result.nextKey;
  }
  throw new ChainError("QUERY_FAILED", `the node kept returning pages after ${MAX_PAGES}; stopped`, {});
}
