/**
 * One-time creation of a localnet's data with the node's own CLI: genesis with funded accounts,
 * a validator, and config files set for ~1 s blocks on 127.0.0.1 only. Every step's failure is a
 * LocalnetError carrying the command and the tail of its output.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { VALIDATOR_STAKE, type LocalnetAccount } from "./accounts.js";
import { LocalnetError } from "./errors.js";
import { LOCALNET_CHAIN_ID, LOCALNET_MONIKER, type LocalnetLayout, type LocalnetPorts } from "./layout.js";
import { runTool, type ToolResult } from "./processes.js";
import { setTomlValues } from "./toml.js";

/**
 * The environment for the node's and provider's programs: ours minus every AKASH_* / AP_*
 * variable, which those programs read as flags (AKASH_HOME would move the node's home,
 * AKASH_CHAIN_ID would make `genesis init` try to download a genesis).
 */
export function scrubbedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("AKASH_") && !key.startsWith("AP_")) env[key] = value;
  }
  return env;
}

export async function nodeTool(
  binary: string,
  args: readonly string[],
  what: string,
  options: { input?: string; timeoutMs?: number } = {},
): Promise<ToolResult> {
  let result: ToolResult;
  try {
    result = await runTool(binary, args, { env: scrubbedEnv(), input: options.input ?? "", timeoutMs: options.timeoutMs ?? 120_000 });
  } catch (error) {
    throw new LocalnetError("INIT_FAILED", `could not run ${binary} to ${what}: ${(error as Error).message}`, { binary, args }, { cause: error });
  }
  if (result.code !== 0) {
    const output = `${result.stderr}\n${result.stdout}`.trim().split("\n").slice(-15).join("\n");
    throw new LocalnetError("INIT_FAILED", `${what} failed (\`${binary} ${args.join(" ")}\` exited ${result.code ?? result.signal}):\n${output}`, {
      binary,
      args,
      exitCode: result.code,
      output,
    });
  }
  return result;
}

export interface SetupInput {
  readonly nodeBinary: string;
  readonly layout: LocalnetLayout;
  readonly ports: LocalnetPorts;
  readonly accounts: readonly LocalnetAccount[];
}

function account(accounts: readonly LocalnetAccount[], name: string): LocalnetAccount {
  const found = accounts.find((a) => a.name === name);
  if (!found) throw new Error(`no localnet account named ${name}`);
  return found;
}

const coinList = (coins: LocalnetAccount["coins"]) =>
  [...coins].sort((a, b) => (a.denom < b.denom ? -1 : 1)).map((c) => `${c.amount}${c.denom}`).join(",");

/** Creates genesis, keys and configuration under `layout.nodeHome` and the provider's keyring. */
export async function createChainData({ nodeBinary, layout, ports, accounts }: SetupInput): Promise<void> {
  const home = ["--home", layout.nodeHome];
  mkdirSync(layout.nodeHome, { recursive: true, mode: 0o700 });
  mkdirSync(layout.providerHome, { recursive: true, mode: 0o700 });
  // No chain id here: with one, `genesis init` first tries to download a genesis from GitHub.
  await nodeTool(nodeBinary, ["genesis", "init", LOCALNET_MONIKER, ...home], "initialise the node");
  const genesisPath = join(layout.nodeHome, "config", "genesis.json");
  const genesis = JSON.parse(readFileSync(genesisPath, "utf8")) as Record<string, unknown>;
  genesis.chain_id = LOCALNET_CHAIN_ID;
  writeFileSync(genesisPath, `${JSON.stringify(genesis, null, 2)}\n`);

  const keyring = ["--keyring-backend", "test"];
  const validator = account(accounts, "validator");
  const provider = account(accounts, "provider");
  await nodeTool(nodeBinary, ["keys", "add", "validator", "--recover", ...keyring, ...home], "import the validator key", { input: `${validator.mnemonic}\n` });
  await nodeTool(nodeBinary, ["keys", "add", "provider", "--recover", ...keyring, "--home", layout.providerHome], "import the provider key", {
    input: `${provider.mnemonic}\n`,
  });
  for (const a of accounts) {
    await nodeTool(nodeBinary, ["genesis", "add-account", a.address, coinList(a.coins), ...home], `fund ${a.name} in genesis`);
  }
  await nodeTool(
    nodeBinary,
    ["genesis", "gentx", "validator", `${VALIDATOR_STAKE.amount}${VALIDATOR_STAKE.denom}`, "--min-self-delegation", "1", "--chain-id", LOCALNET_CHAIN_ID, ...keyring, ...home],
    "create the validator's genesis transaction",
  );
  await nodeTool(nodeBinary, ["genesis", "collect", ...home], "collect genesis transactions");
  await nodeTool(nodeBinary, ["genesis", "validate", ...home], "validate genesis");

  const configToml = join(layout.nodeHome, "config", "config.toml");
  writeFileSync(
    configToml,
    setTomlValues(readFileSync(configToml, "utf8"), [
      ["", "proxy_app", `"tcp://127.0.0.1:${ports.abci}"`],
      ["rpc", "laddr", `"tcp://127.0.0.1:${ports.rpc}"`],
      ["rpc", "pprof_laddr", `""`],
      ["p2p", "laddr", `"tcp://127.0.0.1:${ports.p2p}"`],
      ["p2p", "external_address", `""`],
      ["p2p", "seeds", `""`],
      ["p2p", "persistent_peers", `""`],
      ["p2p", "pex", "false"],
      ["p2p", "addr_book_strict", "false"],
      ["consensus", "timeout_commit", `"1s"`],
      ["consensus", "timeout_propose", `"1s"`],
      ["instrumentation", "prometheus", "false"],
      ["tx_index", "indexer", `"kv"`],
    ]),
  );
  const appToml = join(layout.nodeHome, "config", "app.toml");
  writeFileSync(
    appToml,
    setTomlValues(readFileSync(appToml, "utf8"), [
      ["api", "enable", "true"],
      ["api", "address", `"tcp://127.0.0.1:${ports.rest}"`],
      ["grpc", "enable", "true"],
      ["grpc", "address", `"127.0.0.1:${ports.grpc}"`],
    ]),
  );
}
