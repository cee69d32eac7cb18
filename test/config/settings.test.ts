import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ConfigValues } from "../../src/config/config-file.js";
import type { SettingKey } from "../../src/config/keys.js";
import { NETWORKS } from "../../src/config/networks.js";
import { describeSource, resolveSettings, settingText, type SettingFlags } from "../../src/config/settings.js";
import { UsageError } from "../../src/errors.js";

const PATH = "/home/u/.config/akash/config.json";

function resolve(layers: { config?: ConfigValues; env?: Record<string, string>; flags?: SettingFlags }) {
  return resolveSettings({ config: layers.config ?? {}, env: layers.env ?? {}, flags: layers.flags ?? {}, configPath: PATH });
}

/** key → [value as text, source as `config list` shows it] */
type Expect = Partial<Record<SettingKey, [string, string]>>;

function check(layers: Parameters<typeof resolve>[0], expected: Expect): void {
  const settings = resolve(layers);
  for (const [key, [value, source]] of Object.entries(expected) as [SettingKey, [string, string]][]) {
    assert.equal(settingText(key, settings.values), value, `${key} value`);
    assert.equal(describeSource(settings.sources[key]), source, `${key} source`);
  }
}

describe("precedence: flag > environment > config file > network default", () => {
  const mainnetRpc = NETWORKS.mainnet.rpc.join(",");
  const cases: { name: string; layers: Parameters<typeof resolve>[0]; expect: Expect }[] = [
    {
      name: "nothing set: mainnet and its defaults",
      layers: {},
      expect: {
        network: ["mainnet", "default"],
        node: [mainnetRpc, "network mainnet"],
        rest: [NETWORKS.mainnet.rest.join(","), "network mainnet"],
        "chain-id": ["akashnet-2", "network mainnet"],
        from: ["", "unset"],
        "gas-prices": ["0.025uakt", "default"],
        "gas-adjustment": ["1.5", "default"],
        output: ["text", "default"],
      },
    },
    {
      name: "config file only",
      layers: { config: { network: "sandbox", from: "main", "gas-prices": "0.03uakt", "gas-adjustment": 1.3, output: "json" } },
      expect: {
        network: ["sandbox", "config file"],
        node: ["https://rpc.sandbox-2.aksh.pw:443", "network sandbox"],
        "chain-id": ["sandbox-2", "network sandbox"],
        from: ["main", "config file"],
        "gas-prices": ["0.03uakt", "config file"],
        "gas-adjustment": ["1.3", "config file"],
        output: ["json", "config file"],
      },
    },
    {
      name: "environment over config file",
      layers: {
        config: { network: "sandbox", from: "main", "gas-adjustment": 1.3 },
        env: { AKASH_NETWORK: "testnet", AKASH_FROM: "ci", AKASH_GAS_ADJUSTMENT: "2", AKASH_GAS_PRICES: "0.05uakt", AKASH_OUTPUT: "yaml" },
      },
      expect: {
        network: ["testnet", "AKASH_NETWORK"],
        "chain-id": ["testnet-oracle", "network testnet"],
        from: ["ci", "AKASH_FROM"],
        "gas-adjustment": ["2", "AKASH_GAS_ADJUSTMENT"],
        "gas-prices": ["0.05uakt", "AKASH_GAS_PRICES"],
        output: ["yaml", "AKASH_OUTPUT"],
      },
    },
    {
      name: "flags over environment over config file",
      layers: {
        config: { network: "sandbox", node: ["http://127.0.0.1:1"], "chain-id": "x-1" },
        env: { AKASH_NETWORK: "local", AKASH_NODE: "http://127.0.0.1:2", AKASH_CHAIN_ID: "y-2", AKASH_REST: "http://127.0.0.1:3" },
        flags: { network: "local", node: "http://127.0.0.1:4,http://127.0.0.1:5", "chain-id": "z-3" },
      },
      expect: {
        network: ["local", "--network"],
        node: ["http://127.0.0.1:4,http://127.0.0.1:5", "--node"],
        rest: ["http://127.0.0.1:3", "AKASH_REST"],
        "chain-id": ["z-3", "--chain-id"],
      },
    },
    {
      name: "empty environment variables count as unset",
      layers: { config: { network: "local", from: "main" }, env: { AKASH_NETWORK: "", AKASH_FROM: "  " } },
      expect: { network: ["local", "config file"], from: ["main", "config file"] },
    },
    {
      name: "a node set with the network it was set for is kept (config file: network and node together)",
      layers: { config: { network: "local", node: ["http://127.0.0.1:36657"] } },
      expect: { node: ["http://127.0.0.1:36657", "config file"], "chain-id": ["akash-local", "network local"] },
    },
    {
      name: "AKASH_NODE with the config file's network: used (the environment's network is the config's)",
      layers: { config: { network: "sandbox" }, env: { AKASH_NODE: "https://my-sandbox-node.example:443" } },
      expect: { network: ["sandbox", "config file"], node: ["https://my-sandbox-node.example:443", "AKASH_NODE"] },
    },
    {
      name: "--node without --network: the network in effect is still the default or configured one",
      layers: { flags: { node: "http://127.0.0.1:9" } },
      expect: { network: ["mainnet", "default"], node: ["http://127.0.0.1:9", "--node"], "chain-id": ["akashnet-2", "network mainnet"] },
    },
    {
      name: "tcp:// RPC URLs (CometBFT's spelling) become http://, and a trailing slash goes",
      layers: { env: { AKASH_NODE: "tcp://127.0.0.1:26657/" } },
      expect: { node: ["http://127.0.0.1:26657", "AKASH_NODE"] },
    },
  ];
  for (const c of cases) test(c.name, () => check(c.layers, c.expect));
});

