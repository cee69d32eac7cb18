/**
 * `akash deploy SDL`: validate, check funds (mint ACT if asked), create the deployment, collect
 * bids, choose one per group (a picker at a terminal; rules and policy files in scripts), lease,
 * send the manifest, wait until ready, print the URIs. And `deploy update|close|list`.
 * The flow itself is src/deploy; this file maps flags to options and renders.
 */
import type { Command } from "commander";
import { dirname, join } from "node:path";
import { UsageError } from "../../errors.js";
import type { Coin } from "../../chain/types.js";
import type { DeployResult } from "../../deploy/deploy.js";
import type { BidRules, Offer, Screening } from "../../deploy/offers.js";
import type { BidChooser, ProviderGateway } from "../../deploy/steps.js";
import { ExitCode, ExitStatus } from "../exit.js";
import type { CliIo } from "../io.js";
import { renderData } from "../output.js";
import { parseDuration } from "../durations.js";
import { addQueryOptions, openChain, parseDseq, type ChainContext, type QueryFlagValues } from "../chain-context.js";

interface DeployFlags extends QueryFlagValues {
  deposit?: string;
  bidTimeout?: string;
  minBids?: string;
  waitTimeout?: string;
  select?: string;
  maxPrice?: string;
  attr?: string[];
  auditedBy?: string[];
  allow?: string[];
  deny?: string[];
  policy?: string;
  reachabilityCheck?: boolean;
  mint?: boolean;
  keepOnFailure?: boolean;
  resume?: string;
  allowDuplicate?: boolean;
  yes?: boolean;
  gasPrices?: string;
  gasAdjustment?: string;
}

const DEPLOY_HELP = `
Steps: validate the SDL (warnings shown) → check AKT (fees) and ACT (deposit) → create the
deployment → collect bids per group until --bid-timeout, or until every group has --min-bids and
no new bid came for 3 blocks → choose one bid per group → create the leases (one transaction) →
send the manifest to each provider → wait until every service is ready → print URIs.

Choosing: at a terminal (without --yes or --select) a picker per group lists the bids cheapest
first, with price per block, hour and month, host, region, audits and whether the provider's
gateway answers. Otherwise the rules pick: --select cheapest (default) or provider=ADDR, after
--max-price, --attr, --audited-by, --allow and --deny (also from --policy FILE). When no bid
matches, the error lists each bid and the rule that excluded it.

Nothing is left behind silently: if anything fails after the deployment is created (no bids,
provider unreachable, manifest refused, timeout, Ctrl-C) the deployment is closed and the refund
reported, unless --keep-on-failure. Each deploy is recorded locally (beside the config file), so
--resume DSEQ continues where it stopped, and a re-run of the same SDL refuses to create a
duplicate while the first is open (--allow-duplicate overrides).

Output: progress on stderr; -o json prints one final document (dseq, leases, providers, prices,
URIs, tx hashes, refund); -o jsonl one event per line on stdout.

Examples:
  akash deploy web.yaml --from main
  akash deploy web.yaml --yes --select cheapest --max-price 1000uact -o json
  akash deploy web.yaml --yes --policy bids.yaml --deposit 5act --mint
  akash deploy web.yaml --resume 1234567 --yes
  akash deploy web.yaml --network local --from local --yes          # on akash localnet

Exit codes: 0 ready, 1 invalid SDL or input, 2 usage, 3 chain error, 4 provider error (unreachable,
manifest refused), 5 wallet, 6 timed out waiting for readiness, 7 insufficient funds, 8 no bid
matched, 130 interrupted (the deployment was closed unless --keep-on-failure).`;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function flagRules(options: DeployFlags): Promise<BidRules> {
  const { parsePricePerBlock } = await import("../../chain/amount.js");
  const rules: { -readonly [K in keyof BidRules]: BidRules[K] } = {};
  if (options.select !== undefined) {
    if (options.select === "cheapest") rules.select = { kind: "cheapest" };
    else if (options.select.startsWith("provider=")) rules.select = { kind: "provider", address: options.select.slice("provider=".length) };
    else throw new UsageError(`--select must be cheapest or provider=ADDRESS, not ${JSON.stringify(options.select)}`, { option: "--select" });
  }
  if (options.maxPrice !== undefined) {
    rules.maxPriceAtomics = parsePricePerBlock(options.maxPrice, "--max-price");
    rules.maxPriceText = options.maxPrice;
  }
  if (options.attr && options.attr.length > 0) {
    rules.attributes = options.attr.map((text) => {
      const eq = text.indexOf("=");
      if (eq <= 0) throw new UsageError(`--attr must be key=value, not ${JSON.stringify(text)}`, { option: "--attr" });
      return { key: text.slice(0, eq), value: text.slice(eq + 1) };
    });
  }
  if (options.auditedBy && options.auditedBy.length > 0) rules.auditedBy = options.auditedBy;
  if (options.allow && options.allow.length > 0) rules.allow = options.allow;
  if (options.deny && options.deny.length > 0) rules.deny = options.deny;
  if (options.reachabilityCheck === false) rules.requireReachable = false;
  return rules;
}

