import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import type { NetworkCheck } from "../../config/check.js";
import type { ResolvedSettings } from "../../config/settings.js";
import type { CliIo } from "../io.js";
import { addNetworkOptions, NETWORK_OPTIONS_HELP, printNotes, resolveNetworkSettings, type NetworkOptionValues } from "../network-options.js";
import { parseOutputFormat, renderData, type OutputFormat } from "../output.js";

// The settings library loads inside the actions only, so `akash --help` never pays for it.

interface OutputOptions {
  output?: string;
}
interface ListOptions extends OutputOptions, NetworkOptionValues {}
interface CheckOptions extends OutputOptions, NetworkOptionValues {
  timeout?: string;
  maxLag?: string;
}

const CONFIG_HELP = `
Examples:
  akash config set network sandbox
  akash config get chain-id -o json
  akash config list
  akash config check --network local --timeout 2

Settings (each also from an environment variable, which wins over the config file):
  network         mainnet, sandbox, testnet or local            AKASH_NETWORK (default mainnet)
  node            CometBFT RPC URL(s), comma-separated          AKASH_NODE (default: the network's)
  rest            REST API URL(s), comma-separated              AKASH_REST (default: the network's)
  chain-id        the chain id nodes must report                AKASH_CHAIN_ID (default: the network's)
  from            the key that signs transactions               AKASH_FROM
  gas-prices      price per unit of gas                         AKASH_GAS_PRICES (default 0.025uakt)
  gas-adjustment  simulated gas is multiplied by this (1-10)    AKASH_GAS_ADJUSTMENT (default 1.5)
  output          default -o: text, json or yaml                AKASH_OUTPUT (default text)
  strict          SDL warnings fail like errors (true/false)    AKASH_STRICT (default false)

Precedence: command-line flag > environment variable > config file > network default. A node,
rest or chain-id set alongside one network is not used with another.

The config file is config.json beside the keystore: $AKASH_HOME, else $XDG_CONFIG_HOME/akash,
else ~/.config/akash.

Exit codes: 0 ok, 1 the config file is damaged, 2 usage error (unknown key, bad value),
3 no endpoint of the chain could be used (config check).`;

export function registerConfigCommands(program: Command, io: CliIo): void {
  const config = program
    .command("config")
    .description("show and change settings: network, endpoints, chain id, signing key, gas")
    .addHelpText("after", CONFIG_HELP);

  config
    .command("set")
    .description("store a setting in the config file")
    .argument("<key>", "the setting (see akash config --help)")
    .argument("<value>", "its value")
    .action(async (key: string, value: string) => {
      const configFile = await import("../../config/config-file.js");
      const { SETTING_SPECS, formatSetting } = await import("../../config/keys.js");
      const path = configFile.configPath(io.env);
      const settingKey = configFile.checkKey(key);
      const stored = await configFile.setConfigValue(path, settingKey, value);
      io.stderr(`Set ${settingKey} = ${formatSetting(settingKey, stored)} in ${path}\n`);
      const envName = SETTING_SPECS[settingKey].env;
      if (nonEmpty(io.env[envName])) io.stderr(`note: ${envName} is set and overrides the config file\n`);
      if (settingKey === "network") {
        const current = await configFile.readConfigDocument(path);
        const bound = (["node", "rest", "chain-id"] as const).filter((k) => current[k] !== undefined);
        if (bound.length > 0) {
          io.stderr(
            `note: the config file also sets ${bound.join(", ")}, which ${bound.length === 1 ? "is" : "are"} used with ${value}; ` +
              `remove with: akash config unset ${bound[0]}\n`,
          );
        }
      }
    });

  config
    .command("get")
    .description("print a setting's effective value (environment, config file or default)")
    .argument("<key>", "the setting (see akash config --help)")
    .option("-o, --output <format>", "text (the value), json or yaml")
    .action(async (key: string, options: OutputOptions) => {
      const { checkKey } = await import("../../config/config-file.js");
      const { describeSource, settingText } = await import("../../config/settings.js");
      const settingKey = checkKey(key);
      const settings = await resolveNetworkSettings(io, {});
      const format = outputFormat(options, settings);
      const source = settings.sources[settingKey];
      const value = settings.values[settingKey] ?? null;
      if (format !== "text") {
        io.stdout(await renderData(format, { key: settingKey, value, source: describeSource(source) }));
      } else if (value === null) {
        io.stderr(`${settingKey} is not set (set it with: akash config set ${settingKey} VALUE)\n`);
      } else {
        io.stdout(`${settingText(settingKey, settings.values)}\n`);
      }
    });

  config
    .command("unset")
    .description("remove a setting from the config file")
    .argument("<key>", "the setting (see akash config --help)")
    .action(async (key: string) => {
      const { configPath, unsetConfigValue } = await import("../../config/config-file.js");
      const path = configPath(io.env);
      const removed = await unsetConfigValue(path, key);
      io.stderr(removed ? `Removed ${key} from ${path}\n` : `${key} was not set in ${path}\n`);
    });

  addNetworkOptions(
    config
      .command("list")
      .description("list every setting with its effective value and where it comes from")
      .option("-o, --output <format>", "text (a table), json or yaml"),
  ).action(async (options: ListOptions) => {
    const { SETTING_KEYS } = await import("../../config/keys.js");
    const { describeSource, settingText } = await import("../../config/settings.js");
    const settings = await resolveNetworkSettings(io, options);
    const format = outputFormat(options, settings);
    const rows = SETTING_KEYS.map((key) => ({
      key,
      value: settings.values[key] ?? null,
      text: settingText(key, settings.values),
      source: describeSource(settings.sources[key]),
    }));
    if (format !== "text") {
      const data = {
        configFile: settings.configPath,
        settings: rows.map(({ key, value, source }) => ({ key, value, source })),
        ignored: settings.ignored.map((i) => ({ key: i.key, value: i.value, source: describeSource(i.source), reason: i.reason })),
      };
      io.stdout(await renderData(format, data));
      return;
    }
    io.stdout(renderTable([["KEY", "VALUE", "SOURCE"], ...rows.map((r) => [r.key, cell(r.value, r.text), r.source])]));
    io.stderr(`Config file: ${settings.configPath}\n`);
  });

  addNetworkOptions(
    config
      .command("check")
      .description(
        "find a working RPC endpoint (skipping dead or lagging ones) and show its chain id, height " +
          "and node version; exits 3 when no endpoint can be used",
      )
      .option("--timeout <seconds>", "how long to wait for each endpoint", "5")
      .option("--max-lag <seconds>", "skip a node whose latest block is older than this", "60")
      .option("-o, --output <format>", "text, json or yaml"),
  )
    .addHelpText("after", `${NETWORK_OPTIONS_HELP}\n\nExit codes: 0 ok, 2 usage error, 3 no endpoint could be used or it serves another chain.`)
    .action(async (options: CheckOptions) => {
      const timeoutMs = Math.round(seconds(options.timeout, "--timeout", 0.001, 300) * 1000);
      const maxLagSeconds = seconds(options.maxLag, "--max-lag", 1, 86_400);
      const settings = await resolveNetworkSettings(io, options);
      const format = outputFormat(options, settings);
      const { checkNetwork } = await import("../../config/check.js");
      const result = await checkNetwork(settings, { timeoutMs, maxLagSeconds });
      await printNotes(io, result.notes);
      io.stdout(format === "text" ? renderCheck(result, Date.now()) : await renderData(format, result));
    });
}

