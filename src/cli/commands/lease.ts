/**
 * `akash lease create|close|list|get`: accept a provider's bid, end a lease, and look at leases.
 * A lease pays its provider from the deployment's escrow every block at the bid's price.
 */
import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import { ChainError } from "../../chain/errors.js";
import type { Bid, Lease, LeaseId } from "../../chain/types.js";
import type { CliIo } from "../io.js";
import { registerLeaseProviderCommands } from "./lease-provider.js";
import {
  EXIT_HELP_CHAIN,
  TX_HELP,
  accountFor,
  addQueryOptions,
  addTxOptions,
  openChain,
  parseDseq,
  parseSeqArg,
  printResult,
  runTx,
  txData,
  type ChainContext,
  type QueryFlagValues,
  type TxFlagValues,
} from "../chain-context.js";

interface PickOptions {
  provider?: string;
  gseq?: string;
  oseq?: string;
}
interface CreateOptions extends TxFlagValues, PickOptions {}
interface ListOptions extends QueryFlagValues {
  dseq?: string;
  state?: string;
  provider?: string;
  owner?: string;
}
interface GetOptions extends QueryFlagValues, PickOptions {
  owner?: string;
}

const LEASE_STATES = ["active", "insufficient_funds", "closed", "reclaiming"] as const;