/** A picker per group at a terminal; otherwise the rules decide (first eligible = cheapest). */
async function chooserFor(io: CliIo, interactive: boolean): Promise<BidChooser> {
  const { safe } = await import("../render/table.js");
  const { offerLine } = await import("../render/offers.js");
  if (interactive) {
    const { prompterFor } = await import("../prompts.js");
    const prompter = prompterFor(io);
    if (prompter?.choose) {
      const choose = prompter.choose.bind(prompter);
      return {
        choose: async (group, screening: Screening) => {
          const choices = [
            ...screening.eligible.map((offer) => ({ name: safe(offerLine(offer)), value: offer as Offer | null, description: `${offer.bid.provider}` })),
            ...screening.excluded.map((e) => ({ name: safe(offerLine(e.offer)), value: null as Offer | null, disabled: safe(e.reasons.join("; ")) })),
            { name: "none: cancel the deploy (the deployment is closed and refunded)", value: null as Offer | null },
          ];
          return choose(`Choose a bid for group ${safe(group.name)} (cheapest first)`, choices);
        },
      };
    }
  }
  return { choose: async (_group, screening) => screening.eligible[0] ?? null };
}

async function gatewayFactory(ctx: ChainContext): Promise<(provider: string, hostUri: string) => ProviderGateway> {
  const { ProviderClient } = await import("../../provider/client.js");
  const owner = ctx.address!;
  const clients = new Map<string, ProviderGateway>();
  return (provider, hostUri) => {
    let client = clients.get(provider);
    if (!client) {
      client = new ProviderClient({
        hostUri,
        provider,
        auth: { owner, ...(ctx.signer ? { signer: ctx.signer } : {}) },
        certificates: { certificates: (filter) => ctx.client.certificates({ owner: filter.owner, ...(filter.serial !== undefined ? { serial: filter.serial } : {}) }) },
        timeoutMs: 30_000,
      });
      clients.set(provider, client);
    }
    return client;
  };
}

function recordsDir(io: CliIo, configPath: string): string {
  return io.env.AKASH_DEPLOY_RECORDS ?? join(dirname(configPath), "deployments");
}

async function compileForDeploy(io: CliIo, file: string) {
  const { compileOrReport } = await import("./deployment.js");
  const { manifestJson } = await import("../../sdl/compile.js");
  const output = await compileOrReport(io, file);
  return {
    sdlFile: file,
    groups: output.groups,
    manifestJson: manifestJson(output.manifest),
    version: output.version,
    spec: { groups: output.groups, version: output.version, ...(output.reclamation ? { reclamation: output.reclamation } : {}) },
  };
}

function outputMode(raw: string | undefined): "text" | "json" | "yaml" | "jsonl" {
  const value = raw ?? "text";
  if (value === "text" || value === "json" || value === "yaml" || value === "jsonl") return value;
  throw new UsageError(`unknown output format ${JSON.stringify(value)}; use text, json, yaml or jsonl`, { option: "--output" });
}

