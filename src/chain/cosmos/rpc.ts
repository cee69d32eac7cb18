/**
 * `CosmosTransport` over CometBFT's JSON-RPC on HTTP (POST, one call per request): `status`,
 * `abci_query`, `broadcast_tx_sync`, `tx`, and `blockchain` for block times.
 *
 * Failover applies at every call, not only at start: the endpoints are kept in order of
 * preference, and when the one in use fails (refused, timed out, an HTTP error, an answer that is
 * not JSON-RPC) or turns out to lag (its latest block is older than `maxLagSeconds`, or it is
 * behind a height this transport already saw), the others are probed at once with
 * `selectEndpoint` (chain id, catching up, block age) and the call is repeated on the first usable
 * one. Each switch is reported through `onNote` ("switched from A to B: why"). Only when no
 * endpoint is usable does a call fail: NetworkError NO_ENDPOINT, or ChainError CHAIN_HALTED when
 * every endpoint answers but none has a recent block.
 *
 * Every request has a timeout that covers reading the answer, and answers are read up to a size
 * limit. Inclusion is awaited by watching blocks (`waitForBlock`), never by fixed sleeps.
 */
import { NetworkError } from "../../errors.js";
import { fetchFailure, joinUrl, readLimited, type FetchFn } from "../../config/http.js";
import { DEFAULT_MAX_LAG_SECONDS, parseStatus, selectEndpoint, type EndpointSelection } from "../../config/endpoints.js";
import { ChainError } from "../errors.js";
import { AbciError, type BroadcastResult, type CosmosTransport, type IncludedTx, type NodeStatus } from "./transport.js";

export const DEFAULT_RPC_TIMEOUT_MS = 15_000;
/** Large enough for a page of 100 bids or deployments with their group specs. */
export const MAX_RPC_RESPONSE_BYTES = 16 * 1024 * 1024;

