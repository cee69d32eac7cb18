/**
 * The end-to-end harness: every test under test/e2e runs against one real localnet (the real
 * node, and the provider harness running the real provider code with a synthetic cluster).
 *
 * `npm test` (scripts/test.mjs) starts that localnet once per run and passes its folder in
 * AKASH_E2E_HOME. Running a single file by hand works too: with AKASH_TEST_NODE_BIN and
 * AKASH_TEST_PROVIDER_BIN set, the first file starts a localnet in $TMPDIR/akash-e2e-dev (port
 * offset 5000) and later runs reuse it (stop it with `akash localnet stop --home …`).
 *
 * Each test file reserves its own tenant account (tenant-1 … tenant-12), so files run in parallel
 * without sharing an account sequence. Without binaries the e2e tests are skipped, or fail under CI.
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { localnetAccounts, type LocalnetAccount } from "../../src/localnet/accounts.js";
import { localnetLayout } from "../../src/localnet/layout.js";
import { localnetStatus, startLocalnet, type LocalnetInfo } from "../../src/localnet/localnet.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const AKASH_BIN = join(repoRoot, "bin", "akash.js");

const isCi = () => process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false" && process.env.CI !== "0";

/** Why e2e tests cannot run here, or undefined when they can. Under CI a missing localnet is an error. */
export function e2eSkipReason(): string | undefined {
  if (process.env.AKASH_E2E_HOME) return undefined;
  if (process.env.AKASH_TEST_NODE_BIN && process.env.AKASH_TEST_PROVIDER_BIN) return undefined;
  if (isCi()) throw new Error("CI is set but no localnet was given (AKASH_E2E_HOME) and no binaries (AKASH_TEST_NODE_BIN, AKASH_TEST_PROVIDER_BIN): run the suite with `npm test`");
  return "no localnet: run `npm test`, or set AKASH_TEST_NODE_BIN and AKASH_TEST_PROVIDER_BIN";
}

export interface E2eAccount {
  readonly name: string;
  readonly mnemonic: string;
  readonly address: string;
  /** The --from value that selects it on the local network: "local-tenant-3". */
  readonly from: string;
}

export interface E2eNet {
  readonly home: string;
  readonly info: LocalnetInfo;
  readonly rpc: string;
  readonly rest: string;
  readonly chainId: string;
  readonly nodeBin: string | undefined;
  readonly tenant: E2eAccount;
  readonly provider: { readonly address: string; readonly gatewayUrl: string; readonly mnemonic: string };
  /** For `node bin/akash.js …`: network, endpoints, this file's tenant (AKASH_MNEMONIC), a private AKASH_HOME, CI=true. */
  readonly env: NodeJS.ProcessEnv;
  /** Runs the CLI with `env` (plus `extraEnv`); never throws for a non-zero exit. */
  readonly cli: (args: readonly string[], options?: { input?: string; extraEnv?: NodeJS.ProcessEnv; timeoutMs?: number }) => CliRun;
  release(): void;
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  json<T = unknown>(): T;
}

function reserveTenant(reservationDir: string, accounts: readonly LocalnetAccount[]): LocalnetAccount {
  mkdirSync(reservationDir, { recursive: true });
  const tenants = accounts.filter((a) => /^tenant-\d+$/.test(a.name));
  for (let round = 0; round < 2; round += 1) {
    for (const account of tenants) {
      const file = join(reservationDir, account.name);
      try {
        const fd = openSync(file, "wx");
        writeFileSync(fd, `${process.pid}\n`);
        closeSync(fd);
        return account;
      } catch {
        // Taken: reclaim it if its owner is gone (a crashed test process).
        const owner = Number.parseInt(readFileSync(file, "utf8"), 10);
        let alive = false;
        try {
          process.kill(owner, 0);
          alive = true;
        } catch {
          alive = false;
        }
        if (!alive) rmSync(file, { force: true });
      }
    }
  }
  throw new Error(`all ${tenants.length} localnet tenant accounts are reserved by running test files`);
}

let shared: Promise<{ home: string; info: LocalnetInfo }> | undefined;

async function localnetForTests(): Promise<{ home: string; info: LocalnetInfo }> {
  const given = process.env.AKASH_E2E_HOME;
  if (given) {
    const info = await localnetStatus(given);
    if (info.node.state !== "running") throw new Error(`the e2e localnet in ${given} is not running (node ${info.node.state})`);
    return { home: given, info };
  }
  const home = join(tmpdir(), "akash-e2e-dev");
  const info = await startLocalnet({
    home,
    nodeBinary: process.env.AKASH_TEST_NODE_BIN!,
    providerBinary: process.env.AKASH_TEST_PROVIDER_BIN!,
    portOffset: 5000,
    readyTimeoutMs: 180_000,
  });
  return { home, info };
}

export async function useLocalnet(): Promise<E2eNet> {
  shared ??= localnetForTests();
  const { home, info } = await shared;
  const accounts = await localnetAccounts();
  const tenant = reserveTenant(localnetLayout(home).reservationDir, accounts);
  const provider = accounts.find((a) => a.name === "provider")!;
  const configHome = mkdtempSync(join(tmpdir(), "akash-e2e-config-"));
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("AKASH_") || key.startsWith("AKASH_TEST_") || key === "AKASH_E2E_HOME") env[key] = value;
  Object.assign(env, {
    AKASH_NETWORK: "local",
    AKASH_NODE: info.endpoints.rpc,
    AKASH_REST: info.endpoints.rest,
    AKASH_CHAIN_ID: info.chainId,
    AKASH_HOME: configHome,
    AKASH_MNEMONIC: tenant.mnemonic,
    AKASH_LOCALNET_HOME: home,
    CI: "true",
    NO_COLOR: "1",
  });
  const cli = (args: readonly string[], options: { input?: string; extraEnv?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CliRun => {
    const result = spawnSync(process.execPath, [AKASH_BIN, ...args], {
      env: { ...env, ...options.extraEnv },
      input: options.input ?? "",
      encoding: "utf8",
      timeout: options.timeoutMs ?? 180_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return {
      code: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      json<T>() {
        try {
          return JSON.parse(result.stdout) as T;
        } catch {
          throw new Error(`akash ${args.join(" ")} printed no JSON (exit ${result.status}):\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
        }
      },
    };
  };
  let released = false;
  return {
    home,
    info,
    rpc: info.endpoints.rpc,
    rest: info.endpoints.rest,
    chainId: info.chainId,
    nodeBin: process.env.AKASH_TEST_NODE_BIN,
    tenant: { name: tenant.name, mnemonic: tenant.mnemonic, address: tenant.address, from: `local-${tenant.name}` },
    provider: { address: provider.address, gatewayUrl: info.endpoints.gateway, mnemonic: provider.mnemonic },
    env,
    cli,
    release() {
      if (released) return;
      released = true;
      rmSync(join(localnetLayout(home).reservationDir, tenant.name), { force: true });
      if (existsSync(configHome)) rmSync(configHome, { recursive: true, force: true });
    },
  };
}
