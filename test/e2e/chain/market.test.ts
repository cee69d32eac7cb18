/**
 * Bids, leases, escrow and providers on the real localnet, with the real provider (the provider
 * harness) bidding: `akash bid list`, `akash lease create|get|list|close`, `akash escrow
 * deposit|status`, `akash provider list|get`, each checked on chain with the node's own CLI.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { e2eSkipReason, useLocalnet, type E2eNet } from "../harness.js";
import { bank, fundsOf, nodeDeployment, nodeQuery, nodeTx, sdl, writeTemp } from "./helpers.js";

const skip = e2eSkipReason();

interface BidRow {
  provider: string;
  gseq: number;
  oseq: number;
  state: string;
  pricePerBlock: string;
  actPerHour: string;
  actPerMonth: string;
  host: string;
  auditedBy: string[];
}

describe("akash bid, lease, escrow, provider (localnet)", { skip }, () => {
  let net: E2eNet;
  let dseq: string;
  before(async () => {
    net = await useLocalnet();
    const created = net.cli(["deployment", "create", writeTemp("deploy.yaml", sdl()), "--deposit", "5act", "--yes", "-o", "json"]);
    assert.equal(created.code, 0, created.stderr);
    dseq = created.json<{ dseq: string }>().dseq;
  });
  after(() => {
    if (net && dseq) net.cli(["deployment", "close", dseq, "--yes"]);
    net?.release();
  });

  /** The provider bids a few blocks after the order opens: ask once per block until it has. */
  async function waitForBid(): Promise<BidRow> {
    for (let attempt = 0; attempt < 90; attempt += 1) {
      const r = net.cli(["bid", "list", dseq, "--state", "open", "-o", "json"]);
      assert.equal(r.code, 0, r.stderr);
      const bids = r.json<{ bids: BidRow[] }>().bids;
      const ours = bids.find((b) => b.provider === net.provider.address);
      if (ours) return ours;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    throw new Error(`the localnet provider did not bid on ${dseq}`);
  }

  it("lists the provider's bid with prices per block, hour and month, and its host", async () => {
    const bid = await waitForBid();
    assert.equal(bid.state, "open");
    assert.equal(bid.gseq, 1);
    assert.match(bid.pricePerBlock, /uact$/);
    assert.match(bid.host, /^https:\/\/127\.0\.0\.1:\d+$/);
    // per hour = per block x 3600 / block time; per month = per hour x 720 (30 days)
    const hour = Number(bid.actPerHour);
    const month = Number(bid.actPerMonth);
    assert.ok(hour > 0);
    assert.ok(Math.abs(month / hour - 720) < 0.01, `${month} / ${hour}`);
    const text = net.cli(["bid", "list", dseq]);
    assert.match(text.stdout, /^PROVIDER\s+GSEQ\/OSEQ\s+STATE\s+UACT\/BLOCK\s+ACT\/HOUR\s+ACT\/MONTH\s+HOST/m);
    assert.match(text.stderr, /measured over the last 20 blocks/);
    // An auditor (here this file's tenant account, signing with the node's CLI) vouches for the
    // provider's region: the bid list names it, and --attr matches audited attributes too.
    await nodeTx(net, net.tenant.mnemonic, ["audit", "attr", "create", net.provider.address, "audited-region", "e2e"]);
    const audited = net.cli(["bid", "list", dseq, "--attr", "audited-region=e2e", "-o", "json"]).json<{ bids: BidRow[] }>().bids;
    assert.equal(audited.length, 1);
    assert.ok(audited[0]!.auditedBy.includes(net.tenant.address));
    const none = net.cli(["bid", "list", dseq, "--max-price", "0.000001uact", "-o", "json"]);
    assert.equal(none.json<{ bids: unknown[] }>().bids.length, 0);
    const byAttr = net.cli(["bid", "list", dseq, "--attr", "no-such=attribute", "-o", "json"]);
    assert.equal(byAttr.json<{ bids: unknown[] }>().bids.length, 0);
  });

  it("refuses a lease from an unregistered provider, and a lease that does not exist", () => {
    const stranger = "akash1qurswpc8qurswpc8qurswpc8qurswpc87g2aem";
    const r = net.cli(["lease", "create", dseq, "--provider", stranger, "--yes"]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /is not a registered provider/);
    const closeNone = net.cli(["lease", "close", dseq, "--yes"]);
    assert.equal(closeNone.code, 3);
    assert.match(closeNone.stderr, /has no active lease/);
  });

  it("creates the lease; escrow status shows the burn rate; a deposit raises the balance; close ends it", async () => {
    const bid = await waitForBid();
    const created = net.cli(["lease", "create", dseq, "--provider", net.provider.address, "--yes", "-o", "json"]);
    assert.equal(created.code, 0, created.stderr);
    const leases = nodeQuery<{ leases: { lease: { state: string; price: { amount: string } } }[] }>(net, ["market", "lease", "list", "--owner", net.tenant.address, "--dseq", dseq]);
    assert.equal(leases.leases.length, 1);
    assert.equal(leases.leases[0]!.lease.state, "active");
    assert.equal(Number(leases.leases[0]!.lease.price.amount), Number(bid.pricePerBlock.replace(/uact$/, "")));

    const list = net.cli(["lease", "list", "--dseq", dseq, "-o", "json"]);
    assert.equal(list.json<{ state: string }[]>()[0]!.state, "active");
    const got = net.cli(["lease", "get", dseq, "-o", "json"]);
    assert.equal(got.code, 0, got.stderr);

    const status = net.cli(["escrow", "status", dseq, "-o", "json"]);
    assert.equal(status.code, 0, status.stderr);
    const s = status.json<{ ratePerBlock: string; blocksLeft: string; remaining: string; activeLeases: number }>();
    assert.equal(s.activeLeases, 1);
    assert.equal(Number(s.ratePerBlock), Number(bid.pricePerBlock.replace(/uact$/, "")));
    assert.ok(BigInt(s.blocksLeft) > 0n);
    // remaining / rate = blocks left
    assert.equal(BigInt(Math.floor(Number(s.remaining) / Number(s.ratePerBlock))), BigInt(s.blocksLeft));

    const before = fundsOf(nodeDeployment(net, net.tenant.address, dseq), "uact");
    const deposit = net.cli(["escrow", "deposit", dseq, "1act", "--yes", "-o", "json"]);
    assert.equal(deposit.code, 0, deposit.stderr);
    const afterDeposit = fundsOf(nodeDeployment(net, net.tenant.address, dseq), "uact");
    // The deposit settles the account first: the lease's accrued payment leaves, 1 ACT arrives.
    assert.ok(afterDeposit > before, `${afterDeposit} > ${before}`);
    assert.ok(afterDeposit <= before + 1_000_000n);
    const reserve = net.cli(["escrow", "deposit", dseq, "1akt", "--yes"]);
    assert.equal(reserve.code, 0, reserve.stderr);
    assert.match(reserve.stderr, /reserve used only while ACT minting is halted/);
    assert.equal(fundsOf(nodeDeployment(net, net.tenant.address, dseq), "uakt"), 1_000_000n);

    const providerBefore = bank(net, net.provider.address).uact;
    const closed = net.cli(["lease", "close", dseq, "--yes", "-o", "json"]);
    assert.equal(closed.code, 0, closed.stderr);
    const after = nodeQuery<{ leases: { lease: { state: string } }[] }>(net, ["market", "lease", "list", "--owner", net.tenant.address, "--dseq", dseq]);
    assert.equal(after.leases[0]!.lease.state, "closed");
    assert.ok(bank(net, net.provider.address).uact > providerBefore, "the provider was paid what it earned");
    const again = net.cli(["lease", "close", dseq, "--yes"]);
    assert.equal(again.code, 3);
    assert.match(again.stderr, /has no active lease/);
  });

  it("lists providers and shows one with its gateway status", () => {
    const list = net.cli(["provider", "list", "-o", "json"]);
    assert.equal(list.code, 0, list.stderr);
    assert.ok(list.json<{ owner: string }[]>().some((p) => p.owner === net.provider.address));
    const get = net.cli(["provider", "get", net.provider.address, "-o", "json"]);
    assert.equal(get.code, 0, get.stderr);
    const p = get.json<{ hostUri: string; status?: { reachable: boolean; error?: string } }>();
    assert.equal(p.hostUri, net.provider.gatewayUrl);
    assert.ok(p.status, "the gateway was asked");
    // The provider harness's gateway presents the certificate the provider published on chain.
    assert.equal(p.status.reachable, true, p.status.error);
    const missing = net.cli(["provider", "get", "akash1qurswpc8qurswpc8qurswpc8qurswpc87g2aem"]);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /is not a registered provider/);
  });
});
