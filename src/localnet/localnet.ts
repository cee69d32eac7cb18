/**
 * `akash localnet`: a single-validator Akash chain (the real node binary) and a provider (the
 * provider harness binary: the real provider code with a synthetic cluster) on 127.0.0.1.
 *
 * start: creates the chain data on first use, starts the node, registers the provider on chain
 * (once), starts the provider, and returns when the localnet is ready: height ≥ 2, RPC, REST and
 * the provider gateway answering. It is idempotent: what already runs is reused. stop: ends both
 * process groups. Binaries come from the caller (flags or environment), never from PATH: the
 * node's binary is also called `akash`.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { localnetAccounts, type LocalnetRole } from "./accounts.js";
import { LocalnetError } from "./errors.js";
import { endpoints, LOCALNET_CHAIN_ID, localnetLayout, localnetPorts, type LocalnetLayout, type LocalnetPorts } from "./layout.js";
import { latestHeight, probe } from "./probe.js";
import { daemonState, startDaemon, stopDaemon, tailFile, type DaemonState } from "./processes.js";
import { registerProvider, providerRunArgs, writeProviderFiles } from "./provider-setup.js";
import { createChainData, scrubbedEnv } from "./setup.js";

export const LOCALNET_STATE_VERSION = 1;

/** Everything a localnet keeps in its folder; anything else means the folder is someone else's. */
const LOCALNET_ENTRIES = ["localnet.json", "node", "provider", "logs", "run"];

/** Persisted in `<home>/localnet.json` once the chain data exists. */
export interface LocalnetState {
  readonly version: number;
  readonly chainId: string;
  readonly portOffset: number;
  readonly createdAt: string;
  readonly accounts: readonly { readonly name: string; readonly role: LocalnetRole; readonly address: string }[];
  /** Set once the provider is on chain with its certificate. */
  readonly providerRegisteredAt?: string;
}

export type LocalnetProgress =
  | { readonly step: "init"; readonly message: string }
  | { readonly step: "node"; readonly message: string }
  | { readonly step: "provider"; readonly message: string }
  | { readonly step: "ready"; readonly message: string };

export interface LocalnetOptions {
  readonly home: string;
  readonly nodeBinary?: string;
  /** Without one, the localnet runs no provider. */
  readonly providerBinary?: string;
  /** Only used when the localnet is created; afterwards the stored offset wins. */
  readonly portOffset?: number;
  /** A synthetic inventory for the provider harness (its README has the format). */
  readonly inventoryFile?: string;
  readonly readyTimeoutMs?: number;
  readonly onProgress?: (event: LocalnetProgress) => void;
}

export type ProcessReport =
  | { readonly state: "stopped" }
  | { readonly state: "running"; readonly pid: number; readonly startedAt: string; readonly log: string }
  | { readonly state: "crashed"; readonly pid: number; readonly startedAt: string; readonly log: string; readonly logTail: readonly string[] };

export interface LocalnetInfo {
  readonly home: string;
  readonly chainId: string;
  readonly portOffset: number;
  readonly endpoints: ReturnType<typeof endpoints>;
  readonly ports: LocalnetPorts;
  readonly height: string | null;
  readonly node: ProcessReport;
  readonly provider: ProcessReport;
  readonly accounts: LocalnetState["accounts"];
  readonly providerAddress: string;
  readonly tenantAddress: string;
}

export interface StartResult extends LocalnetInfo {
  readonly created: boolean;
  /** Processes that were already running and reused. */
  readonly reused: readonly ("node" | "provider")[];
  /** Processes found dead (crashed or killed) and restarted. */
  readonly restartedAfterCrash: readonly ("node" | "provider")[];
}

const NODE_BINARY_HOW = "pass --node-binary or set AKASH_NODE_BINARY to the Akash node (v2.1) binary";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function readLocalnetState(layout: LocalnetLayout): LocalnetState | null {
  if (!existsSync(layout.stateFile)) return null;
  try {
    return JSON.parse(readFileSync(layout.stateFile, "utf8")) as LocalnetState;
  } catch (error) {
    throw new LocalnetError("NOT_A_LOCALNET", `${layout.stateFile} is damaged; run \`akash localnet reset\` to start over`, { file: layout.stateFile }, { cause: error });
  }
}

