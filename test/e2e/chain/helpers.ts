/**
 * Shared pieces of the chain e2e tests: the SDLs they deploy, and on-chain state read with the
 * node's own CLI (`akash query … -o json` of the Go binary), so what our commands claim is checked
 * against an independent reader of the same chain.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { E2eNet } from "../harness.js";

/** One small web service priced in uact: what the localnet's provider bids on. */
export function sdl(options: { image?: string; count?: number; price?: number; cpu?: string } = {}): string {
  return `version: "2.0"
services:
  web:
    image: ${options.image ?? "nginx:1.25.3"}
    expose:
      - port: 80
        as: 80
        to:
          - global: true
profiles:
  compute:
    web:
      resources:
        cpu:
          units: ${options.cpu ?? "0.1"}
        memory:
          size: 128Mi
        storage:
          size: 512Mi
  placement:
    dcloud:
      pricing:
        web:
          denom: uact
          amount: ${options.price ?? 10000}
deployment:
  web:
    dcloud:
      profile: web
      count: ${options.count ?? 1}
`;
}

const tempDirs: string[] = [];
process.once("exit", () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A file in a temporary folder, removed when the test process exits. */
export function writeTemp(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "akash-e2e-chain-"));
  tempDirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** `<node> query ARGS --node RPC -o json`, parsed. */
export function nodeQuery<T = Record<string, unknown>>(net: E2eNet, args: readonly string[]): T {
  assert.ok(net.nodeBin, "AKASH_TEST_NODE_BIN is needed to read the chain with the node's CLI");
  const result = spawnSync(net.nodeBin, ["query", ...args, "--node", net.rpc, "-o", "json"], { encoding: "utf8", timeout: 60_000 });
  assert.equal(result.status, 0, `node query ${args.join(" ")} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** Bank balances of an address (REST-style uakt, uact), as bigints. */
export function bank(net: E2eNet, address: string): { uakt: bigint; uact: bigint } {
  const out = nodeQuery<{ balances: { denom: string; amount: string }[] }>(net, ["bank", "balances", address]);
  const of = (denom: string) => BigInt(out.balances.find((b) => b.denom === denom)?.amount ?? "0");
  // The node CLI prints uakt under its display denom "akt" (localnet-proven.md), in uakt units.
  return { uakt: of("uakt") + of("akt"), uact: of("uact") };
}

/** The account sequence, to prove that nothing was signed (dry runs, refusals). */
export function sequence(net: E2eNet, address: string): bigint {
  const out = nodeQuery<{ account?: { value?: { sequence?: string }; sequence?: string } ; sequence?: string }>(net, ["auth", "account", address]);
  const seq = out.account?.value?.sequence ?? out.account?.sequence ?? out.sequence ?? "0";
  return BigInt(seq);
}

export interface NodeDeployment {
  deployment: { id: { owner: string; dseq: string }; state: string; hash: string };
  groups: { id: { gseq: number }; state: string }[];
  escrow_account: { state: { state: string; funds: { denom: string; amount: string }[]; deposits: unknown[] } };
}

export function nodeDeployment(net: E2eNet, owner: string, dseq: string): NodeDeployment {
  return nodeQuery<NodeDeployment>(net, ["deployment", "get", "--owner", owner, "--dseq", dseq]);
}

/** A DecCoin amount's whole part ("5000000.000000000000000000" → 5000000n). */
export function whole(amount: string): bigint {
  return BigInt(amount.split(".")[0] ?? "0");
}

export function fundsOf(d: NodeDeployment, denom: string): bigint {
  return d.escrow_account.state.funds.filter((f) => f.denom === denom).reduce((sum, f) => sum + whole(f.amount), 0n);
}

/** The node's latest height, from its RPC. */
export async function height(net: E2eNet): Promise<number> {
  const res = await fetch(`${net.rpc}/status`);
  const body = (await res.json()) as { result: { sync_info: { latest_block_height: string } } };
  return Number(body.result.sync_info.latest_block_height);
}

/** Resolves once the chain has made `n` more blocks (the node CLI's transactions return at CheckTx). */
export async function waitForBlocks(net: E2eNet, n: number): Promise<void> {
  const target = (await height(net)) + n;
  while ((await height(net)) < target) await new Promise((resolve) => setTimeout(resolve, 250));
}

/** `<node> tx ARGS` signed by `mnemonic` (a temporary test keyring), included in a block. */
export async function nodeTx(net: E2eNet, mnemonic: string, args: readonly string[]): Promise<void> {
  assert.ok(net.nodeBin);
  const home = mkdtempSync(join(tmpdir(), "akash-e2e-nodetx-"));
  const keyring = ["--keyring-backend", "test", "--home", home];
  const add = spawnSync(net.nodeBin, ["keys", "add", "k", "--recover", ...keyring], { input: `${mnemonic}\n`, encoding: "utf8" });
  assert.equal(add.status, 0, add.stderr);
  const tx = spawnSync(
    net.nodeBin,
    ["tx", ...args, "--from", "k", ...keyring, "--chain-id", net.chainId, "--node", net.rpc, "--gas", "auto", "--gas-adjustment", "1.5", "--gas-prices", "0.025uakt", "-y", "-o", "json"],
    { encoding: "utf8", timeout: 60_000 },
  );
  assert.equal(tx.status, 0, tx.stderr);
  assert.equal((JSON.parse(tx.stdout) as { code: number }).code, 0, tx.stdout);
  await waitForBlocks(net, 2);
}
