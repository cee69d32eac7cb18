/**
 * The one place the CLI turns flags, environment and config into a chain client:
 * settings (flag > AKASH_* > config file > network) → endpoints (failover at every call) →
 * signer (--from NAME from the keystore, or AKASH_MNEMONIC) → CosmosChainClient. `akash deploy`
 * and every tenant command use it, plus the shared transaction flow: --generate-only (print the
 * unsigned transaction), --dry-run (simulate, show the fee, sign nothing), a confirmation on
 * stderr unless --yes, then sign, broadcast and wait for the block.
 *
 * Only types are imported at the top: the chain, wallet and settings code load inside actions, so
 * `akash --help` never pays for cosmjs or chain-sdk.
 */
import { printable } from "../sdl/printable.js";
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import type { ChainClient, TxIntent, TxOptions, TxResult } from "../chain/client.js";
import type { Coin, TxEstimate } from "../chain/types.js";
import type { ResolvedSettings } from "../config/settings.js";
import { ExitCode, ExitStatus } from "./exit.js";
import type { CliIo } from "./io.js";
import { addNetworkOptions, resolveNetworkSettings, type NetworkOptionValues } from "./network-options.js";
import { parseOutputFormat, renderData, type OutputFormat } from "./output.js";

const PASSPHRASE_ENV = "AKASH_KEYRING_PASSPHRASE";

export interface QueryFlagValues extends NetworkOptionValues {
  output?: string;
  from?: string;
  timeout?: string;
  maxLag?: string;
}

export interface TxFlagValues extends QueryFlagValues {
  gas?: string;
  gasPrices?: string;
  gasAdjustment?: string;
  generateOnly?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  memo?: string;
}

/** -o, network options, --from (whose account to show by default), --timeout and --max-lag. */
export function addQueryOptions(command: Command): Command {
  return addNetworkOptions(command)
    .option("-o, --output <format>", "text, json or yaml", "text")
    .option("--from <name>", "the key whose account to use (default: AKASH_FROM, the config's from, or the AKASH_MNEMONIC key)")
    .option("--timeout <seconds>", "per request to a node; a node that does not answer in time is skipped for the next", "15")
    .option("--max-lag <seconds>", "skip a node whose latest block is older than this", "60");
}

/** Everything addQueryOptions adds, plus what a transaction needs. */
export function addTxOptions(command: Command): Command {
  return addQueryOptions(command)
    .option("--gas <limit>", 'gas limit, or "auto" to simulate (default auto)')
    .option("--gas-prices <price>", "price per unit of gas, in uakt (default 0.025uakt)")
    .option("--gas-adjustment <factor>", "simulated gas is multiplied by this (default 1.5)")
    .option("--memo <text>", "a note stored with the transaction")
    .option("--generate-only", "print the unsigned transaction (JSON) and stop: nothing is signed or sent")
    .option("--dry-run", "simulate the transaction and show its gas and fee: nothing is signed or sent")
    .option("-y, --yes", "do not ask for confirmation (required without a terminal)");
}

export const TX_HELP = `
Transactions: fees are paid in AKT (uakt), simulated gas x --gas-adjustment at --gas-prices.
Every transaction asks for confirmation on the terminal (showing its fee) unless --yes is given;
without a terminal, --yes is required. --dry-run simulates and prints the fee; --generate-only
prints the unsigned transaction, as \`akash tx ... --generate-only\` of the Go CLI does.
The signing key: --from NAME (keystore; passphrase from AKASH_KEYRING_PASSPHRASE or asked), else
AKASH_FROM or the config's from, else the AKASH_MNEMONIC key.`;

export const EXIT_HELP_CHAIN =
  "Exit codes: 0 ok, 1 invalid input (bad amount, SDL), 2 usage error (also: confirmation needed without a terminal),\n" +
  "3 chain error (rejected, unreachable, halted), 5 wallet error, 6 timed out, 130 not confirmed or interrupted.";

export type ChainMode = "query" | "submit" | "generate" | "dry-run";

export interface ChainContext {
  readonly io: CliIo;
  readonly settings: ResolvedSettings;
  readonly client: ChainClient;
  /** The acting account; undefined for a query without a key. */
  readonly address: string | undefined;
  readonly format: OutputFormat;
  readonly mode: ChainMode;
  readonly txOptions: TxOptions;
  readonly yes: boolean;
  /** The signing key when the command signs (mode "submit"): also signs provider JWTs. */
  readonly signer?: import("../wallet/derive.js").WalletSigner;
}

function seconds(raw: string | undefined, option: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = /^\d+(\.\d+)?$/u.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`${option} must be a number of seconds from ${min} to ${max}, not ${JSON.stringify(raw)}`, { option });
  return value;
}

