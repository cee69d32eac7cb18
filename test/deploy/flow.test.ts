/**
 * The deploy flow's failure paths that the localnet cannot provoke on demand (a provider that
 * refuses the manifest, services that never become ready), with an in-memory stand-in for the
 * chain and the gateway. The stand-ins fake: bids (one, from one provider), a block per call of
 * nextBlock, balances that the close refunds, and a gateway that refuses or never gets ready.
 * The same flow runs against the real node and provider in test/e2e/deploy.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ChainClient } from "../../src/chain/client.js";
import { deploy, type CompiledDeployment, type DeployOptions } from "../../src/deploy/deploy.js";
import { DeployError } from "../../src/deploy/errors.js";
import type { DeployRecord, DeployRecordStore } from "../../src/deploy/records.js";
import type { ProviderGateway } from "../../src/deploy/steps.js";
import { ProviderError } from "../../src/provider/errors.js";

const OWNER = "akash1owner";
const PROVIDER = "akash1provider";

function fakeChain(calls: string[]): ChainClient {
  let height = 100n;
  let uact = 10_000_000n;
  let state: "none" | "active" | "closed" = "none";
  const chain = {
    address: async () => OWNER,
    status: async () => ({ chainId: "test-1", latestHeight: height, catchingUp: false }),
    nextBlock: async (h: bigint) => (height = h + 1n),
    balances: async () => [
      { denom: "uact", amount: uact.toString() },
      { denom: "uakt", amount: "5000000" },
    ],
    deployment: async () => (state === "none" ? null : ({ state } as never)),
    createDeployment: async (input: { deposit: { amount: string } }) => {
      calls.push("create");
      uact -= BigInt(input.deposit.amount);
      state = "active";
      return { txHash: "CREATE", height, gasWanted: 0n, gasUsed: 0n, fee: [], dseq: height };
    },
    bids: async () => [{ id: { owner: OWNER, dseq: 100n, gseq: 1, oseq: 1, provider: PROVIDER, bseq: 0 }, state: "open", price: { denom: "uact", amount: "10.000000000000000000", per: "block" }, createdAt: 100n }],
    provider: async () => ({ owner: PROVIDER, hostUri: "https://p.example:8443", attributes: [], info: { email: "", website: "" } }),
    auditedAttributes: async () => [],
    leases: async () => [],
    submit: async () => {
      calls.push("lease");
      return { txHash: "LEASE", height, gasWanted: 0n, gasUsed: 0n, fee: [] };
    },
    closeDeployment: async () => {
      calls.push("close");
      uact += 4_999_000n; // the deposit minus what the lease cost
      state = "closed";
      return { txHash: "CLOSE", height, gasWanted: 0n, gasUsed: 0n, fee: [] };
    },
  };
  return chain as unknown as ChainClient;
}

function memoryRecords(): DeployRecordStore & { last?: DeployRecord } {
  const store: DeployRecordStore & { last?: DeployRecord } = {
    save: async (r) => void (store.last = r),
    load: async () => store.last ?? null,
    list: async () => (store.last ? [store.last] : []),
  };
  return store;
}

const compiled: CompiledDeployment = { sdlFile: "web.yaml", groups: [{ name: "dcloud" }] as never, manifestJson: "[]", version: "ab".repeat(32), spec: { groups: [], version: "ab".repeat(32) } };
const options: DeployOptions = {
  deposit: { denom: "uact", amount: "5000000" },
  bidTimeoutMs: 60_000,
  minBids: 1,
  settleBlocks: 0,
  waitTimeoutMs: 5_000,
  keepOnFailure: false,
  rules: {},
  checkReachable: false,
  mint: false,
  allowDuplicate: false,
};

function run(gateway: Partial<ProviderGateway>, calls: string[], records = memoryRecords(), now = () => 0) {
  const full: ProviderGateway = {
    status: async () => ({}),
    sendManifest: async () => ({ attempts: 1 }),
    leaseStatus: async () => ({ services: [{ name: "web", available: 1, total: 1, uris: ["x"] }], forwardedPorts: [] }),
    ...gateway,
  };
  return deploy(compiled, options, {
    chain: fakeChain(calls),
    gateway: () => full,
    report: () => undefined,
    now,
    chooser: { choose: async (_g, s) => s.eligible[0] ?? null },
    records,
    blockSeconds: 6,
  });
}

test("a manifest the provider refuses: the deployment is closed, the error keeps the provider's reason and reports the refund", async () => {
  const calls: string[] = [];
  const records = memoryRecords();
  const error = await run(
    { sendManifest: async () => Promise.reject(new ProviderError("MANIFEST_REJECTED", "provider refused the manifest: manifest version validation failed", { status: 422 })) },
    calls,
    records,
  ).catch((e: unknown) => e);
  assert.ok(error instanceof ProviderError, String(error));
  assert.equal(error.code, "MANIFEST_REJECTED");
  assert.match(error.message, /manifest version validation failed\ndeployment 100 was closed; 4999000 uact returned from escrow/);
  assert.deepEqual(error.data.refund, { denom: "uact", amount: "4999000" });
  assert.deepEqual(calls, ["create", "lease", "close"]);
  assert.equal(records.last?.step, "closed");
  assert.equal(records.last?.failure?.code, "MANIFEST_REJECTED");
});

test("services that never become ready: NOT_READY after --wait-timeout (a fake clock), closed and refunded", async () => {
  const calls: string[] = [];
  let clock = 0;
  const error = await run(
    {
      leaseStatus: async () => {
        clock += 1_000; // each poll is a block later
        return { services: [{ name: "web", available: 0, total: 1, uris: [] }], forwardedPorts: [] };
      },
    },
    calls,
    memoryRecords(),
    () => clock,
  ).catch((e: unknown) => e);
  assert.ok(error instanceof DeployError, String(error));
  assert.equal(error.code, "NOT_READY");
  assert.equal(error.data.closed, true);
  assert.deepEqual(calls, ["create", "lease", "close"]);
});

test("--keep-on-failure: nothing is closed and the error says how to resume or close", async () => {
  const calls: string[] = [];
  const error = await deploy(compiled, { ...options, keepOnFailure: true }, {
    chain: fakeChain(calls),
    gateway: () => ({ status: async () => ({}), sendManifest: async () => Promise.reject(new ProviderError("PROVIDER_UNREACHABLE", "connection refused", {})), leaseStatus: async () => ({ services: [], forwardedPorts: [] }) }),
    report: () => undefined,
    now: () => 0,
    chooser: { choose: async (_g, s) => s.eligible[0] ?? null },
    records: memoryRecords(),
    blockSeconds: 6,
  }).catch((e: unknown) => e);
  assert.ok(error instanceof ProviderError);
  assert.deepEqual(calls, ["create", "lease"]);
  assert.match(error.message, /kept open \(--keep-on-failure\); resume: akash deploy web\.yaml --resume 100; close: akash deploy close 100/);
});