export function registerLeaseCommands(program: Command, io: CliIo): Command {
  const lease = program.command("lease").description("accept bids (create leases), close leases, and look at them").addHelpText("after", `\nExamples:\n  akash lease create 1234 --provider akash1... --yes\n  akash lease list --state active\n  akash lease close 1234 --yes\n${TX_HELP}\n\n${EXIT_HELP_CHAIN}`);

  addTxOptions(
    lease
      .command("create")
      .description("accept a provider's open bid on a deployment: the lease starts paying the provider from escrow")
      .argument("<dseq>", "the deployment")
      .requiredOption("--provider <address>", "the provider whose bid to accept (see akash bid list)")
      .option("--gseq <n>", "the group (needed when the provider bid on several)")
      .option("--oseq <n>", "the order (default: the bid's)"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  akash bid list 1234 --state open\n  akash lease create 1234 --provider akash1... --yes\n\n" +
        "Then send the manifest to the provider with `akash deploy` (providers wait 5 minutes for it).",
    )
    .action(async (dseqText: string, options: CreateOptions) => {
      const dseq = parseDseq(dseqText);
      const ctx = await openChain(io, options, "tx");
      const owner = accountFor(ctx, undefined);
      const bid = await openBid(ctx, owner, dseq, options);
      const { formatDecCoin } = await import("../../chain/amount.js");
      const outcome = await runTx(ctx, [{ kind: "createLease", bid: bid.id }], {
        summary: `accept the bid of ${bid.id.provider} on deployment ${dseq} group ${bid.id.gseq} at ${formatDecCoin(bid.price, 8)} per block`,
      });
      if (outcome.kind !== "submitted") return;
      const leases = await ctx.client.leases({ owner, dseq, gseq: bid.id.gseq, oseq: bid.id.oseq, provider: bid.id.provider });
      const created = leases.find((l) => l.state === "active");
      await printResult(ctx, { lease: created ?? null, ...txData(outcome.result) }, () =>
        `Created lease ${dseq}/${bid.id.gseq}/${bid.id.oseq} with ${bid.id.provider} at ${bid.price.amount}${bid.price.denom} per block (state ${created?.state ?? "unknown"}); tx ${outcome.result.txHash}.\n` +
          "Next: send the manifest with `akash deploy` within 5 minutes, or the provider closes the lease.\n",
      );
    });

  addTxOptions(
    lease
      .command("close")
      .description("close an active lease; if the group stays open the chain opens a new order for it (close the group or deployment to stop)")
      .argument("<dseq>", "the deployment")
      .option("--provider <address>", "the lease's provider (needed when there are several leases)")
      .option("--gseq <n>", "the group")
      .option("--oseq <n>", "the order"),
  )
    .addHelpText("after", "\nExamples:\n  akash lease close 1234 --provider akash1... --yes")
    .action(async (dseqText: string, options: CreateOptions) => {
      const dseq = parseDseq(dseqText);
      const ctx = await openChain(io, options, "tx");
      const owner = accountFor(ctx, undefined);
      const target = await pickLease(ctx, owner, dseq, options, true);
      const outcome = await runTx(ctx, [{ kind: "closeLease", lease: target.id }], { summary: `close the lease ${leaseName(target.id)}` });
      if (outcome.kind !== "submitted") return;
      const after = (await ctx.client.leases({ owner, dseq, gseq: target.id.gseq, oseq: target.id.oseq, provider: target.id.provider }))[0];
      await printResult(ctx, { lease: after ?? null, ...txData(outcome.result) }, () =>
        `Closed lease ${leaseName(target.id)} (state ${after?.state ?? "unknown"}); tx ${outcome.result.txHash}.\n` +
          `The group stays open and takes new bids; to stop, close it: akash deployment group close ${dseq} ${target.id.gseq}\n`,
      );
    });

  addQueryOptions(
    lease
      .command("list")
      .description("list an account's leases")
      .option("--dseq <n>", "only this deployment's")
      .option("--state <state>", LEASE_STATES.join(", "))
      .option("--provider <address>", "only this provider's")
      .option("--owner <address>", "whose leases (default: the --from key's account)"),
  )
    .addHelpText("after", "\nExamples:\n  akash lease list --state active\n  akash lease list --dseq 1234 -o json")
    .action(async (options: ListOptions) => {
      if (options.state !== undefined && !(LEASE_STATES as readonly string[]).includes(options.state)) {
        throw new UsageError(`--state must be one of ${LEASE_STATES.join(", ")}`, { option: "--state" });
      }
      const dseq = options.dseq !== undefined ? parseDseq(options.dseq) : undefined;
      const ctx = await openChain(io, options, "query");
      const owner = accountFor(ctx, options.owner, "--owner ADDRESS");
      const leases = await ctx.client.leases({
        owner,
        ...(dseq !== undefined ? { dseq } : {}),
        ...(options.state ? { state: options.state as "active" } : {}),
        ...(options.provider ? { provider: options.provider } : {}),
      });
      if (ctx.format === "text" && leases.length === 0) {
        io.stderr(`No leases for ${owner}${dseq !== undefined ? ` on deployment ${dseq}` : ""}${options.state ? ` in state ${options.state}` : ""}.\n`);
        return;
      }
      const { table } = await import("../render/table.js");
      await printResult(ctx, leases, () =>
        table([
          ["DSEQ", "GSEQ/OSEQ", "PROVIDER", "STATE", "UACT/BLOCK", "CREATED AT", "CLOSED"],
          ...leases.map((l) => [l.id.dseq.toString(), `${l.id.gseq}/${l.id.oseq}`, l.id.provider, l.state, l.price.amount.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, ""), l.createdAt.toString(), l.closedReason || "-"]),
        ]),
      );
    });

  addQueryOptions(
    lease
      .command("get")
      .description("show one lease and its escrow payment")
      .argument("<dseq>", "the deployment")
      .option("--provider <address>", "the lease's provider (needed when there are several)")
      .option("--gseq <n>", "the group")
      .option("--oseq <n>", "the order")
      .option("--owner <address>", "whose lease (default: the --from key's account)"),
  )
    .addHelpText("after", "\nExamples:\n  akash lease get 1234 --provider akash1... -o yaml")
    .action(async (dseqText: string, options: GetOptions) => {
      const dseq = parseDseq(dseqText);
      const ctx = await openChain(io, options, "query");
      const owner = accountFor(ctx, options.owner, "--owner ADDRESS");
      const found = await pickLease(ctx, owner, dseq, options, false);
      const { fields } = await import("../render/table.js");
      await printResult(ctx, found, () =>
        fields([
          ["lease", leaseName(found.id)],
          ["owner", found.id.owner],
          ["provider", found.id.provider],
          ["state", found.state],
          ["price", `${found.price.amount}${found.price.denom} per block`],
          ["created at", `height ${found.createdAt}`],
          ...(found.closedOn > 0n ? ([["closed at", `height ${found.closedOn} (${found.closedReason})`]] as [string, string][]) : []),
          ...(found.payment
            ? ([
                ["payment", found.payment.state],
                ["withdrawn", `${found.payment.withdrawn.amount}${found.payment.withdrawn.denom}`],
                ["unsettled", `${found.payment.unsettled.amount}${found.payment.unsettled.denom}`],
              ] as [string, string][])
            : []),
        ]),
      );
    });

  // Provider-side lease commands (status, logs, events) live in lease-provider.ts.
  registerLeaseProviderCommands(lease, io);
  return lease;
}

