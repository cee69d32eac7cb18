/**
 * Effective settings: each value from the first of a command-line flag, an environment variable,
 * the config file, and the network's (or the built-in) default, with where it came from.
 *
 * Endpoints and the chain id belong to one network, so a node, rest or chain-id value is used only
 * with the network in effect where it was set: a config file that says `network: sandbox` and
 * `node: X` keeps X for sandbox, but `--network mainnet` (or AKASH_NETWORK=mainnet) then uses
 * mainnet's endpoints, not X. Such values are reported in `ignored`.
 */
import { UsageError } from "../errors.js";
import { configPath, readConfigFile, type ConfigFs, type ConfigValues, type Env } from "./config-file.js";
import { SETTING_KEYS, SETTING_SPECS, formatSetting, parseSetting, type SettingKey, type SettingValue, type Settings } from "./keys.js";
import { DEFAULT_NETWORK, NETWORKS, type NetworkDefinition, type NetworkName } from "./networks.js";

export type SettingSource =
  | { readonly kind: "flag"; readonly name: string }
  | { readonly kind: "env"; readonly name: string }
  | { readonly kind: "config"; readonly path: string }
  | { readonly kind: "network"; readonly network: NetworkName }
  | { readonly kind: "default" }
  | { readonly kind: "unset" };

/** A value that was set but not used, and why. */
export interface IgnoredSetting {
  readonly key: SettingKey;
  readonly value: string;
  readonly source: SettingSource;
  readonly reason: string;
}

export interface ResolvedSettings {
  readonly values: Settings;
  readonly sources: { readonly [K in SettingKey]: SettingSource };
  readonly ignored: readonly IgnoredSetting[];
  readonly network: NetworkDefinition;
  /** True when the RPC endpoints were chosen by the user rather than taken from the network. */
  readonly nodePinned: boolean;
  readonly restPinned: boolean;
  readonly configPath: string;
}

/** Raw command-line values by setting; absent or undefined when the flag was not given. */
export type SettingFlags = { readonly [K in SettingKey]?: string | undefined };

export interface SettingsInput {
  readonly flags?: SettingFlags;
  readonly env: Env;
  /** The checked config file (readConfigFile). */
  readonly config: ConfigValues;
  readonly configPath: string;
}

interface Layer {
  readonly rank: number;
  readonly sourceOf: (key: SettingKey) => SettingSource;
  readonly values: { readonly [K in SettingKey]?: SettingValue<K> };
}

/** The config file, then the environment, then flags; a bad flag or variable is a UsageError naming it. */
export function resolveSettings(input: SettingsInput): ResolvedSettings {
  // Highest precedence first.
  const layers: readonly Layer[] = [
    flagLayer(input.flags ?? {}),
    envLayer(input.env),
    { rank: 1, sourceOf: () => ({ kind: "config", path: input.configPath }), values: input.config },
  ];
  // The network first: the others may depend on it.
  const networkPick = pick(layers, "network");
  const networkName: NetworkName = networkPick?.value ?? DEFAULT_NETWORK;
  const network = NETWORKS[networkName];
  const networkSource: SettingSource = networkPick?.source ?? { kind: "default" };

  /** The network in effect at a layer: set there or below, else the default. */
  const networkAt = (rank: number): NetworkName => {
    for (const layer of layers) {
      const value = layer.values.network;
      if (layer.rank <= rank && value !== undefined) return value;
    }
    return DEFAULT_NETWORK;
  };

  const ignored: IgnoredSetting[] = [];
  const values: Partial<Record<SettingKey, unknown>> = { network: networkName };
  const sources: Partial<Record<SettingKey, SettingSource>> = { network: networkSource };
  for (const key of SETTING_KEYS) {
    if (key === "network") continue;
    const spec = SETTING_SPECS[key];
    let chosen: { value: unknown; source: SettingSource } | undefined;
    for (const layer of layers) {
      const value = layer.values[key];
      if (value === undefined) continue;
      const setFor = networkAt(layer.rank);
      if (spec.networkBound && setFor !== networkName) {
        ignored.push({
          key,
          value: formatSetting(key, value as SettingValue<typeof key>),
          source: layer.sourceOf(key),
          reason: `it was set for ${setFor}, but the network is ${networkName} (from ${describeSource(networkSource)})`,
        });
        continue;
      }
      chosen = { value, source: layer.sourceOf(key) };
      break;
    }
    if (chosen === undefined) {
      const fallback = (spec.fromNetwork as (n: NetworkDefinition) => unknown)(network);
      const source: SettingSource =
        fallback === undefined ? { kind: "unset" } : spec.networkBound ? { kind: "network", network: networkName } : { kind: "default" };
      chosen = { value: fallback, source };
    }
    values[key] = chosen.value;
    sources[key] = chosen.source;
  }
  const nodeSource = sources.node as SettingSource;
  const restSource = sources.rest as SettingSource;
  return {
    values: values as unknown as Settings,
    sources: sources as { [K in SettingKey]: SettingSource },
    ignored,
    network,
    nodePinned: nodeSource.kind !== "network",
    restPinned: restSource.kind !== "network",
    configPath: input.configPath,
  };
}