function outputFormat(options: OutputOptions, settings: ResolvedSettings): OutputFormat {
  return parseOutputFormat(options.output ?? settings.values.output);
}

function seconds(raw: string | undefined, option: string, min: number, max: number): number {
  const value = raw !== undefined && /^\d+(\.\d+)?$/u.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(`${option} must be a number of seconds from ${min} to ${max}, not ${JSON.stringify(raw)}`, { option });
  }
  return value;
}

/** A table cell: a list of endpoints shows its first and how many follow (`config get` prints them all). */
function cell(value: unknown, text: string): string {
  if (Array.isArray(value) && value.length > 1) return `${String(value[0])} (+${value.length - 1} more)`;
  return text === "" ? "-" : text;
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== "";
}

function renderTable(rows: readonly (readonly string[])[]): string {
  const columns = rows[0]?.length ?? 0;
  const widths = Array.from({ length: columns - 1 }, (_, col) => Math.max(...rows.map((row) => (row[col] ?? "").length)));
  return rows.map((row) => `${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd()}\n`).join("");
}

function renderCheck(check: NetworkCheck, now: number): string {
  const age = Math.max(0, Math.round((now - Date.parse(check.status.latestBlockTime)) / 1000));
  const discovery = check.discovery;
  const discoveryText =
    discovery.state === "present"
      ? [
          `${discovery.url}`,
          discovery.info.supportedVersions.length > 0
            ? `API ${discovery.info.supportedVersions.map((v) => v.apiVersion).join(", ")}`
            : undefined,
          discovery.info.minClientVersion !== undefined ? `min client ${discovery.info.minClientVersion}` : undefined,
        ]
          .filter((part) => part !== undefined)
          .join(", ")
      : discovery.state === "absent"
        ? `not served by ${discovery.url} (a node before v2.1)`
        : discovery.reason;
  const lines: [string, string][] = [
    ["network", check.network],
    ["chain id", check.chainId],
    ["rpc", check.rpc],
    ["height", check.status.height],
    ["block time", `${check.status.latestBlockTime} (${age} s ago)`],
    ["version", check.version ?? "unknown"],
    ["cometbft", check.status.cometVersion === "" ? "unknown" : check.status.cometVersion],
    ["discovery", discoveryText],
  ];
  return lines.map(([label, value]) => `${`${label}:`.padEnd(12)}${value}\n`).join("");
}