async function renderResult(io: CliIo, format: "text" | "json" | "yaml" | "jsonl", result: DeployResult): Promise<void> {
  if (format === "json" || format === "yaml") {
    io.stdout(await renderData(format, result));
    return;
  }
  if (format === "jsonl") {
    io.stdout(`${JSON.stringify({ type: "done", ...result })}\n`);
    return;
  }
  const { safe } = await import("../render/table.js");
  const lines = [`Deployment ${result.dseq} is ${result.step === "ready" ? "ready" : result.step}${result.resumed ? " (resumed)" : ""}.`];
  for (const lease of result.leases) {
    lines.push(`  group ${safe(lease.group)} at ${lease.provider} (${safe(lease.hostUri)}): ${lease.pricePerBlock}/block${lease.actPerMonth ? ` ≈ ${Number(lease.actPerMonth).toFixed(2)} ACT/month` : ""}`);
    for (const service of lease.services) {
      lines.push(`    ${safe(service.name)} ${service.available}/${service.total} ready`);
      for (const uri of service.uris) lines.push(`      ${safe(uri)}`);
      for (const port of service.forwardedPorts) lines.push(`      ${safe(port.host)}:${port.externalPort} -> ${port.port}/${safe(port.proto)}`);
    }
  }
  lines.push(`Close it (and get the rest of the deposit back) with: akash deploy close ${result.dseq}`);
  io.stdout(`${lines.join("\n")}\n`);
}

