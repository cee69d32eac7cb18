/**
 * `akash deployment create|update|close|list|get` and `akash deployment group pause|start|close`:
 * the deployment's life on chain. The manifest goes to providers with `akash deploy`.
 */
import type { Command } from "commander";
import { InputError, UsageError } from "../../errors.js";
import { ChainError } from "../../chain/errors.js";
import type { Deployment, GroupState } from "../../chain/types.js";
import type { GroupSpec } from "../../sdl/types.js";
import { ExitCode, ExitStatus } from "../exit.js";
import type { CliIo } from "../io.js";
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

interface CreateOptions extends TxFlagValues {
  deposit?: string;
  dseq?: string;
}
interface ListOptions extends QueryFlagValues {
  state?: string;
  owner?: string;
}
interface GetOptions extends QueryFlagValues {
  owner?: string;
}

const CREATE_EXAMPLES = `
Examples:
  akash deployment create deploy.yaml --from main                 # deposit: the chain's minimum (0.5 ACT)
  akash deployment create deploy.yaml --deposit 5act --yes        # scripts: no confirmation
  akash deployment create deploy.yaml --dry-run                   # simulate: gas and fee only
  akash deployment create deploy.yaml --generate-only > tx.json   # unsigned, for offline signing

The deposit is locked in the deployment's escrow and pays the providers you lease from; what is
left comes back when the deployment closes. It must be in ACT (uact): mint ACT from AKT with
\`akash act mint\`. The dseq is the current block height unless --dseq is given.`;

