/**
 * `akash deploy` end to end on the localnet (the real node, and the real provider code with a
 * synthetic cluster), run as a user runs it, with the chain's state and the balances checked
 * afterwards: the scripted happy path, a multi-group SDL, update, the duplicate guard and resume,
 * and the failure paths (no bids, no matching bid, insufficient funds, Ctrl-C): nothing is left
 * open and the deposit comes back.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, test } from "node:test";
import { AKASH_BIN, e2eSkipReason, useLocalnet, type E2eNet } from "../harness.js";
import { bank, nodeDeployment, sdl, writeTemp } from "../chain/helpers.js";

const skip = e2eSkipReason();
let net: E2eNet;
const opened: string[] = [];

interface DeployJson {
  dseq: string;
  step: string;
  version: string;
  txs: Record<string, string>;
  leases: { gseq: number; group: string; provider: string; pricePerBlock: string; services: { name: string; available: number; total: number; uris: string[] }[] }[];
}

before(async () => {
  if (skip) return;
  net = await useLocalnet();
});

after(() => {
  if (skip || !net) return;
  for (const dseq of opened) net.cli(["deploy", "close", dseq, "--yes", "--from", net.tenant.from]);
  net.release();
});

const deployArgs = (file: string, ...extra: string[]) => ["deploy", file, "--from", net.tenant.from, "--yes", "--bid-timeout", "60s", ...extra];

function uact(): bigint {
  return bank(net, net.tenant.address).uact;
}

test("scripted: one command from SDL to ready services with URIs, one final JSON document; close refunds the rest", { skip }, () => {
  const file = writeTemp("web.yaml", sdl({ image: "nginx:1.27.3-alpine" }));
  const before = uact();
  const run = net.cli([...deployArgs(file), "-o", "json", "--deposit", "2act"]);
  assert.equal(run.code, 0, run.stderr);
  const result = run.json<DeployJson>();
  opened.push(result.dseq);
  assert.equal(result.step, "ready");
  assert.equal(result.leases.length, 1);
  assert.equal(result.leases[0]!.provider, net.provider.address);
  const web = result.leases[0]!.services.find((s) => s.name === "web");
  assert.ok(web && web.available === web.total && web.uris.length > 0, JSON.stringify(result.leases));
  assert.ok(result.txs.create && result.txs.lease);
  // Progress went to stderr, plain (no escape sequences), and stdout is exactly one JSON document.
  assert.match(run.stderr, /Deployment \d+ created/);
  assert.doesNotMatch(run.stderr, /\u001b\[/);
  const onChain = nodeDeployment(net, net.tenant.address, result.dseq);
  assert.equal(onChain.deployment.state, "active");
  assert.equal(uact(), before - 2_000_000n, "the deposit is in escrow");

  const close = net.cli(["deploy", "close", result.dseq, "--yes", "--from", net.tenant.from, "-o", "json"]);
  assert.equal(close.code, 0, close.stderr);
  const closed = close.json<{ refund: { amount: string } }>();
  opened.splice(opened.indexOf(result.dseq), 1);
  assert.equal(nodeDeployment(net, net.tenant.address, result.dseq).deployment.state, "closed");
  const refund = BigInt(closed.refund.amount);
  assert.ok(refund > 0n && refund < 2_000_000n);
  assert.equal(uact(), before - 2_000_000n + refund, "the refund reported is the refund received");
});

test("jsonl: one event per step on stdout, ending with the result", { skip }, () => {
  const file = writeTemp("web.yaml", sdl({ image: "nginx:1.27.2-alpine" }));
  const run = net.cli([...deployArgs(file), "-o", "jsonl"]);
  assert.equal(run.code, 0, run.stderr);
  const events = run.stdout.trim().split("\n").map((l) => JSON.parse(l) as { type: string; dseq?: string });
  const types = events.map((e) => e.type);
  for (const t of ["funds", "deployment-created", "bids", "bid-chosen", "leases-created", "manifest-sent", "ready", "done"]) assert.ok(types.includes(t), `${t} missing from ${types.join(",")}`);
  assert.equal(types.at(-1), "done");
  opened.push(events.at(-1)!.dseq!);
});

test("a multi-group SDL gets one lease per group, created in one transaction", { skip }, () => {
  const twoGroups = sdl({ image: "nginx:1.27.1-alpine" }).replace(
    "deployment:\n",
    "deployment:\n  worker:\n    second:\n      profile: web\n      count: 1\n",
  )
    .replace("services:\n", "services:\n  worker:\n    image: busybox:1.37.0\n    command: [\"sleep\", \"infinity\"]\n")
    .replace("  placement:\n", "  placement:\n    second:\n      pricing:\n        web:\n          denom: uact\n          amount: 10000\n");
  const file = writeTemp("two.yaml", twoGroups);
  const run = net.cli([...deployArgs(file), "-o", "json"]);
  assert.equal(run.code, 0, run.stderr);
  const result = run.json<DeployJson>();
  opened.push(result.dseq);
  assert.deepEqual(result.leases.map((l) => l.gseq).sort(), [1, 2]);
  assert.equal(Object.keys(result.txs).filter((k) => k === "lease").length, 1);
  const groups = nodeDeployment(net, net.tenant.address, result.dseq).groups;
  assert.equal(groups.length, 2);
});

test("update: a new image goes on chain as the new hash and to the provider; a resource change is refused with the reason", { skip }, () => {
  const file = writeTemp("web.yaml", sdl({ image: "nginx:1.26.0-alpine" }));
  const first = net.cli([...deployArgs(file), "-o", "json"]);
  assert.equal(first.code, 0, first.stderr);
  const { dseq, version } = first.json<DeployJson>();
  opened.push(dseq);
  const changed = writeTemp("web.yaml", sdl({ image: "nginx:1.26.1-alpine" }));
  const update = net.cli(["deploy", "update", dseq, changed, "--yes", "--from", net.tenant.from, "-o", "json"]);
  assert.equal(update.code, 0, update.stderr);
  const updated = update.json<{ version: string; txHash: string }>();
  assert.notEqual(updated.version, version);
  // The node's CLI prints the hash as base64 of its bytes.
  assert.equal(nodeDeployment(net, net.tenant.address, dseq).deployment.hash, Buffer.from(updated.version, "hex").toString("base64"));
  const bigger = writeTemp("web.yaml", sdl({ image: "nginx:1.26.1-alpine", cpu: "0.2" }));
  const refused = net.cli(["deploy", "update", dseq, bigger, "--yes", "--from", net.tenant.from]);
  assert.equal(refused.code, 1, refused.stderr);
  assert.match(refused.stderr, /cannot take this as an update[\s\S]*resource unit 1 \(CPU, memory, storage, GPU or endpoints\) changes[\s\S]*redeploy/);
});

test("no bid matches: exit 8, each bid listed with the rule that excluded it, deployment closed, the whole deposit back", { skip }, () => {
  const file = writeTemp("web.yaml", sdl({ image: "nginx:1.25.4-alpine" }));
  const policy = writeTemp("bids.yaml", `deny:\n  - ${net.provider.address}\n`);
  const before = uact();
  const run = net.cli([...deployArgs(file), "--policy", policy, "-o", "json"]);
  assert.equal(run.code, 8, run.stderr);
  assert.match(run.stderr, new RegExp(`${net.provider.address} at [0-9.]+uact/block: on the deny list`));
  assert.match(run.stderr, /deployment \d+ was closed; 500000 uact returned from escrow/);
  const error = JSON.parse(run.stdout) as { error: { code: string; data: { dseq: string; closed: boolean; refund: { amount: string } } } };
  assert.equal(error.error.code, "NO_MATCHING_BIDS");
  assert.equal(error.error.data.closed, true);
  assert.equal(nodeDeployment(net, net.tenant.address, error.error.data.dseq).deployment.state, "closed");
  assert.equal(uact(), before, "nothing was spent: no lease ever ran");
});

test("no bids at all (a group no provider can fit): exit 8, closed, deposit back", { skip }, () => {
  const file = writeTemp("huge.yaml", sdl({ cpu: "300" }));
  const before = uact();
  const run = net.cli([...deployArgs(file), "--bid-timeout", "8s"]);
  assert.equal(run.code, 8, run.stderr);
  assert.match(run.stderr, /no bids arrived/);
  assert.match(run.stderr, /was closed/);
  assert.equal(uact(), before);
});

test("not enough ACT: exit 7 before anything is created, saying how much is missing and how to get it", { skip }, () => {
  const file = writeTemp("web.yaml", sdl());
  const run = net.cli([...deployArgs(file), "--deposit", "1000000act"]);
  assert.equal(run.code, 7, run.stderr);
  assert.match(run.stderr, /uact missing.*akash act mint/);
  assert.doesNotMatch(run.stderr, /created/);
  // --mint on a chain whose oracle has no price (the localnet's): said so, still nothing created.
  const mint = net.cli([...deployArgs(file), "--deposit", "1000000act", "--mint"]);
  assert.equal(mint.code, 7, mint.stderr);
  assert.match(mint.stderr, /minting ACT is not possible on this chain now/);
  assert.doesNotMatch(mint.stderr, /created/);
});

test("--keep-on-failure keeps the deployment; a re-run refuses a duplicate; --resume finishes it", { skip }, () => {
  const file = writeTemp("web.yaml", sdl({ image: "nginx:1.25.5-alpine" }));
  const kept = net.cli([...deployArgs(file), "--keep-on-failure", "--max-price", "1uact", "-o", "json"]);
  assert.equal(kept.code, 8, kept.stderr);
  const { dseq } = (JSON.parse(kept.stdout) as { error: { data: { dseq: string; kept: boolean } } }).error.data;
  opened.push(dseq);
  assert.match(kept.stderr, new RegExp(`is kept open \\(--keep-on-failure\\); resume: akash deploy .* --resume ${dseq}`));
  assert.equal(nodeDeployment(net, net.tenant.address, dseq).deployment.state, "active");
  const again = net.cli(deployArgs(file));
  assert.equal(again.code, 1, again.stderr);
  assert.match(again.stderr, new RegExp(`deployment ${dseq} of this same SDL .* is still open.*--resume ${dseq}`));
  const resumed = net.cli([...deployArgs(file), "--resume", dseq, "-o", "json"]);
  assert.equal(resumed.code, 0, resumed.stderr);
  const result = resumed.json<DeployJson & { resumed: boolean }>();
  assert.equal(result.dseq, dseq);
  assert.equal(result.resumed, true);
  assert.equal(result.step, "ready");
});

test("Ctrl-C while collecting bids: the deployment is closed, the refund reported, exit 130", { skip }, async () => {
  const file = writeTemp("huge.yaml", sdl({ cpu: "250" }));
  const before = uact();
  const child = spawn(process.execPath, [AKASH_BIN, ...deployArgs(file), "--bid-timeout", "120s"], { env: net.env });
  let stderr = "";
  const exit = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  await new Promise<void>((resolve) => {
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/bids? \(\d+ s left\)/.test(stderr)) resolve();
    });
  });
  child.kill("SIGINT");
  const code = await exit;
  assert.equal(code, 130, stderr);
  assert.match(stderr, /Interrupted: cleaning up/);
  assert.match(stderr, /deployment \d+ was closed; 500000 uact returned from escrow/);
  const dseq = /Deployment (\d+) created/.exec(stderr)![1]!;
  assert.equal(nodeDeployment(net, net.tenant.address, dseq).deployment.state, "closed");
  assert.equal(uact(), before);
});