export function registerDeployCommands(program: Command, io: CliIo): void {
  const deploy = addQueryOptions(
    program
      .command("deploy")
      .description("deploy an SDL: create, choose bids, lease, send the manifest, wait until ready")
      .argument("[sdl]", "the SDL file (- for standard input)")
      .option("--deposit <amount>", "escrow deposit in ACT, e.g. 5act or 5000000uact (default: the chain's minimum)")
      .option("--bid-timeout <duration>", "how long to collect bids", "60s")
      .option("--min-bids <n>", "stop collecting early once every group has this many bids", "1")
      .option("--wait-timeout <duration>", "how long to wait for the services to be ready", "180s")
      .option("--select <how>", "cheapest, or provider=ADDRESS (default: a picker at a terminal, else cheapest)")
      .option("--max-price <price>", "only bids at or below this price per block, e.g. 1000uact")
      .option("--attr <key=value>", "only providers with this attribute (own or audited); repeatable", collect, [])
      .option("--audited-by <address>", "only providers audited by this auditor; repeatable", collect, [])
      .option("--allow <address>", "only these providers; repeatable", collect, [])
      .option("--deny <address>", "never these providers; repeatable", collect, [])
      .option("--policy <file>", "bid rules from a YAML file (flags win)")
      .option("--no-reachability-check", "do not ask bidding providers' gateways for /status before choosing")
      .option("--mint", "mint the missing ACT from AKT before creating the deployment")
      .option("--keep-on-failure", "on failure, keep what was created (for --resume) instead of closing it")
      .option("--resume <dseq>", "continue a deploy of this SDL that stopped")
      .option("--allow-duplicate", "create even if a deployment of the same SDL is still open")
      .option("-y, --yes", "do not ask: no confirmation, no picker (required without a terminal)")
      .option("--gas-prices <price>", "price per unit of gas, in uakt (default 0.025uakt)")
      .option("--gas-adjustment <factor>", "simulated gas is multiplied by this (default 1.5)"),
  ).addHelpText("after", DEPLOY_HELP);
  deploy.action(async (sdl: string | undefined, options: DeployFlags) => {
    if (sdl === undefined) throw new UsageError("give the SDL file to deploy, e.g. akash deploy deploy.yaml (see akash deploy --help)");
    const format = outputMode(options.output);
    const compiled = await compileForDeploy(io, sdl);
    const ctx = await openChain(io, { ...options, output: format === "jsonl" ? "json" : format }, "tx");
    await runDeploy(io, ctx, compiled, options, format);
  });

  // The subcommands take the options `deploy` declares (-o, --from, network, --yes, --wait-timeout):
  // commander gives options to the command that declares them, so they are read with optsWithGlobals.
  deploy
    .command("close")
    .description("close a deployment (its leases end; the rest of the deposit comes back)")
    .argument("<dseq>", "the deployment")
    .configureHelp({ showGlobalOptions: true })
    .addHelpText("after", "\nExamples:\n  akash deploy close 1234567 --yes\n  akash deploy close 1234567 -o json")
    .action(async (dseqText: string, _local: unknown, command: Command) => {
      const options = command.optsWithGlobals() as QueryFlagValues & { yes?: boolean };
      const dseq = parseDseq(dseqText);
      const ctx = await openChain(io, options, "tx");
      const { closeAndRefund } = await import("../../deploy/steps.js");
      const { progressReporter } = await import("../render/deploy-progress.js");
      const owner = ctx.address!;
      const found = await ctx.client.deployment({ owner, dseq });
      if (!found) {
        const { notFound } = await import("./deployment.js");
        throw notFound(owner, dseq);
      }
      if (found.state !== "active") {
        io.stderr(`Deployment ${dseq} is already ${found.state}.\n`);
        if (ctx.format !== "text") io.stdout(await renderData(ctx.format, { dseq: dseq.toString(), state: found.state, closed: false }));
        return;
      }
      const closed = await closeAndRefund({ chain: ctx.client, report: progressReporter(io, "text") }, dseq, "uact");
      const { FileDeployRecordStore } = await import("../../deploy/records.js");
      const store = new FileDeployRecordStore(recordsDir(io, ctx.settings.configPath));
      const status = await ctx.client.status();
      const record = await store.load(status.chainId, owner, dseq.toString());
      if (record) await store.save({ ...record, step: "closed", updatedAt: new Date().toISOString(), txs: { ...record.txs, close: closed.txHash }, ...(closed.refund ? { refund: closed.refund } : {}) });
      const data = { dseq: dseq.toString(), closed: true, txHash: closed.txHash, refund: closed.refund };
      if (ctx.format !== "text") io.stdout(await renderData(ctx.format, data));
      else io.stdout(`Deployment ${dseq} closed${closed.refund ? `; ${closed.refund.amount}${closed.refund.denom} returned` : ""}.\n`);
    });

  deploy
    .command("list")
    .description("your deploys from the local records, with their state on chain")
    .configureHelp({ showGlobalOptions: true })
    .addHelpText("after", "\nExamples:\n  akash deploy list\n  akash deploy list -o json")
    .action(async (_local: unknown, command: Command) => {
      const options = command.optsWithGlobals() as QueryFlagValues;
      const ctx = await openChain(io, options, "query");
      const owner = ctx.address;
      if (owner === undefined) throw new UsageError("no account: pass --from NAME or set AKASH_MNEMONIC", { option: "--from" });
      const { FileDeployRecordStore } = await import("../../deploy/records.js");
      const store = new FileDeployRecordStore(recordsDir(io, ctx.settings.configPath));
      const status = await ctx.client.status();
      const records = await store.list(status.chainId, owner);
      const rows = await Promise.all(
        records.map(async (r) => {
          const onChain = await ctx.client.deployment({ owner, dseq: BigInt(r.dseq) }).catch(() => null);
          return { dseq: r.dseq, sdl: r.sdlFile, step: r.step, chainState: onChain?.state ?? "not found", leases: r.leases, failure: r.failure, refund: r.refund, updatedAt: r.updatedAt };
        }),
      );
      if (ctx.format !== "text") {
        io.stdout(await renderData(ctx.format, rows));
        return;
      }
      const { table, safe } = await import("../render/table.js");
      if (rows.length === 0) io.stderr(`No deploys recorded for ${owner} on ${status.chainId}.\n`);
      else
        io.stdout(
          table([
            ["DSEQ", "STEP", "ON CHAIN", "PROVIDERS", "SDL", "UPDATED"],
            ...rows.map((r) => [r.dseq, r.step, r.chainState, r.leases.map((l) => l.provider.slice(0, 14) + "…").join(",") || "-", safe(r.sdl), r.updatedAt]),
          ]),
        );
    });

  deploy
    .command("update")
    .description("update a deployment to a new SDL: new hash on chain, new manifest to every provider")
    .argument("<dseq>", "the deployment")
    .argument("<sdl>", "the new SDL file")
    .configureHelp({ showGlobalOptions: true })
    .addHelpText(
      "after",
      "\nOnly what the chain can take as an update may change: images, commands, env, ports within the\nsame resources. A change to groups, counts, resources, placement or prices needs a new deployment.\n\nExamples:\n  akash deploy update 1234567 web.yaml --yes",
    )
    .action(async (dseqText: string, file: string, _local: unknown, command: Command) => {
      const options = command.optsWithGlobals() as QueryFlagValues & { yes?: boolean; waitTimeout?: string };
      const dseq = parseDseq(dseqText);
      const compiled = await compileForDeploy(io, file);
      const ctx = await openChain(io, options, "tx");
      const { updateDeployment } = await import("../../deploy/update.js");
      const { groupChanges } = await import("./deployment.js");
      const { progressReporter } = await import("../render/deploy-progress.js");
      const result = await updateDeployment(compiled, dseq, parseDuration(options.waitTimeout, 180_000, "--wait-timeout"), {
        chain: ctx.client,
        gateway: await gatewayFactory(ctx),
        report: progressReporter(io, "text"),
        now: Date.now,
        groupChanges: (onChain) => groupChanges(onChain, compiled.groups),
      });
      if (ctx.format !== "text") io.stdout(await renderData(ctx.format, result));
      else io.stdout(`Deployment ${dseq} now runs manifest ${result.version.slice(0, 12)}… at ${result.providers.length} provider(s).\n`);
    });
}

