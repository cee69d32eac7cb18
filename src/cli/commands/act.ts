/**
 * `akash act mint|burn AMOUNT` and `akash act status`: converting AKT to ACT and back through the
 * chain's mint/burn engine (BME, protocol.md §1.6). Conversions are asynchronous: the transaction
 * queues a ledger record that the chain executes at its next mint epoch (every `min_epoch_blocks`
 * blocks when healthy, about a minute on mainnet). `mint` waits for the ACT to arrive, block by
 * block, or says how long it should take.
 */
import type { Command } from "commander";
import { ChainError } from "../../chain/errors.js";
import type { BmeLedgerRecord, BmeParams, BmeStatus } from "../../chain/types.js";
import { ExitCode, ExitStatus } from "../exit.js";
import type { CliIo } from "../io.js";
import {
  EXIT_HELP_CHAIN,
  TX_HELP,
  accountFor,
  addQueryOptions,
  addTxOptions,
  blockTime,
  openChain,
  printResult,
  runTx,
  txData,
  type ChainContext,
  type QueryFlagValues,
  type TxFlagValues,
} from "../chain-context.js";

interface ConvertOptions extends TxFlagValues {
  wait?: boolean;
  waitTimeout?: string;
}

/** The BME's state, or why it cannot be read: a chain whose oracle has no AKT price answers with an error. */
type EngineState = { readonly ok: true; readonly status: BmeStatus } | { readonly ok: false; readonly reason: string };

async function engineState(ctx: ChainContext): Promise<EngineState> {
  try {
    return { ok: true, status: await ctx.client.bmeStatus() };
  } catch (error) {
    if (error instanceof ChainError) return { ok: false, reason: noPriceReason(error) };
    throw error;
  }
}

function noPriceReason(error: ChainError): string {
  const raw = (error.rawLog ?? error.message).split("\n")[0] ?? "";
  if (/price|oracle|stale/i.test(raw)) return `the price oracle has no current AKT price (${raw.slice(0, 160)})`;
  return raw.slice(0, 200);
}

function oracleRefusal(what: string, reason: string): ChainError {
  return new ChainError(
    "ORACLE_UNHEALTHY",
    `${what} is not possible on this chain now: ${reason}. ACT is minted at the oracle's AKT price, so nothing can be converted until the oracle reports one` +
      "; on a local network, give accounts uact in genesis instead (akash localnet does)",
    { reason },
  );
}

