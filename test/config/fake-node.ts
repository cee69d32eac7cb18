/**
 * Test double for one Akash node's HTTP endpoints, listening on 127.0.0.1 only (random port).
 *
 * Stands in for:
 *   - the CometBFT RPC of a node (https://rpc.akashnet.net:443 and the other RPC URLs of
 *     protocol.md §5.6, or http://127.0.0.1:26657 on a local node): `GET /status` and
 *     `GET /abci_info`, answered in CometBFT's JSON-RPC envelope
 *     `{"jsonrpc":"2.0","id":-1,"result":{...}}` with the fields akash reads
 *     (node_info.network/version/moniker, sync_info.latest_block_height/latest_block_time/
 *     catching_up; response.version/last_block_height), heights as strings as CometBFT sends them;
 *   - the REST API (grpc-gateway) of the same node (https://api.akashnet.net:443, or :1317):
 *     `GET /akash/discovery/v1/info`, present on v2.1+ nodes as `{"info": {...}}` with snake_case
 *     fields, and answered 404 `{"code":5,"message":"Not Found","details":[]}` on older nodes.
 *
 * Rules it enforces: only GET (anything else is 405), only those paths under the optional prefix
 * (anything else is 404, like the real servers), and it records every request path so tests can
 * assert what akash asked. Misbehaviours on demand: `hang` (accepts the connection and never
 * answers, like a stalled node), `http` (a fixed error status, like a proxy in front of a dead
 * node), `garbage` (a 200 that is not JSON), `rpcError` (a JSON-RPC error object), a lagging
 * block time, `catching_up`, another chain id, and a delay before answering.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeNodeOptions {
  readonly chainId: string;
  readonly height?: string;
  /** The latest block time; default: two seconds before each request. */
  readonly blockTime?: () => string;
  readonly catchingUp?: boolean;
  readonly cometVersion?: string;
  /** The Akash node version /abci_info reports; null: /abci_info answers 500. */
  readonly appVersion?: string | null;
  /** Discovery: "absent" answers 404 (a node before v2.1); an object is served as `info`. */
  readonly discovery?: "absent" | Record<string, unknown>;
  /** Path prefix the node is served under, e.g. "/rpc" as on https://rpc.akt.dev/rpc. */
  readonly prefix?: string;
  readonly behaviour?: "ok" | "hang" | "garbage" | "rpcError" | { readonly http: number };
  /** Answer after this many milliseconds. */
  readonly delayMs?: number;
}

export interface FakeNode {
  readonly url: string;
  /** Every request as "METHOD /path". */
  readonly requests: string[];
  close(): Promise<void>;
}

/** CometBFT's RFC 3339 time with nanoseconds. */
export function cometTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/u, ".$1456789Z");
}

export async function startFakeNode(options: FakeNodeOptions): Promise<FakeNode> {
  const requests: string[] = [];
  const prefix = options.prefix ?? "";
  const server = createServer((req, res) => {
    requests.push(`${req.method ?? ""} ${req.url ?? ""}`);
    const respond = (): void => handle(req, res, options, prefix);
    if (options.delayMs !== undefined) setTimeout(respond, options.delayMs);
    else respond();
  });
  const address = await listen(server);
  return {
    url: `http://127.0.0.1:${address.port}${prefix}`,
    requests,
    close: () => close(server),
  };
}

/** A URL on 127.0.0.1 where nothing listens: connecting is refused. */
/** Starts fake nodes and remembers them, so one `after` hook can close them all. */
export function fakeNodePool(): { start: typeof startFakeNode; closeAll: () => Promise<void> } {
  const started: FakeNode[] = [];
  return {
    start: async (options) => {
      const node = await startFakeNode(options);
      started.push(node);
      return node;
    },
    closeAll: async () => {
      await Promise.all(started.map((n) => n.close()));
    },
  };
}

export async function refusedUrl(): Promise<string> {
  const server = createServer();
  const address = await listen(server);
  await close(server);
  return `http://127.0.0.1:${address.port}`;
}