function txMode(options: TxFlagValues): ChainMode {
  if (options.generateOnly === true && options.dryRun === true) throw new UsageError("--generate-only and --dry-run cannot be combined", { option: "--dry-run" });
  return options.generateOnly === true ? "generate" : options.dryRun === true ? "dry-run" : "submit";
}

/**
 * Opens the chain for a command. `kind` "query" needs no key (the key, if any, gives the default
 * account); "tx" needs one: signing keys for a real transaction, only the public key for
 * --generate-only and --dry-run (no passphrase is asked then).
 */
export async function openChain(io: CliIo, options: TxFlagValues, kind: "query" | "tx"): Promise<ChainContext> {
  const format = parseOutputFormat(options.output);
  const mode: ChainMode = kind === "query" ? "query" : txMode(options);
  if (mode === "submit") requireConfirmation(io, options.yes === true);
  const timeoutMs = Math.round(seconds(options.timeout, "--timeout", 15, 0.1, 600) * 1000);
  const maxLagSeconds = seconds(options.maxLag, "--max-lag", 60, 1, 86_400);
  const settings = await resolveNetworkSettings(io, options, {
    from: options.from,
    "gas-prices": options.gasPrices,
    "gas-adjustment": options.gasAdjustment,
  });
  const gas = parseGas(options.gas);
  const wallet = await import("../wallet/wallet.js");
  let walletOptions = wallet.walletOptionsFromEnv(io.env);
  if (settings.values.from !== undefined && settings.values.network === "local") {
    // `--from local` / `local-NAME`: the localnet's public test accounts, on the local network only.
    const { localnetKeyName, localnetMnemonic } = await import("../localnet/accounts.js");
    const localName = localnetKeyName(settings.values.from);
    if (localName !== null) walletOptions = { ...walletOptions, envMnemonic: localnetMnemonic(localName), envKeyName: settings.values.from };
  }
  const keyName = settings.values.from ?? (walletOptions.envMnemonic !== undefined ? walletOptions.envKeyName : undefined);
  if (kind === "tx" && keyName === undefined) {
    throw new UsageError("no key to sign with: pass --from NAME (see akash keys list), or set AKASH_MNEMONIC", { option: "--from" });
  }
  const key = keyName !== undefined ? await wallet.findKey(walletOptions, keyName) : undefined;
  let signer: import("../wallet/derive.js").WalletSigner | undefined;
  if (mode === "submit" && key !== undefined) {
    const passphrase = key.source === "keystore" ? await keyPassphrase(io, key.name) : undefined;
    signer = await wallet.signerFor(await wallet.keySource(walletOptions, key.name, passphrase));
  }
  const { CosmosChainClient } = await import("../chain/cosmos/client.js");
  const { CometRpcTransport } = await import("../chain/cosmos/rpc.js");
  const chainId = settings.values["chain-id"];
  const transport = new CometRpcTransport({
    endpoints: settings.values.node,
    chainId,
    pinned: settings.nodePinned,
    label: chainId === settings.network.chainId ? `${settings.values.network} (${chainId})` : `chain ${chainId}`,
    timeoutMs,
    maxLagSeconds,
    onNote: (note) => io.stderr(`note: ${printable(note)}\n`),
  });
  const client = new CosmosChainClient({
    transport,
    chainId,
    gasPrice: settings.values["gas-prices"],
    gasAdjustment: String(settings.values["gas-adjustment"]),
    ...(signer ? { signer } : {}),
    ...(key ? { address: key.address, pubkey: Uint8Array.from(Buffer.from(key.pubkey, "base64")) } : {}),
    onEvent: (event) => {
      if (event.kind === "broadcast") io.stderr(`Broadcast ${event.txHash}; waiting for it to be included in a block...\n`);
      else if (event.kind === "included") io.stderr(`Included at height ${event.height}.\n`);
      else io.stderr(`note: retrying once: ${event.reason}\n`);
    },
  });
  const txOptions: TxOptions = {
    ...(gas !== undefined ? { gas } : {}),
    ...(options.memo !== undefined ? { memo: options.memo } : {}),
  };
  return { io, settings, client, address: key?.address, format, mode, txOptions, yes: options.yes === true, ...(signer ? { signer } : {}) };
}

function parseGas(raw: string | undefined): TxOptions["gas"] {
  if (raw === undefined || raw === "auto") return undefined;
  if (!/^\d{1,15}$/.test(raw) || BigInt(raw) === 0n) throw new UsageError(`--gas must be "auto" or a positive whole number, not ${JSON.stringify(raw)}`, { option: "--gas" });
  return BigInt(raw);
}

