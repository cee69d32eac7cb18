/**
 * `akash escrow deposit DSEQ AMOUNT` and `akash escrow status DSEQ`: top up a deployment's escrow
 * and see how long it lasts.
 *
 * Time left follows the Go CLI's blocks-remaining (protocol.md §2.6): rate = the sum of the active
 * leases' prices per block; remaining = uact funds − rate × (current height − settled-at height),
 * since settlement is lazy; blocks left = remaining ÷ rate; time = blocks × the measured block time.
 * uakt in escrow is a fallback reserve spent only while ACT minting is halted, so it is shown but
 * not counted.
 */
import type { Command } from "commander";
import type { CliIo } from "../io.js";
import {
  EXIT_HELP_CHAIN,
  TX_HELP,
  accountFor,
  addQueryOptions,
  addTxOptions,
  blockTime,
  openChain,
  parseDseq,
  printResult,
  runTx,
  txData,
  type QueryFlagValues,
  type TxFlagValues,
} from "../chain-context.js";

interface DepositOptions extends TxFlagValues {
  owner?: string;
}
interface StatusOptions extends QueryFlagValues {
  owner?: string;
}

export interface EscrowStatus {
  readonly dseq: string;
  readonly owner: string;
  readonly state: string;
  readonly height: string;
  readonly settledAt: string;
  readonly funds: readonly { denom: string; amount: string }[];
  /** uact left now, after charging what accrued since the last settlement (10^-18 precision, as printed by the chain). */
  readonly remaining: string;
  readonly ratePerBlock: string;
  readonly ratePerHour: string;
  readonly blocksLeft: string | null;
  readonly secondsLeft: number | null;
  readonly blockSeconds: number;
  readonly activeLeases: number;
  readonly aktReserve: string;
}

