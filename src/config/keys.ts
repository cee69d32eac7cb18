/**
 * The settings `akash config` manages: their names, environment variables, flags, and the rules
 * each value must follow. Parsing a value returns it normalised or a problem in words; callers
 * add where the value came from (the key, a flag, a variable or the config file).
 */
import { editDistance } from "../sdl/suggest.js";
import { KEY_NAME_PATTERN } from "../wallet/names.js";
import { NETWORK_NAMES, isNetworkName, type NetworkDefinition, type NetworkName } from "./networks.js";

export const SETTING_KEYS = ["network", "node", "rest", "chain-id", "from", "gas-prices", "gas-adjustment", "output", "strict"] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export const OUTPUT_SETTINGS = ["text", "json", "yaml"] as const;
export type OutputSetting = (typeof OUTPUT_SETTINGS)[number];

/** Every setting with its effective value; `from` alone may have none. */
export interface Settings {
  readonly network: NetworkName;
  /** CometBFT RPC endpoints, in order of preference. */
  readonly node: readonly string[];
  /** REST (API) endpoints, in order of preference. */
  readonly rest: readonly string[];
  readonly "chain-id": string;
  /** The key that signs transactions. */
  readonly from: string | undefined;
  /** One DecCoin, e.g. 0.025uakt. */
  readonly "gas-prices": string;
  readonly "gas-adjustment": number;
  /** The default for -o. */
  readonly output: OutputSetting;
  /** `akash sdl validate|compile`: warnings fail like errors (for CI). */
  readonly strict: boolean;
}

export type SettingValue<K extends SettingKey> = NonNullable<Settings[K]>;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