/** Without --yes a person must be there to answer; fail before anything is asked of the chain. */
function requireConfirmation(io: CliIo, yes: boolean): void {
  if (yes) return;
  const injected = (io as { prompter?: unknown }).prompter;
  if (injected !== undefined) return;
  const interactive = io.stderrIsTTY && !ciSet(io.env) && process.stdin.isTTY === true;
  if (!interactive) {
    const why = !io.stderrIsTTY ? "stderr is not a terminal" : ciSet(io.env) ? "CI is set" : "stdin is not a terminal";
    throw new UsageError(`this sends a transaction and needs confirmation: pass --yes (cannot ask: ${why})`, { option: "--yes" });
  }
}

function ciSet(env: CliIo["env"]): boolean {
  return env.CI !== undefined && env.CI !== "" && env.CI !== "false" && env.CI !== "0";
}

async function keyPassphrase(io: CliIo, name: string): Promise<string> {
  const fromEnv = io.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const { prompterFor, whyNoPrompt } = await import("./prompts.js");
  const prompter = prompterFor(io);
  if (prompter === null) {
    throw new UsageError(`key "${name}" is encrypted: set ${PASSPHRASE_ENV} (cannot ask for its passphrase: ${whyNoPrompt(io)})`, { env: PASSPHRASE_ENV });
  }
  return prompter.secret(`Passphrase for key "${name}":`);
}

/** The account a query is about: the argument, else the key's, else a usage error. */
export function accountFor(ctx: ChainContext, given: string | undefined, what = "ADDRESS"): string {
  const address = given ?? ctx.address;
  if (address === undefined) throw new UsageError(`no account: give ${what}, or --from NAME, or set AKASH_MNEMONIC`, { option: "--from" });
  return address;
}

export type TxOutcome =
  | { readonly kind: "generated"; readonly tx: unknown }
  | { readonly kind: "estimated"; readonly estimate: TxEstimate }
  | { readonly kind: "submitted"; readonly result: TxResult };

export interface TxDescription {
  /** What it does, one line: "create deployment 123 with a deposit of 5 ACT". */
  readonly summary: string;
  /** What leaves the account besides the fee (a deposit, coins to burn): checked against the balance first. */
  readonly spends?: readonly Coin[];
}

const HOW_TO_GET: Readonly<Record<string, string>> = {
  uact: "mint ACT from AKT with `akash act mint` (it arrives at the next mint epoch, about a minute on mainnet)",
  uakt: "send AKT to this account (from an exchange or another wallet; on a testnet, its faucet)",
};

/** INSUFFICIENT_ACT / INSUFFICIENT_FUNDS with the amounts, before the chain is asked to fail. */
async function checkFunds(ctx: ChainContext, spends: readonly Coin[]): Promise<void> {
  if (spends.length === 0 || ctx.address === undefined) return;
  const need = new Map<string, bigint>();
  for (const c of spends) need.set(c.denom, (need.get(c.denom) ?? 0n) + BigInt(c.amount));
  const balances = await ctx.client.balances(ctx.address);
  const { formatCoin } = await import("../chain/amount.js");
  const { ChainError } = await import("../chain/errors.js");
  for (const [denom, amount] of need) {
    const have = BigInt(balances.find((b) => b.denom === denom)?.amount ?? "0");
    if (have >= amount) continue;
    const coin = (n: bigint) => formatCoin({ denom, amount: n.toString() });
    const name = denom === "uact" ? "ACT" : denom === "uakt" ? "AKT" : denom;
    throw new ChainError(
      denom === "uact" ? "INSUFFICIENT_ACT" : "INSUFFICIENT_FUNDS",
      `not enough ${name}: ${ctx.address} has ${coin(have)}, this needs ${coin(amount)}${denom === "uakt" ? " including the fee" : ""} (${coin(amount - have)} missing); ${HOW_TO_GET[denom] ?? "add funds to this account"}`,
      { denom, have: have.toString(), need: amount.toString(), missing: (amount - have).toString() },
    );
  }
}

/**
 * The shared transaction flow. --generate-only: the unsigned JSON on stdout. --dry-run: the
 * simulated gas and fee. Otherwise: simulate (so the fee can be shown), confirm unless --yes,
 * sign with the simulated gas limit, broadcast, wait for the block. The result printing of a
 * submitted transaction is the command's.
 */