export function registerEscrowCommands(program: Command, io: CliIo): void {
  const escrow = program.command("escrow").description("fund a deployment's escrow and see how long it lasts").addHelpText("after", `\nExamples:\n  akash escrow status 1234\n  akash escrow deposit 1234 5act --yes\n${TX_HELP}\n\n${EXIT_HELP_CHAIN}`);

  addTxOptions(
    escrow
      .command("deposit")
      .description("add funds to a deployment's escrow: ACT (uact) pays providers; AKT (uakt) is only a fallback reserve")
      .argument("<dseq>", "the deployment")
      .argument("<amount>", "e.g. 5act or 5000000uact; 10akt adds an AKT reserve")
      .option("--owner <address>", "fund someone else's deployment (default: your own)"),
  )
    .addHelpText(
      "after",
      "\nAnyone may fund any deployment. ACT is what leases are paid from. AKT deposited here is used only\n" +
        "while ACT minting is halted (the BME circuit breaker) and is otherwise refunded when the deployment closes.\n\n" +
        "Examples:\n  akash escrow deposit 1234 5act --yes\n  akash escrow deposit 1234 2000000uact --dry-run",
    )
    .action(async (dseqText: string, amountText: string, options: DepositOptions) => {
      const dseq = parseDseq(dseqText);
      const { parseAmount, formatCoin, formatDecCoin } = await import("../../chain/amount.js");
      const amount = parseAmount(amountText, "AMOUNT", ["uact", "uakt"]);
      const ctx = await openChain(io, options, "tx");
      const owner = options.owner ?? accountFor(ctx, undefined);
      const { activeDeployment } = await import("./deployment.js");
      const before = await activeDeployment(ctx, owner, dseq);
      if (amount.denom === "uakt") io.stderr("note: AKT in escrow is a reserve used only while ACT minting is halted; leases are paid in ACT\n");
      const outcome = await runTx(ctx, [{ kind: "depositEscrow", dseq, amount, ...(options.owner ? { owner: options.owner } : {}) }], {
        summary: `deposit ${formatCoin(amount)} into the escrow of deployment ${dseq}`,
        spends: [amount],
      });
      if (outcome.kind !== "submitted") return;
      const after = await ctx.client.deployment({ owner, dseq });
      const funds = after?.escrow?.funds ?? [];
      await printResult(ctx, { dseq: dseq.toString(), owner, deposited: amount, fundsBefore: before.escrow?.funds ?? [], funds, ...txData(outcome.result) }, () =>
        `Deposited ${formatCoin(amount)} into deployment ${dseq}; escrow now holds ${funds.map((f) => formatDecCoin(f)).join(" + ") || "0"}; tx ${outcome.result.txHash}.\n`,
      );
    });

  addQueryOptions(
    escrow
      .command("status")
      .description("a deployment's escrow: balance, burn rate per block and hour, and time left at the current rate")
      .argument("<dseq>", "the deployment")
      .option("--owner <address>", "whose deployment (default: the --from key's account)"),
  )
    .addHelpText(
      "after",
      "\nTime left = (ACT funds − rate × blocks since the last settlement) ÷ rate, where rate is the sum of\n" +
        "the active leases' prices per block, times the chain's average block time (last 20 blocks).\n\n" +
        "Examples:\n  akash escrow status 1234 -o json",
    )
    .action(async (dseqText: string, options: StatusOptions) => {
      const dseq = parseDseq(dseqText);
      const ctx = await openChain(io, options, "query");
      const owner = accountFor(ctx, options.owner, "--owner ADDRESS");
      const deployment = await ctx.client.deployment({ owner, dseq });
      if (!deployment) {
        const { notFound } = await import("./deployment.js");
        throw notFound(owner, dseq);
      }
      const [leases, status, time] = await Promise.all([ctx.client.leases({ owner, dseq, state: "active" }), ctx.client.status(), blockTime(ctx)]);
      const { decAtomics, shift, ratePerSpan } = await import("../../chain/amount.js");
      const escrowAccount = deployment.escrow;
      const funds = escrowAccount?.funds ?? [];
      const uact = funds.filter((f) => f.denom === "uact").reduce((sum, f) => sum + (decAtomics(f.amount) > 0n ? decAtomics(f.amount) : 0n), 0n);
      const rate = leases.filter((l) => l.price.denom === "uact").reduce((sum, l) => sum + decAtomics(l.price.amount), 0n);
      const settledAt = escrowAccount?.settledAt ?? status.latestHeight;
      const elapsed = status.latestHeight > settledAt ? status.latestHeight - settledAt : 0n;
      const remaining = uact - rate * elapsed;
      const blocksLeft = rate > 0n ? (remaining > 0n ? remaining / rate : 0n) : null;
      const secondsLeft = blocksLeft === null ? null : Math.floor(Number(blocksLeft) * time.seconds);
      const dec = (atomics: bigint): string => shift(atomics, 18);
      const result: EscrowStatus = {
        dseq: dseq.toString(),
        owner,
        state: escrowAccount?.state ?? deployment.state,
        height: status.latestHeight.toString(),
        settledAt: settledAt.toString(),
        funds,
        remaining: dec(remaining),
        ratePerBlock: dec(rate),
        ratePerHour: dec(ratePerSpan(dec(rate), 3600, time.seconds)),
        blocksLeft: blocksLeft === null ? null : blocksLeft.toString(),
        secondsLeft,
        blockSeconds: time.seconds,
        activeLeases: leases.length,
        aktReserve: funds.filter((f) => f.denom === "uakt").map((f) => f.amount)[0] ?? "0",
      };
      const act = (uactAtomics: bigint): string => `${shift(uactAtomics / 10n ** 12n, 12).replace(/(\.\d{6})\d*$/, "$1")} ACT`;
      const { fields } = await import("../render/table.js");
      await printResult(ctx, result, () =>
        fields([
          ["deployment", `${dseq} (${deployment.state}, escrow ${result.state})`],
          ["balance", `${act(remaining)} now (${act(uact)} at the last settlement, height ${settledAt})`],
          ...(result.aktReserve !== "0" ? ([["AKT reserve", `${result.aktReserve} uakt (used only while ACT minting is halted)`]] as [string, string][]) : []),
          ["burn rate", rate > 0n ? `${dec(rate)} uact per block, ${act(ratePerSpan(dec(rate), 3600, time.seconds))} per hour (${leases.length} active lease${leases.length === 1 ? "" : "s"})` : "nothing: no active lease"],
          ["time left", secondsLeft === null ? "unlimited at the current rate (no active lease)" : `${blocksLeft} blocks, about ${duration(secondsLeft)} at ${time.seconds.toFixed(2)} s per block`],
        ]),
      );
    });
}

/** 93784 → "1 d 2 h 3 min". */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return [d ? `${d} d` : "", h ? `${h} h` : "", m ? `${m} min` : ""].filter(Boolean).join(" ");
}
