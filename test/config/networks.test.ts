import assert from "node:assert/strict";
import { test } from "node:test";
import { SETTING_KEYS, SETTING_SPECS, parseSetting } from "../../src/config/keys.js";
import { DENOMS, NETWORKS, NETWORK_NAMES } from "../../src/config/networks.js";

test("the built-in networks and their chain ids (protocol.md §5.6)", () => {
  assert.deepEqual(
    NETWORK_NAMES.map((name) => [name, NETWORKS[name].chainId]),
    [
      ["mainnet", "akashnet-2"],
      ["sandbox", "sandbox-2"],
      ["testnet", "testnet-oracle"],
      ["local", "akash-local"],
    ],
  );
  for (const name of NETWORK_NAMES) assert.equal(NETWORKS[name].name, name);
});

test("mainnet has several RPC and REST endpoints, so one dead endpoint never stops akash", () => {
  assert.ok(NETWORKS.mainnet.rpc.length >= 3);
  assert.ok(NETWORKS.mainnet.rest.length >= 3);
  assert.equal(NETWORKS.mainnet.rpc[0], "https://rpc.akt.dev/rpc");
});

test("every built-in endpoint passes the same checks as a user's --node / --rest, with no duplicates", () => {
  for (const name of NETWORK_NAMES) {
    const { rpc, rest } = NETWORKS[name];
    for (const [key, urls] of [["node", rpc], ["rest", rest]] as const) {
      const parsed = parseSetting(key, urls.join(","), key);
      assert.ok(parsed.ok, `${name} ${key}: ${parsed.ok ? "" : parsed.problem}`);
      assert.deepEqual(parsed.value, urls, "already normalised");
      assert.equal(new Set(urls).size, urls.length);
    }
  }
});

test("local is this machine only: the standard ports on 127.0.0.1", () => {
  assert.deepEqual(NETWORKS.local.rpc, ["http://127.0.0.1:26657"]);
  assert.deepEqual(NETWORKS.local.rest, ["http://127.0.0.1:1317"]);
  assert.deepEqual(NETWORKS.local.grpc, ["127.0.0.1:9090"]);
});

test("fees are in uakt at 0.025uakt and gas adjustment 1.5 (protocol.md §5.1); pricing in uact (§6.1)", () => {
  assert.equal(DENOMS.fee, "uakt");
  assert.equal(DENOMS.pricing, "uact");
  for (const name of NETWORK_NAMES) {
    assert.equal(NETWORKS[name].gasPrices, "0.025uakt");
    assert.equal(NETWORKS[name].gasAdjustment, 1.5);
    assert.ok(parseSetting("gas-prices", NETWORKS[name].gasPrices, "gas-prices").ok);
  }
});

test("every setting has its own AKASH_* variable and --flag", () => {
  const envs = SETTING_KEYS.map((key) => SETTING_SPECS[key].env);
  assert.deepEqual(envs, [
    "AKASH_NETWORK",
    "AKASH_NODE",
    "AKASH_REST",
    "AKASH_CHAIN_ID",
    "AKASH_FROM",
    "AKASH_GAS_PRICES",
    "AKASH_GAS_ADJUSTMENT",
    "AKASH_OUTPUT",
    "AKASH_STRICT",
  ]);
  for (const key of SETTING_KEYS) assert.equal(SETTING_SPECS[key].flag, `--${key}`);
});
