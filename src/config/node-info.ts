/**
 * What a node is: its chain id and height (CometBFT /status), the Akash node version (CometBFT
 * /abci_info, the application's version), and, on v2.1+ nodes, the discovery service on the REST
 * API (`GET /akash/discovery/v1/info`: chain id, node version, minimum client version and API
 * versions per module; protocol.md §2.2, §6.2). A REST endpoint that answers 404 or 501 there
 * runs an older node: discovery is absent, which is not an error.
 */
import { NetworkError } from "../errors.js";
import { DEFAULT_TIMEOUT_MS, field, parseStatus, type NodeStatus, type ProbeOptions } from "./endpoints.js";
import { boundedGet, joinUrl, type FetchFn } from "./http.js";

export const DISCOVERY_PATH = "/akash/discovery/v1/info";

export interface DiscoveryModule {
  readonly module: string;
  readonly version: string;
}

export interface DiscoveryApi {
  readonly apiVersion: string;
  readonly modules: readonly DiscoveryModule[];
  readonly features: readonly string[];
}

/** The discovery answer, in camelCase; fields the node leaves out are absent. */
export interface DiscoveryInfo {
  readonly chainId?: string;
  readonly nodeVersion?: string;
  readonly minClientVersion?: string;
  readonly clientApiVersion?: string;
  readonly supportedVersions: readonly DiscoveryApi[];
}

export type Discovery =
  | { readonly state: "present"; readonly url: string; readonly info: DiscoveryInfo }
  /** The REST endpoint answered, but does not serve discovery (a node before v2.1). */
  | { readonly state: "absent"; readonly url: string }
  /** No REST endpoint could be asked. */
  | { readonly state: "unavailable"; readonly reason: string };

export interface NodeInfo {
  readonly rpc: string;
  readonly status: NodeStatus;
  /** The Akash node's version from /abci_info, e.g. "v2.1.0"; absent if the node did not say. */
  readonly appVersion?: string;
  /** Discovery's node version, else appVersion. */
  readonly version?: string;
  readonly discovery: Discovery;
  /** Things worth telling the user ("skipped REST endpoint URL: why"). */
  readonly notes: readonly string[];
}

export interface NodeInfoOptions extends ProbeOptions {
  /** REST endpoints to ask for discovery, in order; empty: discovery is not asked. */
  readonly rest: readonly string[];
  /** Why there are no REST endpoints, when `rest` is empty on purpose. */
  readonly restMissingReason?: string;
  /** When set, a discovery answer for another chain skips that REST endpoint (or fails, if pinned). */
  readonly chainId?: string;
  readonly restPinned?: boolean;
  /** The /status already read by selectEndpoint, to avoid asking twice. */
  readonly status?: NodeStatus;
}

export async function nodeInfo(rpc: string, options: NodeInfoOptions): Promise<NodeInfo> {
  const fetchFn = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const notes: string[] = [];
  const [status, appVersion, discovery] = await Promise.all([
    options.status ?? readStatus(rpc, fetchFn, timeoutMs),
    readAppVersion(rpc, fetchFn, timeoutMs, notes),
    discover(options, notes),
  ]);
  const version = discovery.state === "present" ? (discovery.info.nodeVersion ?? appVersion) : appVersion;
  return {
    rpc,
    status,
    ...(appVersion !== undefined ? { appVersion } : {}),
    ...(version !== undefined ? { version } : {}),
    discovery,
    notes,
  };
}

async function readStatus(rpc: string, fetchFn: FetchFn, timeoutMs: number): Promise<NodeStatus> {
  const got = await boundedGet(joinUrl(rpc, "/status"), { fetch: fetchFn, timeoutMs });
  const status = !got.ok ? got.reason : got.status !== 200 ? `HTTP ${got.status} from /status` : parseStatus(got.body);
  if (typeof status === "string") {
    throw new NetworkError("NO_ENDPOINT", `cannot read the status of ${rpc}: ${status}`, { tried: [{ url: rpc, reason: status }] });
  }
  return status;
}

/** CometBFT /abci_info: result.response.version is the application's (the Akash node's) version. */
async function readAppVersion(rpc: string, fetchFn: FetchFn, timeoutMs: number, notes: string[]): Promise<string | undefined> {
  const got = await boundedGet(joinUrl(rpc, "/abci_info"), { fetch: fetchFn, timeoutMs });
  const why = (reason: string): undefined => {
    notes.push(`could not read the node version from ${rpc}/abci_info: ${reason}`);
    return undefined;
  };
  if (!got.ok) return why(got.reason);
  if (got.status !== 200) return why(`HTTP ${got.status}`);
  let doc: unknown;
  try {
    doc = JSON.parse(got.body);
  } catch {
    return why("malformed response (not JSON)");
  }
  const version = field(field(field(doc, "result"), "response"), "version");
  if (typeof version !== "string" || version === "") return why("the answer has no result.response.version");
  return version;
}

