#!/usr/bin/env node
// Deploy speed on the localnet: seconds and blocks from `akash deploy` to ready services, split
// into the bid window (waiting for providers, which no client can shorten) and everything else,
// next to the floor (one block per transaction) and to the node's own Go CLI sending the same two
// transactions (deployment create, lease create) the way its users do.
//
//   node bench/deploy.mjs [--runs=N]        (also part of `npm run bench`)
//
// Uses the localnet in AKASH_E2E_HOME if one runs there; else builds/finds the Go binaries
// (scripts/go-binaries.mjs) and starts its own at port offset 7000 in a temporary folder, stopped
// at the end. Informational: always exits 0.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BIN = join(ROOT, "bin", "akash.js");

const SDL = `version: "2.0"
services:
  web:
    image: nginx:1.27.3-alpine
    expose:
      - port: 80
        as: 80
        to:
          - global: true
profiles:
  compute:
    web:
      resources:
        cpu: { units: 0.1 }
        memory: { size: 128Mi }
        storage: { size: 256Mi }
  placement:
    dcloud:
      pricing:
        web: { denom: uact, amount: 1000 }
deployment:
  web:
    dcloud:
      profile: web
      count: 1
`;

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function height(rpc) {
  const r = await fetch(`${rpc}/status`);
  return BigInt((await r.json()).result.sync_info.latest_block_height);
}

function runDeploy(env, file) {
  return new Promise((resolvePromise) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, "deploy", file, "--yes", "--from", "local-tenant-12", "-o", "jsonl", "--min-bids", "1", "--allow-duplicate"], { env });
    const events = [];
    let buffer = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      buffer += d;
      let nl;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          events.push({ ...JSON.parse(line), seen: Date.now() });
        } catch {
          // not an event
        }
      }
    });
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolvePromise({ code, started, ended: Date.now(), events, stderr }));
  });
}

export async function benchDeploy({ runs = 3, log = console.log } = {}) {
  let home = process.env.AKASH_E2E_HOME;
  let own = false;
  const env = { ...process.env, CI: "true", NO_COLOR: "1" };
  for (const key of Object.keys(env)) if (key.startsWith("AKASH_") && key !== "AKASH_E2E_HOME") delete env[key];
  if (!home) {
    const { goBinaries } = await import("../scripts/go-binaries.mjs");
    const binaries = await goBinaries({ log: () => undefined });
    if (!binaries) {
      log("deploy: skipped (no Go bundle to build the node and provider from)");
      return null;
    }
    home = mkdtempSync(join(tmpdir(), "akash-bench-"));
    own = true;
    const start = spawnSync(process.execPath, [BIN, "localnet", "start", "--home", home, "--port-offset", "7000", "--node-binary", binaries.node, "--provider-binary", binaries.provider, "-o", "json"], { env, encoding: "utf8" });
    if (start.status !== 0) {
      log(`deploy: localnet failed to start: ${start.stderr}`);
      return null;
    }
  }
  try {
    const status = JSON.parse(spawnSync(process.execPath, [BIN, "localnet", "status", "--home", home, "-o", "json"], { env, encoding: "utf8" }).stdout);
    const rpc = status.endpoints.rpc;
    Object.assign(env, { AKASH_NETWORK: "local", AKASH_NODE: rpc, AKASH_REST: status.endpoints.rest, AKASH_HOME: mkdtempSync(join(tmpdir(), "akash-bench-config-")) });
    const file = join(mkdtempSync(join(tmpdir(), "akash-bench-sdl-")), "web.yaml");
    writeFileSync(file, SDL);
    const samples = [];
    for (let i = 0; i < runs; i += 1) {
      const h0 = await height(rpc);
      const run = await runDeploy(env, file);
      const h1 = await height(rpc);
      const at = (type) => run.events.find((e) => e.type === type);
      const done = at("done");
      if (run.code !== 0 || !done) {
        log(`deploy run ${i + 1} failed (exit ${run.code}): ${run.stderr.split("\n").slice(-3).join(" | ")}`);
        continue;
      }
      const created = at("deployment-created");
      const chosen = at("bid-chosen");
      const t = (e) => (Date.parse(e.at) - run.started) / 1000;
      samples.push({
        total: (run.ended - run.started) / 1000,
        toCreated: t(created),
        bidWindow: t(chosen) - t(created),
        afterBids: (run.ended - run.started) / 1000 - t(chosen),
        blocks: Number(h1 - h0),
        blocksAfterBids: Number(h1 - BigInt(created.height)),
      });
      spawnSync(process.execPath, [BIN, "deploy", "close", done.dseq, "--yes", "--from", "local-tenant-12"], { env });
    }
    const m = (k) => median(samples.map((s) => s[k]));
    const blockSeconds = 1; // the localnet's timeout_commit
    log(`\n## Deploy on the localnet (${samples.length} runs, medians; blocks of ~${blockSeconds} s)\n`);
    log(`| measure | ours | floor / reference |`);
    log(`|---|---|---|`);
    log(`| start → ready, seconds | ${m("total").toFixed(1)} | — |`);
    log(`| start → deployment created (validate, funds, 1 tx) | ${m("toCreated").toFixed(1)} s | 1 block (${blockSeconds} s) for the tx |`);
    log(`| bid window (created → bid chosen) | ${m("bidWindow").toFixed(1)} s | the provider's bid + 3 quiet blocks |`);
    log(`| beyond the bid window (lease tx, manifest, ready) | ${m("afterBids").toFixed(1)} s | 1 block (${blockSeconds} s) for the lease tx |`);
    log(`| blocks elapsed, whole deploy | ${m("blocks")} | 2 transactions = 2 blocks + the bid window |`);
    return { samples };
  } finally {
    if (own) {
      spawnSync(process.execPath, [BIN, "localnet", "stop", "--home", home], { env });
      rmSync(home, { recursive: true, force: true });
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const runsArg = process.argv.find((a) => a.startsWith("--runs="));
  await benchDeploy({ runs: runsArg ? Number(runsArg.slice(7)) : 3 });
}
