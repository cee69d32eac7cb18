/**
 * Child processes of a localnet: short tool runs (the node's own CLI for genesis and provider
 * set-up) and long-lived daemons (node, provider) in their own process groups, tracked by PID
 * files that also record the kernel's start time, so a recycled PID is never mistaken for ours.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from "node:fs";

const MAX_CAPTURE = 1024 * 1024;

export interface ToolResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ToolOptions {
  /** The whole environment of the child (default: ours). */
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string;
  readonly timeoutMs?: number;
  readonly cwd?: string;
}

/** Runs a program to completion; output is captured up to 1 MiB per stream. */
export function runTool(binary: string, args: readonly string[], options: ToolOptions = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [...args], {
      env: (options.env ?? process.env) as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "pipe"],
      cwd: options.cwd,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outSize = 0;
    let errSize = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      if (outSize < MAX_CAPTURE) out.push(chunk);
      outSize += chunk.length;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (errSize < MAX_CAPTURE) err.push(chunk);
      errSize += chunk.length;
    });
    const timer =
      options.timeoutMs !== undefined ? setTimeout(() => child.kill("SIGKILL"), options.timeoutMs) : undefined;
    child.on("error", (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}

export interface PidRecord {
  readonly pid: number;
  /** /proc/<pid>/stat field 22 (clock ticks since boot); absent where /proc does not exist. */
  readonly startTicks?: string;
  readonly binary: string;
  readonly args: readonly string[];
  readonly startedAt: string;
  readonly logFile: string;
}

export type DaemonState =
  | { readonly state: "stopped" }
  | { readonly state: "running"; readonly record: PidRecord }
  /** A PID file whose process is gone: it crashed, or was killed without `stop`. */
  | { readonly state: "dead"; readonly record: PidRecord };

function procStat(pid: number): { state: string; startTicks: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: rest[0] ?? "?", startTicks: rest[19] ?? "" };
  } catch {
    return null;
  }
}

function isAlive(record: PidRecord): boolean {
  if (existsSync("/proc")) {
    const stat = procStat(record.pid);
    if (!stat || stat.state === "Z" || stat.state === "X") return false;
    return record.startTicks === undefined || record.startTicks === stat.startTicks;
  }
  try {
    process.kill(record.pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function readPidRecord(pidFile: string): PidRecord | null {
  if (!existsSync(pidFile)) return null;
  try {
    const value = JSON.parse(readFileSync(pidFile, "utf8")) as PidRecord;
    return typeof value.pid === "number" && value.pid > 0 ? value : null;
  } catch {
    return null;
  }
}

export function daemonState(pidFile: string): DaemonState {
  const record = readPidRecord(pidFile);
  if (!record) return { state: "stopped" };
  return isAlive(record) ? { state: "running", record } : { state: "dead", record };
}

export interface DaemonOptions {
  readonly binary: string;
  readonly args: readonly string[];
  /** The whole environment of the child (default: ours). */
  readonly env?: NodeJS.ProcessEnv;
  readonly logFile: string;
  readonly pidFile: string;
  readonly cwd?: string;
}

/**
 * Starts a daemon in a new process group (so `stop` reaches its children too), output appended to
 * its log, and records it. The caller's process may exit; the daemon keeps running.
 */
export function startDaemon(options: DaemonOptions): PidRecord {
  const log = openSync(options.logFile, "a");
  try {
    const child = spawn(options.binary, [...options.args], {
      env: (options.env ?? process.env) as NodeJS.ProcessEnv,
      stdio: ["ignore", log, log],
      detached: true,
      cwd: options.cwd,
    });
    if (child.pid === undefined) throw new Error(`could not start ${options.binary}`);
    child.unref();
    const stat = procStat(child.pid);
    const record: PidRecord = {
      pid: child.pid,
      ...(stat ? { startTicks: stat.startTicks } : {}),
      binary: options.binary,
      args: options.args,
      startedAt: new Date().toISOString(),
      logFile: options.logFile,
    };
    writeFileSync(options.pidFile, `${JSON.stringify(record)}\n`, { mode: 0o600 });
    return record;
  } finally {
    closeSync(log);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function signalGroup(record: PidRecord, signal: NodeJS.Signals): void {
  try {
    process.kill(-record.pid, signal);
  } catch {
    try {
      process.kill(record.pid, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Stops a daemon and its process group: SIGTERM, then SIGKILL after `graceMs`. Returns how it
 * ended; the PID file is removed either way.
 */
export async function stopDaemon(pidFile: string, graceMs = 15_000): Promise<"not-running" | "stopped" | "killed"> {
  const current = daemonState(pidFile);
  if (current.state !== "running") {
    rmSync(pidFile, { force: true });
    return "not-running";
  }
  const record = current.record;
  signalGroup(record, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(record)) {
      rmSync(pidFile, { force: true });
      return "stopped";
    }
    await sleep(100);
  }
  signalGroup(record, "SIGKILL");
  for (let i = 0; i < 50 && isAlive(record); i += 1) await sleep(100);
  rmSync(pidFile, { force: true });
  return "killed";
}

/** The last `lines` lines of a log file, read from its end only (logs grow without bound). */
export function tailFile(path: string, lines = 20, maxBytes = 64 * 1024): string[] {
  if (!existsSync(path)) return [];
  const fd = openSync(path, "r");
  try {
    const { size } = fstatSync(fd);
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    readSyncAt(fd, buffer, size - length);
    const text = buffer.toString("utf8");
    const all = text.split("\n");
    if (all.at(-1) === "") all.pop();
    return all.slice(-lines);
  } finally {
    closeSync(fd);
  }
}

function readSyncAt(fd: number, buffer: Buffer, position: number): void {
  let offset = 0;
  while (offset < buffer.length) {
    const read = readSync(fd, buffer, offset, buffer.length - offset, position + offset);
    if (read === 0) break;
    offset += read;
  }
}

/** Calls `onLine` for each line appended to `path`, until `signal` aborts (or forever). */
export async function followFile(path: string, onLine: (line: string) => void, signal?: AbortSignal, pollMs = 500): Promise<void> {
  let position = existsSync(path) ? statSync(path).size : 0;
  let pending = "";
  while (signal?.aborted !== true) {
    const size = existsSync(path) ? statSync(path).size : 0;
    if (size < position) position = 0; // truncated or replaced: start from its beginning
    if (size > position) {
      const fd = openSync(path, "r");
      try {
        const buffer = Buffer.alloc(Math.min(size - position, 1024 * 1024));
        readSyncAt(fd, buffer, position);
        position += buffer.length;
        const lines = (pending + buffer.toString("utf8")).split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) onLine(line);
      } finally {
        closeSync(fd);
      }
    }
    await sleep(pollMs);
  }
}