export function registerDeploymentCommands(program: Command, io: CliIo): void {
  const deployment = program
    .command("deployment")
    .description("create, update, close and inspect deployments on chain")
    .addHelpText("after", `\nExamples:\n  akash deployment create deploy.yaml --deposit 5act\n  akash deployment list --state active\n  akash deployment close 1234 --yes\n${TX_HELP}\n\n${EXIT_HELP_CHAIN}`);

  addTxOptions(
    deployment
      .command("create")
      .description("create a deployment from an SDL file and lock its deposit in escrow; prints the dseq")
      .argument("<sdl>", "the SDL file")
      .option("--deposit <amount>", "escrow deposit in ACT, e.g. 5act or 5000000uact (default: the chain's minimum)")
      .option("--dseq <n>", "the deployment sequence number (default: the current block height)"),
  )
    .addHelpText("after", CREATE_EXAMPLES)
    .action(async (file: string, options: CreateOptions) => {
      const output = await compileOrReport(io, file);
      const { parseAmount, formatCoin } = await import("../../chain/amount.js");
      const explicit = options.deposit !== undefined ? parseAmount(options.deposit, "--deposit") : undefined;
      if (explicit?.denom === "uakt") {
        throw new InputError(
          "DEPOSIT_DENOM",
          `a new deployment cannot be funded in uakt: since the BME upgrade the chain rejects AKT deposits on create. Deposit ACT (uact) instead (--deposit ${formatCoin({ denom: "uact", amount: explicit.amount }).replace(" ACT", "act")}); ` +
            "mint ACT from AKT with `akash act mint`; AKT can be added later as a fallback reserve with `akash escrow deposit`",
          { denom: "uakt" },
        );
      }
      const dseq = options.dseq !== undefined ? parseDseq(options.dseq) : undefined;
      const ctx = await openChain(io, options, "tx");
      const deposit = explicit ?? (await minimumDeposit(ctx));
      const spec = { groups: output.groups, version: output.version, ...(output.reclamation ? { reclamation: output.reclamation } : {}) };
      const chosenDseq = dseq ?? (await currentDseq(ctx));
      const outcome = await runTx(ctx, [{ kind: "createDeployment", dseq: chosenDseq, spec, deposit }], {
        summary: `create deployment ${chosenDseq} from ${file} with a deposit of ${formatCoin(deposit)}`,
        spends: [deposit],
      });
      if (outcome.kind !== "submitted") return;
      const owner = accountFor(ctx, undefined);
      const created = await ctx.client.deployment({ owner, dseq: chosenDseq });
      const locked = created?.escrow?.funds ?? [];
      const { formatDecCoin } = await import("../../chain/amount.js");
      await printResult(
        ctx,
        { dseq: chosenDseq.toString(), owner, deposit, escrow: locked, groups: created?.groups.map((g) => ({ gseq: g.id.gseq, name: g.spec.name, state: g.state })) ?? [], ...txData(outcome.result) },
        () =>
          `Created deployment ${chosenDseq} (${output.groups.length} group${output.groups.length === 1 ? "" : "s"}).\n` +
          `Locked ${locked.map(formatDecCoin).join(" + ") || formatCoin(deposit)} in escrow; tx ${outcome.result.txHash} at height ${outcome.result.height}.\n` +
          `Next: akash bid list ${chosenDseq}   (providers bid within a few blocks)\n`,
      );
    });

  addTxOptions(
    deployment
      .command("update")
      .description("point the deployment at a new manifest version (image, env, commands); groups cannot change")
      .argument("<dseq>", "the deployment")
      .argument("<sdl>", "the changed SDL file"),
  )
    .addHelpText(
      "after",
      "\nOnly the manifest can change in place. A change to the groups (their number, names, resources,\n" +
        "counts, prices or placement) is refused: close the deployment and create a new one.\n" +
        "After the update, send the new manifest to the providers with `akash deploy`.\n\n" +
        "Examples:\n  akash deployment update 1234 deploy.yaml --yes",
    )
    .action(async (dseqText: string, file: string, options: TxFlagValues) => {
      const dseq = parseDseq(dseqText);
      const output = await compileOrReport(io, file);
      const ctx = await openChain(io, options, "tx");
      const current = await activeDeployment(ctx, accountFor(ctx, undefined), dseq);
      const problems = groupChanges(
        current.groups.map((g) => g.spec),
        output.groups,
      );
      if (problems.length > 0) {
        throw new InputError(
          "GROUPS_CHANGED",
          `the SDL changes the deployment's groups, which an update cannot do: ${problems.join("; ")}. ` +
            `Redeploy instead: akash deployment close ${dseq}, then akash deployment create ${file}`,
          { dseq: dseq.toString(), changes: problems },
        );
      }
      if (current.version.toLowerCase() === output.version.toLowerCase()) {
        throw new InputError("HASH_UNCHANGED", `deployment ${dseq} already runs this manifest (version ${output.version.slice(0, 12)}…): nothing to update`, {
          dseq: dseq.toString(),
        });
      }
      const outcome = await runTx(ctx, [{ kind: "updateDeployment", dseq, version: output.version }], { summary: `update deployment ${dseq} to manifest version ${output.version.slice(0, 12)}…` });
      if (outcome.kind !== "submitted") return;
      await printResult(ctx, { dseq: dseq.toString(), version: output.version, previousVersion: current.version, ...txData(outcome.result) }, () =>
        `Updated deployment ${dseq} to version ${output.version}; tx ${outcome.result.txHash}.\nSend the new manifest to its providers with \`akash deploy\`.\n`,
      );
    });

  addTxOptions(
    deployment
      .command("close")
      .description("close a deployment: its leases end, providers are paid what they earned, the rest of the escrow is refunded")
      .argument("<dseq>", "the deployment"),
  )
    .addHelpText("after", "\nExamples:\n  akash deployment close 1234 --yes")
    .action(async (dseqText: string, options: TxFlagValues) => {
      const dseq = parseDseq(dseqText);
      const ctx = await openChain(io, options, "tx");
      const owner = accountFor(ctx, undefined);
      await activeDeployment(ctx, owner, dseq);
      const before = ctx.mode === "submit" ? await ctx.client.balances(owner) : [];
      const outcome = await runTx(ctx, [{ kind: "closeDeployment", dseq }], { summary: `close deployment ${dseq}` });
      if (outcome.kind !== "submitted") return;
      const after = await ctx.client.balances(owner);
      const refund = difference(before, after, "uact");
      const closed = await ctx.client.deployment({ owner, dseq });
      const { formatCoin } = await import("../../chain/amount.js");
      await printResult(ctx, { dseq: dseq.toString(), state: closed?.state ?? "closed", refunded: { denom: "uact", amount: refund.toString() }, ...txData(outcome.result) }, () =>
        `Closed deployment ${dseq}; ${refund > 0n ? `${formatCoin({ denom: "uact", amount: refund.toString() })} refunded from escrow` : "nothing was left in escrow"}; tx ${outcome.result.txHash}.\n`,
      );
    });

  addQueryOptions(
    deployment
      .command("list")
      .description("list an account's deployments")
      .option("--state <state>", "active or closed")
      .option("--owner <address>", "whose deployments (default: the --from key's account)"),
  )
    .addHelpText("after", "\nExamples:\n  akash deployment list --from main\n  akash deployment list --state active -o json")
    .action(async (options: ListOptions) => {
      if (options.state !== undefined && options.state !== "active" && options.state !== "closed") {
        throw new UsageError(`--state must be active or closed, not ${JSON.stringify(options.state)}`, { option: "--state" });
      }
      const ctx = await openChain(io, options, "query");
      const owner = accountFor(ctx, options.owner, "--owner ADDRESS");
      const list = await ctx.client.deployments({ owner, ...(options.state ? { state: options.state as "active" | "closed" } : {}) });
      list.sort((a, b) => (a.id.dseq < b.id.dseq ? -1 : 1));
      const { formatDecCoin } = await import("../../chain/amount.js");
      const { table } = await import("../render/table.js");
      if (ctx.format === "text" && list.length === 0) {
        io.stderr(`No deployments for ${owner}${options.state ? ` in state ${options.state}` : ""}.\n`);
        return;
      }
      await printResult(ctx, list, () =>
        table([
          ["DSEQ", "STATE", "GROUPS", "ESCROW", "CREATED AT"],
          ...list.map((d) => [
            d.id.dseq.toString(),
            d.state,
            d.groups.map((g) => `${g.id.gseq}:${g.state}`).join(","),
            (d.escrow?.funds ?? []).map((f) => formatDecCoin(f)).join(" + ") || "-",
            d.createdAt.toString(),
          ]),
        ]),
      );
    });

  addQueryOptions(
    deployment
      .command("get")
      .description("show a deployment: state, groups, escrow and leases")
      .argument("<dseq>", "the deployment")
      .option("--owner <address>", "whose deployment (default: the --from key's account)"),
  )
    .addHelpText("after", "\nExamples:\n  akash deployment get 1234 -o yaml")
    .action(async (dseqText: string, options: GetOptions) => {
      const dseq = parseDseq(dseqText);
      const ctx = await openChain(io, options, "query");
      const owner = accountFor(ctx, options.owner, "--owner ADDRESS");
      const found = await ctx.client.deployment({ owner, dseq });
      if (!found) throw notFound(owner, dseq);
      const leases = await ctx.client.leases({ owner, dseq });
      await printResult(ctx, { ...found, leases }, () => renderDeployment(found, leases));
    });

  const group = deployment.command("group").description("pause, start or close one group of a deployment");
  const actions: readonly ["pause" | "start" | "close", "pauseGroup" | "startGroup" | "closeGroup", string][] = [
    ["pause", "pauseGroup", "pause a group: its lease ends and it stops taking bids; start it again later"],
    ["start", "startGroup", "start a paused group: a new order opens and providers bid again"],
    ["close", "closeGroup", "close a group for good: its lease ends; the deployment and its escrow stay"],
  ];
  for (const [verb, kind, description] of actions) {
    addTxOptions(group.command(verb).description(description).argument("<dseq>", "the deployment").argument("<gseq>", "the group (1 for the first)"))
      .addHelpText("after", `\nExamples:\n  akash deployment group ${verb} 1234 1 --yes\n\n${EXIT_HELP_CHAIN}`)
      .action(async (dseqText: string, gseqText: string, options: TxFlagValues) => {
        const dseq = parseDseq(dseqText);
        const gseq = parseSeqArg(gseqText, "GSEQ");
        const ctx = await openChain(io, options, "tx");
        const owner = accountFor(ctx, undefined);
        const current = await activeDeployment(ctx, owner, dseq);
        const target = current.groups.find((g) => g.id.gseq === gseq);
        if (!target) {
          throw new InputError("GROUP_NOT_FOUND", `deployment ${dseq} has no group ${gseq}; it has ${current.groups.map((g) => g.id.gseq).join(", ")}`, {
            dseq: dseq.toString(),
            gseq,
          });
        }
        const outcome = await runTx(ctx, [{ kind, dseq, gseq }], { summary: `${verb} group ${gseq} of deployment ${dseq}` });
        if (outcome.kind !== "submitted") return;
        const after = await ctx.client.deployment({ owner, dseq });
        const state: GroupState = after?.groups.find((g) => g.id.gseq === gseq)?.state ?? "unknown";
        await printResult(ctx, { dseq: dseq.toString(), gseq, state, ...txData(outcome.result) }, () => `Group ${gseq} of deployment ${dseq} is now ${state}; tx ${outcome.result.txHash}.\n`);
      });
  }
}