export function registerActCommands(program: Command, io: CliIo): void {
  const act = program
    .command("act")
    .description("convert AKT to ACT (what deployments are priced and funded in) and back")
    .addHelpText("after", `\nExamples:\n  akash act status\n  akash act mint 25akt --yes\n  akash act burn 5act --yes\n${TX_HELP}\n\n${EXIT_HELP_CHAIN}`);

  const convert = (verb: "mint" | "burn", description: string, example: string): void => {
    addTxOptions(
      act
        .command(verb)
        .description(description)
        .argument("<amount>", verb === "mint" ? "AKT to burn, e.g. 25akt or 25000000uakt" : "ACT to burn, e.g. 5act or 5000000uact")
        .option("--no-wait", "return once the transaction is in a block, without waiting for the conversion")
        .option("--wait-timeout <seconds>", "how long to wait for the conversion (default: three mint epochs)"),
    )
      .addHelpText("after", `\nExamples:\n${example}`)
      .action(async (amountText: string, options: ConvertOptions) => {
        const { parseAmount, formatCoin } = await import("../../chain/amount.js");
        const amount = parseAmount(amountText, "AMOUNT", [verb === "mint" ? "uakt" : "uact"]);
        const ctx = await openChain(io, options, "tx");
        const owner = accountFor(ctx, undefined);
        const state = await engineState(ctx);
        if (!state.ok) throw oracleRefusal(verb === "mint" ? "minting ACT" : "burning ACT", state.reason);
        if (verb === "mint" && !state.status.mintsAllowed) {
          throw new ChainError("BME_HALTED", `ACT minting is halted (status ${state.status.status}, collateral ratio ${state.status.collateralRatio}); burning ACT may still work. See akash act status`, {});
        }
        if (verb === "burn" && !state.status.refundsAllowed) throw new ChainError("BME_HALTED", `ACT burning is halted (status ${state.status.status}); see akash act status`, {});
        const target = verb === "mint" ? "uact" : "uakt";
        const before = BigInt((await ctx.client.balances(owner)).find((c) => c.denom === target)?.amount ?? "0");
        const outcome = await runTx(ctx, [{ kind: verb === "mint" ? "mintAct" : "burnAct", amount }], {
          summary: `burn ${formatCoin(amount)} for ${verb === "mint" ? "ACT" : "AKT"} at the oracle price (executed at the next mint epoch)`,
          spends: [amount],
        });
        if (outcome.kind !== "submitted") return;
        const params = await ctx.client.bmeParams();
        const time = await blockTime(ctx);
        const epochSeconds = Math.max(1, Number(params.minEpochBlocks)) * time.seconds;
        const base = { owner, burned: amount, ...txData(outcome.result) };
        if (options.wait === false) {
          await printResult(ctx, { ...base, state: "pending" }, () => `Queued: burned ${formatCoin(amount)}; the ${verb === "mint" ? "ACT" : "AKT"} arrives at the next mint epoch (every ${params.minEpochBlocks} blocks, about ${Math.round(epochSeconds)} s). Check with: akash act status\n`);
          return;
        }
        const timeoutSeconds = options.waitTimeout !== undefined ? Number(options.waitTimeout) : Math.max(30, 3 * epochSeconds);
        io.stderr(`Waiting for the conversion: mint epochs come every ${params.minEpochBlocks} blocks (about ${Math.round(epochSeconds)} s)...\n`);
        const result = await awaitConversion(ctx, owner, target, before, outcome.result.height, timeoutSeconds);
        if (result.kind === "arrived") {
          await printResult(ctx, { ...base, state: "executed", received: { denom: target, amount: result.received.toString() } }, () =>
            `Burned ${formatCoin(amount)}; received ${formatCoin({ denom: target, amount: result.received.toString() })} at height ${result.height}.\n`,
          );
          return;
        }
        if (result.kind === "canceled") {
          throw new ChainError(
            "BME_REJECTED",
            `the conversion was canceled by the chain and the ${formatCoin(amount)} refunded (usually: below the minimum mint, 10 ACT worth by default); mint more at once`,
            { txHash: outcome.result.txHash },
          );
        }
        await printResult(ctx, { ...base, state: "pending" }, () =>
          `Still pending after ${timeoutSeconds} s: the conversion runs at a mint epoch (every ${params.minEpochBlocks} blocks, about ${Math.round(epochSeconds)} s when healthy; longer when the engine backs off). Check with: akash act status\n`,
        );
        throw new ExitStatus(ExitCode.timeout);
      });
  };
  convert("mint", "burn AKT and receive ACT at the oracle price (minus the mint spread); waits for the ACT to arrive", "  akash act mint 25akt --yes\n  akash act mint 25akt --no-wait --yes");
  convert("burn", "burn ACT and receive AKT at the oracle price; waits for the AKT to arrive", "  akash act burn 5act --yes");

  addQueryOptions(act.command("status").description("the mint/burn engine: whether minting is possible, the epoch, spreads, and your pending conversions"))
    .addHelpText("after", "\nExamples:\n  akash act status --from main -o json")
    .action(async (options: QueryFlagValues) => {
      const ctx = await openChain(io, options, "query");
      const [state, chainParams, time, minMint] = await Promise.all([engineState(ctx), ctx.client.bmeParams().catch(() => null), blockTime(ctx), restMinMint(ctx)]);
      const params = chainParams && minMint ? { ...chainParams, minMint } : chainParams;
      const records: BmeLedgerRecord[] = ctx.address !== undefined ? await ctx.client.bmeLedger({ source: ctx.address, status: "pending" }).catch(() => []) : [];
      const data = {
        available: state.ok,
        ...(state.ok ? { status: state.status } : { reason: state.reason }),
        params: params ?? null,
        epochSeconds: params ? Number(params.minEpochBlocks) * time.seconds : null,
        account: ctx.address ?? null,
        pending: records,
      };
      await printResult(ctx, data, () => renderStatus(state, params, time.seconds, ctx.address, records));
    });
}