function writeState(layout: LocalnetLayout, state: LocalnetState): void {
  writeFileSync(layout.stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

function checkBinary(path: string | undefined, what: string, how: string): string {
  if (path === undefined || path === "") {
    throw new LocalnetError("BINARY_MISSING", `no ${what} binary given; ${how}`, { what });
  }
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw new LocalnetError("BINARY_MISSING", `the ${what} binary ${path} does not exist or is not a file; ${how}`, { what, path });
  return path;
}

function report(state: DaemonState): ProcessReport {
  if (state.state === "stopped") return { state: "stopped" };
  const { pid, startedAt, logFile } = state.record;
  if (state.state === "running") return { state: "running", pid, startedAt, log: logFile };
  return { state: "crashed", pid, startedAt, log: logFile, logTail: tailFile(logFile, 15) };
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function checkPortsFree(ports: readonly [string, number][]): Promise<void> {
  for (const [name, port] of ports) {
    if (!(await portFree(port))) {
      throw new LocalnetError(
        "PORT_IN_USE",
        `port ${port} on 127.0.0.1 (${name}) is already in use by another program; stop it, or create this localnet with another --port-offset`,
        { port, name },
      );
    }
  }
}

/** Serialises start/stop/reset across processes (parallel test files share one localnet). */
async function withLock<T>(layout: LocalnetLayout, timeoutMs: number, body: () => Promise<T>): Promise<T> {
  mkdirSync(layout.runDir, { recursive: true, mode: 0o700 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(layout.lockFile, "wx", 0o600);
      writeFileSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(readFileSync(layout.lockFile, "utf8"), 10);
      let ownerAlive = false;
      try {
        if (owner > 0) process.kill(owner, 0);
        ownerAlive = owner > 0;
      } catch {
        ownerAlive = false;
      }
      if (!ownerAlive) {
        rmSync(layout.lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new LocalnetError("BUSY", `another akash process (pid ${owner}) is starting or stopping this localnet; try again when it is done`, { pid: owner });
      }
      await sleep(200);
    }
  }
  try {
    return await body();
  } finally {
    rmSync(layout.lockFile, { force: true });
  }
}

function crashError(which: "node" | "provider", layout: LocalnetLayout, detail: string): LocalnetError {
  const log = which === "node" ? layout.nodeLog : layout.providerLog;
  const logTail = tailFile(log, 15);
  return new LocalnetError(
    which === "node" ? "NODE_CRASHED" : "PROVIDER_CRASHED",
    `the ${which} exited ${detail}; last lines of ${log}:\n${logTail.map((l) => `  ${l}`).join("\n")}`,
    { log, logTail },
  );
}

async function waitForNode(layout: LocalnetLayout, ports: LocalnetPorts, deadline: number): Promise<bigint> {
  const urls = endpoints(ports);
  for (;;) {
    if (daemonState(layout.nodePidFile).state !== "running") throw crashError("node", layout, "while starting");
    const height = await latestHeight(urls.rpc);
    if (height !== null && height >= 2n) {
      const rest = await probe(`${urls.rest}/cosmos/base/tendermint/v1beta1/node_info`);
      if (rest.ok) return height;
    }
    if (Date.now() > deadline) {
      throw new LocalnetError("NOT_READY", `the node did not reach height 2 with RPC and REST answering in time; see ${layout.nodeLog}`, {
        log: layout.nodeLog,
        height: height?.toString() ?? null,
      });
    }
    await sleep(250);
  }
}

async function waitForProvider(layout: LocalnetLayout, ports: LocalnetPorts, deadline: number): Promise<void> {
  const { gateway } = endpoints(ports);
  for (;;) {
    if (daemonState(layout.providerPidFile).state !== "running") throw crashError("provider", layout, "while starting");
    const status = await probe(`${gateway}/status`);
    if (status.ok) return;
    if (Date.now() > deadline) {
      throw new LocalnetError("NOT_READY", `the provider gateway ${gateway} did not answer in time; see ${layout.providerLog}`, { log: layout.providerLog });
    }
    await sleep(250);
  }
}

function roleAddress(state: LocalnetState, name: string): string {
  return state.accounts.find((a) => a.name === name)?.address ?? "";
}

function info(layout: LocalnetLayout, state: LocalnetState, height: bigint | null): LocalnetInfo {
  const ports = localnetPorts(state.portOffset);
  return {
    home: layout.home,
    chainId: state.chainId,
    portOffset: state.portOffset,
    endpoints: endpoints(ports),
    ports,
    height: height?.toString() ?? null,
    node: report(daemonState(layout.nodePidFile)),
    provider: report(daemonState(layout.providerPidFile)),
    accounts: state.accounts,
    providerAddress: roleAddress(state, "provider"),
    tenantAddress: roleAddress(state, "tenant"),
  };
}

export async function startLocalnet(options: LocalnetOptions): Promise<StartResult> {
  const layout = localnetLayout(options.home);
  const progress = options.onProgress ?? (() => undefined);
  const timeout = options.readyTimeoutMs ?? 120_000;
  return withLock(layout, timeout, async () => {
    let state = readLocalnetState(layout);
    const nodeRunning = daemonState(layout.nodePidFile);
    const providerRunning = daemonState(layout.providerPidFile);
    const reused: ("node" | "provider")[] = [];
    const restarted: ("node" | "provider")[] = [];
    let created = false;

    if (!state) {
      const nodeBinary = checkBinary(options.nodeBinary, "node", NODE_BINARY_HOW);
      const foreign = readdirSync(layout.home).filter((entry) => !LOCALNET_ENTRIES.includes(entry));
      if (foreign.length > 0) {
        throw new LocalnetError("NOT_A_LOCALNET", `${layout.home} holds other files (${foreign.slice(0, 3).join(", ")}) and is not a localnet; choose another --home`, { home: layout.home });
      }
      // What an interrupted creation left behind: start over from nothing.
      rmSync(layout.nodeHome, { recursive: true, force: true });
      rmSync(layout.providerHome, { recursive: true, force: true });
      const portOffset = options.portOffset ?? 0;
      progress({ step: "init", message: `creating the chain data in ${layout.home}` });
      mkdirSync(layout.logDir, { recursive: true, mode: 0o700 });
      const accounts = await localnetAccounts();
      await createChainData({ nodeBinary, layout, ports: localnetPorts(portOffset), accounts });
      state = {
        version: LOCALNET_STATE_VERSION,
        chainId: LOCALNET_CHAIN_ID,
        portOffset,
        createdAt: new Date().toISOString(),
        accounts: accounts.map(({ name, role, address }) => ({ name, role, address })),
      };
      writeState(layout, state);
      created = true;
    }
    const ports = localnetPorts(state.portOffset);
    const deadline = Date.now() + timeout;
    mkdirSync(layout.logDir, { recursive: true, mode: 0o700 });

    let height: bigint;
    if (nodeRunning.state === "running") {
      reused.push("node");
      height = await waitForNode(layout, ports, deadline);
    } else {
      if (nodeRunning.state === "dead") restarted.push("node");
      const nodeBinary = checkBinary(options.nodeBinary, "node", NODE_BINARY_HOW);
      await checkPortsFree([
        ["node P2P", ports.p2p],
        ["node RPC", ports.rpc],
        ["node ABCI", ports.abci],
        ["node REST", ports.rest],
        ["node gRPC", ports.grpc],
      ]);
      progress({ step: "node", message: `starting the node (log: ${layout.nodeLog})` });
      startDaemon({ binary: nodeBinary, args: ["start", "--home", layout.nodeHome], env: scrubbedEnv(), logFile: layout.nodeLog, pidFile: layout.nodePidFile });
      height = await waitForNode(layout, ports, deadline);
    }

    if (options.providerBinary !== undefined || providerRunning.state === "running") {
      writeProviderFiles(layout, ports);
      if (state.providerRegisteredAt === undefined) {
        const nodeBinary = checkBinary(options.nodeBinary, "node", NODE_BINARY_HOW);
        progress({ step: "provider", message: "registering the provider and its certificate on chain" });
        await registerProvider({ nodeBinary, layout, ports, chainId: state.chainId });
        state = { ...state, providerRegisteredAt: new Date().toISOString() };
        writeState(layout, state);
      }
      if (providerRunning.state === "running") {
        reused.push("provider");
      } else {
        if (providerRunning.state === "dead") restarted.push("provider");
        const providerBinary = checkBinary(options.providerBinary, "provider", "pass --provider-binary or set AKASH_PROVIDER_BINARY to the provider harness binary");
        await checkPortsFree([
          ["provider gateway", ports.gateway],
          ["provider gateway gRPC", ports.gatewayGrpc],
        ]);
        progress({ step: "provider", message: `starting the provider (log: ${layout.providerLog})` });
        startDaemon({
          binary: providerBinary,
          args: providerRunArgs(layout, ports, state.chainId, options.inventoryFile),
          env: scrubbedEnv(),
          logFile: layout.providerLog,
          pidFile: layout.providerPidFile,
          cwd: layout.providerHome,
        });
      }
      await waitForProvider(layout, ports, deadline);
    }
    progress({ step: "ready", message: `localnet ready at height ${height}` });
    return { ...info(layout, state, height), created, reused, restartedAfterCrash: restarted };
  });
}

export async function localnetStatus(home: string): Promise<LocalnetInfo & { readonly initialized: boolean }> {
  const layout = localnetLayout(home);
  const state = readLocalnetState(layout);
  if (!state) {
    const ports = localnetPorts(0);
    return {
      initialized: false,
      home,
      chainId: LOCALNET_CHAIN_ID,
      portOffset: 0,
      endpoints: endpoints(ports),
      ports,
      height: null,
      node: report(daemonState(layout.nodePidFile)),
      provider: report(daemonState(layout.providerPidFile)),
      accounts: [],
      providerAddress: "",
      tenantAddress: "",
    };
  }
  const ports = localnetPorts(state.portOffset);
  const height = daemonState(layout.nodePidFile).state === "running" ? await latestHeight(endpoints(ports).rpc) : null;
  return { initialized: true, ...info(layout, state, height) };
}

export interface StopResult {
  readonly home: string;
  readonly node: "not-running" | "stopped" | "killed";
  readonly provider: "not-running" | "stopped" | "killed";
}

export async function stopLocalnet(home: string): Promise<StopResult> {
  const layout = localnetLayout(home);
  if (!existsSync(layout.home)) return { home, node: "not-running", provider: "not-running" };
  return withLock(layout, 60_000, async () => {
    // The provider first: it would log errors while its node goes away.
    const provider = await stopDaemon(layout.providerPidFile);
    const node = await stopDaemon(layout.nodePidFile);
    rmSync(layout.reservationDir, { recursive: true, force: true });
    return { home, node, provider };
  });
}

/** Stops the localnet and deletes its data; refuses a folder that is not a localnet's. */
export async function resetLocalnet(home: string): Promise<StopResult & { readonly removed: boolean }> {
  const layout = localnetLayout(home);
  if (!existsSync(home)) return { home, node: "not-running", provider: "not-running", removed: false };
  if (!existsSync(layout.stateFile) && !existsSync(layout.nodeHome)) {
    throw new LocalnetError("NOT_A_LOCALNET", `${home} does not look like a localnet (no localnet.json); not deleting it`, { home });
  }
  const stopped = await stopLocalnet(home);
  for (const entry of ["localnet.json", "node", "provider", "logs", "run"]) rmSync(join(home, entry), { recursive: true, force: true });
  return { ...stopped, removed: true };
}

export function localnetLogFile(home: string, which: "node" | "provider"): string {
  const layout = localnetLayout(home);
  return which === "node" ? layout.nodeLog : layout.providerLog;
}

