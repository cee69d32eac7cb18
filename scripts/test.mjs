// The whole test suite (`npm test`, which CI's .ci/run calls): builds or finds the Go binaries,
// starts one localnet with its provider for every end-to-end test file, runs every test, and
// stops the localnet whatever happens (failures, Ctrl-C, SIGTERM), leaving no process behind.
//
// Without the Go bundle (../shared/akash-go or AKASH_GO_BUNDLE) the end-to-end tests are skipped
// locally and fail under CI=true. Extra arguments are passed to `node --test` (e.g. a file list).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { goBinaries } from "./go-binaries.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const akash = join(root, "bin", "akash.js");
const log = (message) => process.stderr.write(`[test] ${message}\n`);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

/** Test runs use their own ports so they never touch a developer's localnet (offset 0). */
const E2E_PORT_OFFSET = process.env.AKASH_E2E_PORT_OFFSET ?? "5000";

const env = { ...process.env };
/** --unit: everything but test/e2e, with no Go and no localnet (`npm run test:unit`). */
const unitOnly = process.argv.includes("--unit");
let localnetHome = null;
let ownsLocalnet = false;

function stopLocalnet() {
  if (!localnetHome || !ownsLocalnet) return;
  const result = spawnSync(process.execPath, [akash, "localnet", "stop", "--home", localnetHome], { env, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) log(`localnet stop exited ${result.status}`);
  if (!process.env.AKASH_E2E_KEEP) rmSync(localnetHome, { recursive: true, force: true });
  ownsLocalnet = false;
}

let child = null;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    log(`${signal}: stopping tests and the localnet`);
    if (child) child.kill("SIGTERM");
    stopLocalnet();
    process.exit(130);
  });
}

try {
  let binaries = null;
  try {
    binaries = unitOnly ? null : await goBinaries({ log });
  } catch (error) {
    log(`building the Go binaries failed:\n${error.message}`);
    process.exitCode = 1;
    throw error;
  }
  if (binaries) {
    env.AKASH_TEST_NODE_BIN = binaries.node;
    env.AKASH_TEST_PROVIDER_BIN = binaries.provider;
    env.AKASH_SDL_REF = binaries.sdlRef;
    log(`Go binaries ready after ${elapsed()}`);
    if (process.env.AKASH_E2E_HOME) {
      localnetHome = resolve(process.env.AKASH_E2E_HOME);
    } else {
      localnetHome = mkdtempSync(join(tmpdir(), "akash-e2e-"));
      ownsLocalnet = true;
    }
    const start = spawnSync(
      process.execPath,
      [akash, "localnet", "start", "--home", localnetHome, "--port-offset", E2E_PORT_OFFSET, "--node-binary", binaries.node, "--provider-binary", binaries.provider, "--timeout", "180s", "-o", "json"],
      { env, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" },
    );
    if (start.status !== 0) {
      log(`localnet start failed (exit ${start.status})`);
      process.exitCode = 1;
      throw new Error("localnet start failed");
    }
    const info = JSON.parse(start.stdout);
    log(`localnet ready at height ${info.height} after ${elapsed()} (${info.endpoints.rpc}, provider ${info.endpoints.gateway})`);
    env.AKASH_E2E_HOME = localnetHome;
  } else if (unitOnly) {
    log("unit tests only: no Go, no localnet");
  } else if (process.env.CI && process.env.CI !== "false") {
    log("CI is set but the Go bundle is missing (../shared/akash-go or AKASH_GO_BUNDLE): end-to-end tests cannot run");
    process.exitCode = 1;
    throw new Error("no Go bundle");
  } else {
    log("no Go bundle: end-to-end tests will be skipped");
  }

  const args = process.argv.slice(2).filter((a) => a !== "--unit");
  const unitDirs = () =>
    readdirSync(join(root, "build", "test"), { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== "e2e" && d.name !== "helpers")
      .map((d) => `build/test/${d.name}/`);
  const files = args.length > 0 ? args : unitOnly ? unitDirs() : ["build/test/"];
  const concurrency = process.env.AKASH_TEST_CONCURRENCY ?? "4";
  process.exitCode = await new Promise((resolveCode) => {
    child = spawn(process.execPath, ["--test", `--test-concurrency=${concurrency}`, ...files], { cwd: root, env, stdio: "inherit" });
    child.on("close", (code) => resolveCode(code ?? 1));
  });
  log(`tests finished after ${elapsed()} with exit code ${process.exitCode}`);
} catch (error) {
  if (!process.exitCode) process.exitCode = 1;
  log(error.message);
} finally {
  stopLocalnet();
}