async function runDeploy(io: CliIo, ctx: ChainContext, compiled: Awaited<ReturnType<typeof compileForDeploy>>, options: DeployFlags, format: "text" | "json" | "yaml" | "jsonl"): Promise<void> {
  const { parseAmount } = await import("../../chain/amount.js");
  const { deploy, resumeDeploy } = await import("../../deploy/deploy.js");
  const { FileDeployRecordStore } = await import("../../deploy/records.js");
  const { mergeRules, parseBidPolicy } = await import("../../deploy/policy.js");
  const { progressReporter } = await import("../render/deploy-progress.js");
  let rules = await flagRules(options);
  if (options.policy !== undefined) {
    const { readFileSync } = await import("node:fs");
    let text: string;
    try {
      text = readFileSync(options.policy, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read the policy file ${options.policy}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { option: "--policy" });
    }
    if (text.length > 64 * 1024) throw new UsageError(`the policy file ${options.policy} is larger than 64 KiB`, { option: "--policy" });
    rules = mergeRules(parseBidPolicy(text, options.policy), rules);
  }
  const minBids = Number(options.minBids ?? "1");
  if (!Number.isInteger(minBids) || minBids < 1 || minBids > 100) throw new UsageError("--min-bids must be a whole number from 1 to 100", { option: "--min-bids" });
  let deposit: Coin;
  if (options.deposit !== undefined) {
    deposit = parseAmount(options.deposit, "--deposit", ["uact"]);
  } else {
    const params = await ctx.client.deploymentParams();
    deposit = params.minDeposits.find((c) => c.denom === "uact") ?? { denom: "uact", amount: "500000" };
  }
  const interactive = ctx.yes !== true && rules.select === undefined;
  const { prompterFor } = await import("../prompts.js");
  const prompter = interactive ? prompterFor(io) : null;
  if (prompter && options.resume === undefined) {
    const ok = await prompter.confirm(`Create a deployment of ${compiled.sdlFile} with ${deposit.amount}${deposit.denom} in escrow?`, true);
    if (!ok) throw new ExitStatus(ExitCode.interrupted);
  }
  // Measured while the deployment is created and bids come in: only the prices shown need it.
  const blockSeconds = ctx.client.averageBlockSeconds().then((seconds) => seconds ?? 6.1, () => 6.1);
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (interrupts === 1) {
      io.stderr("\nInterrupted: cleaning up (press Ctrl-C again to leave immediately; the deployment may then stay open)\n");
      controller.abort();
    } else process.exit(ExitCode.interrupted);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const deps = {
    chain: ctx.client,
    gateway: await gatewayFactory(ctx),
    report: progressReporter(io, format === "jsonl" ? "jsonl" : "text"),
    now: Date.now,
    signal: controller.signal,
    chooser: await chooserFor(io, prompter !== null),
    records: new FileDeployRecordStore(recordsDir(io, ctx.settings.configPath)),
    blockSeconds,
    ...(prompter ? { confirmMint: (missing: Coin) => prompter.confirm(`${missing.amount}${missing.denom} is missing for the deposit; mint it from AKT now?`, false) } : {}),
  };
  const deployOptions = {
    deposit,
    bidTimeoutMs: parseDuration(options.bidTimeout, 60_000, "--bid-timeout"),
    minBids,
    settleBlocks: 3,
    waitTimeoutMs: parseDuration(options.waitTimeout, 180_000, "--wait-timeout"),
    keepOnFailure: options.keepOnFailure === true,
    rules,
    checkReachable: options.reachabilityCheck !== false,
    mint: options.mint === true ? true : prompter ? ("ask" as const) : false,
    allowDuplicate: options.allowDuplicate === true,
  };
  try {
    const result = options.resume !== undefined ? await resumeDeploy(compiled, parseDseq(options.resume), deployOptions, deps) : await deploy(compiled, deployOptions, deps);
    await renderResult(io, format, result);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
