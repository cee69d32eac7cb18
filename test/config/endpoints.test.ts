/**
 * Endpoint failover against real HTTP servers on 127.0.0.1 (test/config/fake-node.ts): one port
 * that refuses connections, one node that never answers, lagging, catching-up and wrong-chain
 * nodes, broken answers, and healthy ones. Asserts the chosen endpoint, the order of preference
 * and the exact notes.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { NetworkError } from "../../src/errors.js";
import { parseStatus, probeRpc, selectEndpoint, type SelectOptions } from "../../src/config/endpoints.js";
import { fetchFailure, joinUrl } from "../../src/config/http.js";
import { cometTime, localOnlyFetch, refusedUrl, fakeNodePool, type FakeNode } from "./fake-node.js";

const CHAIN = "akash-local";
const NOW = Date.parse("2026-06-20T12:00:00.000Z");
// Long enough that a loaded CI machine never turns a refused or slow answer into a timeout; only
// the deliberately hanging endpoint waits for it.
const TIMEOUT_MS = 3000;
const fresh = (): string => cometTime(NOW - 3_000);
const old = (): string => cometTime(NOW - 600_000);

const options: SelectOptions = { fetch: localOnlyFetch, clock: () => NOW, timeoutMs: TIMEOUT_MS, maxLagSeconds: 60, chainId: CHAIN };

const pool = fakeNodePool();
const node = pool.start;

let refused: string;
let hanging: FakeNode;
let lagging: FakeNode;
let syncing: FakeNode;
let otherChain: FakeNode;
let healthy: FakeNode;
let healthy2: FakeNode;

before(async () => {
  refused = await refusedUrl();
  hanging = await node({ chainId: CHAIN, behaviour: "hang" });
  lagging = await node({ chainId: CHAIN, height: "100", blockTime: old });
  syncing = await node({ chainId: CHAIN, height: "42", blockTime: fresh, catchingUp: true });
  otherChain = await node({ chainId: "akashnet-2", blockTime: fresh });
  healthy = await node({ chainId: CHAIN, height: "5000", blockTime: fresh, cometVersion: "0.38.19" });
  healthy2 = await node({ chainId: CHAIN, height: "5001", blockTime: fresh });
});

after(async () => {
  await pool.closeAll();
});

describe("selectEndpoint", () => {
  test("skips refused, timing-out, lagging, catching-up and wrong-chain endpoints, in order, and says why", async () => {
    const selection = await selectEndpoint(
      [refused, hanging.url, lagging.url, syncing.url, otherChain.url, healthy.url, healthy2.url],
      options,
    );
    assert.equal(selection.url, healthy.url);
    assert.equal(selection.status.height, "5000");
    assert.equal(selection.status.chainId, CHAIN);
    assert.equal(selection.status.cometVersion, "0.38.19");
    assert.equal(selection.status.moniker, "fake-node");
    assert.deepEqual(selection.notes, [
      `skipped ${refused}: connection refused`,
      `skipped ${hanging.url}: timed out after ${TIMEOUT_MS} ms`,
      `skipped ${lagging.url}: lagging: latest block 100 is 600 s old (limit 60 s)`,
      `skipped ${syncing.url}: catching up (still syncing, at height 42)`,
      `skipped ${otherChain.url}: on chain akashnet-2, expected ${CHAIN}`,
    ]);
    assert.deepEqual(
      selection.tried.map((r) => (r.ok ? "ok" : r.kind)),
      ["unreachable", "unreachable", "lagging", "catching-up", "wrong-chain", "ok"],
    );
    assert.deepEqual(healthy.requests, ["GET /status"]);
    // Probed at once: the endpoint after the chosen one was asked too (while the hanging one
    // held things up), so dead endpoints cost one timeout in all, not one each.
    assert.deepEqual(healthy2.requests, ["GET /status"]);
  });

  test("keeps the order of preference even when a later endpoint answers first", async () => {
    const slowButFirst = await node({ chainId: CHAIN, height: "7", blockTime: fresh, delayMs: 120 });
    const selection = await selectEndpoint([slowButFirst.url, healthy2.url], options);
    assert.equal(selection.url, slowButFirst.url);
    assert.deepEqual(selection.notes, []);
  });

  test("a healthy first endpoint gives no notes", async () => {
    const selection = await selectEndpoint([healthy.url, refused], options);
    assert.equal(selection.url, healthy.url);
    assert.deepEqual(selection.notes, []);
    assert.equal(selection.tried.length, 1);
  });

  test("a pinned endpoint on another chain is an error, not a skip", async () => {
    await assert.rejects(
      selectEndpoint([otherChain.url, healthy.url], { ...options, pinned: true }),
      (error: unknown) => {
        assert.ok(error instanceof NetworkError);
        assert.equal(error.code, "CHAIN_ID_MISMATCH");
        assert.match(error.message, new RegExp(`^${escape(otherChain.url)} is on chain akashnet-2, expected ${CHAIN}\\.`, "u"));
        assert.match(error.message, /--network or --chain-id/u);
        assert.deepEqual(error.data, { url: otherChain.url, chainId: "akashnet-2", expected: CHAIN });
        return true;
      },
    );
  });

  test("a pinned endpoint that is dead is still skipped for the next pinned one", async () => {
    const selection = await selectEndpoint([refused, healthy.url], { ...options, pinned: true });
    assert.equal(selection.url, healthy.url);
    assert.deepEqual(selection.notes, [`skipped ${refused}: connection refused`]);
  });

  test("when nothing can be used: NO_ENDPOINT listing every endpoint and its reason", async () => {
    await assert.rejects(
      selectEndpoint([refused, lagging.url, otherChain.url], { ...options, label: "local (akash-local)" }),
      (error: unknown) => {
        assert.ok(error instanceof NetworkError);
        assert.equal(error.code, "NO_ENDPOINT");
        assert.equal(
          error.message.split("\n").slice(0, 4).join("\n"),
          "no RPC endpoint of local (akash-local) could be used; tried:\n" +
            `  ${refused}: connection refused\n` +
            `  ${lagging.url}: lagging: latest block 100 is 600 s old (limit 60 s)\n` +
            `  ${otherChain.url}: on chain akashnet-2, expected ${CHAIN}`,
        );
        assert.match(error.message, /--node URL/u);
        assert.deepEqual(error.data, {
          tried: [
            { url: refused, reason: "connection refused" },
            { url: lagging.url, reason: "lagging: latest block 100 is 600 s old (limit 60 s)" },
            { url: otherChain.url, reason: `on chain akashnet-2, expected ${CHAIN}` },
          ],
        });
        return true;
      },
    );
  });

  test("no candidates at all is NO_ENDPOINT", async () => {
    await assert.rejects(selectEndpoint([], options), { name: "NetworkError", code: "NO_ENDPOINT" });
  });

  test("maxLagSeconds decides what lagging means", async () => {
    const selection = await selectEndpoint([lagging.url], { ...options, maxLagSeconds: 3600 });
    assert.equal(selection.url, lagging.url);
  });
});

describe("probeRpc: broken answers are skipped with a reason", () => {
  const cases: { name: string; start: () => Promise<FakeNode>; reason: string }[] = [
    { name: "HTTP 503", start: () => node({ chainId: CHAIN, behaviour: { http: 503 } }), reason: "HTTP 503 from /status" },
    { name: "not JSON", start: () => node({ chainId: CHAIN, behaviour: "garbage" }), reason: "malformed response from /status (not JSON)" },
    {
      name: "a JSON-RPC error",
      start: () => node({ chainId: CHAIN, behaviour: "rpcError" }),
      reason: "the node answered /status with an error: Internal error",
    },
    {
      name: "a REST server, not an RPC (404)",
      start: () => node({ chainId: CHAIN, prefix: "/rest" }).then((n) => ({ ...n, url: n.url.replace(/\/rest$/u, "") })),
      reason: "HTTP 404 from /status",
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const n = await c.start();
      const result = await probeRpc(n.url, options);
      assert.equal(result.ok, false);
      assert.equal(result.ok ? "" : result.reason, c.reason);
    });
  }

  test("an endpoint under a path prefix (https://rpc.akt.dev/rpc style) is asked at PREFIX/status", async () => {
    const prefixed = await node({ chainId: CHAIN, prefix: "/rpc", blockTime: fresh });
    const result = await probeRpc(prefixed.url, options);
    assert.equal(result.ok, true);
    assert.deepEqual(prefixed.requests, ["GET /rpc/status"]);
  });
});

test("parseStatus names the missing field", () => {
  assert.equal(parseStatus("{}"), "malformed response from /status (no valid result.node_info.network)");
  const body = (sync: Record<string, unknown>): string =>
    JSON.stringify({ result: { node_info: { network: "c" }, sync_info: { latest_block_height: "1", latest_block_time: fresh(), catching_up: false, ...sync } } });
  assert.equal(parseStatus(body({ latest_block_height: 12 })), "malformed response from /status (no valid result.sync_info.latest_block_height)");
  assert.equal(parseStatus(body({ latest_block_time: "yesterday" })), "malformed response from /status (no valid result.sync_info.latest_block_time)");
  assert.equal(parseStatus(body({ catching_up: "no" })), "malformed response from /status (no valid result.sync_info.catching_up)");
  assert.equal(typeof parseStatus(body({})), "object");
});

test("fetchFailure and joinUrl", () => {
  assert.equal(fetchFailure(Object.assign(new TypeError("fetch failed"), { cause: { code: "ENOTFOUND" } })), "host not found");
  assert.equal(
    fetchFailure(Object.assign(new TypeError("fetch failed"), { cause: { errors: [{ code: "ECONNREFUSED" }] } })),
    "connection refused",
  );
  assert.equal(fetchFailure(Object.assign(new TypeError("fetch failed"), { cause: { code: "EWHATEVER" } })), "connection failed (EWHATEVER)");
  assert.equal(joinUrl("https://rpc.akt.dev/rpc/", "/status"), "https://rpc.akt.dev/rpc/status");
  assert.equal(joinUrl("https://rpc.akashnet.net:443", "/status"), "https://rpc.akashnet.net:443/status");
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
}
