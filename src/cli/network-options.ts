import type { Command } from "commander";
import type { ResolvedSettings, SettingFlags } from "../config/settings.js";
import type { CliIo } from "./io.js";

// Only types at the top level: the settings code loads inside actions (resolveNetworkSettings),
// so adding these options to a command costs nothing for --help.

/** What commander makes of the options addNetworkOptions adds. */
export interface NetworkOptionValues {
  network?: string;
  node?: string;
  rest?: string;
  chainId?: string;
}

/**
 * Adds --network, --node, --rest and --chain-id to a command that talks to the chain. Read them
 * back with resolveNetworkSettings, which applies flag > environment > config file > network.
 */
export function addNetworkOptions(command: Command): Command {
  return command
    .option("--network <name>", "mainnet, sandbox, testnet or local (default: from AKASH_NETWORK or the config, else mainnet)")
    .option("--node <url>", "CometBFT RPC endpoint; several separated by commas are tried in order (default: the network's)")
    .option("--rest <url>", "REST API endpoint(s), used for node discovery (default: the network's)")
    .option("--chain-id <id>", "the chain id the node must report (default: the network's)");
}

export const NETWORK_OPTIONS_HELP = `
Network options: --network picks a built-in network (its chain id and several endpoints, tried
in order: a dead or lagging one is skipped with a note). --node, --rest and --chain-id override
parts of it. Each also comes from AKASH_NETWORK, AKASH_NODE, AKASH_REST, AKASH_CHAIN_ID or the
config file (akash config set), in that order of precedence after the flag.`;

export function networkFlags(options: NetworkOptionValues): SettingFlags {
  return { network: options.network, node: options.node, rest: options.rest, "chain-id": options.chainId };
}

/** The effective settings for a command, with notes on stderr for values that were ignored. */
export async function resolveNetworkSettings(
  io: CliIo,
  options: NetworkOptionValues,
  extraFlags: SettingFlags = {},
): Promise<ResolvedSettings> {
  const { loadSettings, describeSource } = await import("../config/settings.js");
  const settings = await loadSettings({ env: io.env, flags: { ...extraFlags, ...networkFlags(options) } });
  for (const ignored of settings.ignored) {
    io.stderr(`note: ignoring ${ignored.key} ${ignored.value} from ${describeSource(ignored.source)}: ${ignored.reason}\n`);
  }
  return settings;
}

/** Prints library notes ("skipped URL: why") on stderr, one per line. */
export async function printNotes(io: CliIo, notes: readonly string[]): Promise<void> {
  if (notes.length === 0) return;
  // Notes quote what nodes answered (chain ids, errors): escape them before the terminal sees them.
  const { printable } = await import("../sdl/printable.js");
  for (const note of notes) io.stderr(`note: ${printable(note)}\n`);
}