/**
 * `min_mint` (v2.1 chains) from the REST API's `/akash/bme/v1/params`: chain-sdk 1.0.0-alpha.25's
 * codec predates the field, so the ABCI answer drops it. Asked only of the network's REST
 * endpoints, or of --rest when --node was also chosen (as `akash config check` does).
 */
async function restMinMint(ctx: ChainContext): Promise<{ denom: string; amount: string }[] | null> {
  const settings = ctx.settings;
  if (settings.nodePinned && !settings.restPinned) return null;
  const { boundedGet, joinUrl } = await import("../../config/http.js");
  for (const rest of settings.values.rest) {
    const got = await boundedGet(joinUrl(rest, "/akash/bme/v1/params"), { fetch, timeoutMs: 5_000 });
    if (!got.ok || got.status !== 200) continue;
    try {
      const list = (JSON.parse(got.body) as { params?: { min_mint?: unknown } }).params?.min_mint;
      if (!Array.isArray(list)) return null;
      return list
        .filter((c): c is { denom: string; amount: string } => typeof c?.denom === "string" && typeof c?.amount === "string" && /^\d+$/.test(c.amount))
        .map((c) => ({ denom: c.denom, amount: c.amount }));
    } catch {
      continue;
    }
  }
  return null;
}

function renderStatus(state: EngineState, params: BmeParams | null, blockSeconds: number, address: string | undefined, pending: readonly BmeLedgerRecord[]): string {
  const lines: string[] = [];
  if (state.ok) {
    const s = state.status;
    lines.push(`engine:       ${s.status}; minting ${s.mintsAllowed ? "allowed" : "HALTED"}, burning ${s.refundsAllowed ? "allowed" : "HALTED"}`);
    lines.push(`collateral:   ratio ${s.collateralRatio} (warn below ${s.warnThreshold}, halt below ${s.haltThreshold})`);
  } else {
    lines.push(`engine:       unavailable: ${state.reason}`);
    lines.push("              ACT cannot be minted or burned on this chain until its oracle reports an AKT price.");
  }
  if (params) {
    lines.push(`mint epoch:   every ${params.minEpochBlocks} blocks (about ${Math.round(Number(params.minEpochBlocks) * blockSeconds)} s at ${blockSeconds.toFixed(2)} s per block)`);
    lines.push(`spreads:      mint ${params.mintSpreadBps / 100}%, burn ${params.settleSpreadBps / 100}%`);
    lines.push(
      `minimum mint: ${params.minMint.length > 0 ? `${params.minMint.map((c) => `${c.amount}${c.denom}`).join(", ")} (a smaller mint is canceled and refunded)` : "10 ACT worth of AKT by default (a smaller mint is canceled and refunded)"}`,
    );
  }
  if (address !== undefined) {
    lines.push(pending.length === 0 ? `pending:      none for ${address}` : `pending:      ${pending.length} for ${address}:`);
    for (const r of pending) lines.push(`              ${r.burned ? `${r.burned.amount}${r.burned.denom}` : r.denom} -> ${r.toDenom}, queued at height ${r.height}`);
  }
  return `${lines.join("\n")}\n`;
}

type Conversion = { readonly kind: "arrived"; readonly received: bigint; readonly height: bigint } | { readonly kind: "canceled" } | { readonly kind: "timeout" };

/** Watches blocks until the target balance grows, the ledger record is canceled, or the time is up. */
async function awaitConversion(ctx: ChainContext, owner: string, denom: string, before: bigint, txHeight: bigint, timeoutSeconds: number): Promise<Conversion> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let height = txHeight;
  while (Date.now() < deadline) {
    height = await ctx.client.nextBlock(height);
    const now = BigInt((await ctx.client.balances(owner)).find((c) => c.denom === denom)?.amount ?? "0");
    if (now > before) return { kind: "arrived", received: now - before, height };
    const records = await ctx.client.bmeLedger({ source: owner }).catch(() => []);
    if (records.some((r) => r.height === txHeight && r.status === "canceled")) return { kind: "canceled" };
  }
  return { kind: "timeout" };
}
