/**
 * Account-level commands on the real localnet: `akash balance`, `akash act status|mint`, `akash
 * cert create|publish|list|revoke`; endpoint failover with a dead first RPC endpoint; an
 * unreachable chain; two transactions from one key at once (a sequence mismatch retried once);
 * and `--generate-only` compared with the node's own CLI for the same intent.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { e2eSkipReason, useLocalnet, type E2eNet } from "../harness.js";
import { localnetLayout } from "../../../src/localnet/layout.js";
import { setTomlValues } from "../../../src/localnet/toml.js";
import { bank, fundsOf, nodeDeployment, nodeQuery, sdl, sequence, waitForBlocks, writeTemp } from "./helpers.js";

const skip = e2eSkipReason();

let net: E2eNet;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("akash balance, act, cert, failover (localnet)", { skip }, () => {
  before(async () => {
    net = await useLocalnet();
  });
  after(() => net?.release());

  it("balance shows AKT and ACT, spendable and in escrow", () => {
    const chain = bank(net, net.tenant.address);
    const r = net.cli(["balance", "-o", "json"]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.json<{ address: string; balances: { denom: string; spendable: string; escrow: string }[] }>();
    assert.equal(out.address, net.tenant.address);
    assert.equal(BigInt(out.balances.find((b) => b.denom === "uakt")!.spendable), chain.uakt);
    assert.equal(BigInt(out.balances.find((b) => b.denom === "uact")!.spendable), chain.uact);
    const text = net.cli(["balance", net.provider.address]);
    assert.match(text.stdout, /^AKT\s+[\d.]+\s+0$/m);
    // What an active deployment holds shows as in escrow, and is no longer spendable.
    type Balances = { balances: { denom: string; spendable: string; escrow: string }[] };
    const escrowBefore = BigInt(out.balances.find((b) => b.denom === "uact")!.escrow);
    const created = net.cli(["deployment", "create", writeTemp("deploy.yaml", sdl()), "--deposit", "2act", "--yes", "-o", "json"]);
    assert.equal(created.code, 0, created.stderr);
    const act = net.cli(["balance", "-o", "json"]).json<Balances>().balances.find((b) => b.denom === "uact")!;
    assert.equal(BigInt(act.escrow) - escrowBefore, 2_000_000n);
    assert.equal(BigInt(act.spendable), bank(net, net.tenant.address).uact);
    const closed = net.cli(["deployment", "close", created.json<{ dseq: string }>().dseq, "--yes"]);
    assert.equal(closed.code, 0, closed.stderr);
  });

  it("act status says the localnet oracle has no price; act mint refuses with exit 3 before signing", () => {
    const status = net.cli(["act", "status", "-o", "json"]);
    assert.equal(status.code, 0, status.stderr);
    const s = status.json<{ available: boolean; reason?: string; params: { minEpochBlocks: string; minMint: { denom: string; amount: string }[] } | null }>();
    assert.equal(s.available, false);
    // Epoch from the chain's params (ABCI); the minimum mint from the REST API (a v2.1 field).
    assert.equal(s.params?.minEpochBlocks, "10");
    assert.deepEqual(s.params?.minMint, [{ denom: "uact", amount: "10000000" }]);
    assert.match(s.reason ?? "", /oracle has no current AKT price/);
    const text = net.cli(["act", "status"]);
    assert.match(text.stdout, /ACT cannot be minted or burned on this chain until its oracle reports an AKT price/);
    const seqBefore = sequence(net, net.tenant.address);
    const mint = net.cli(["act", "mint", "25akt", "--yes"]);
    assert.equal(mint.code, 3);
    assert.match(mint.stderr, /minting ACT is not possible on this chain now/);
    const burn = net.cli(["act", "burn", "1act", "--yes"]);
    assert.equal(burn.code, 3);
    assert.match(burn.stderr, /burning ACT is not possible on this chain now/);
    assert.equal(sequence(net, net.tenant.address), seqBefore);
  });

  it("cert create, publish, list and revoke, checked on chain", () => {
    const created = net.cli(["cert", "create", "-o", "json"]);
    assert.equal(created.code, 0, created.stderr);
    const { serial } = created.json<{ serial: string }>();
    const published = net.cli(["cert", "publish", "--yes"]);
    assert.equal(published.code, 0, published.stderr);
    const onChain = nodeQuery<{ certificates: { serial: string; certificate: { state: string } }[] }>(net, ["cert", "list", "--owner", net.tenant.address]);
    assert.equal(onChain.certificates.find((c) => c.serial === serial)?.certificate.state, "valid");
    const list = net.cli(["cert", "list", "-o", "json"]);
    assert.deepEqual(list.json<{ certificates: { serial: string; state: string; local: boolean }[] }>().certificates.find((c) => c.serial === serial), {
      serial,
      state: "valid",
      notAfter: list.json<{ certificates: { serial: string; notAfter: string }[] }>().certificates.find((c) => c.serial === serial)!.notAfter,
      local: true,
    });
    const revoked = net.cli(["cert", "revoke", "--yes"]);
    assert.equal(revoked.code, 0, revoked.stderr);
    const after = nodeQuery<{ certificates: { serial: string; certificate: { state: string } }[] }>(net, ["cert", "list", "--owner", net.tenant.address]);
    assert.equal(after.certificates.find((c) => c.serial === serial)?.certificate.state, "revoked");
    const twice = net.cli(["cert", "create"]);
    assert.equal(twice.code, 1, twice.stderr);
    assert.match(twice.stderr, /already exists/);
  });

  it("skips a dead first RPC endpoint, for queries and transactions", async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const extraEnv = { AKASH_NODE: `${dead},${net.rpc}` };
    const r = net.cli(["balance", "-o", "json"], { extraEnv });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`note: skipped ${dead}: connection refused`));
    const created = net.cli(["deployment", "create", writeTemp("deploy.yaml", sdl()), "--yes", "-o", "json"], { extraEnv });
    assert.equal(created.code, 0, created.stderr);
    const { dseq } = created.json<{ dseq: string }>();
    assert.equal(nodeDeployment(net, net.tenant.address, dseq).deployment.state, "active");
    const closed = net.cli(["deployment", "close", dseq, "--yes"], { extraEnv });
    assert.equal(closed.code, 0, closed.stderr);
  });

  it("switches to the next endpoint when the one in use dies in the middle of a transaction", async () => {
    // Stand-in for a node that goes away: an HTTP proxy to the real node's RPC that answers the
    // first 6 requests (probe, height, balance, account, simulation, …) and then closes for good.
    const { createServer: createHttpServer, request } = await import("node:http");
    const target = new URL(net.rpc);
    let served = 0;
    const proxy = createHttpServer((req, res) => {
      served += 1;
      if (served > 6) {
        req.socket.destroy();
        proxy.close();
        proxy.closeAllConnections();
        return;
      }
      const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    try {
      const { spawn } = await import("node:child_process");
      const { AKASH_BIN } = await import("../harness.js");
      // Asynchronous: the proxy runs in this process, so the CLI must not block it.
      const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [AKASH_BIN, "deployment", "create", writeTemp("deploy.yaml", sdl()), "--yes", "-o", "json"], {
          env: { ...net.env, AKASH_NODE: `${proxyUrl},${net.rpc}` },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (code) => resolve({ code, stdout, stderr }));
      });
      assert.equal(run.code, 0, run.stderr);
      assert.ok(served > 6, "the proxy died during the command");
      assert.match(run.stderr, new RegExp(`note: switched from ${proxyUrl} to ${net.rpc}: connection (refused|reset|closed)`));
      const { dseq } = JSON.parse(run.stdout) as { dseq: string };
      assert.equal(nodeDeployment(net, net.tenant.address, dseq).deployment.state, "active");
      const closed = net.cli(["deployment", "close", dseq, "--yes"]);
      assert.equal(closed.code, 0, closed.stderr);
    } finally {
      proxy.close();
      proxy.closeAllConnections();
    }
  });

  it("skips a node of the chain that is still syncing, and refuses one that is alone", async () => {
    // A second, real node of the localnet's chain: the same genesis, no peers, not the validator,
    // so it stays at height 0 in block sync (catching_up: true) while answering RPC.
    assert.ok(net.nodeBin);
    const home = mkdtempSync(join(tmpdir(), "akash-e2e-syncing-"));
    const init = spawnSync(net.nodeBin, ["genesis", "init", "syncing", "--home", home], { encoding: "utf8" });
    assert.equal(init.status, 0, init.stderr);
    copyFileSync(join(localnetLayout(net.home).nodeHome, "config", "genesis.json"), join(home, "config", "genesis.json"));
    const [rpc, p2p, abci, grpc] = [await closedPort(), await closedPort(), await closedPort(), await closedPort()];
    const config = join(home, "config", "config.toml");
    writeFileSync(config, setTomlValues(readFileSync(config, "utf8"), [
      ["", "proxy_app", `"tcp://127.0.0.1:${abci}"`],
      ["rpc", "laddr", `"tcp://127.0.0.1:${rpc}"`],
      ["rpc", "pprof_laddr", `""`],
      ["p2p", "laddr", `"tcp://127.0.0.1:${p2p}"`],
      ["p2p", "pex", "false"],
      ["instrumentation", "prometheus", "false"],
    ]));
    const app = join(home, "config", "app.toml");
    writeFileSync(app, setTomlValues(readFileSync(app, "utf8"), [["api", "enable", "false"], ["grpc", "enable", "false"], ["grpc", "address", `"127.0.0.1:${grpc}"`]]));
    const { spawn } = await import("node:child_process");
    const node = spawn(net.nodeBin, ["start", "--home", home], { stdio: "ignore", detached: true });
    try {
      const url = `http://127.0.0.1:${rpc}`;
      for (let i = 0; i < 120; i += 1) {
        const ok = await fetch(`${url}/status`).then((r) => r.ok, () => false);
        if (ok) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const r = net.cli(["balance", "-o", "json"], { extraEnv: { AKASH_NODE: `${url},${net.rpc}` } });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`note: skipped ${url}: catching up \\(still syncing, at height 0\\)`));
      const alone = net.cli(["balance"], { extraEnv: { AKASH_NODE: url } });
      assert.equal(alone.code, 3);
      assert.match(alone.stderr, /catching up/);
    } finally {
      if (node.pid !== undefined) process.kill(-node.pid, "SIGTERM");
      await new Promise((resolve) => node.once("exit", resolve));
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("reports an unreachable chain with exit 3, listing each endpoint", async () => {
    const a = `http://127.0.0.1:${await closedPort()}`;
    const b = `http://127.0.0.1:${await closedPort()}`;
    const r = net.cli(["balance"], { extraEnv: { AKASH_NODE: `${a},${b}` } });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /no RPC endpoint of .* could be used/);
    assert.match(r.stderr, new RegExp(`${a}: connection refused`));
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it("two transactions from one key at once both land (a sequence collision is retried once)", async () => {
    const created = net.cli(["deployment", "create", writeTemp("deploy.yaml", sdl()), "--yes", "-o", "json"]);
    assert.equal(created.code, 0, created.stderr);
    const { dseq } = created.json<{ dseq: string }>();
    const before = fundsOf(nodeDeployment(net, net.tenant.address, dseq), "uact");
    const { spawn } = await import("node:child_process");
    const { AKASH_BIN } = await import("../harness.js");
    const run = () =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [AKASH_BIN, "escrow", "deposit", dseq, "1000000uact", "--yes"], { env: net.env });
        let stderr = "";
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (code) => resolve({ code, stderr }));
      });
    // Two at once read the same account sequence when they start together: the second to reach the
    // node gets a mismatch (or finds byte-identical bytes in the mempool) and retries once with the
    // next sequence. Whether a run collides depends on process start-up timing, so the test asserts
    // the outcome: both deposits landed, once each (with the old behaviour of treating identical
    // bytes as "ours", only one would). The retry itself: test/chain/cosmos/client.test.ts.
    const runs = await Promise.all([run(), run()]);
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    assert.equal(fundsOf(nodeDeployment(net, net.tenant.address, dseq), "uact") - before, 2_000_000n);
    const closed = net.cli(["deployment", "close", dseq, "--yes"]);
    assert.equal(closed.code, 0, closed.stderr);
  });

  it("--generate-only prints the same message as the node's CLI for the same intent", async () => {
    assert.ok(net.nodeBin);
    const file = writeTemp("deploy.yaml", sdl());
    const home = mkdtempSync(join(tmpdir(), "akash-e2e-nodecli-"));
    const common = ["--keyring-backend", "test", "--home", home];
    const add = spawnSync(net.nodeBin, ["keys", "add", "t", "--recover", ...common], { input: `${net.tenant.mnemonic}\n`, encoding: "utf8" });
    assert.equal(add.status, 0, add.stderr);
    // The node's CLI refuses `deployment create`, even --generate-only, without a client certificate
    // file that is also published on chain (the chain itself does not require one).
    const cert = spawnSync(net.nodeBin, ["tx", "cert", "generate", "client", "--from", "t", ...common], { encoding: "utf8" });
    assert.equal(cert.status, 0, cert.stderr);
    const publish = spawnSync(
      net.nodeBin,
      ["tx", "cert", "publish", "client", "--from", "t", "--chain-id", net.chainId, "--node", net.rpc, "--gas", "auto", "--gas-adjustment", "1.5", "--gas-prices", "0.025uakt", "-y", "-o", "json", ...common],
      { encoding: "utf8" },
    );
    assert.equal(publish.status, 0, publish.stderr);
    await waitForBlocks(net, 2);
    const dseq = "424242";
    const go = spawnSync(
      net.nodeBin,
      // --deposit-sources balance: the node's CLI defaults to [grant, balance] (spend deposit grants
      // first); akash sends [balance] unless told otherwise. With the same sources, the same message.
      ["tx", "deployment", "create", file, "--dseq", dseq, "--deposit", "5000000uact", "--deposit-sources", "balance", "--from", "t", "--generate-only", "--gas", "200000", "--fees", "5000uakt", "--chain-id", net.chainId, "--node", net.rpc, ...common],
      { encoding: "utf8" },
    );
    assert.equal(go.status, 0, go.stderr);
    const ours = net.cli(["deployment", "create", file, "--dseq", dseq, "--deposit", "5act", "--generate-only", "--gas", "200000", "--gas-prices", "0.025uakt"]);
    assert.equal(ours.code, 0, ours.stderr);
    const a = JSON.parse(go.stdout) as { body: { messages: unknown[]; memo: string }; auth_info: { fee: unknown } };
    const b = JSON.parse(ours.stdout) as typeof a;
    // Same message, field for field: owner, dseq, groups (resources, counts, prices as 18-decimal
    // DecCoins), hash, deposit with sources.
    assert.deepEqual(b.body.messages, a.body.messages);
    // Same fee and gas limit when asked for the same: 200000 gas at 0.025uakt is 5000uakt.
    assert.deepEqual(b.auth_info.fee, a.auth_info.fee);
    // The whole transaction matches too; this documents any difference if the node's CLI changes.
    assert.deepEqual(b, a);
    assert.equal(sequence(net, net.tenant.address) >= 0n, true);
    void bank;
  });
});