describe("endpoints and chain id belong to the network they were set with", () => {
  test("--network ignores the config file's node, rest and chain-id set for another network, and says so", () => {
    const settings = resolve({
      config: { network: "sandbox", node: ["https://my-sandbox.example"], rest: ["https://my-sandbox-api.example"], "chain-id": "sandbox-2" },
      flags: { network: "mainnet" },
    });
    assert.deepEqual(settings.values.node, NETWORKS.mainnet.rpc);
    assert.equal(settings.values["chain-id"], "akashnet-2");
    assert.equal(settings.nodePinned, false);
    assert.deepEqual(
      settings.ignored.map((i) => [i.key, i.value, describeSource(i.source), i.reason]),
      ["node", "rest", "chain-id"].map((key) => [
        key,
        { node: "https://my-sandbox.example", rest: "https://my-sandbox-api.example", "chain-id": "sandbox-2" }[key],
        "config file",
        "it was set for sandbox, but the network is mainnet (from --network)",
      ]),
    );
  });

  test("AKASH_NETWORK ignores a config node that was set while the config file meant mainnet (the default)", () => {
    const settings = resolve({ config: { node: ["https://my-mainnet.example"] }, env: { AKASH_NETWORK: "sandbox" } });
    assert.deepEqual(settings.values.node, NETWORKS.sandbox.rpc);
    assert.equal(settings.ignored[0]?.reason, "it was set for mainnet, but the network is sandbox (from AKASH_NETWORK)");
  });

  test("a lower layer set for the chosen network is used when a higher one was for another", () => {
    // --network sandbox. AKASH_NODE was set beside AKASH_NETWORK=local: ignored. The config
    // file's node was set beside its network sandbox: used.
    const settings = resolve({
      config: { network: "sandbox", node: ["https://sandbox-node.example"] },
      env: { AKASH_NETWORK: "local", AKASH_NODE: "http://127.0.0.1:26657" },
      flags: { network: "sandbox" },
    });
    assert.deepEqual(settings.values.node, ["https://sandbox-node.example"]);
    assert.equal(describeSource(settings.sources.node), "config file");
    assert.deepEqual(
      settings.ignored.map((i) => [i.key, describeSource(i.source)]),
      [["node", "AKASH_NODE"]],
    );
  });

  test("the same network named again at a higher level keeps the lower level's node", () => {
    const settings = resolve({ config: { network: "local", node: ["http://127.0.0.1:36657"] }, flags: { network: "local" } });
    assert.deepEqual(settings.values.node, ["http://127.0.0.1:36657"]);
    assert.deepEqual(settings.ignored, []);
    assert.equal(settings.nodePinned, true);
    assert.equal(settings.restPinned, false);
  });

  test("not network-bound settings (from, gas) carry across networks", () => {
    const settings = resolve({ config: { network: "sandbox", from: "main", "gas-prices": "0.03uakt" }, flags: { network: "mainnet" } });
    assert.equal(settings.values.from, "main");
    assert.equal(settings.values["gas-prices"], "0.03uakt");
    assert.deepEqual(settings.ignored, []);
  });
});

describe("bad values in flags and environment variables are usage errors naming their origin", () => {
  const cases: { layers: Parameters<typeof resolve>[0]; message: RegExp }[] = [
    { layers: { flags: { network: "moon" } }, message: /^invalid network "moon" \(from --network\): must be one of mainnet, sandbox, testnet, local$/u },
    { layers: { env: { AKASH_NETWORK: "Mainnet" } }, message: /^invalid network "Mainnet" \(from AKASH_NETWORK\)/u },
    { layers: { env: { AKASH_NODE: "rpc.akashnet.net:443" } }, message: /^invalid node "rpc\.akashnet\.net:443" \(from AKASH_NODE\): .*must start with https:\/\//u },
    { layers: { flags: { node: "http://127.0.0.1:1,,http://127.0.0.1:2" } }, message: /\(from --node\): must be a URL, or several separated by commas, with none empty/u },
    { layers: { env: { AKASH_REST: "tcp://127.0.0.1:1317" } }, message: /\(from AKASH_REST\): "tcp:\/\/127\.0\.0\.1:1317" must start with https:\/\/ or http:\/\/$/u },
    { layers: { flags: { "chain-id": "akash net" } }, message: /^invalid chain-id "akash net" \(from --chain-id\)/u },
    { layers: { env: { AKASH_FROM: "../etc" } }, message: /^invalid from "\.\.\/etc" \(from AKASH_FROM\): must be a key name/u },
    { layers: { env: { AKASH_GAS_PRICES: "0.025 uakt" } }, message: /^invalid gas-prices "0\.025 uakt" \(from AKASH_GAS_PRICES\): must be an amount and a denom/u },
    { layers: { env: { AKASH_GAS_ADJUSTMENT: "0.9" } }, message: /^invalid gas-adjustment "0\.9" \(from AKASH_GAS_ADJUSTMENT\): must be a number from 1 to 10/u },
    { layers: { env: { AKASH_OUTPUT: "xml" } }, message: /^invalid output "xml" \(from AKASH_OUTPUT\): must be one of text, json, yaml$/u },
  ];
  for (const c of cases) {
    test(c.message.source, () => {
      assert.throws(() => resolve(c.layers), (error: unknown) => error instanceof UsageError && c.message.test(error.message));
    });
  }
});
