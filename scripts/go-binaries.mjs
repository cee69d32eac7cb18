// Builds (or finds in the cache) the Go programs the end-to-end tests run: the Akash node, the
// provider harness (provider-harness/) and the Go SDL reference. They are built from the sources
// in ../shared/akash-go (AKASH_GO_BUNDLE overrides the path) into a cache outside the clone
// (AKASH_CLI_CACHE, default ~/.cache/akash-cli); a second run only looks them up.
//
// Usage: node scripts/go-binaries.mjs [--json]   prints NAME=PATH lines (or one JSON object).
// Binaries given in the environment (AKASH_TEST_NODE_BIN, AKASH_TEST_PROVIDER_BIN, AKASH_SDL_REF)
// are used as they are.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function goBundle(env = process.env) {
  const candidate = env.AKASH_GO_BUNDLE || join(root, "..", "shared", "akash-go");
  return existsSync(join(candidate, "build.sh")) ? resolve(candidate) : null;
}

function cacheDir(env = process.env) {
  return env.AKASH_CLI_CACHE || join(homedir(), ".cache", "akash-cli");
}

function run(command, args, label, log) {
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: process.env });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => {
      err += d;
      if (err.length > 200_000) err = err.slice(-100_000);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (code === 0) {
        log(`${label}: ready in ${seconds} s`);
        resolvePromise(out);
      } else reject(new Error(`${label} failed (exit ${code}) after ${seconds} s:\n${err.split("\n").slice(-30).join("\n")}`));
    });
  });
}

/** Returns { node, provider, sdlRef } paths, building what is missing. */
export async function goBinaries({ env = process.env, log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const given = { node: env.AKASH_TEST_NODE_BIN, provider: env.AKASH_TEST_PROVIDER_BIN, sdlRef: env.AKASH_SDL_REF };
  if (given.node && given.provider && given.sdlRef) return given;
  const bundle = goBundle(env);
  if (!bundle) return null;
  const cache = cacheDir(env);
  mkdirSync(cache, { recursive: true });
  const build = join(bundle, "build.sh");
  const jobs = [];
  const result = { ...given };
  if (!given.node) {
    const out = join(cache, "node");
    jobs.push(run("nice", ["-n", "5", build, "node", out], "node (build.sh node)", log).then(() => (result.node = join(out, "akash"))));
  }
  if (!given.provider) {
    jobs.push(
      run("nice", ["-n", "5", "bash", join(root, "scripts", "build-provider-harness.sh")], "provider harness", log).then((out) => {
        const lines = out.trim().split("\n");
        result.provider = lines[lines.length - 1].trim();
      }),
    );
  }
  if (!given.sdlRef) {
    const out = join(cache, "sdl-ref");
    jobs.push(run("nice", ["-n", "5", build, "sdl-ref", out], "Go SDL reference (build.sh sdl-ref)", log).then(() => (result.sdlRef = join(out, "sdl-ref"))));
  }
  const settled = await Promise.allSettled(jobs);
  const failures = settled.filter((s) => s.status === "rejected").map((s) => s.reason.message);
  if (failures.length > 0) throw new Error(failures.join("\n\n"));
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const binaries = await goBinaries();
  if (!binaries) {
    process.stderr.write("no Go bundle: set AKASH_GO_BUNDLE or put ../shared/akash-go beside the clone\n");
    process.exit(2);
  }
  if (process.argv.includes("--json")) process.stdout.write(`${JSON.stringify(binaries)}\n`);
  else
    process.stdout.write(
      `AKASH_TEST_NODE_BIN=${binaries.node}\nAKASH_TEST_PROVIDER_BIN=${binaries.provider}\nAKASH_SDL_REF=${binaries.sdlRef}\n`,
    );
}
