import type { Command } from "commander";
import { dirname, join, resolve } from "node:path";
import { UsageError } from "../../errors.js";
import type { CliIo } from "../io.js";
import { parseOutputFormat, renderData } from "../output.js";
import { ExitCode, ExitStatus } from "../exit.js";
import { parseDuration } from "../durations.js";

// The localnet library loads inside the actions only, so `akash --help` never pays for it.

interface HomeOptions {
  home?: string;
  output?: string;
}
interface StartOptions extends HomeOptions {
  nodeBinary?: string;
  providerBinary?: string;
  provider?: boolean;
  portOffset?: string;
  inventory?: string;
  timeout?: string;
}

const LOCALNET_HELP = `
A single-validator Akash chain on 127.0.0.1 (~1 s blocks, chain id akash-local) with a provider
that bids and serves: the real node, and the real provider code with a synthetic cluster (no
container runs; lease status, URIs, logs and events are made up by the harness).

Binaries are taken from flags or the environment, never from PATH (the node's binary is also
called akash):
  --node-binary      AKASH_NODE_BINARY      the Akash node, v2.1 (built from source, see README)
  --provider-binary  AKASH_PROVIDER_BINARY  the provider harness (provider-harness/, see README)
Data lives in --home (AKASH_LOCALNET_HOME, default: a "localnet" folder beside the config file).

Accounts are funded in genesis with AKT and ACT. Their mnemonics are PUBLIC TEST MNEMONICS:
never send real funds to them. Use them from any command with --network local and
--from local (the tenant) or --from local-NAME (local-provider, local-tenant-1 … local-tenant-12).

Exit codes: 0 ok, 2 usage (missing binary, bad flag), 3 the node failed to start, crashed or a
port is taken, 4 the provider failed to start or crashed, 6 not ready in time.`;

async function homeOf(io: CliIo, flag: string | undefined): Promise<string> {
  const given = flag || io.env.AKASH_LOCALNET_HOME;
  if (given) return resolve(given);
  const { configPath } = await import("../../config/config-file.js");
  return join(dirname(configPath(io.env)), "localnet");
}

function parseOffset(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 30_000) {
    throw new UsageError(`--port-offset must be a whole number from 0 to 30000, not "${value}"`, { option: "--port-offset" });
  }
  return Number(value);
}

function processLine(name: string, p: { state: string; pid?: number; log?: string }): string {
  return `${name.padEnd(9)} ${p.state}${p.pid !== undefined ? ` (pid ${p.pid})` : ""}${p.log !== undefined ? `  log: ${p.log}` : ""}`;
}