export interface SettingSpec<K extends SettingKey> {
  readonly key: K;
  /** The environment variable that overrides the config file. */
  readonly env: string;
  /** The command-line flag, on commands that take it. */
  readonly flag: string;
  readonly summary: string;
  /** Valid values, for help and error messages. */
  readonly expected: string;
  /**
   * Tied to one network: a value set alongside one network is not used for another (see
   * resolveSettings).
   */
  readonly networkBound: boolean;
  parse(raw: string): Parsed<SettingValue<K>>;
  /** How a value is shown and written back to the config file. */
  format(value: SettingValue<K>): string;
  /** The value a network gives when nothing else does; undefined when there is none. */
  fromNetwork(network: NetworkDefinition): Settings[K];
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(problem: string): Parsed<T> => ({ ok: false, problem });

const CHAIN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/u;
/** Cosmos SDK DecCoin: a non-negative decimal and a denom (sdk.coin's denom rule). */
const DEC_COIN = /^(\d{1,30}(?:\.\d{1,18})?)([A-Za-z][A-Za-z0-9/:._-]{2,127})$/u;
const DECIMAL = /^\d{1,6}(?:\.\d{1,6})?$/u;
export const MIN_GAS_ADJUSTMENT = 1;
export const MAX_GAS_ADJUSTMENT = 10;

/** One endpoint URL, or several separated by commas, in order of preference. */
function parseUrls(raw: string, allowTcp: boolean): Parsed<readonly string[]> {
  const parts = raw.split(",").map((part) => part.trim());
  if (parts.length === 0 || parts.some((part) => part === "")) {
    return bad("must be a URL, or several separated by commas, with none empty");
  }
  const urls: string[] = [];
  for (const part of parts) {
    const parsed = parseUrl(part, allowTcp);
    if (!parsed.ok) return parsed;
    if (!urls.includes(parsed.value)) urls.push(parsed.value);
  }
  return ok(urls);
}

function parseUrl(text: string, allowTcp: boolean): Parsed<string> {
  // CometBFT and the Go CLI write tcp://host:26657 for plain HTTP.
  const spelled = allowTcp && /^tcp:\/\//iu.test(text) ? `http://${text.slice("tcp://".length)}` : text;
  let url: URL;
  try {
    url = new URL(spelled);
  } catch {
    return bad(`${JSON.stringify(text)} is not a URL; write it like https://rpc.example.com:443`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return bad(`${JSON.stringify(text)} must start with https:// or http://${allowTcp ? " (or tcp://)" : ""}`);
  }
  if (url.search !== "" || url.hash !== "") return bad(`${JSON.stringify(text)} must not have a ?query or #fragment`);
  if (url.username !== "" || url.password !== "") return bad(`${JSON.stringify(text)} must not contain a user name or password`);
  // Kept as written (a default port stays visible), without trailing slashes, so paths join cleanly.
  return ok(spelled.replace(/\/+$/u, ""));
}

export const SETTING_SPECS: { readonly [K in SettingKey]: SettingSpec<K> } = {
  network: {
    key: "network",
    env: "AKASH_NETWORK",
    flag: "--network",
    summary: "the network whose chain id and endpoints are used",
    expected: NETWORK_NAMES.join(", "),
    networkBound: false,
    parse: (raw) => (isNetworkName(raw) ? ok(raw) : bad(`must be one of ${NETWORK_NAMES.join(", ")}`)),
    format: (value) => value,
    fromNetwork: (network) => network.name,
  },
  node: {
    key: "node",
    env: "AKASH_NODE",
    flag: "--node",
    summary: "CometBFT RPC endpoint(s), tried in order",
    expected: "a URL such as https://rpc.example.com:443, or several separated by commas",
    networkBound: true,
    parse: (raw) => parseUrls(raw, true),
    format: (value) => value.join(","),
    fromNetwork: (network) => network.rpc,
  },
  rest: {
    key: "rest",
    env: "AKASH_REST",
    flag: "--rest",
    summary: "REST (API) endpoint(s), tried in order",
    expected: "a URL such as https://api.example.com:443, or several separated by commas",
    networkBound: true,
    parse: (raw) => parseUrls(raw, false),
    format: (value) => value.join(","),
    fromNetwork: (network) => network.rest,
  },
  "chain-id": {
    key: "chain-id",
    env: "AKASH_CHAIN_ID",
    flag: "--chain-id",
    summary: "the chain id every endpoint must report",
    expected: "1 to 50 letters, digits, '.', '_' or '-', e.g. akashnet-2",
    networkBound: true,
    parse: (raw) =>
      CHAIN_ID.test(raw) ? ok(raw) : bad("must be 1 to 50 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. akashnet-2)"),
    format: (value) => value,
    fromNetwork: (network) => network.chainId,
  },
  from: {
    key: "from",
    env: "AKASH_FROM",
    flag: "--from",
    summary: "the key that signs transactions (a name from akash keys list)",
    expected: "a key name",
    networkBound: false,
    parse: (raw) =>
      KEY_NAME_PATTERN.test(raw)
        ? ok(raw)
        : bad("must be a key name: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"),
    format: (value) => value,
    fromNetwork: () => undefined,
  },
  "gas-prices": {
    key: "gas-prices",
    env: "AKASH_GAS_PRICES",
    flag: "--gas-prices",
    summary: "the price paid per unit of gas",
    expected: "an amount and a denom, e.g. 0.025uakt",
    networkBound: false,
    parse: (raw) => {
      const match = DEC_COIN.exec(raw);
      if (match === null) return bad("must be an amount and a denom with nothing between, e.g. 0.025uakt (fees are paid in uakt)");
      return ok(raw);
    },
    format: (value) => value,
    fromNetwork: (network) => network.gasPrices,
  },
  "gas-adjustment": {
    key: "gas-adjustment",
    env: "AKASH_GAS_ADJUSTMENT",
    flag: "--gas-adjustment",
    summary: "simulated gas is multiplied by this",
    expected: `a number from ${MIN_GAS_ADJUSTMENT} to ${MAX_GAS_ADJUSTMENT}, e.g. 1.5`,
    networkBound: false,
    parse: (raw) => {
      const value = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
      if (!(value >= MIN_GAS_ADJUSTMENT && value <= MAX_GAS_ADJUSTMENT)) {
        return bad(`must be a number from ${MIN_GAS_ADJUSTMENT} to ${MAX_GAS_ADJUSTMENT}, e.g. 1.5 (below 1, transactions run out of gas)`);
      }
      return ok(value);
    },
    format: (value) => String(value),
    fromNetwork: (network) => network.gasAdjustment,
  },
  output: {
    key: "output",
    env: "AKASH_OUTPUT",
    flag: "--output",
    summary: "the default output format (-o)",
    expected: OUTPUT_SETTINGS.join(", "),
    networkBound: false,
    parse: (raw) =>
      (OUTPUT_SETTINGS as readonly string[]).includes(raw) ? ok(raw as OutputSetting) : bad(`must be one of ${OUTPUT_SETTINGS.join(", ")}`),
    format: (value) => value,
    fromNetwork: () => "text",
  },
  strict: {
    key: "strict",
    env: "AKASH_STRICT",
    flag: "--strict",
    summary: "SDL warnings fail validation like errors (exit code 1)",
    expected: "true or false",
    networkBound: false,
    parse: (raw) => {
      const lower = raw.toLowerCase();
      if (lower === "true" || lower === "1") return ok(true);
      if (lower === "false" || lower === "0") return ok(false);
      return bad("must be true or false");
    },
    format: (value) => String(value),
    fromNetwork: () => false,
  },
};

export function isSettingKey(name: string): name is SettingKey {
  return (SETTING_KEYS as readonly string[]).includes(name);
}

/** Why `name` is not a setting, with the closest one when it looks like a typo; null when it is one. */
export function settingKeyProblem(name: string): string | null {
  if (isSettingKey(name)) return null;
  const closest = closestKey(name);
  const hint = closest === undefined ? "" : ` (did you mean "${closest}"?)`;
  return `unknown setting ${JSON.stringify(name)}${hint}; the settings are: ${SETTING_KEYS.join(", ")}`;
}

function closestKey(name: string): SettingKey | undefined {
  if (name.length > 64) return undefined;
  const lower = name.toLowerCase().replaceAll("_", "-");
  let best: SettingKey | undefined;
  let bestDistance = Infinity;
  for (const key of SETTING_KEYS) {
    const distance = editDistance(lower, key);
    if (distance < bestDistance) {
      best = key;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** Parses `raw` for `key`; the problem, if any, names the key and where the value came from. */
export function parseSetting<K extends SettingKey>(key: K, raw: string, where: string): Parsed<SettingValue<K>> {
  const spec: SettingSpec<K> = SETTING_SPECS[key];
  const parsed = spec.parse(raw.trim());
  if (parsed.ok) return parsed;
  const origin = where === key ? "" : ` (from ${where})`;
  return bad(`invalid ${key} ${JSON.stringify(raw)}${origin}: ${parsed.problem}`);
}

export function formatSetting<K extends SettingKey>(key: K, value: SettingValue<K>): string {
  const spec: SettingSpec<K> = SETTING_SPECS[key];
  return spec.format(value);
}
