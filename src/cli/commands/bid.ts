/**
 * `akash bid list DSEQ`: the providers' offers for a deployment, cheapest first, with what each
 * costs per block, per hour and per month, who the provider is and who audited it.
 *
 * Per hour and per month: price per block × 3600 s (or 30 days = 2,592,000 s) ÷ the chain's
 * average block time, measured over the last 20 blocks (`akash` falls back to 6.1 s when the node
 * cannot say). Exact integer arithmetic in 10^-18 uact; shown in ACT, rounded down.
 */
import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import type { Bid, Provider } from "../../chain/types.js";
import type { CliIo } from "../io.js";
import { EXIT_HELP_CHAIN, accountFor, addQueryOptions, blockTime, openChain, parseDseq, printResult, type QueryFlagValues } from "../chain-context.js";

interface ListOptions extends QueryFlagValues {
  state?: string;
  maxPrice?: string;
  provider?: string;
  attr?: string[];
  owner?: string;
}

export const MONTH_SECONDS = 30 * 24 * 3600;

export interface BidRow {
  readonly provider: string;
  readonly gseq: number;
  readonly oseq: number;
  readonly state: string;
  /** uact per block, as the chain prints it. */
  readonly pricePerBlock: string;
  readonly actPerHour: string;
  readonly actPerMonth: string;
  readonly host: string;
  readonly attributes: readonly { readonly key: string; readonly value: string }[];
  readonly auditedBy: readonly string[];
  readonly registered: boolean;
}