export function registerLocalnetCommands(program: Command, io: CliIo): void {
  const localnet = program
    .command("localnet")
    .description("run a local Akash network (node + provider) to try every command without tokens")
    .addHelpText("after", LOCALNET_HELP);

  localnet
    .command("start")
    .description("create (first time) and start the localnet; returns once it is ready")
    .option("--node-binary <path>", "the Akash node binary (or AKASH_NODE_BINARY)")
    .option("--provider-binary <path>", "the provider harness binary (or AKASH_PROVIDER_BINARY)")
    .option("--no-provider", "start only the chain")
    .option("--home <dir>", "where the localnet keeps its data (or AKASH_LOCALNET_HOME)")
    .option("--port-offset <n>", "add n to every port (only when the localnet is created)")
    .option("--inventory <file>", "the provider's synthetic inventory (JSON; see provider-harness/README.md)")
    .option("--timeout <duration>", "how long to wait for readiness", "120s")
    .option("-o, --output <format>", "text, json or yaml")
    .addHelpText(
      "after",
      `
Examples:
  akash localnet start --node-binary ~/akash-bin/akash --provider-binary ~/akash-bin/provider-harness
  AKASH_NODE_BINARY=… AKASH_PROVIDER_BINARY=… akash localnet start -o json
  akash localnet start --no-provider --port-offset 100 --home /tmp/ln2

Running it again reuses what already runs; a node or provider that crashed is reported and restarted.`,
    )
    .action(async (options: StartOptions) => {
      const format = parseOutputFormat(options.output);
      const home = await homeOf(io, options.home);
      const { startLocalnet } = await import("../../localnet/localnet.js");
      const nodeBinary = options.nodeBinary ?? nonEmpty(io.env.AKASH_NODE_BINARY);
      const providerBinary = options.provider === false ? undefined : (options.providerBinary ?? nonEmpty(io.env.AKASH_PROVIDER_BINARY));
      const portOffset = parseOffset(options.portOffset);
      const result = await startLocalnet({
        home,
        ...(nodeBinary !== undefined ? { nodeBinary: resolve(nodeBinary) } : {}),
        ...(providerBinary !== undefined ? { providerBinary: resolve(providerBinary) } : {}),
        ...(portOffset !== undefined ? { portOffset } : {}),
        ...(options.inventory !== undefined ? { inventoryFile: resolve(options.inventory) } : {}),
        readyTimeoutMs: parseDuration(options.timeout, 120_000, "--timeout"),
        onProgress: (event) => io.stderr(`${event.message}\n`),
      });
      for (const which of result.restartedAfterCrash) io.stderr(`warning: the ${which} had stopped without \`akash localnet stop\` (crashed or killed); restarted it\n`);
      if (format !== "text") {
        io.stdout(await renderData(format, result));
        return;
      }
      const lines = [
        `localnet ${result.chainId} ready at height ${result.height}${result.reused.length > 0 ? ` (already running: ${result.reused.join(", ")})` : ""}`,
        `  RPC       ${result.endpoints.rpc}`,
        `  REST      ${result.endpoints.rest}`,
        `  gRPC      ${result.endpoints.grpc}`,
        ...(result.provider.state === "running" ? [`  provider  ${result.endpoints.gateway}  (${result.providerAddress})`] : ["  provider  not started"]),
        `  tenant    ${result.tenantAddress}  (--from local)`,
        `  data      ${result.home}`,
        ...(result.portOffset !== 0 ? [`Endpoints are offset by ${result.portOffset}: run \`eval "$(akash localnet env --home ${result.home})"\``] : [`Try: akash sdl validate examples/static-site.yaml && akash deploy examples/static-site.yaml --network local --from local`]),
      ];
      io.stdout(`${lines.join("\n")}\n`);
    });

  localnet
    .command("stop")
    .description("stop the node and provider (their whole process groups); data is kept")
    .option("--home <dir>", "the localnet's data folder (or AKASH_LOCALNET_HOME)")
    .option("-o, --output <format>", "text, json or yaml")
    .addHelpText("after", "\nExamples:\n  akash localnet stop\n  akash localnet stop --home /tmp/ln2 -o json")
    .action(async (options: HomeOptions) => {
      const format = parseOutputFormat(options.output);
      const { stopLocalnet } = await import("../../localnet/localnet.js");
      const result = await stopLocalnet(await homeOf(io, options.home));
      if (format !== "text") io.stdout(await renderData(format, result));
      else io.stdout(`node ${result.node}, provider ${result.provider}\n`);
    });

  localnet
    .command("status")
    .description("show whether the node and provider run, the height and the endpoints")
    .option("--home <dir>", "the localnet's data folder (or AKASH_LOCALNET_HOME)")
    .option("-o, --output <format>", "text, json or yaml")
    .addHelpText(
      "after",
      "\nExit codes: 0 the node runs (and the provider, if it was started), 3 the node is stopped or crashed,\n4 the provider crashed.\n\nExamples:\n  akash localnet status\n  akash localnet status -o json | jq .height",
    )
    .action(async (options: HomeOptions) => {
      const format = parseOutputFormat(options.output);
      const { localnetStatus } = await import("../../localnet/localnet.js");
      const status = await localnetStatus(await homeOf(io, options.home));
      if (format !== "text") io.stdout(await renderData(format, status));
      else {
        const lines = [
          status.initialized ? `localnet ${status.chainId} in ${status.home}` : `no localnet in ${status.home} (run: akash localnet start)`,
          processLine("node", status.node),
          processLine("provider", status.provider),
          ...(status.height !== null ? [`height    ${status.height}`, `RPC       ${status.endpoints.rpc}`, `REST      ${status.endpoints.rest}`] : []),
          ...(status.provider.state === "running" ? [`gateway   ${status.endpoints.gateway}`] : []),
        ];
        for (const [name, p] of [["node", status.node], ["provider", status.provider]] as const) {
          if (p.state === "crashed") lines.push(`the ${name} CRASHED (it stopped without akash localnet stop); last lines of its log:`, ...p.logTail.map((l) => `  ${l}`));
        }
        io.stdout(`${lines.join("\n")}\n`);
      }
      if (status.node.state === "crashed") io.stderr("akash: error: the localnet node crashed; see its log above, then run `akash localnet start`\n");
      if (status.provider.state === "crashed") io.stderr("akash: error: the localnet provider crashed; see its log, then run `akash localnet start`\n");
      if (status.node.state !== "running") throw new ExitStatus(ExitCode.chain);
      if (status.provider.state === "crashed") throw new ExitStatus(ExitCode.provider);
    });

  localnet
    .command("reset")
    .description("stop the localnet and delete its chain data (the next start creates a new chain)")
    .option("--home <dir>", "the localnet's data folder (or AKASH_LOCALNET_HOME)")
    .option("-y, --yes", "do not ask for confirmation")
    .option("-o, --output <format>", "text, json or yaml")
    .addHelpText("after", "\nExamples:\n  akash localnet reset --yes\n  akash localnet reset --yes && akash localnet start")
    .action(async (options: HomeOptions & { yes?: boolean }) => {
      const format = parseOutputFormat(options.output);
      const home = await homeOf(io, options.home);
      if (options.yes !== true) {
        const { prompterFor, whyNoPrompt } = await import("../prompts.js");
        const prompter = prompterFor(io);
        if (!prompter) throw new UsageError(`resetting deletes the localnet's chain in ${home}; pass --yes to confirm (cannot ask: ${whyNoPrompt(io)})`, { option: "--yes" });
        if (!(await prompter.confirm(`Delete the localnet chain data in ${home}?`, false))) throw new ExitStatus(ExitCode.interrupted);
      }
      const { resetLocalnet } = await import("../../localnet/localnet.js");
      const result = await resetLocalnet(home);
      if (format !== "text") io.stdout(await renderData(format, result));
      else io.stdout(result.removed ? `removed the localnet in ${home}\n` : `no localnet in ${home}\n`);
    });

  localnet
    .command("logs")
    .description("print the node's or the provider's log")
    .argument("[which]", "node or provider", "node")
    .option("--home <dir>", "the localnet's data folder (or AKASH_LOCALNET_HOME)")
    .option("-n, --lines <n>", "how many lines from the end", "50")
    .option("-f, --follow", "keep printing new lines until interrupted")
    .addHelpText("after", "\nExamples:\n  akash localnet logs provider -n 200\n  akash localnet logs node --follow")
    .action(async (which: string, options: HomeOptions & { lines?: string; follow?: boolean }) => {
      if (which !== "node" && which !== "provider") throw new UsageError(`which log: "node" or "provider", not "${which}"`);
      const lines = Number(options.lines ?? "50");
      if (!Number.isInteger(lines) || lines < 0 || lines > 100_000) throw new UsageError(`--lines must be a whole number from 0 to 100000`, { option: "--lines" });
      const { localnetLogFile } = await import("../../localnet/localnet.js");
      const { tailFile, followFile } = await import("../../localnet/processes.js");
      const file = localnetLogFile(await homeOf(io, options.home), which);
      const { safe } = await import("../render/table.js");
      for (const line of tailFile(file, lines, 16 * 1024 * 1024)) io.stdout(`${safe(line)}\n`);
      if (options.follow === true) await followFile(file, (line) => io.stdout(`${safe(line)}\n`));
    });

  localnet
    .command("env")
    .description("print shell exports that point every command at this localnet")
    .option("--home <dir>", "the localnet's data folder (or AKASH_LOCALNET_HOME)")
    .addHelpText("after", '\nExamples:\n  eval "$(akash localnet env)"\n  akash localnet env --home /tmp/ln2')
    .action(async (options: HomeOptions) => {
      const { localnetStatus } = await import("../../localnet/localnet.js");
      const status = await localnetStatus(await homeOf(io, options.home));
      io.stdout(
        [
          "export AKASH_NETWORK=local",
          `export AKASH_NODE=${status.endpoints.rpc}`,
          `export AKASH_REST=${status.endpoints.rest}`,
          `export AKASH_CHAIN_ID=${status.chainId}`,
          "export AKASH_FROM=local",
          "",
        ].join("\n"),
      );
    });

  localnet
    .command("accounts")
    .description("list the localnet's accounts (public test mnemonics with --show-mnemonics)")
    .option("--show-mnemonics", "also print the PUBLIC TEST mnemonics")
    .option("-o, --output <format>", "text, json or yaml")
    .addHelpText("after", "\nExamples:\n  akash localnet accounts\n  akash localnet accounts --show-mnemonics -o json")
    .action(async (options: { output?: string; showMnemonics?: boolean }) => {
      const format = parseOutputFormat(options.output);
      const { localnetAccounts } = await import("../../localnet/accounts.js");
      const accounts = (await localnetAccounts()).map(({ name, role, address, coins, mnemonic }) => ({
        name,
        role,
        address,
        from: name === "tenant" ? "local" : `local-${name}`,
        genesis: coins.map((c) => `${c.amount}${c.denom}`).join(","),
        ...(options.showMnemonics === true ? { mnemonic } : {}),
      }));
      if (format !== "text") {
        io.stdout(await renderData(format, accounts));
        return;
      }
      for (const a of accounts) io.stdout(`${a.from.padEnd(16)} ${a.address}  ${a.genesis}${a.mnemonic !== undefined ? `\n  ${a.mnemonic}` : ""}\n`);
      if (options.showMnemonics === true) io.stderr("These are PUBLIC TEST mnemonics, the same on every machine: never send real funds to them.\n");
    });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value !== "" ? value : undefined;
}
