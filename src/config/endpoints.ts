/**
 * Endpoint failover. Every RPC candidate is probed with CometBFT's `GET /status` (all at once, so
 * a dead endpoint costs one timeout, not one per endpoint), and the first in order of preference
 * that answers, reports the expected chain id, is not catching up and has a recent block is
 * chosen. The candidates before it are reported as notes ("skipped URL: why") for the CLI to
 * print; nothing here prints.
 */
import { NetworkError } from "../errors.js";
import { boundedGet, joinUrl, type FetchFn } from "./http.js";

export const DEFAULT_TIMEOUT_MS = 5_000;
/** ~10 blocks at Akash's ~6 s block time. */
export const DEFAULT_MAX_LAG_SECONDS = 60;

export interface ProbeOptions {
  /** Defaults to the global fetch. */
  readonly fetch?: FetchFn;
  /** Milliseconds since the epoch; defaults to Date.now. */
  readonly clock?: () => number;
  /** Per request, including reading the response. */
  readonly timeoutMs?: number;
  /** A node whose latest block is older than this is lagging. */
  readonly maxLagSeconds?: number;
}

export interface SelectOptions extends ProbeOptions {
  /** The chain id every endpoint must report. */
  readonly chainId: string;
  /**
   * The user chose these endpoints (--node, AKASH_NODE, the config file): one on another chain
   * is a configuration mistake and fails at once instead of being skipped.
   */
  readonly pinned?: boolean;
  /** Names what was being looked for in messages, e.g. "mainnet (akashnet-2)". */
  readonly label?: string;
}

/** What CometBFT's /status says, reduced to what akash uses. */
export interface NodeStatus {
  readonly chainId: string;
  readonly height: string;
  /** As the node reports it (RFC 3339 with nanoseconds). */
  readonly latestBlockTime: string;
  readonly catchingUp: boolean;
  /** The CometBFT version, not the Akash node's (see nodeInfo). */
  readonly cometVersion: string;
  readonly moniker: string;
}

export type SkipKind = "unreachable" | "bad-response" | "wrong-chain" | "catching-up" | "lagging";

export type ProbeResult =
  | { readonly url: string; readonly ok: true; readonly status: NodeStatus }
  | { readonly url: string; readonly ok: false; readonly kind: SkipKind; readonly reason: string; readonly status?: NodeStatus };

export interface EndpointSelection {
  readonly url: string;
  readonly status: NodeStatus;
  /** One line per candidate skipped before the chosen one: "skipped URL: why". */
  readonly notes: readonly string[];
  /** Every candidate probed up to the chosen one, in order. */
  readonly tried: readonly ProbeResult[];
}