/** Compiles the SDL file for a command that sends it: diagnostics on stderr, exit 1 when invalid. */
export async function compileOrReport(io: CliIo, file: string) {
  const { compileFile } = await import("../sdl-files.js");
  const { renderDiagnostics } = await import("../render/validation.js");
  const result = await compileFile(file, io);
  if (result.readError !== undefined) throw new UsageError(result.readError, { file });
  await renderDiagnostics(result.diagnostics, io);
  if (!result.output) throw new ExitStatus(ExitCode.invalidInput);
  return result.output;
}

async function minimumDeposit(ctx: ChainContext) {
  const params = await ctx.client.deploymentParams();
  return params.minDeposits.find((c) => c.denom === "uact") ?? { denom: "uact", amount: "500000" };
}

async function currentDseq(ctx: ChainContext): Promise<bigint> {
  const status = await ctx.client.status();
  if (status.catchingUp) throw new UsageError("the node is still catching up, so its height cannot be the dseq; pass --dseq or use another node", { option: "--dseq" });
  return status.latestHeight;
}

export function notFound(owner: string, dseq: bigint): ChainError {
  return new ChainError("DEPLOYMENT_NOT_FOUND", `no deployment ${dseq} for ${owner}; \`akash deployment list\` shows the account's deployments`, {
    owner,
    dseq: dseq.toString(),
  });
}