function leaseName(id: LeaseId): string {
  return `${id.dseq}/${id.gseq}/${id.oseq}/${id.provider}`;
}

function seqOption(raw: string | undefined, name: string): number | undefined {
  return raw === undefined ? undefined : parseSeqArg(raw, name);
}

/** The open bid to accept: from --provider, narrowed by --gseq/--oseq; errors say what exists instead. */
async function openBid(ctx: ChainContext, owner: string, dseq: bigint, options: PickOptions): Promise<Bid> {
  const provider = options.provider ?? "";
  const gseq = seqOption(options.gseq, "--gseq");
  const oseq = seqOption(options.oseq, "--oseq");
  const { activeDeployment } = await import("./deployment.js");
  await activeDeployment(ctx, owner, dseq);
  const bids = await ctx.client.bids({ owner, dseq, provider, ...(gseq !== undefined ? { gseq } : {}), ...(oseq !== undefined ? { oseq } : {}) });
  const open = bids.filter((b) => b.state === "open");
  if (open.length === 1) return open[0]!;
  if (open.length > 1) {
    throw new UsageError(`${provider} has open bids on several groups of deployment ${dseq} (${open.map((b) => `--gseq ${b.id.gseq} --oseq ${b.id.oseq}`).join(", ")}); choose one`, {
      option: "--gseq",
    });
  }
  const registered = await ctx.client.provider(provider);
  if (!registered) {
    throw new ChainError("PROVIDER_NOT_FOUND", `${provider} is not a registered provider on this chain; \`akash bid list ${dseq}\` shows who bid`, { provider });
  }
  const others = await ctx.client.bids({ owner, dseq, state: "open" });
  throw new ChainError(
    "BID_NOT_FOUND",
    `${provider} has no open bid on deployment ${dseq}${gseq !== undefined ? ` group ${gseq}` : ""}` +
      (bids.length > 0 ? ` (its bid is ${bids.map((b) => b.state).join(", ")})` : "") +
      (others.length > 0 ? `; open bids are from: ${[...new Set(others.map((b) => b.id.provider))].join(", ")}` : "; there are no open bids now"),
    { provider, dseq: dseq.toString() },
  );
}

/** One lease of a deployment; with `active`, only an active one. */
async function pickLease(ctx: ChainContext, owner: string, dseq: bigint, options: PickOptions, active: boolean): Promise<Lease> {
  const gseq = seqOption(options.gseq, "--gseq");
  const oseq = seqOption(options.oseq, "--oseq");
  const all = await ctx.client.leases({
    owner,
    dseq,
    ...(options.provider ? { provider: options.provider } : {}),
    ...(gseq !== undefined ? { gseq } : {}),
    ...(oseq !== undefined ? { oseq } : {}),
  });
  const candidates = active ? all.filter((l) => l.state === "active" || l.state === "reclaiming") : all;
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) {
    const deployment = await ctx.client.deployment({ owner, dseq });
    if (!deployment) {
      const { notFound } = await import("./deployment.js");
      throw notFound(owner, dseq);
    }
    const what = `${options.provider ? ` with ${options.provider}` : ""}${gseq !== undefined ? ` in group ${gseq}` : ""}`;
    throw new ChainError(
      "LEASE_NOT_FOUND",
      `deployment ${dseq} has no ${active ? "active " : ""}lease${what}` + (all.length > 0 ? ` (its leases: ${all.map((l) => `${leaseName(l.id)} ${l.state}`).join(", ")})` : "; accept a bid first: akash lease create"),
      { dseq: dseq.toString() },
    );
  }
  // Several: the newest active one if not asked otherwise would be a guess; ask instead.
  throw new UsageError(
    `deployment ${dseq} has several leases (${candidates.map((l) => `${l.id.provider} group ${l.id.gseq} order ${l.id.oseq}`).join("; ")}); choose with --provider, --gseq and --oseq`,
    { option: "--provider" },
  );
}
