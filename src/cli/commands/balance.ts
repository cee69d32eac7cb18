/** `akash balance [ADDR]`: AKT and ACT, spendable and locked in the account's active deployments' escrow. */
import type { Command } from "commander";
import type { CliIo } from "../io.js";
import { EXIT_HELP_CHAIN, accountFor, addQueryOptions, openChain, printResult, type QueryFlagValues } from "../chain-context.js";

export function registerBalanceCommand(program: Command, io: CliIo): void {
  addQueryOptions(
    program
      .command("balance")
      .description("show an account's AKT and ACT: spendable, and locked in its active deployments' escrow")
      .argument("[address]", "the account (default: the --from key's, or the AKASH_MNEMONIC key's)"),
  )
    .addHelpText(
      "after",
      "\nAKT (uakt) pays fees and is minted into ACT; ACT (uact) prices and funds deployments.\n" +
        "Escrow is what the account's active deployments hold now (before lazily settled lease payments).\n\n" +
        "Examples:\n  akash balance --from main\n  akash balance akash1... -o json\n\n" +
        EXIT_HELP_CHAIN,
    )
    .action(async (address: string | undefined, options: QueryFlagValues) => {
      const ctx = await openChain(io, options, "query");
      const owner = accountFor(ctx, address, "ADDRESS");
      const [bank, deployments] = await Promise.all([ctx.client.balances(owner), ctx.client.deployments({ owner, state: "active" })]);
      const { decAtomics, formatCoin } = await import("../../chain/amount.js");
      const escrow = new Map<string, bigint>();
      for (const d of deployments) {
        for (const f of d.escrow?.funds ?? []) {
          const atomics = decAtomics(f.amount);
          if (atomics > 0n) escrow.set(f.denom, (escrow.get(f.denom) ?? 0n) + atomics);
        }
      }
      const denoms = [...new Set(["uakt", "uact", ...bank.map((c) => c.denom), ...escrow.keys()])];
      const rows = denoms.map((denom) => {
        const spendable = bank.find((c) => c.denom === denom)?.amount ?? "0";
        // Escrow funds are DecCoins; whole base units are what can come back.
        const locked = ((escrow.get(denom) ?? 0n) / 10n ** 18n).toString();
        return { denom, spendable, escrow: locked };
      });
      const { table } = await import("../render/table.js");
      await printResult(ctx, { address: owner, balances: rows, activeDeployments: deployments.length }, () =>
        `${owner}\n` +
        table([
          ["", "SPENDABLE", "IN ESCROW"],
          ...rows.map((r) => [r.denom === "uakt" ? "AKT" : r.denom === "uact" ? "ACT" : r.denom, amountText(formatCoin, r.denom, r.spendable), amountText(formatCoin, r.denom, r.escrow)]),
        ]) +
        (deployments.length > 0 ? `(escrow of ${deployments.length} active deployment${deployments.length === 1 ? "" : "s"})\n` : ""),
      );
    });
}

function amountText(format: (c: { denom: string; amount: string }) => string, denom: string, amount: string): string {
  const text = format({ denom, amount });
  return text.replace(/ (AKT|ACT)$/, "");
}
