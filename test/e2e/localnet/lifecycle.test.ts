/**
 * `akash localnet` itself, on a localnet of its own (chain only, port offset 6000, a temporary
 * folder) so the shared e2e localnet is never disturbed: start is idempotent, a crashed node is
 * reported (exit 3) and restarted, stop leaves no process behind, reset deletes the data.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { AKASH_BIN, e2eSkipReason } from "../harness.js";

const skip = e2eSkipReason() ?? (process.env.AKASH_TEST_NODE_BIN ? undefined : "AKASH_TEST_NODE_BIN is not set");
const home = mkdtempSync(join(tmpdir(), "akash-ln-lifecycle-"));
const env = { ...process.env, CI: "true", AKASH_NODE_BINARY: process.env.AKASH_TEST_NODE_BIN ?? "" };

function akash(...args: string[]) {
  const result = spawnSync(process.execPath, [AKASH_BIN, "localnet", ...args, "--home", home], { env, encoding: "utf8", timeout: 240_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function pidOf(file: string): number {
  return (JSON.parse(readFileSync(join(home, "run", file), "utf8")) as { pid: number }).pid;
}

function alive(pid: number): boolean {
  try {
    return !/\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

after(() => {
  if (!skip) akash("stop");
  rmSync(home, { recursive: true, force: true });
});

test("start creates a chain that is ready (height ≥ 2, RPC and REST), and a second start reuses it", { skip }, async () => {
  const first = akash("start", "--no-provider", "--port-offset", "6000", "-o", "json");
  assert.equal(first.code, 0, first.stderr);
  const info = JSON.parse(first.stdout) as { created: boolean; height: string; endpoints: { rpc: string; rest: string }; node: { pid: number } };
  assert.equal(info.created, true);
  assert.ok(BigInt(info.height) >= 2n);
  assert.equal(info.endpoints.rpc, "http://127.0.0.1:32657");
  const rest = await fetch(`${info.endpoints.rest}/cosmos/base/tendermint/v1beta1/node_info`);
  assert.equal(rest.status, 200);
  const second = akash("start", "--no-provider", "-o", "json");
  assert.equal(second.code, 0, second.stderr);
  const again = JSON.parse(second.stdout) as { created: boolean; reused: string[]; node: { pid: number } };
  assert.equal(again.created, false);
  assert.deepEqual(again.reused, ["node"]);
  assert.equal(again.node.pid, info.node.pid);
});

test("a node that dies is reported as crashed with its log (exit 3), and start brings it back", { skip }, () => {
  const pid = pidOf("node.pid");
  process.kill(-pid, "SIGKILL");
  for (let i = 0; i < 100 && alive(pid); i += 1) spawnSync("sleep", ["0.05"]);
  const status = akash("status");
  assert.equal(status.code, 3, status.stdout + status.stderr);
  assert.match(status.stdout, /node\s+crashed/);
  assert.match(status.stdout, /CRASHED/);
  assert.match(status.stderr, /akash: error: the localnet node crashed/);
  const restart = akash("start", "--no-provider", "-o", "json");
  assert.equal(restart.code, 0, restart.stderr);
  assert.deepEqual((JSON.parse(restart.stdout) as { restartedAfterCrash: string[] }).restartedAfterCrash, ["node"]);
  assert.match(restart.stderr, /had stopped without `akash localnet stop`/);
});

test("a port taken by another program is named, with the way out", { skip }, () => {
  const other = mkdtempSync(join(tmpdir(), "akash-ln-other-"));
  try {
    const result = spawnSync(process.execPath, [AKASH_BIN, "localnet", "start", "--no-provider", "--home", other, "--port-offset", "6000"], { env, encoding: "utf8", timeout: 240_000 });
    assert.equal(result.status, 3, result.stderr);
    assert.match(result.stderr, /port 32656 on 127\.0\.0\.1 \(node P2P\) is already in use.*--port-offset/);
  } finally {
    // Should the start have succeeded after all, never leave its node running.
    spawnSync(process.execPath, [AKASH_BIN, "localnet", "stop", "--home", other], { env, encoding: "utf8" });
    rmSync(other, { recursive: true, force: true });
  }
});

test("stop ends every process of the localnet; status then says stopped (exit 3)", { skip }, () => {
  const pid = pidOf("node.pid");
  const stop = akash("stop", "-o", "json");
  assert.equal(stop.code, 0, stop.stderr);
  assert.equal((JSON.parse(stop.stdout) as { node: string }).node, "stopped");
  assert.equal(alive(pid), false);
  const ps = spawnSync("ps", ["-eo", "pid,args"], { encoding: "utf8" }).stdout;
  assert.ok(!ps.includes(home), `a process still names ${home}:\n${ps}`);
  const status = akash("status");
  assert.equal(status.code, 3);
  assert.match(status.stdout, /node\s+stopped/);
});

test("reset refuses without --yes when nobody can be asked, and deletes only a localnet's folder", { skip }, () => {
  const refused = akash("reset");
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /pass --yes/);
  const notOurs = mkdtempSync(join(tmpdir(), "akash-not-localnet-"));
  writeFileSync(join(notOurs, "precious.txt"), "keep me");
  const result = spawnSync(process.execPath, [AKASH_BIN, "localnet", "reset", "--yes", "--home", notOurs], { env, encoding: "utf8" });
  assert.equal(result.status, 3);
  assert.ok(existsSync(join(notOurs, "precious.txt")));
  rmSync(notOurs, { recursive: true, force: true });
  const reset = akash("reset", "--yes");
  assert.equal(reset.code, 0, reset.stderr);
  assert.equal(existsSync(join(home, "localnet.json")), false);
});

test("start without a node binary is a usage error that says where to get one (exit 2)", { skip }, () => {
  const bare = mkdtempSync(join(tmpdir(), "akash-ln-bare-"));
  try {
    const result = spawnSync(process.execPath, [AKASH_BIN, "localnet", "start", "--home", bare], { env: { ...env, AKASH_NODE_BINARY: "" }, encoding: "utf8" });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--node-binary or set AKASH_NODE_BINARY/);
  } finally {
    rmSync(bare, { recursive: true, force: true });
  }
});