/** Probes one RPC endpoint's /status and judges it; never throws. */
export async function probeRpc(url: string, options: SelectOptions & { readonly signal?: AbortSignal }): Promise<ProbeResult> {
  const got = await boundedGet(joinUrl(url, "/status"), {
    fetch: options.fetch ?? fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!got.ok) return { url, ok: false, kind: "unreachable", reason: got.reason };
  if (got.status !== 200) return { url, ok: false, kind: "bad-response", reason: `HTTP ${got.status} from /status` };
  const status = parseStatus(got.body);
  if (typeof status === "string") return { url, ok: false, kind: "bad-response", reason: status };
  if (status.chainId !== options.chainId) {
    return { url, ok: false, kind: "wrong-chain", reason: `on chain ${status.chainId}, expected ${options.chainId}`, status };
  }
  if (status.catchingUp) {
    return { url, ok: false, kind: "catching-up", reason: `catching up (still syncing, at height ${status.height})`, status };
  }
  const maxLag = options.maxLagSeconds ?? DEFAULT_MAX_LAG_SECONDS;
  const ageSeconds = Math.floor(((options.clock ?? Date.now)() - Date.parse(status.latestBlockTime)) / 1000);
  if (ageSeconds > maxLag) {
    return {
      url,
      ok: false,
      kind: "lagging",
      reason: `lagging: latest block ${status.height} is ${ageSeconds} s old (limit ${maxLag} s)`,
      status,
    };
  }
  return { url, ok: true, status };
}

/**
 * Chooses the first usable endpoint in `candidates` order. Throws NetworkError NO_ENDPOINT when
 * none is usable (the message lists each with its reason), and CHAIN_ID_MISMATCH when a pinned
 * endpoint serves another chain.
 */
export async function selectEndpoint(candidates: readonly string[], options: SelectOptions): Promise<EndpointSelection> {
  const label = options.label ?? options.chainId;
  if (candidates.length === 0) throw new NetworkError("NO_ENDPOINT", `no RPC endpoint is configured for ${label}`, { tried: [] });
  const cancel = new AbortController();
  const probes = candidates.map((url) => probeRpc(url, { ...options, signal: cancel.signal }));
  const tried: ProbeResult[] = [];
  try {
    for (const probe of probes) {
      const result = await probe;
      tried.push(result);
      if (result.ok) return { url: result.url, status: result.status, notes: tried.filter(isSkip).map(note), tried };
      if (result.kind === "wrong-chain" && options.pinned === true) {
        throw new NetworkError(
          "CHAIN_ID_MISMATCH",
          `${result.url} is ${result.reason}. Point --node (or AKASH_NODE, or akash config set node) at a node of ` +
            `${options.chainId}, or choose the network that node belongs to with --network or --chain-id`,
          { url: result.url, chainId: result.status?.chainId, expected: options.chainId },
        );
      }
    }
  } finally {
    cancel.abort();
  }
  throw new NetworkError(
    "NO_ENDPOINT",
    `no RPC endpoint of ${label} could be used; tried:\n${tried.map((r) => `  ${describe(r)}`).join("\n")}\n` +
      "Check the network connection, or choose endpoints with --node URL (or AKASH_NODE, or akash config set node URL)",
    { tried: tried.map((r) => ({ url: r.url, reason: r.ok ? "ok" : r.reason })) },
  );
}

function isSkip(result: ProbeResult): result is Extract<ProbeResult, { ok: false }> {
  return !result.ok;
}

function note(result: Extract<ProbeResult, { ok: false }>): string {
  return `skipped ${describe(result)}`;
}

function describe(result: ProbeResult): string {
  return `${result.url}: ${result.ok ? "ok" : result.reason}`;
}

/** Reads CometBFT's /status answer; a string says what is wrong with it. */
export function parseStatus(body: string): NodeStatus | string {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return "malformed response from /status (not JSON)";
  }
  const error = field(doc, "error");
  if (error !== undefined) {
    const message = field(error, "message") ?? field(error, "data");
    return `the node answered /status with an error${typeof message === "string" ? `: ${message.slice(0, 200)}` : ""}`;
  }
  const result = field(doc, "result");
  const nodeInfo = field(result, "node_info");
  const syncInfo = field(result, "sync_info");
  const chainId = field(nodeInfo, "network");
  const height = field(syncInfo, "latest_block_height");
  const time = field(syncInfo, "latest_block_time");
  const catchingUp = field(syncInfo, "catching_up");
  const missing = (name: string): string => `malformed response from /status (no valid result.${name})`;
  if (typeof chainId !== "string" || chainId === "") return missing("node_info.network");
  if (typeof height !== "string" || !/^\d{1,20}$/u.test(height)) return missing("sync_info.latest_block_height");
  if (typeof time !== "string" || Number.isNaN(Date.parse(time))) return missing("sync_info.latest_block_time");
  if (typeof catchingUp !== "boolean") return missing("sync_info.catching_up");
  const version = field(nodeInfo, "version");
  const moniker = field(nodeInfo, "moniker");
  return {
    chainId,
    height,
    latestBlockTime: time,
    catchingUp,
    cometVersion: typeof version === "string" ? version : "",
    moniker: typeof moniker === "string" ? moniker : "",
  };
}

export function field(value: unknown, name: string): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value) || !Object.hasOwn(value, name)) return undefined;
  return (value as Record<string, unknown>)[name];
}
