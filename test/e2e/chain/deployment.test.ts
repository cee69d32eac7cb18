/**
 * `akash deployment …` on the real localnet node: every state change checked afterwards with the
 * node's own CLI (deposit locked, hash updated, group states, refund received), and the errors a
 * tenant meets, each with its exit code and no stack trace.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { e2eSkipReason, useLocalnet, type E2eNet } from "../harness.js";
import { bank, fundsOf, nodeDeployment, sdl, sequence, writeTemp } from "./helpers.js";

const skip = e2eSkipReason();

describe("akash deployment (localnet)", { skip }, () => {
  let net: E2eNet;
  let file: string;
  before(async () => {
    net = await useLocalnet();
    file = writeTemp("deploy.yaml", sdl());
  });
  after(() => net?.release());

  const noStackTrace = (stderr: string) => assert.doesNotMatch(stderr, /\n\s+at .+\(.*:\d+:\d+\)/, "no stack trace");

  it("create locks the deposit; list and get show it; update changes the hash; groups pause, start; close refunds", () => {
    const owner = net.tenant.address;
    const start = bank(net, owner);
    const created = net.cli(["deployment", "create", file, "--deposit", "5act", "--yes", "-o", "json"]);
    assert.equal(created.code, 0, created.stderr);
    const out = created.json<{ dseq: string; txHash: string; height: string; fee: { denom: string; amount: string }[] }>();
    assert.match(out.dseq, /^\d+$/);
    assert.match(created.stderr, /Included at height \d+/);
    const onChain = nodeDeployment(net, owner, out.dseq);
    assert.equal(onChain.deployment.state, "active");
    assert.equal(fundsOf(onChain, "uact"), 5_000_000n, "5 ACT locked in escrow");
    const afterCreate = bank(net, owner);
    assert.equal(start.uact - afterCreate.uact, 5_000_000n, "exactly the deposit left the account's uact");
    assert.equal(start.uakt - afterCreate.uakt, BigInt(out.fee[0]!.amount), "the fee, in uakt, and nothing else");

    const list = net.cli(["deployment", "list", "--state", "active", "-o", "json"]);
    assert.equal(list.code, 0, list.stderr);
    assert.ok(list.json<{ id: { dseq: string } }[]>().some((d) => d.id.dseq === out.dseq));
    const text = net.cli(["deployment", "list"]);
    assert.match(text.stdout, new RegExp(`^${out.dseq}\\s+active\\s+1:open\\s+5 ACT`, "m"));

    const got = net.cli(["deployment", "get", out.dseq, "-o", "json"]);
    assert.equal(got.code, 0, got.stderr);
    assert.equal(got.json<{ state: string; groups: unknown[] }>().state, "active");

    // update: a new image changes only the manifest, so the hash changes on chain.
    const changed = writeTemp("deploy.yaml", sdl({ image: "nginx:1.25.4" }));
    const compiled = net.cli(["sdl", "compile", changed, "-o", "json"]).json<{ version: string }>();
    const updated = net.cli(["deployment", "update", out.dseq, changed, "--yes", "-o", "json"]);
    assert.equal(updated.code, 0, updated.stderr);
    assert.equal(Buffer.from(nodeDeployment(net, owner, out.dseq).deployment.hash, "base64").toString("hex"), compiled.version);

    // a change of groups is refused before anything is signed, and says to redeploy.
    const seqBefore = sequence(net, owner);
    const regroup = net.cli(["deployment", "update", out.dseq, writeTemp("deploy.yaml", sdl({ count: 2 })), "--yes"]);
    assert.equal(regroup.code, 1);
    assert.match(regroup.stderr, /count changes from 1 to 2/);
    assert.match(regroup.stderr, /Redeploy instead: akash deployment close/);
    assert.equal(sequence(net, owner), seqBefore, "nothing was signed");
    noStackTrace(regroup.stderr);

    const paused = net.cli(["deployment", "group", "pause", out.dseq, "1", "--yes", "-o", "json"]);
    assert.equal(paused.code, 0, paused.stderr);
    assert.equal(nodeDeployment(net, owner, out.dseq).groups[0]!.state, "paused");
    const started = net.cli(["deployment", "group", "start", out.dseq, "1", "--yes"]);
    assert.equal(started.code, 0, started.stderr);
    assert.equal(nodeDeployment(net, owner, out.dseq).groups[0]!.state, "open");

    const beforeClose = bank(net, owner);
    const closed = net.cli(["deployment", "close", out.dseq, "--yes", "-o", "json"]);
    assert.equal(closed.code, 0, closed.stderr);
    const closeOut = closed.json<{ refunded: { amount: string } }>();
    assert.equal(nodeDeployment(net, owner, out.dseq).deployment.state, "closed");
    const afterClose = bank(net, owner);
    assert.equal(afterClose.uact - beforeClose.uact, 5_000_000n, "no lease: the whole deposit comes back, in uact");
    assert.equal(closeOut.refunded.amount, "5000000");

    // the closed deployment: a second close and a group action are refused with exit 3.
    const again = net.cli(["deployment", "close", out.dseq, "--yes"]);
    assert.equal(again.code, 3);
    assert.match(again.stderr, new RegExp(`deployment ${out.dseq} is closed`));
    noStackTrace(again.stderr);
  });

  it("group close ends a group for good", () => {
    const created = net.cli(["deployment", "create", file, "--yes", "-o", "json"]);
    assert.equal(created.code, 0, created.stderr);
    const { dseq } = created.json<{ dseq: string }>();
    assert.equal(fundsOf(nodeDeployment(net, net.tenant.address, dseq), "uact"), 500_000n, "default deposit: the chain's minimum");
    const closed = net.cli(["deployment", "group", "close", dseq, "1", "--yes"]);
    assert.equal(closed.code, 0, closed.stderr);
    assert.equal(nodeDeployment(net, net.tenant.address, dseq).groups[0]!.state, "closed");
    const missing = net.cli(["deployment", "group", "pause", dseq, "7", "--yes"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /has no group 7/);
    assert.equal(net.cli(["deployment", "close", dseq, "--yes"]).code, 0);
  });

  it("refuses an unknown dseq with exit 3", () => {
    const r = net.cli(["deployment", "close", "999999999", "--yes"]);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /akash: error: no deployment 999999999 for akash1/);
    assert.match(r.stderr, /akash deployment list/);
    const g = net.cli(["deployment", "get", "999999999"]);
    assert.equal(g.code, 3);
  });

  it("refuses a uakt deposit on create, saying to use uact and how to mint it", () => {
    const seqBefore = sequence(net, net.tenant.address);
    const r = net.cli(["deployment", "create", file, "--deposit", "5akt", "--yes"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot be funded in uakt/);
    assert.match(r.stderr, /uact/);
    assert.match(r.stderr, /akash act mint/);
    assert.equal(sequence(net, net.tenant.address), seqBefore);
    noStackTrace(r.stderr);
  });

  it("reports insufficient funds with what is missing, in which denomination, and how to get it", () => {
    const have = bank(net, net.tenant.address).uact;
    const r = net.cli(["deployment", "create", file, "--deposit", `${have + 1_000_000n}uact`, "--yes"]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /not enough ACT/);
    assert.match(r.stderr, /1 ACT missing|missing 1 ACT|1000000uact/);
    assert.match(r.stderr, /akash act mint/);
    noStackTrace(r.stderr);
  });

  it("asks for --yes without a terminal, and --dry-run signs nothing", () => {
    const seqBefore = sequence(net, net.tenant.address);
    const r = net.cli(["deployment", "create", file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /pass --yes/);
    const dry = net.cli(["deployment", "create", file, "--dry-run", "-o", "json"]);
    assert.equal(dry.code, 0, dry.stderr);
    const estimate = dry.json<{ dryRun: boolean; simulatedGas: string; gasLimit: string; fee: { denom: string; amount: string }[] }>();
    assert.equal(estimate.dryRun, true);
    assert.ok(BigInt(estimate.gasLimit) > BigInt(estimate.simulatedGas));
    assert.equal(estimate.fee[0]!.denom, "uakt");
    assert.equal(sequence(net, net.tenant.address), seqBefore, "nothing was signed");
  });

  it("rejects a fee below the node's minimum gas price with exit 3 and says what to do", () => {
    const r = net.cli(["deployment", "create", file, "--gas-prices", "0.00001uakt", "--yes"]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /fee is below what the node accepts/);
    assert.match(r.stderr, /--gas-prices/);
  });
});
