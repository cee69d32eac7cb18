/** Networks, settings and endpoint selection: what chain commands use to find the chain. */
export {
  DEFAULT_GAS_ADJUSTMENT,
  DEFAULT_GAS_PRICES,
  DEFAULT_NETWORK,
  DENOMS,
  NETWORKS,
  NETWORK_NAMES,
  isNetworkName,
  networkDefinition,
  type NetworkDefinition,
  type NetworkName,
} from "./networks.js";
export {
  OUTPUT_SETTINGS,
  SETTING_KEYS,
  SETTING_SPECS,
  isSettingKey,
  parseSetting,
  settingKeyProblem,
  type OutputSetting,
  type SettingKey,
  type SettingValue,
  type Settings,
} from "./keys.js";
export {
  CONFIG_FILE,
  configPath,
  readConfigFile,
  setConfigValue,
  unsetConfigValue,
  writeConfigFile,
  type ConfigValues,
  type Env,
} from "./config-file.js";
export {
  describeSource,
  loadSettings,
  resolveSettings,
  settingText,
  type IgnoredSetting,
  type ResolvedSettings,
  type SettingFlags,
  type SettingSource,
} from "./settings.js";
export {
  DEFAULT_MAX_LAG_SECONDS,
  DEFAULT_TIMEOUT_MS,
  probeRpc,
  selectEndpoint,
  type EndpointSelection,
  type NodeStatus,
  type ProbeOptions,
  type ProbeResult,
  type SelectOptions,
} from "./endpoints.js";
export { DISCOVERY_PATH, nodeInfo, parseDiscovery, type Discovery, type DiscoveryInfo, type NodeInfo } from "./node-info.js";
export { checkNetwork, nodeVersionNote, type NetworkCheck } from "./check.js";
export type { FetchFn } from "./http.js";