export async function runTx(ctx: ChainContext, intents: readonly TxIntent[], description: TxDescription): Promise<TxOutcome> {
  const { io } = ctx;
  if (ctx.mode === "generate") {
    const unsigned = await ctx.client.generate(intents, ctx.txOptions);
    io.stdout(ctx.format === "yaml" ? await renderData("yaml", unsigned.json) : `${JSON.stringify(unsigned.json)}\n`);
    return { kind: "generated", tx: unsigned.json };
  }
  const spends = description.spends ?? [];
  await checkFunds(ctx, spends);
  const estimate = await estimateWithRetry(ctx, intents);
  await checkFunds(ctx, [...spends, ...estimate.fee]);
  const { formatCoins } = await import("../chain/amount.js");
  if (ctx.mode === "dry-run") {
    const data = { dryRun: true, summary: description.summary, simulatedGas: estimate.simulatedGas.toString(), gasLimit: estimate.gasLimit.toString(), fee: estimate.fee };
    if (ctx.format === "text") {
      io.stdout(`Dry run: ${description.summary}\nsimulated gas: ${estimate.simulatedGas}\ngas limit:     ${estimate.gasLimit}\nfee:           ${formatCoins(estimate.fee)}\nNothing was signed or sent.\n`);
    } else io.stdout(await renderData(ctx.format, data));
    return { kind: "estimated", estimate };
  }
  if (!ctx.yes) {
    const { prompterFor } = await import("./prompts.js");
    const prompter = prompterFor(io);
    if (prompter === null) throw new UsageError("this sends a transaction and needs confirmation: pass --yes", { option: "--yes" });
    const ok = await prompter.confirm(`${capitalize(description.summary)}; fee ${formatCoins(estimate.fee)}. Send?`, false);
    if (!ok) {
      io.stderr("Cancelled: nothing was sent.\n");
      throw new ExitStatus(ExitCode.interrupted);
    }
  }
  const result = await ctx.client.submit(intents, { ...ctx.txOptions, gas: estimate.gasLimit });
  return { kind: "submitted", result };
}

/** A simulation can hit a sequence mismatch too (another transaction of this key in the mempool): once more after the next block. */
async function estimateWithRetry(ctx: ChainContext, intents: readonly TxIntent[]): Promise<TxEstimate> {
  try {
    return await ctx.client.estimate(intents, ctx.txOptions);
  } catch (error) {
    const { ChainError } = await import("../chain/errors.js");
    if (!(error instanceof ChainError) || error.code !== "SEQUENCE_MISMATCH") throw error;
    ctx.io.stderr(`note: retrying the simulation once after the next block: ${error.message}\n`);
    const { latestHeight } = await ctx.client.status();
    await ctx.client.nextBlock(latestHeight);
    return ctx.client.estimate(intents, ctx.txOptions);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The common fields of a submitted transaction, for -o json|yaml. */
export function txData(result: TxResult): Record<string, unknown> {
  return { txHash: result.txHash, height: result.height.toString(), gasWanted: result.gasWanted.toString(), gasUsed: result.gasUsed.toString(), fee: result.fee };
}

/** Prints a command's result: `text` for people, the data for -o json|yaml. */
export async function printResult(ctx: Pick<ChainContext, "io" | "format">, data: unknown, text: () => string): Promise<void> {
  ctx.io.stdout(ctx.format === "text" ? text() : await renderData(ctx.format, toPlain(data)));
}

/** bigints as strings, so JSON and YAML can carry them. */
export function toPlain(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}

/** A dseq argument: a positive whole number. */
export function parseDseq(raw: string): bigint {
  if (!/^\d{1,20}$/.test(raw) || BigInt(raw) === 0n) throw new UsageError(`DSEQ must be a positive whole number, not ${JSON.stringify(raw.slice(0, 40))}`, { argument: "dseq" });
  return BigInt(raw);
}

/** A gseq or oseq: 1 or more. */
export function parseSeqArg(raw: string, name: string): number {
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1 || Number(raw) > 0xffff_ffff) throw new UsageError(`${name} must be a whole number from 1, not ${JSON.stringify(raw.slice(0, 40))}`, { argument: name });
  return Number(raw);
}

/** Seconds per block assumed when the node cannot measure it (mainnet's recent average is ~6.1 s). */
export const ASSUMED_BLOCK_SECONDS = 6.1;

/**
 * The chain's block time: the average over the last 20 blocks' timestamps (CometBFT `blockchain`),
 * else ASSUMED_BLOCK_SECONDS. Used to turn per-block prices into per-hour and per-month ones.
 */
export async function blockTime(ctx: ChainContext): Promise<{ readonly seconds: number; readonly measured: boolean }> {
  const measured = await ctx.client.averageBlockSeconds().catch(() => undefined);
  return measured !== undefined && measured > 0 ? { seconds: measured, measured: true } : { seconds: ASSUMED_BLOCK_SECONDS, measured: false };
}