function handle(req: IncomingMessage, res: ServerResponse, options: FakeNodeOptions, prefix: string): void {
  const behaviour = options.behaviour ?? "ok";
  if (behaviour === "hang") return;
  if (req.method !== "GET") return send(res, 405, { error: "method not allowed" });
  if (typeof behaviour === "object") return send(res, behaviour.http, { error: "upstream unavailable" });
  if (behaviour === "garbage") return sendText(res, 200, "<html>502 Bad Gateway</html>");
  const path = (req.url ?? "").split("?")[0] ?? "";
  if (!path.startsWith(`${prefix}/`)) return send(res, 404, { code: 5, message: "Not Found", details: [] });
  const route = path.slice(prefix.length);
  const height = options.height ?? "1234";
  switch (route) {
    case "/status":
      if (behaviour === "rpcError") {
        return send(res, 200, { jsonrpc: "2.0", id: -1, error: { code: -32603, message: "Internal error", data: "node is shutting down" } });
      }
      return send(res, 200, {
        jsonrpc: "2.0",
        id: -1,
        result: {
          node_info: {
            protocol_version: { p2p: "8", block: "11", app: "0" },
            id: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c",
            listen_addr: "tcp://0.0.0.0:26656",
            network: options.chainId,
            version: options.cometVersion ?? "0.38.17",
            channels: "40202122233038606100",
            moniker: "fake-node",
            other: { tx_index: "on", rpc_address: "tcp://0.0.0.0:26657" },
          },
          sync_info: {
            latest_block_hash: "A".repeat(64),
            latest_app_hash: "B".repeat(64),
            latest_block_height: height,
            latest_block_time: (options.blockTime ?? (() => cometTime(Date.now() - 2000)))(),
            earliest_block_height: "1",
            catching_up: options.catchingUp ?? false,
          },
          validator_info: { address: "C".repeat(40), voting_power: "0" },
        },
      });
    case "/abci_info":
      if (options.appVersion === null) return send(res, 500, { error: "abci unavailable" });
      return send(res, 200, {
        jsonrpc: "2.0",
        id: -1,
        result: {
          response: {
            data: "akash",
            version: options.appVersion ?? "v2.1.0",
            app_version: "0",
            last_block_height: height,
            last_block_app_hash: "3q2+7w==",
          },
        },
      });
    case "/akash/discovery/v1/info":
      if (options.discovery === undefined || options.discovery === "absent") {
        return send(res, 404, { code: 5, message: "Not Found", details: [] });
      }
      return send(res, 200, { info: options.discovery });
    default:
      return send(res, 404, { code: 5, message: "Not Found", details: [] });
  }
}

/** A discovery `info` as a v2.1 node reports it (protocol.md §2.2). */
export function discoveryInfo(chainId: string, nodeVersion = "v2.1.0"): Record<string, unknown> {
  return {
    client_info: { api_version: "v1beta3" },
    supported_versions: [
      {
        api_version: "v1beta4",
        modules: [
          { module: "deployment", version: "v1beta4" },
          { module: "market", version: "v1beta5" },
        ],
        features: ["reclamation"],
      },
    ],
    chain_id: chainId,
    node_version: nodeVersion,
    min_client_version: "v1.0.0",
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON.stringify(body), "application/json");
}

function sendText(res: ServerResponse, status: number, body: string, type = "text/html"): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function listen(server: Server): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server.address() as AddressInfo));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * A fetch that refuses any host but 127.0.0.1, so a test can never reach a real endpoint even
 * when a default (a public network's URL) slips through.
 */
export const localOnlyFetch = (input: string, init?: RequestInit): Promise<Response> => {
  const host = new URL(input).hostname;
  if (host !== "127.0.0.1") return Promise.reject(new Error(`test tried to reach ${host}; only 127.0.0.1 is allowed`));
  return realFetch(input, init);
};

/** The real fetch, captured before any test wraps the global one. */
const realFetch = globalThis.fetch;
