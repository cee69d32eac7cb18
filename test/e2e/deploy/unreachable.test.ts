/**
 * A provider that bids but whose gateway does not answer (registered on chain with a host_uri on
 * a closed port; its bid placed with the node's own CLI, as such a provider would). `akash deploy`
 * must either skip it before choosing (the reachability check) or, told not to check, lease from
 * it, fail to send the manifest (exit 4) and close the deployment with the deposit refunded.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { AKASH_BIN, e2eSkipReason, useLocalnet, type E2eNet } from "../harness.js";
import { bank, nodeDeployment, sdl, writeTemp } from "../chain/helpers.js";

const skip = e2eSkipReason() ?? (process.env.AKASH_TEST_NODE_BIN ? undefined : "AKASH_TEST_NODE_BIN is not set");
let net: E2eNet;
let keyHome: string;
let ghost: string;

function node(args: readonly string[], input = ""): string {
  const result = spawnSync(net.nodeBin!, [...args, "--home", keyHome, "--keyring-backend", "test"], { input, encoding: "utf8", timeout: 120_000 });
  assert.equal(result.status, 0, `${args.join(" ")}: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

function tx(args: readonly string[], from: string): void {
  const out = node([...args, "--from", from, "--chain-id", net.chainId, "--node", net.rpc, "--gas", "auto", "--gas-adjustment", "1.5", "--gas-prices", "0.025uakt", "--yes", "-o", "json"]);
  const line = out.split("\n").find((l) => l.trim().startsWith("{"));
  assert.ok(line && (JSON.parse(line) as { code?: number }).code === 0, out);
}

async function nextBlocks(n: number): Promise<void> {
  const h0 = Number((await (await fetch(`${net.rpc}/status`)).json() as { result: { sync_info: { latest_block_height: string } } }).result.sync_info.latest_block_height);
  for (;;) {
    const h = Number((await (await fetch(`${net.rpc}/status`)).json() as { result: { sync_info: { latest_block_height: string } } }).result.sync_info.latest_block_height);
    if (h >= h0 + n) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

before(async () => {
  if (skip) return;
  net = await useLocalnet();
  keyHome = mkdtempSync(join(tmpdir(), "akash-ghost-"));
  node(["keys", "add", "tenant", "--recover"], `${net.tenant.mnemonic}\n`);
  ghost = JSON.parse(node(["keys", "add", "ghost", "--output", "json"])).address as string;
  tx(["tx", "bank", "send", "tenant", ghost, "20000000uakt"], "tenant");
  await nextBlocks(1);
  const yaml = join(keyHome, "ghost.yaml");
  writeFileSync(yaml, `host: https://127.0.0.1:1\ninfo:\n  email: ghost@localnet.invalid\nattributes:\n  - key: region\n    value: local\n`);
  tx(["tx", "provider", "create", yaml], "ghost");
  await nextBlocks(1);
});

after(() => {
  if (skip || !net) return;
  net.release();
  rmSync(keyHome, { recursive: true, force: true });
});

/** Runs `akash deploy`, and when the deployment exists, bids on it as the ghost provider (cheapest). */
async function deployWithGhostBid(extra: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string; dseq: string }> {
  const file = writeTemp("web.yaml", sdl({ image: `nginx:1.24.${Math.floor(Math.random() * 1000)}` }));
  const child = spawn(process.execPath, [AKASH_BIN, "deploy", file, "--yes", "--from", net.tenant.from, "--min-bids", "2", "--bid-timeout", "45s", "-o", "json", ...extra], { env: net.env });
  let stdout = "";
  let stderr = "";
  let dseq = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  const created = new Promise<void>((resolve) => {
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      const m = /Deployment (\d+) created/.exec(stderr);
      if (m && dseq === "") {
        dseq = m[1]!;
        resolve();
      }
    });
  });
  const exit = new Promise<number | null>((resolve) => child.on("close", resolve));
  await Promise.race([created, exit]);
  assert.ok(dseq, stderr);
  tx(["tx", "market", "bid", "create", "--owner", net.tenant.address, "--dseq", dseq, "--gseq", "1", "--oseq", "1", "--price", "1uact", "--deposit", "500000uakt"], "ghost");
  return { code: await exit, stdout, stderr, dseq };
}

test("the reachability check skips a provider whose gateway does not answer, and the deploy uses the one that does", { skip }, async () => {
  const run = await deployWithGhostBid([]);
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout) as { leases: { provider: string }[] };
  assert.equal(result.leases[0]!.provider, net.provider.address, "the cheaper but unreachable ghost must not be chosen");
  net.cli(["deploy", "close", run.dseq, "--yes", "--from", net.tenant.from]);
});

test("without the check, the lease goes to the unreachable provider: exit 4, deployment closed, deposit back minus the blocks the lease ran", { skip }, async () => {
  const before = bank(net, net.tenant.address).uact;
  const run = await deployWithGhostBid(["--no-reachability-check"]);
  assert.equal(run.code, 4, run.stderr);
  assert.match(run.stderr, new RegExp(`chose ${ghost}`));
  assert.match(run.stderr, /Closing deployment \d+ so its deposit comes back/);
  const error = (JSON.parse(run.stdout) as { error: { code: string; data: { closed: boolean; refund: { amount: string } } } }).error;
  assert.equal(error.data.closed, true);
  assert.equal(nodeDeployment(net, net.tenant.address, run.dseq).deployment.state, "closed");
  const spent = before - bank(net, net.tenant.address).uact;
  assert.ok(spent >= 0n && spent < 1000n, `only the lease's few blocks at 1 uact are paid (spent ${spent})`);
  assert.equal(BigInt(error.data.refund.amount), 500_000n - spent);
});
