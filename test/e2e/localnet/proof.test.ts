/**
 * The localnet proves the whole tenant flow on the real chain and the real provider code, with the
 * chain's state and the balances checked after every step: a deployment priced and funded in uact,
 * the provider's bid (and no bid for a group its synthetic inventory cannot fit), the lease, the
 * manifest sent with a JWT signed by our wallet, lease status with URIs, and the close with the
 * escrow settled: the provider paid, the rest refunded.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { CosmosChainClient } from "../../../src/chain/cosmos/client.js";
import { CometRpcTransport } from "../../../src/chain/cosmos/rpc.js";
import { decAtomics } from "../../../src/chain/amount.js";
import type { Bid, Coin } from "../../../src/chain/types.js";
import { ProviderClient } from "../../../src/provider/client.js";
import { compileSdl, manifestJson } from "../../../src/sdl/index.js";
import { mnemonicSigner } from "../../../src/wallet/derive.js";
import { e2eSkipReason, useLocalnet, type E2eNet } from "../harness.js";

const skip = e2eSkipReason();

// Group "fits" is small; group "huge" asks for more CPU than the provider's synthetic node has.
const SDL = `
version: "2.0"
services:
  web:
    image: nginx:1.27.3-alpine
    expose:
      - port: 80
        as: 80
        to:
          - global: true
  batch:
    image: busybox:1.37.0
    command: ["sleep", "infinity"]
profiles:
  compute:
    small:
      resources:
        cpu: { units: 0.25 }
        memory: { size: 256Mi }
        storage: { size: 256Mi }
    huge:
      resources:
        cpu: { units: 200 }
        memory: { size: 1Gi }
        storage: { size: 1Gi }
  placement:
    fits:
      pricing:
        small: { denom: uact, amount: 1000 }
    toobig:
      pricing:
        huge: { denom: uact, amount: 100000 }
deployment:
  web:
    fits:
      profile: small
      count: 1
  batch:
    toobig:
      profile: huge
      count: 1
`;

const DEPOSIT: Coin = { denom: "uact", amount: "5000000" };

let net: E2eNet;
let chain: CosmosChainClient;
let providerView: CosmosChainClient;
let signer: Awaited<ReturnType<typeof mnemonicSigner>>;
let dseq: bigint | undefined;
let closed = false;

const balance = async (client: CosmosChainClient, denom: string, address?: string) => BigInt((await client.balances(address)).find((c) => c.denom === denom)?.amount ?? "0");

before(async () => {
  if (skip) return;
  net = await useLocalnet();
  signer = await mnemonicSigner(net.tenant.mnemonic);
  const transport = () => new CometRpcTransport({ endpoints: [net.rpc], chainId: net.chainId, timeoutMs: 15_000 });
  chain = new CosmosChainClient({ transport: transport(), chainId: net.chainId, signer });
  providerView = new CosmosChainClient({ transport: transport(), chainId: net.chainId, address: net.provider.address });
});

after(async () => {
  if (skip || !net) return;
  try {
    if (dseq !== undefined && !closed) await chain.closeDeployment({ dseq });
  } finally {
    net.release();
  }
});

const compiled = compileSdl(SDL, { file: "proof.yaml" });
let bidOnFits: Bid;
let uactBeforeCreate: bigint;

test("(a) a deployment priced in uact is created; the deposit leaves the balance and sits in escrow", { skip }, async () => {
  assert.ok(compiled.output, JSON.stringify(compiled.diagnostics));
  uactBeforeCreate = await balance(chain, "uact");
  const created = await chain.createDeployment({ spec: { groups: compiled.output.groups, version: compiled.output.version }, deposit: DEPOSIT });
  dseq = created.dseq;
  assert.equal(await balance(chain, "uact"), uactBeforeCreate - BigInt(DEPOSIT.amount), "the whole deposit, and no fee, comes out of uact");
  assert.ok(created.fee.every((c) => c.denom === "uakt"), "fees are paid in uakt");
  const deployment = await chain.deployment({ owner: net.tenant.address, dseq });
  assert.equal(deployment?.state, "active");
  assert.equal(deployment?.version, compiled.output.version);
  assert.deepEqual(deployment?.groups.map((g) => [g.spec.name, g.state]), [["fits", "open"], ["toobig", "open"]]);
  const funds = deployment?.escrow?.funds.find((f) => f.denom === "uact");
  assert.equal(funds && decAtomics(funds.amount), BigInt(DEPOSIT.amount) * 10n ** 18n);
});

test("(b) the provider's bid engine bids on the group that fits, in uact at most the group's price, and never on the one that does not fit", { skip }, async () => {
  let height = (await chain.status()).latestHeight;
  let found: Bid | undefined;
  for (let blocks = 0; blocks < 60 && !found; blocks += 1) {
    found = (await chain.bids({ owner: net.tenant.address, dseq: dseq!, state: "open" })).find((b) => b.id.provider === net.provider.address && b.id.gseq === 1);
    if (!found) height = await chain.nextBlock(height);
  }
  assert.ok(found, "no bid from the provider within 60 blocks");
  bidOnFits = found;
  assert.equal(bidOnFits.price.denom, "uact");
  assert.ok(decAtomics(bidOnFits.price.amount) > 0n && decAtomics(bidOnFits.price.amount) <= 1000n * 10n ** 18n, bidOnFits.price.amount);
  // Give the "toobig" order five more blocks than "fits" needed: still no bid from anyone.
  for (let i = 0; i < 5; i += 1) height = await chain.nextBlock(height);
  const onTooBig = (await chain.bids({ owner: net.tenant.address, dseq: dseq! })).filter((b) => b.id.gseq === 2);
  assert.deepEqual(onTooBig, [], "a group larger than the synthetic inventory must get no bid");
});

test("(c) the lease is created at the bid's price; the escrow now pays the provider", { skip }, async () => {
  await chain.createLease({ bid: bidOnFits.id });
  const [lease] = await chain.leases({ owner: net.tenant.address, dseq: dseq!, state: "active" });
  assert.ok(lease);
  assert.equal(lease.id.provider, net.provider.address);
  assert.equal(lease.price.amount, bidOnFits.price.amount);
  assert.equal(lease.payment?.rate.amount, bidOnFits.price.amount);
  assert.equal((await chain.bids({ owner: net.tenant.address, dseq: dseq!, gseq: 1 })).find((b) => b.id.provider === net.provider.address)?.state, "active");
});

test("(d, e) the manifest goes to the real gateway with a JWT signed by our wallet, and lease status lists the service with its URI", { skip }, async () => {
  const hostUri = (await chain.provider(net.provider.address))!.hostUri;
  const client = new ProviderClient({ hostUri, provider: net.provider.address, auth: { owner: net.tenant.address, signer }, certificates: chain });
  // The provider knows nothing of "batch" (group 2 has no lease), and checks the leased group only.
  const sent = await client.sendManifest(dseq!, manifestJson(compiled.output!.manifest));
  assert.ok(sent.attempts >= 1);
  let status;
  for (let i = 0; i < 30; i += 1) {
    status = await client.leaseStatus({ dseq: dseq!, gseq: 1, oseq: 1 });
    if (status.services.length > 0 && status.services.every((s) => s.available >= s.total)) break;
    await chain.nextBlock((await chain.status()).latestHeight);
  }
  const web = status?.services.find((s) => s.name === "web");
  assert.ok(web, JSON.stringify(status));
  assert.equal(web.available, 1);
  assert.ok(web.uris.length > 0 && web.uris.every((u) => u.includes("localhost")), JSON.stringify(web.uris));
});

test("(f) close: leases and deployment closed, the provider paid what the lease cost, the tenant refunded the rest", { skip }, async () => {
  await chain.closeDeployment({ dseq: dseq! });
  closed = true;
  const deployment = await chain.deployment({ owner: net.tenant.address, dseq: dseq! });
  assert.equal(deployment?.state, "closed");
  const [lease] = await chain.leases({ owner: net.tenant.address, dseq: dseq! });
  assert.equal(lease?.state, "closed");
  const tenantAfter = await balance(chain, "uact");
  const paid = uactBeforeCreate - tenantAfter;
  assert.ok(paid > 0n, "the lease ran for some blocks, so something was paid");
  assert.ok(paid < BigInt(DEPOSIT.amount), `the rest of the deposit came back (paid ${paid} uact of ${DEPOSIT.amount})`);
  // Exact accounting: what left the tenant is what escrow transferred to the provider, and that is
  // the lease's rate times the blocks it ran (rounded down to whole uact).
  const transferred = deployment?.escrow?.transferred.find((t) => t.denom === "uact");
  assert.ok(transferred, "the escrow reports what it transferred");
  assert.equal(decAtomics(transferred.amount) / 10n ** 18n, paid);
  const blocks = lease!.closedOn - lease!.createdAt;
  assert.equal((decAtomics(lease!.price.amount) * blocks) / 10n ** 18n, paid, `rate ${lease!.price.amount} × ${blocks} blocks`);
  assert.equal(lease!.closedReason, "lease_closed_owner");
  assert.ok((await balance(providerView, "uact", net.provider.address)) > 0n);
});
