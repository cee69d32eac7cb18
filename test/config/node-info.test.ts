/**
 * nodeInfo and checkNetwork against fake nodes on 127.0.0.1 (test/config/fake-node.ts): the
 * node version from /abci_info, the discovery endpoint when present (v2.1+), absent (404: not an
 * error), served by a REST endpoint of another chain, or not reachable.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { checkNetwork, nodeVersionNote } from "../../src/config/check.js";
import { nodeInfo, parseDiscovery } from "../../src/config/node-info.js";
import { resolveSettings } from "../../src/config/settings.js";
import { NetworkError } from "../../src/errors.js";
import { discoveryInfo, localOnlyFetch, refusedUrl, fakeNodePool, type FakeNode } from "./fake-node.js";

const CHAIN = "akash-local";
const probe = { fetch: localOnlyFetch, timeoutMs: 3000, maxLagSeconds: 60 };

const pool = fakeNodePool();
const node = pool.start;

let refused: string;
let v21: FakeNode;
let v20: FakeNode;
let foreignRest: FakeNode;
let noAbci: FakeNode;

before(async () => {
  refused = await refusedUrl();
  v21 = await node({ chainId: CHAIN, appVersion: "v2.1.0", discovery: discoveryInfo(CHAIN, "v2.1.1") });
  v20 = await node({ chainId: CHAIN, appVersion: "v2.0.1", discovery: "absent" });
  foreignRest = await node({ chainId: "sandbox-2", discovery: discoveryInfo("sandbox-2") });
  noAbci = await node({ chainId: CHAIN, appVersion: null });
});

after(async () => {
  await pool.closeAll();
});

describe("nodeInfo", () => {
  test("a v2.1 node: version from discovery, which is parsed into camelCase", async () => {
    const info = await nodeInfo(v21.url, { ...probe, rest: [v21.url], chainId: CHAIN });
    assert.equal(info.status.chainId, CHAIN);
    assert.equal(info.appVersion, "v2.1.0");
    assert.equal(info.version, "v2.1.1");
    assert.deepEqual(info.discovery, {
      state: "present",
      url: v21.url,
      info: {
        chainId: CHAIN,
        nodeVersion: "v2.1.1",
        minClientVersion: "v1.0.0",
        clientApiVersion: "v1beta3",
        supportedVersions: [
          {
            apiVersion: "v1beta4",
            modules: [
              { module: "deployment", version: "v1beta4" },
              { module: "market", version: "v1beta5" },
            ],
            features: ["reclamation"],
          },
        ],
      },
    });
    assert.deepEqual(info.notes, []);
    assert.deepEqual(v21.requests.sort(), ["GET /abci_info", "GET /akash/discovery/v1/info", "GET /status"]);
  });

  test("a v2.0 node: discovery answers 404, which is 'absent', not an error; version from /abci_info", async () => {
    const info = await nodeInfo(v20.url, { ...probe, rest: [v20.url], chainId: CHAIN });
    assert.deepEqual(info.discovery, { state: "absent", url: v20.url });
    assert.equal(info.version, "v2.0.1");
    assert.deepEqual(info.notes, []);
  });

  test("a dead REST endpoint is skipped with a note, and a REST endpoint of another chain too", async () => {
    const info = await nodeInfo(v21.url, { ...probe, rest: [refused, foreignRest.url, v21.url], chainId: CHAIN });
    assert.equal(info.discovery.state, "present");
    assert.deepEqual(info.notes, [
      `skipped REST endpoint ${refused}: connection refused`,
      `skipped REST endpoint ${foreignRest.url}: on chain sandbox-2, expected ${CHAIN}`,
    ]);
  });

  test("a pinned REST endpoint of another chain is an error", async () => {
    await assert.rejects(
      nodeInfo(v21.url, { ...probe, rest: [foreignRest.url], chainId: CHAIN, restPinned: true }),
      (error: unknown) => error instanceof NetworkError && error.code === "CHAIN_ID_MISMATCH" && error.message.includes("--rest"),
    );
  });

  test("no REST endpoint answering leaves discovery unavailable, with notes; no /abci_info leaves the version unknown", async () => {
    const info = await nodeInfo(noAbci.url, { ...probe, rest: [refused], chainId: CHAIN });
    assert.deepEqual(info.discovery, { state: "unavailable", reason: `no REST endpoint answered (${refused}: connection refused)` });
    assert.equal(info.version, undefined);
    assert.deepEqual([...info.notes].sort(), [
      `could not read the node version from ${noAbci.url}/abci_info: HTTP 500`,
      `skipped REST endpoint ${refused}: connection refused`,
    ]);
  });

  test("an unreachable RPC endpoint is a NetworkError", async () => {
    await assert.rejects(nodeInfo(refused, { ...probe, rest: [] }), { name: "NetworkError", code: "NO_ENDPOINT" });
  });
});

test("parseDiscovery tolerates missing fields and rejects what is not discovery", () => {
  assert.deepEqual(parseDiscovery(JSON.stringify({ info: {} })), { supportedVersions: [] });
  assert.equal(parseDiscovery("nope"), "malformed response from /akash/discovery/v1/info (not JSON)");
  assert.equal(parseDiscovery("{}"), 'malformed response from /akash/discovery/v1/info (no "info" object)');
});

describe("checkNetwork", () => {
  test("with settings from the environment: failover, chain id, version and discovery in one result", async () => {
    const settings = resolveSettings({
      env: { AKASH_NETWORK: "local", AKASH_NODE: `${refused},${v21.url}`, AKASH_REST: v21.url },
      config: {},
      configPath: "/nonexistent/config.json",
    });
    const check = await checkNetwork(settings, probe);
    assert.equal(check.network, "local");
    assert.equal(check.chainId, CHAIN);
    assert.equal(check.rpc, v21.url);
    assert.equal(check.version, "v2.1.1");
    assert.equal(check.discovery.state, "present");
    assert.deepEqual(check.notes, [`skipped ${refused}: connection refused`]);
  });

  test("a pinned node without a REST endpoint of its own: discovery is not asked of the network's public ones", async () => {
    const settings = resolveSettings({ env: { AKASH_NETWORK: "local", AKASH_NODE: v20.url }, config: {}, configPath: "/x" });
    const check = await checkNetwork(settings, probe);
    assert.equal(check.discovery.state, "unavailable");
    assert.match(check.discovery.state === "unavailable" ? check.discovery.reason : "", /--rest/u);
    assert.equal(check.version, "v2.0.1");
  });

  test("a pinned node on another chain fails before anything else is asked", async () => {
    const settings = resolveSettings({ env: { AKASH_NETWORK: "local" }, flags: { node: foreignRest.url }, config: {}, configPath: "/x" });
    await assert.rejects(checkNetwork(settings, probe), { name: "NetworkError", code: "CHAIN_ID_MISMATCH" });
  });
});

test("nodeVersionNote: only a node major other than 2 is remarked on", () => {
  assert.equal(nodeVersionNote("v2.1.0"), null);
  assert.equal(nodeVersionNote("2.0.1"), null);
  assert.equal(nodeVersionNote(undefined), null);
  assert.equal(nodeVersionNote("main-abc"), null);
  assert.match(nodeVersionNote("v0.38.1") ?? "", /built for v2\.x/u);
});