export interface CometRpcOptions {
  /** RPC endpoints in order of preference. */
  readonly endpoints: readonly string[];
  /** The chain every endpoint must serve. */
  readonly chainId: string;
  /** The user chose the endpoints: one on another chain is an error, not a skip. */
  readonly pinned?: boolean;
  readonly label?: string;
  readonly fetch?: FetchFn;
  /** Milliseconds since the epoch. */
  readonly clock?: () => number;
  /** Per request, reading the answer included. */
  readonly timeoutMs?: number;
  readonly maxLagSeconds?: number;
  readonly maxResponseBytes?: number;
  /** "skipped URL: why", "switched to URL: why": for the CLI to print on stderr. */
  readonly onNote?: (note: string) => void;
  /** An endpoint already chosen by `selectEndpoint` (the CLI chooses before building the client). */
  readonly selected?: EndpointSelection;
  /** Waits between block polls; injected by tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A failure of the way to the node (not an answer from it): the next endpoint may do better. */
class EndpointFailure extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${url}: ${reason}`);
  }
}

type Json = unknown;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function obj(value: Json): Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, Json>) : {};
}

function str(value: Json): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

function int(value: Json): bigint {
  const text = str(value);
  return /^-?\d+$/.test(text) ? BigInt(text) : 0n;
}

export class CometRpcTransport implements CosmosTransport {
  private current: string | undefined;
  private choosing: Promise<string> | undefined;
  /** The highest block height any endpoint reported: a node below it by more than a few blocks lags. */
  private bestHeight = 0n;
  private nextId = 1;
  private readonly fetchFn: FetchFn;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** How many endpoint switches happened; for tests and --verbose. */
  switches = 0;

  constructor(private readonly options: CometRpcOptions) {
    if (options.endpoints.length === 0) throw new NetworkError("NO_ENDPOINT", `no RPC endpoint is configured for ${options.label ?? options.chainId}`, { tried: [] });
    this.fetchFn = options.fetch ?? fetch;
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    if (options.selected) {
      this.current = options.selected.url;
      this.noteHeight(BigInt(options.selected.status.height));
    }
  }

  /** The endpoint in use (after the first call). */
  get endpoint(): string | undefined {
    return this.current;
  }

  private get maxLagSeconds(): number {
    return this.options.maxLagSeconds ?? DEFAULT_MAX_LAG_SECONDS;
  }

  private noteHeight(height: bigint): void {
    if (height > this.bestHeight) this.bestHeight = height;
  }

  /** Chooses an endpoint among those not yet failed in this round; throws when none is usable. */
  private async choose(exclude: Readonly<Set<string>>, why?: string): Promise<string> {
    const candidates = this.options.endpoints.filter((url) => !exclude.has(url));
    if (candidates.length === 0) {
      throw new NetworkError(
        "NO_ENDPOINT",
        `no RPC endpoint of ${this.options.label ?? this.options.chainId} could be used${why ? ` (last: ${why})` : ""}; ` +
          "check the network connection, or choose endpoints with --node URL (or AKASH_NODE, or akash config set node URL)",
        { tried: [...exclude] },
      );
    }
    let selection: EndpointSelection;
    try {
      selection = await selectEndpoint(candidates, {
        chainId: this.options.chainId,
        fetch: this.fetchFn,
        clock: this.clock,
        timeoutMs: this.options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS,
        maxLagSeconds: this.maxLagSeconds,
        ...(this.options.pinned !== undefined ? { pinned: this.options.pinned } : {}),
        ...(this.options.label !== undefined ? { label: this.options.label } : {}),
      });
    } catch (error) {
      if (error instanceof NetworkError && error.code === "NO_ENDPOINT") {
        const tried = (error.data.tried as { url: string; reason: string }[] | undefined) ?? [];
        if (tried.length > 0 && tried.every((t) => t.reason.startsWith("lagging"))) {
          throw new ChainError(
            "CHAIN_HALTED",
            `no endpoint has a new block: ${tried.map((t) => `${t.url} ${t.reason.replace(/^lagging: /, "")}`).join("; ")}. ` +
              "The chain may be halted; check the network's status page and retry later",
            { tried },
          );
        }
      }
      throw error;
    }
    for (const note of selection.notes) this.options.onNote?.(note);
    const previous = this.current;
    this.current = selection.url;
    this.noteHeight(BigInt(selection.status.height));
    if (previous !== undefined && previous !== selection.url) {
      this.switches += 1;
      this.options.onNote?.(`switched from ${previous} to ${selection.url}${why ? `: ${why}` : ""}`);
    }
    return selection.url;
  }

  /** One JSON-RPC call with failover. `result` or a thrown error; an RPC-level error object is returned to `onError`. */
  /** The first selection, shared by calls made concurrently before it is done (one probe round, one set of notes). */
  private initial(): Promise<string> {
    this.choosing ??= this.choose(new Set()).finally(() => {
      this.choosing = undefined;
    });
    return this.choosing;
  }

  private async call(method: string, params: Record<string, Json>, onError?: (error: Record<string, Json>, attempt: number) => Json): Promise<Json> {
    const failed = new Set<string>();
    let url = this.current ?? (await this.initial());
    for (let attempt = 1; ; attempt += 1) {
      try {
        const answer = await this.post(url, method, params);
        if (answer.error !== undefined) {
          const error = obj(answer.error);
          if (onError) return onError(error, attempt);
          const data = str(error.data) || str(error.message);
          throw new EndpointFailure(url, `the node answered ${method} with an error: ${data.slice(0, 300)}`);
        }
        return answer.result;
      } catch (error) {
        if (!(error instanceof EndpointFailure)) throw error;
        failed.add(url);
        url = await this.choose(failed, error.reason);
      }
    }
  }

  private async post(url: string, method: string, params: Record<string, Json>): Promise<{ result?: Json; error?: Json }> {
    const controller = new AbortController();
    let timedOut = false;
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const id = this.nextId++;
      let response: Response;
      try {
        response = await this.fetchFn(joinUrl(url, "/"), {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id, method, params }),
          signal: controller.signal,
        });
      } catch (error) {
        throw new EndpointFailure(url, timedOut ? `timed out after ${timeoutMs} ms` : fetchFailure(error));
      }
      let body: string | null;
      try {
        body = await readLimited(response, this.options.maxResponseBytes ?? MAX_RPC_RESPONSE_BYTES);
      } catch (error) {
        throw new EndpointFailure(url, timedOut ? `timed out after ${timeoutMs} ms reading the answer` : fetchFailure(error));
      }
      if (body === null) throw new EndpointFailure(url, `the answer to ${method} is larger than ${(this.options.maxResponseBytes ?? MAX_RPC_RESPONSE_BYTES) / 1024 / 1024} MiB`);
      let doc: Json;
      try {
        doc = JSON.parse(body);
      } catch {
        throw new EndpointFailure(url, `HTTP ${response.status}: the answer to ${method} is not JSON`);
      }
      const envelope = obj(doc);
      if (!("result" in envelope) && !("error" in envelope)) throw new EndpointFailure(url, `HTTP ${response.status}: not a JSON-RPC answer`);
      // CometBFT answers RPC-level errors with HTTP 500 and a JSON-RPC error body: that is an answer.
      return { result: envelope.result, error: envelope.error };
    } finally {
      clearTimeout(timer);
    }
  }

  async status(): Promise<NodeStatus> {
    const failed = new Set<string>();
    for (;;) {
      const result = await this.call("status", {});
      const url = this.current ?? "";
      const parsed = parseStatus(JSON.stringify({ result }));
      if (typeof parsed === "string") {
        failed.add(url);
        await this.choose(failed, parsed);
        continue;
      }
      const height = BigInt(parsed.height);
      const age = Math.floor((this.clock() - Date.parse(parsed.latestBlockTime)) / 1000);
      const lag = age > this.maxLagSeconds ? `lagging: latest block ${height} is ${age} s old (limit ${this.maxLagSeconds} s)` : height + 3n < this.bestHeight ? `lagging: at height ${height}, behind ${this.bestHeight}` : undefined;
      if (lag !== undefined || parsed.chainId !== this.options.chainId) {
        failed.add(url);
        await this.choose(failed, lag ?? `on chain ${parsed.chainId}, expected ${this.options.chainId}`);
        continue;
      }
      this.noteHeight(height);
      return { chainId: parsed.chainId, latestHeight: height, catchingUp: parsed.catchingUp };
    }
  }

  async abciQuery(path: string, request: Uint8Array): Promise<Uint8Array> {
    const result = obj(await this.call("abci_query", { path, data: Buffer.from(request).toString("hex"), prove: false }));
    const response = obj(result.response);
    const code = Number(int(response.code));
    if (code !== 0) throw new AbciError(str(response.codespace), code, str(response.log));
    return Uint8Array.from(Buffer.from(str(response.value), "base64"));
  }

  async broadcastTxSync(txBytes: Uint8Array): Promise<BroadcastResult> {
    const result = obj(
      await this.call("broadcast_tx_sync", { tx: Buffer.from(txBytes).toString("base64") }, (error, attempt) => {
        const text = `${str(error.message)}: ${str(error.data)}`;
        if (/already exists in cache/i.test(text)) {
          // After an endpoint switch, these bytes are ours, sent through the node that failed: accepted.
          // On the first try they are someone else's identical transaction (same key, sequence and
          // message, e.g. the same command run twice at once): only one of the two can execute.
          return attempt > 1 ? { code: 0, codespace: "", log: "already in the mempool", hash: "" } : { code: 19, codespace: "sdk", log: `tx already exists in cache: ${text.slice(0, 200)}`, hash: "" };
        }
        if (/mempool is full/i.test(text)) return { code: 20, codespace: "sdk", log: text, hash: "" };
        throw new ChainError("TX_FAILED", `the node refused the transaction: ${text.slice(0, 300)}`, { rawLog: text.slice(0, 4000) });
      }),
    );
    return { code: Number(int(result.code)), codespace: str(result.codespace), log: str(result.log), hash: str(result.hash).toUpperCase() };
  }

  async getTx(hash: string): Promise<IncludedTx | null> {
    const notFound = Symbol("not found");
    const result = await this.call("tx", { hash: Buffer.from(hash, "hex").toString("base64"), prove: false }, (error) => {
      const text = `${str(error.message)} ${str(error.data)}`;
      if (/not found/i.test(text)) return notFound;
      throw new ChainError("QUERY_FAILED", `the node could not look up transaction ${hash}: ${text.trim().slice(0, 300)}`, { txHash: hash });
    });
    if (result === notFound) return null;
    const tx = obj(result);
    const txResult = obj(tx.tx_result);
    const height = int(tx.height);
    this.noteHeight(height);
    return {
      height,
      code: Number(int(txResult.code)),
      codespace: str(txResult.codespace),
      log: str(txResult.log),
      gasWanted: int(txResult.gas_wanted),
      gasUsed: int(txResult.gas_used),
    };
  }

  /**
   * Resolves with the latest height once it is above `height`. Polls `status` at a quarter of the
   * observed block time (at least 100 ms, at most 2 s). A node that makes no progress for
   * `maxLagSeconds` is left for another; when none progresses, CHAIN_HALTED.
   */
  async waitForBlock(height: bigint, signal?: AbortSignal): Promise<bigint> {
    let interval = 250;
    let lastHeight = -1n;
    let lastChange = this.clock();
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const status = await this.status();
      if (status.latestHeight > height) return status.latestHeight;
      if (status.latestHeight !== lastHeight) {
        const now = this.clock();
        // A quarter of the time the last block took, once one was seen to arrive.
        if (lastHeight >= 0n) interval = Math.min(2_000, Math.max(100, Math.floor((now - lastChange) / 4)));
        lastHeight = status.latestHeight;
        lastChange = now;
      } else if (this.clock() - lastChange > this.maxLagSeconds * 1000) {
        // status() already skips nodes whose last block is old; a node stuck for this long here is halted with the chain.
        throw new ChainError("CHAIN_HALTED", `no new block after height ${lastHeight} for ${this.maxLagSeconds} s; the chain may be halted`, {
          height: lastHeight.toString(),
        });
      }
      await this.sleep(interval);
    }
  }

  /** Average seconds per block over the last `blocks` blocks (CometBFT `blockchain`), or undefined if too few. */
  async averageBlockSeconds(blocks = 20): Promise<number | undefined> {
    const { latestHeight } = await this.status();
    if (latestHeight < 3n) return undefined;
    const min = latestHeight - BigInt(Math.min(blocks, 20)) > 0n ? latestHeight - BigInt(Math.min(blocks, 20)) : 1n;
    const result = obj(await this.call("blockchain", { minHeight: min.toString(), maxHeight: latestHeight.toString() }));
    const metas = Array.isArray(result.block_metas) ? result.block_metas : [];
    const times = metas
      .map((m) => {
        const header = obj(obj(m).header);
        return { height: int(header.height), time: Date.parse(str(header.time)) };
      })
      .filter((t) => !Number.isNaN(t.time))
      .sort((a, b) => (a.height < b.height ? -1 : 1));
    const first = times[0];
    const last = times[times.length - 1];
    if (!first || !last || last.height <= first.height) return undefined;
    return (last.time - first.time) / 1000 / Number(last.height - first.height);
  }
}