/** The deployment, which must exist and be active; otherwise an error saying which. */
export async function activeDeployment(ctx: ChainContext, owner: string, dseq: bigint): Promise<Deployment> {
  const found = await ctx.client.deployment({ owner, dseq });
  if (!found) throw notFound(owner, dseq);
  if (found.state !== "active") {
    throw new ChainError("DEPLOYMENT_CLOSED", `deployment ${dseq} is ${found.state}; a closed deployment cannot change: create a new one`, {
      owner,
      dseq: dseq.toString(),
    });
  }
  return found;
}

/** What differs between the groups on chain and the SDL's: each a sentence. */
export function groupChanges(onChain: readonly GroupSpec[], fromSdl: readonly GroupSpec[]): string[] {
  const problems: string[] = [];
  if (onChain.length !== fromSdl.length) problems.push(`the number of groups changes from ${onChain.length} to ${fromSdl.length}`);
  const n = Math.min(onChain.length, fromSdl.length);
  for (let i = 0; i < n; i += 1) {
    const a = onChain[i]!;
    const b = fromSdl[i]!;
    const label = `group ${i + 1} (${b.name})`;
    if (a.name !== b.name) problems.push(`group ${i + 1} is renamed from ${a.name} to ${b.name}`);
    if (canonical(a.requirements) !== canonical(b.requirements)) problems.push(`${label}: the placement requirements (attributes or signed_by) change`);
    if (a.resources.length !== b.resources.length) problems.push(`${label}: the number of resource units changes from ${a.resources.length} to ${b.resources.length}`);
    const m = Math.min(a.resources.length, b.resources.length);
    for (let j = 0; j < m; j += 1) {
      const ra = a.resources[j]!;
      const rb = b.resources[j]!;
      if (ra.count !== rb.count) problems.push(`${label}: resource unit ${j + 1} count changes from ${ra.count} to ${rb.count}`);
      if (canonical(ra.resource) !== canonical(rb.resource)) problems.push(`${label}: resource unit ${j + 1} (CPU, memory, storage, GPU or endpoints) changes`);
      if (canonical(ra.price) !== canonical(rb.price)) problems.push(`${label}: resource unit ${j + 1} price changes from ${ra.price.amount}${ra.price.denom} to ${rb.price.amount}${rb.price.denom}`);
    }
  }
  return problems;
}

