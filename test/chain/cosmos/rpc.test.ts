/**
 * CometRpcTransport's failover, against small JSON-RPC servers on 127.0.0.1.
 *
 * Stand-in: each server fakes one CometBFT RPC endpoint (POST /, JSON-RPC 2.0) for the methods the
 * transport uses (POST, and GET /<method> for the probe): `status` (node_info.network, sync_info.latest_block_height/latest_block_time/
 * catching_up, as CometBFT sends them, heights as strings), `abci_query` (result.response with
 * code, value base64, log, codespace), `broadcast_tx_sync`, and `tx` (the JSON-RPC error CometBFT
 * sends for an unknown hash). A server can be closed mid-test (a node that dies), answer with an
 * old block time (a lagging node), or answer with more bytes than the transport reads.
 * The real node is exercised by test/e2e/chain.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import { CometRpcTransport } from "../../../src/chain/cosmos/rpc.js";
import { AbciError } from "../../../src/chain/cosmos/transport.js";
import { ChainError } from "../../../src/chain/errors.js";
import { NetworkError } from "../../../src/errors.js";

interface FakeRpc {
  readonly url: string;
  readonly calls: string[];
  height: number;
  blockAgeSeconds: number;
  huge: boolean;
  close(): Promise<void>;
}

const servers: Server[] = [];
after(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function fakeRpc(chainId = "akash-local"): Promise<FakeRpc> {
  const state = { calls: [] as string[], height: 100, blockAgeSeconds: 1, huge: false };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      // CometBFT serves the same methods as GET /<method>?args (the endpoint probe uses GET /status).
      const { id, method, params } =
        req.method === "GET"
          ? { id: -1, method: new URL(req.url ?? "/", "http://x").pathname.slice(1), params: {} as Record<string, string> }
          : (JSON.parse(body) as { id: number; method: string; params: Record<string, string> });
      state.calls.push(method);
      const reply = (result: unknown, error?: unknown) => {
        res.writeHead(error ? 500 : 200, { "content-type": "application/json" });
        res.end(JSON.stringify(error ? { jsonrpc: "2.0", id, error } : { jsonrpc: "2.0", id, result }));
      };
      if (state.huge) {
        res.writeHead(200);
        res.end(`{"jsonrpc":"2.0","id":${id},"result":"${"x".repeat(2048)}"}`);
        return;
      }
      if (method === "status") {
        return reply({
          node_info: { network: chainId, version: "0.38", moniker: "fake" },
          sync_info: { latest_block_height: String(state.height), latest_block_time: new Date(Date.now() - state.blockAgeSeconds * 1000).toISOString(), catching_up: false },
        });
      }
      if (method === "abci_query") {
        if (params.path === "/fail") return reply({ response: { code: 5, codespace: "sdk", log: "insufficient funds", value: null } });
        return reply({ response: { code: 0, value: Buffer.from(`answer from ${server.address() ? (server.address() as AddressInfo).port : 0}`).toString("base64") } });
      }
      if (method === "tx") return reply(undefined, { code: -32603, message: "Internal error", data: `tx (${params.hash}) not found` });
      return reply(undefined, { code: -32601, message: "Method not found" });
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  });
}

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}

describe("CometRpcTransport", () => {
  it("skips a dead first endpoint at start and says so", async () => {
    const dead = await closedPort();
    const live = await fakeRpc();
    const notes: string[] = [];
    const t = new CometRpcTransport({ endpoints: [dead, live.url], chainId: "akash-local", onNote: (n) => notes.push(n), timeoutMs: 2000 });
    const status = await t.status();
    assert.equal(status.latestHeight, 100n);
    assert.equal(t.endpoint, live.url);
    assert.match(notes.join("\n"), new RegExp(`skipped ${dead}: connection refused`));
  });

  it("probes once for calls made at the same time before an endpoint is chosen", async () => {
    const dead = await closedPort();
    const live = await fakeRpc();
    const notes: string[] = [];
    const t = new CometRpcTransport({ endpoints: [dead, live.url], chainId: "akash-local", onNote: (n) => notes.push(n), timeoutMs: 2000 });
    await Promise.all([t.abciQuery("/a", new Uint8Array()), t.abciQuery("/b", new Uint8Array()), t.status()]);
    assert.equal(notes.length, 1, notes.join("\n"));
    assert.equal(live.calls.filter((c) => c === "status").length, 2, "one probe, one status call");
  });

  it("switches endpoints mid-command when the one in use dies, and repeats the call there", async () => {
    const a = await fakeRpc();
    const b = await fakeRpc();
    const notes: string[] = [];
    const t = new CometRpcTransport({ endpoints: [a.url, b.url], chainId: "akash-local", onNote: (n) => notes.push(n), timeoutMs: 2000 });
    await t.status();
    assert.equal(t.endpoint, a.url);
    await a.close();
    const answer = Buffer.from(await t.abciQuery("/any", new Uint8Array([1]))).toString();
    assert.equal(answer, `answer from ${new URL(b.url).port}`);
    assert.equal(t.endpoint, b.url);
    assert.equal(t.switches, 1);
    assert.match(notes.join("\n"), new RegExp(`switched from ${a.url} to ${b.url}: connection (refused|closed by the server)`));
  });

  it("leaves a node that starts lagging for one with a recent block", async () => {
    const a = await fakeRpc();
    const b = await fakeRpc();
    const t = new CometRpcTransport({ endpoints: [a.url, b.url], chainId: "akash-local", maxLagSeconds: 30, timeoutMs: 2000 });
    await t.status();
    a.blockAgeSeconds = 120;
    await t.status();
    assert.equal(t.endpoint, b.url);
  });

  it("reports a halted chain when every endpoint answers but none has a recent block", async () => {
    const a = await fakeRpc();
    a.blockAgeSeconds = 600;
    const t = new CometRpcTransport({ endpoints: [a.url], chainId: "akash-local", maxLagSeconds: 30, timeoutMs: 2000 });
    await assert.rejects(t.status(), (e: unknown) => e instanceof ChainError && e.code === "CHAIN_HALTED" && /chain may be halted/.test(e.message));
  });

  it("reports every endpoint when none can be reached", async () => {
    const t = new CometRpcTransport({ endpoints: [await closedPort(), await closedPort()], chainId: "akash-local", timeoutMs: 2000 });
    await assert.rejects(t.status(), (e: unknown) => e instanceof NetworkError && e.code === "NO_ENDPOINT");
  });

  it("does not read more than the limit, and tries the next endpoint", async () => {
    const a = await fakeRpc();
    const b = await fakeRpc();
    const t = new CometRpcTransport({ endpoints: [a.url, b.url], chainId: "akash-local", maxResponseBytes: 1024, timeoutMs: 2000 });
    await t.status();
    a.huge = true;
    await t.abciQuery("/any", new Uint8Array());
    assert.equal(t.endpoint, b.url);
  });

  it("passes ABCI failures through as answers (no failover) and finds no unknown tx", async () => {
    const a = await fakeRpc();
    const b = await fakeRpc();
    const t = new CometRpcTransport({ endpoints: [a.url, b.url], chainId: "akash-local", timeoutMs: 2000 });
    await assert.rejects(t.abciQuery("/fail", new Uint8Array()), (e: unknown) => e instanceof AbciError && e.code === 5 && e.codespace === "sdk");
    assert.equal(await t.getTx("AB".repeat(32)), null);
    assert.equal(t.endpoint, a.url);
    assert.equal(b.calls.length, 1, "b was only probed once, at the start");
  });

  it("waits for the next block by watching the height", async () => {
    const a = await fakeRpc();
    const t = new CometRpcTransport({ endpoints: [a.url], chainId: "akash-local", timeoutMs: 2000, sleep: async () => void (a.height += 1) });
    assert.equal(await t.waitForBlock(101n), 102n);
  });
});
