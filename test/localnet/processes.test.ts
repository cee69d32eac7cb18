/**
 * Daemon bookkeeping with real processes (`sleep`, `sh`): start in a process group, PID file with
 * the kernel start time, stop reaching children, crash detection, recycled PIDs.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { daemonState, startDaemon, stopDaemon, tailFile } from "../../src/localnet/processes.js";

const dir = mkdtempSync(join(tmpdir(), "akash-proc-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/\) [ZX] /.test(stat);
  } catch {
    return false;
  }
}

test("stop ends the daemon and the children it started (its whole process group)", async () => {
  const pidFile = join(dir, "group.pid");
  const childPidFile = join(dir, "child.txt");
  const record = startDaemon({ binary: "/bin/sh", args: ["-c", `sleep 300 & echo $! > ${childPidFile}; wait`], logFile: join(dir, "group.log"), pidFile });
  for (let i = 0; i < 50 && !existsSync(childPidFile); i += 1) await new Promise((r) => setTimeout(r, 50));
  const child = Number(readFileSync(childPidFile, "utf8"));
  assert.equal(daemonState(pidFile).state, "running");
  assert.ok(alive(child));
  assert.equal(await stopDaemon(pidFile), "stopped");
  assert.equal(alive(record.pid), false);
  assert.equal(alive(child), false, "the child must not outlive stop");
  assert.equal(existsSync(pidFile), false);
  assert.equal(daemonState(pidFile).state, "stopped");
});

test("a daemon that exits on its own is reported dead, with its log tail", async () => {
  const pidFile = join(dir, "crash.pid");
  const logFile = join(dir, "crash.log");
  startDaemon({ binary: "/bin/sh", args: ["-c", "echo starting; echo 'panic: boom'; exit 2"], logFile, pidFile });
  for (let i = 0; i < 100 && daemonState(pidFile).state === "running"; i += 1) await new Promise((r) => setTimeout(r, 50));
  const state = daemonState(pidFile);
  assert.equal(state.state, "dead");
  assert.deepEqual(tailFile(logFile, 1), ["panic: boom"]);
  assert.equal(await stopDaemon(pidFile), "not-running");
});

test("a PID file naming a live process with another start time is not ours (recycled PID)", () => {
  const pidFile = join(dir, "recycled.pid");
  writeFileSync(pidFile, JSON.stringify({ pid: process.pid, startTicks: "1", binary: "x", args: [], startedAt: "", logFile: "" }));
  assert.equal(daemonState(pidFile).state, "dead");
});

test("tailFile reads only the end of a large log", () => {
  const logFile = join(dir, "big.log");
  writeFileSync(logFile, `${"x".repeat(200_000)}\nlast-but-one\nlast\n`);
  assert.deepEqual(tailFile(logFile, 2, 1024), ["last-but-one", "last"]);
});