/** JSON with sorted keys, empty lists and absent fields alike, for comparing Go-shaped values. */
function canonical(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.length === 0 ? null : v.map(norm);
    if (v !== null && typeof v === "object") {
      const entries = Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => [k, norm(x)] as const)
        .filter(([, x]) => x !== null && x !== undefined && x !== "")
        .sort(([a], [b]) => (a < b ? -1 : 1));
      return Object.fromEntries(entries);
    }
    return v;
  };
  return JSON.stringify(norm(value));
}

function difference(before: readonly { denom: string; amount: string }[], after: readonly { denom: string; amount: string }[], denom: string): bigint {
  const of = (list: readonly { denom: string; amount: string }[]) => BigInt(list.find((c) => c.denom === denom)?.amount ?? "0");
  return of(after) - of(before);
}

function renderDeployment(d: Deployment, leases: readonly import("../../chain/types.js").Lease[]): string {
  // Loaded by the caller's module graph already; kept synchronous for printResult.
  const lines: string[] = [];
  lines.push(`deployment ${d.id.dseq} (${d.id.owner})`);
  lines.push(`  state:    ${d.state}`);
  lines.push(`  version:  ${d.version}`);
  lines.push(`  created:  height ${d.createdAt}`);
  if (d.escrow) {
    lines.push(`  escrow:   ${d.escrow.state}, funds ${d.escrow.funds.map((f) => `${f.amount}${f.denom}`).join(" + ") || "0"}, settled at height ${d.escrow.settledAt}`);
    for (const dep of d.escrow.deposits) lines.push(`            deposit ${dep.balance.amount}${dep.balance.denom} from ${dep.owner} (${dep.source}) at height ${dep.height}`);
  }
  for (const g of d.groups) {
    lines.push(`  group ${g.id.gseq} ${g.spec.name}: ${g.state}`);
    for (const unit of g.spec.resources) {
      const r = unit.resource;
      const storage = (r.storage ?? []).map((s) => `${s.name} ${s.size.val}B`).join(", ");
      lines.push(
        `    ${unit.count} x cpu ${Number(r.cpu.units.val) / 1000}, memory ${r.memory.size.val}B${storage ? `, storage ${storage}` : ""}${r.gpu.units.val !== "0" ? `, gpu ${r.gpu.units.val}` : ""}; max price ${unit.price.amount}${unit.price.denom}/block`,
      );
    }
  }
  if (leases.length > 0) {
    lines.push("  leases:");
    for (const l of leases) lines.push(`    ${l.id.gseq}/${l.id.oseq} ${l.id.provider}: ${l.state}, ${l.price.amount}${l.price.denom}/block${l.closedReason ? ` (${l.closedReason})` : ""}`);
  }
  return `${lines.join("\n")}\n`;
}