/** Reads the config file beside the keystore and resolves; `env` is the CLI's environment. */
export async function loadSettings(
  options: { readonly env: Env; readonly flags?: SettingFlags; readonly home?: string },
  fs?: ConfigFs,
): Promise<ResolvedSettings> {
  const path = configPath(options.env, options.home);
  const config = await readConfigFile(path, fs);
  return resolveSettings({ env: options.env, config, configPath: path, ...(options.flags ? { flags: options.flags } : {}) });
}

/** Short words for a source, as `config list` shows them. */
export function describeSource(source: SettingSource): string {
  switch (source.kind) {
    case "flag":
    case "env":
      return source.name;
    case "config":
      return "config file";
    case "network":
      return `network ${source.network}`;
    case "default":
      return "default";
    case "unset":
      return "unset";
  }
}

/** A setting's value as text ("" when unset). */
export function settingText<K extends SettingKey>(key: K, values: Settings): string {
  const value = values[key];
  return value === undefined ? "" : formatSetting(key, value as SettingValue<K>);
}

/** The value from the highest layer that has one. */
function pick<K extends SettingKey>(layers: readonly Layer[], key: K): { value: SettingValue<K>; source: SettingSource } | undefined {
  for (const layer of layers) {
    const value = layer.values[key];
    if (value !== undefined) return { value: value as SettingValue<K>, source: layer.sourceOf(key) };
  }
  return undefined;
}

function envLayer(env: Env): Layer {
  const values: Partial<Record<SettingKey, unknown>> = {};
  for (const key of SETTING_KEYS) {
    const name = SETTING_SPECS[key].env;
    const raw = env[name];
    // An empty variable counts as unset, as everywhere else in akash.
    if (raw === undefined || raw.trim() === "") continue;
    values[key] = parsed(key, raw, name, { env: name });
  }
  return { rank: 2, sourceOf: (key) => ({ kind: "env", name: SETTING_SPECS[key].env }), values: values as Layer["values"] };
}

function flagLayer(flags: SettingFlags): Layer {
  const values: Partial<Record<SettingKey, unknown>> = {};
  for (const key of SETTING_KEYS) {
    const raw = flags[key];
    if (raw === undefined) continue;
    values[key] = parsed(key, raw, SETTING_SPECS[key].flag, { option: SETTING_SPECS[key].flag });
  }
  return { rank: 3, sourceOf: (key) => ({ kind: "flag", name: SETTING_SPECS[key].flag }), values: values as Layer["values"] };
}

function parsed(key: SettingKey, raw: string, where: string, data: Record<string, unknown>): unknown {
  const result = parseSetting(key, raw, where);
  if (!result.ok) throw new UsageError(result.problem, { key, ...data });
  return result.value;
}