type RestResult =
  | { readonly url: string; readonly ok: true; readonly discovery: Discovery }
  | { readonly url: string; readonly ok: false; readonly reason: string; readonly wrongChain?: string };

/** Asks each REST endpoint at once; the first, in order, that gives an answer counts. */
async function discover(options: NodeInfoOptions, notes: string[]): Promise<Discovery> {
  if (options.rest.length === 0) {
    return { state: "unavailable", reason: options.restMissingReason ?? "no REST endpoint is configured" };
  }
  const cancel = new AbortController();
  const asks = options.rest.map((url) => askDiscovery(url, options, cancel.signal));
  const failures: string[] = [];
  try {
    for (const ask of asks) {
      const result = await ask;
      if (result.ok) {
        notes.push(...failures.map((failure) => `skipped REST endpoint ${failure}`));
        return result.discovery;
      }
      if (result.wrongChain !== undefined && options.restPinned === true) {
        throw new NetworkError(
          "CHAIN_ID_MISMATCH",
          `REST endpoint ${result.url} is ${result.reason}. Point --rest (or AKASH_REST, or akash config set rest) at a node of ${options.chainId ?? "the chain"}`,
          { url: result.url, chainId: result.wrongChain, expected: options.chainId },
        );
      }
      failures.push(`${result.url}: ${result.reason}`);
    }
  } finally {
    cancel.abort();
  }
  notes.push(...failures.map((failure) => `skipped REST endpoint ${failure}`));
  return { state: "unavailable", reason: `no REST endpoint answered (${failures.join("; ")})` };
}

async function askDiscovery(url: string, options: NodeInfoOptions, signal: AbortSignal): Promise<RestResult> {
  const got = await boundedGet(joinUrl(url, DISCOVERY_PATH), {
    fetch: options.fetch ?? fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal,
  });
  if (!got.ok) return { url, ok: false, reason: got.reason };
  // 404: the route does not exist (node before v2.1); 501: the gRPC method is not implemented.
  if (got.status === 404 || got.status === 501) return { url, ok: true, discovery: { state: "absent", url } };
  if (got.status !== 200) return { url, ok: false, reason: `HTTP ${got.status} from ${DISCOVERY_PATH}` };
  const info = parseDiscovery(got.body);
  if (typeof info === "string") return { url, ok: false, reason: info };
  if (options.chainId !== undefined && info.chainId !== undefined && info.chainId !== options.chainId) {
    return { url, ok: false, reason: `on chain ${info.chainId}, expected ${options.chainId}`, wrongChain: info.chainId };
  }
  return { url, ok: true, discovery: { state: "present", url, info } };
}

/** Reads `{"info": {...}}` from the discovery endpoint; a string says what is wrong with it. */
export function parseDiscovery(body: string): DiscoveryInfo | string {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return `malformed response from ${DISCOVERY_PATH} (not JSON)`;
  }
  const info = field(doc, "info");
  if (typeof info !== "object" || info === null || Array.isArray(info)) return `malformed response from ${DISCOVERY_PATH} (no "info" object)`;
  const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const supportedVersions: DiscoveryApi[] = list(field(info, "supported_versions")).map((entry) => ({
    apiVersion: text(field(entry, "api_version")) ?? "",
    modules: list(field(entry, "modules")).map((m) => ({ module: text(field(m, "module")) ?? "", version: text(field(m, "version")) ?? "" })),
    features: list(field(entry, "features")).filter((f): f is string => typeof f === "string"),
  }));
  const chainId = text(field(info, "chain_id"));
  const nodeVersion = text(field(info, "node_version"));
  const minClientVersion = text(field(info, "min_client_version"));
  const clientApiVersion = text(field(field(info, "client_info"), "api_version"));
  return {
    ...(chainId !== undefined ? { chainId } : {}),
    ...(nodeVersion !== undefined ? { nodeVersion } : {}),
    ...(minClientVersion !== undefined ? { minClientVersion } : {}),
    ...(clientApiVersion !== undefined ? { clientApiVersion } : {}),
    supportedVersions,
  };
}