export function registerBidCommands(program: Command, io: CliIo): void {
  const bid = program
    .command("bid")
    .description("see what providers offer for a deployment")
    .addHelpText("after", `\nExamples:\n  akash bid list 1234\n  akash bid list 1234 --state open --max-price 100uact -o json\n\n${EXIT_HELP_CHAIN}`);
  addQueryOptions(
    bid
      .command("list")
      .description("list a deployment's bids, cheapest first, with prices per block, hour and month, provider details and audits")
      .argument("<dseq>", "the deployment")
      .option("--state <state>", "open, active, lost or closed (default: all)")
      .option("--max-price <price>", "only bids at or below this price per block, e.g. 100uact or 0.0001act")
      .option("--provider <address>", "only this provider's bids")
      .option("--attr <key=value>", "only providers with this attribute (their own or audited); repeatable", collect, [])
      .option("--owner <address>", "whose deployment (default: the --from key's account)"),
  )
    .addHelpText(
      "after",
      "\nPrices: the chain charges per block; per hour and per month (30 days) are computed from the\n" +
        "chain's average block time over its last 20 blocks (6.1 s assumed if the node cannot say).\n\n" +
        "Examples:\n  akash bid list 1234\n  akash bid list 1234 --state open --max-price 100uact --attr region=us-west\n  akash bid list 1234 -o json\n\n" +
        EXIT_HELP_CHAIN,
    )
    .action(async (dseqText: string, options: ListOptions) => {
      const dseq = parseDseq(dseqText);
      const states = ["open", "active", "lost", "closed"];
      if (options.state !== undefined && !states.includes(options.state)) throw new UsageError(`--state must be one of ${states.join(", ")}`, { option: "--state" });
      const { parsePricePerBlock, decAtomics, ratePerSpan, shift } = await import("../../chain/amount.js");
      const maxPrice = options.maxPrice !== undefined ? parsePricePerBlock(options.maxPrice, "--max-price") : undefined;
      const wanted = (options.attr ?? []).map(parseAttr);
      const ctx = await openChain(io, options, "query");
      const owner = accountFor(ctx, options.owner, "--owner ADDRESS");
      const bids: Bid[] = await ctx.client.bids({ owner, dseq, ...(options.state ? { state: options.state as "open" } : {}), ...(options.provider ? { provider: options.provider } : {}) });
      if (bids.length === 0) {
        const deployment = await ctx.client.deployment({ owner, dseq });
        if (!deployment) {
          const { notFound } = await import("./deployment.js");
          throw notFound(owner, dseq);
        }
      }
      const providers = new Map<string, { provider: Provider | null; auditors: string[]; audited: { key: string; value: string }[] }>();
      for (const address of new Set(bids.map((b) => b.id.provider))) {
        const [provider, audits] = await Promise.all([ctx.client.provider(address), ctx.client.auditedAttributes(address).catch(() => [])]);
        providers.set(address, { provider, auditors: [...new Set(audits.map((a) => a.auditor))], audited: audits.flatMap((a) => a.attributes.map((x) => ({ key: x.key, value: x.value }))) });
      }
      const time = await blockTime(ctx);
      const toAct = (atomics: bigint): string => shift(atomics / 10n ** 12n, 12);
      let rows: BidRow[] = bids.map((b) => {
        const info = providers.get(b.id.provider);
        return {
          provider: b.id.provider,
          gseq: b.id.gseq,
          oseq: b.id.oseq,
          state: b.state,
          pricePerBlock: `${b.price.amount}${b.price.denom}`,
          actPerHour: toAct(ratePerSpan(b.price.amount, 3600, time.seconds)),
          actPerMonth: toAct(ratePerSpan(b.price.amount, MONTH_SECONDS, time.seconds)),
          host: info?.provider?.hostUri ?? "",
          attributes: info?.provider?.attributes ?? [],
          auditedBy: info?.auditors ?? [],
          registered: info?.provider != null,
        };
      });
      if (maxPrice !== undefined) rows = rows.filter((r) => decAtomics(r.pricePerBlock.replace(/[a-z]+$/, "")) <= maxPrice);
      if (wanted.length > 0) {
        rows = rows.filter((r) => {
          const all = [...r.attributes, ...(providers.get(r.provider)?.audited ?? [])];
          return wanted.every((w) => all.some((a) => a.key === w.key && a.value === w.value));
        });
      }
      rows.sort((a, b) => {
        const pa = decAtomics(a.pricePerBlock.replace(/[a-z]+$/, ""));
        const pb = decAtomics(b.pricePerBlock.replace(/[a-z]+$/, ""));
        return pa < pb ? -1 : pa > pb ? 1 : a.provider < b.provider ? -1 : 1;
      });
      const note = `prices per hour and month at ${time.seconds.toFixed(2)} s per block (${time.measured ? "measured over the last 20 blocks" : "assumed: the node could not say"})`;
      if (ctx.format === "text") {
        if (rows.length === 0) {
          io.stderr(`No bids on deployment ${dseq}${options.state || maxPrice !== undefined || wanted.length || options.provider ? " match the filters" : " yet: providers bid within a few blocks of the deployment's creation"}.\n`);
          return;
        }
        io.stderr(`note: ${note}\n`);
      }
      const { table, safe } = await import("../render/table.js");
      await printResult(ctx, { dseq: dseq.toString(), blockSeconds: time.seconds, blockTimeMeasured: time.measured, bids: rows }, () =>
        table([
          ["PROVIDER", "GSEQ/OSEQ", "STATE", "UACT/BLOCK", "ACT/HOUR", "ACT/MONTH", "HOST", "AUDITED BY", "ATTRIBUTES"],
          ...rows.map((r) => [
            r.provider,
            `${r.gseq}/${r.oseq}`,
            r.state,
            trimDec(r.pricePerBlock.replace(/uact$/, "")),
            fixed(r.actPerHour, 6),
            fixed(r.actPerMonth, 4),
            r.registered ? safe(r.host) : "(not registered)",
            r.auditedBy.length > 0 ? r.auditedBy.map(short).join(",") : "-",
            r.attributes.map((a) => `${safe(a.key)}=${safe(a.value)}`).join(",") || "-",
          ]),
        ]),
      );
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseAttr(text: string): { key: string; value: string } {
  const at = text.indexOf("=");
  if (at <= 0) throw new UsageError(`--attr takes key=value, not ${JSON.stringify(text.slice(0, 60))}`, { option: "--attr" });
  return { key: text.slice(0, at), value: text.slice(at + 1) };
}

function trimDec(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

function fixed(text: string, digits: number): string {
  const [whole = "0", fraction = ""] = text.split(".");
  return digits === 0 ? whole : `${whole}.${fraction.padEnd(digits, "0").slice(0, digits)}`;
}

function short(address: string): string {
  return address.length > 20 ? `${address.slice(0, 10)}…${address.slice(-6)}` : address;
}
