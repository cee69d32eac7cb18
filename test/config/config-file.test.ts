import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import * as nodeFs from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  configPath,
  parseConfigFile,
  readConfigFile,
  setConfigValue,
  unsetConfigValue,
  writeConfigFile,
  type ConfigFs,
} from "../../src/config/config-file.js";
import { loadSettings } from "../../src/config/settings.js";
import { InputError, UsageError } from "../../src/errors.js";

const posix = process.platform !== "win32";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "akash-config-test-"));
}

describe("configPath: beside the keystore", () => {
  test("AKASH_HOME, then XDG_CONFIG_HOME/akash, then ~/.config/akash", () => {
    assert.equal(configPath({ AKASH_HOME: "/tmp/a", XDG_CONFIG_HOME: "/tmp/x", HOME: "/tmp/h" }), join("/tmp/a", "config.json"));
    assert.equal(configPath({ XDG_CONFIG_HOME: "/tmp/x", HOME: "/tmp/h" }), join("/tmp/x", "akash", "config.json"));
    assert.equal(configPath({ XDG_CONFIG_HOME: "relative", HOME: "/tmp/h" }), join("/tmp/h", ".config", "akash", "config.json"));
  });
});

describe("writing", () => {
  test("set creates the folder 0700 and the file 0600, and writes plain JSON in the documented key order", async () => {
    const path = join(tempDir(), "akash", "config.json");
    await setConfigValue(path, "output", "json");
    await setConfigValue(path, "network", "sandbox");
    await setConfigValue(path, "gas-adjustment", "1.25");
    await setConfigValue(path, "node", " tcp://127.0.0.1:26657 , https://rpc.example.com:443/ ");
    assert.equal(
      readFileSync(path, "utf8"),
      '{\n  "network": "sandbox",\n  "node": "http://127.0.0.1:26657,https://rpc.example.com:443",\n  "gas-adjustment": 1.25,\n  "output": "json"\n}\n',
    );
    if (posix) {
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.equal(statSync(join(path, "..")).mode & 0o777, 0o700);
    }
    assert.deepEqual(await readConfigFile(path), {
      network: "sandbox",
      node: ["http://127.0.0.1:26657", "https://rpc.example.com:443"],
      "gas-adjustment": 1.25,
      output: "json",
    });
  });

  test("a rewrite keeps mode 0600 even if the old file was looser, and leaves no temporary file", async () => {
    const dir = tempDir();
    const path = join(dir, "config.json");
    writeFileSync(path, '{"network": "local"}\n', { mode: 0o644 });
    await setConfigValue(path, "from", "main");
    if (posix) assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ["config.json"]);
    assert.deepEqual(await readConfigFile(path), { network: "local", from: "main" });
  });

  test("atomic: when the final rename fails, the old file is intact and the temporary file is removed", async () => {
    const dir = tempDir();
    const path = join(dir, "config.json");
    await setConfigValue(path, "network", "sandbox");
    const before = readFileSync(path, "utf8");
    const failingFs: ConfigFs = {
      ...nodeFs,
      rename: async () => {
        throw Object.assign(new Error("disk full"), { code: "ENOSPC" });
      },
    };
    await assert.rejects(setConfigValue(path, "network", "mainnet", failingFs), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.code, "CONFIG_IO");
      assert.equal(error.message, `cannot write ${path}: ENOSPC`);
      return true;
    });
    assert.equal(readFileSync(path, "utf8"), before);
    assert.deepEqual(readdirSync(dir), ["config.json"]);
  });

  test("atomic: the content is complete in the temporary file before it replaces the old one", async () => {
    const dir = tempDir();
    const path = join(dir, "config.json");
    await setConfigValue(path, "network", "sandbox");
    let seenAtRename = "";
    const spyFs: ConfigFs = {
      ...nodeFs,
      rename: async (from, to) => {
        seenAtRename = readFileSync(from, "utf8");
        assert.equal(readFileSync(to, "utf8"), '{\n  "network": "sandbox"\n}\n', "old file untouched until the rename");
        return nodeFs.rename(from, to);
      },
    };
    await writeConfigFile(path, { network: "local", from: "k" }, spyFs);
    assert.equal(seenAtRename, '{\n  "network": "local",\n  "from": "k"\n}\n');
  });

  test("unset removes a key; unsetting one that is not set writes nothing", async () => {
    const dir = tempDir();
    const path = join(dir, "config.json");
    assert.equal(await unsetConfigValue(path, "from"), false);
    assert.deepEqual(readdirSync(dir), []);
    await setConfigValue(path, "from", "main");
    await setConfigValue(path, "network", "local");
    assert.equal(await unsetConfigValue(path, "from"), true);
    assert.deepEqual(await readConfigFile(path), { network: "local" });
  });
});

describe("bad keys and values", () => {
  test("set: an unknown key names the closest setting; a bad value names the key and the rule", async () => {
    const path = join(tempDir(), "config.json");
    await assert.rejects(setConfigValue(path, "chain_id", "x"), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(
        error.message,
        'unknown setting "chain_id" (did you mean "chain-id"?); the settings are: network, node, rest, chain-id, from, gas-prices, gas-adjustment, output, strict',
      );
      return true;
    });
    const bad: [string, string, string][] = [
      ["network", "mainnet2", 'invalid network "mainnet2": must be one of mainnet, sandbox, testnet, local'],
      ["node", "ftp://x", 'invalid node "ftp://x": "ftp://x" must start with https:// or http:// (or tcp://)'],
      ["node", "https://u:p@rpc.example.com", 'invalid node "https://u:p@rpc.example.com": "https://u:p@rpc.example.com" must not contain a user name or password'],
      ["rest", "https://api.example.com/?x=1", 'invalid rest "https://api.example.com/?x=1": "https://api.example.com/?x=1" must not have a ?query or #fragment'],
      ["chain-id", "-akash", "invalid chain-id \"-akash\": must be 1 to 50 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. akashnet-2)"],
      ["gas-prices", "uakt", 'invalid gas-prices "uakt": must be an amount and a denom with nothing between, e.g. 0.025uakt (fees are paid in uakt)'],
      ["gas-prices", "-1uakt", 'invalid gas-prices "-1uakt": must be an amount and a denom with nothing between, e.g. 0.025uakt (fees are paid in uakt)'],
      ["gas-adjustment", "11", 'invalid gas-adjustment "11": must be a number from 1 to 10, e.g. 1.5 (below 1, transactions run out of gas)'],
      ["gas-adjustment", "1e0", 'invalid gas-adjustment "1e0": must be a number from 1 to 10, e.g. 1.5 (below 1, transactions run out of gas)'],
      ["output", "table", 'invalid output "table": must be one of text, json, yaml'],
    ];
    for (const [key, value, message] of bad) {
      await assert.rejects(setConfigValue(path, key, value), (error: unknown) => {
        assert.ok(error instanceof UsageError, `${key}=${value}`);
        assert.equal(error.message, message);
        assert.deepEqual(error.data, { key });
        return true;
      });
    }
    await assert.rejects(nodeFs.stat(path), { code: "ENOENT" }, "nothing written");
  });

  test("a damaged file is an InputError naming the file and the problem", () => {
    const path = "/cfg/config.json";
    const cases: [string, RegExp][] = [
      ["{not json", /^config file \/cfg\/config\.json: it is not valid JSON \(/u],
      ["[]", /^config file \/cfg\/config\.json: the top level is not a JSON object\. Fix it, or change it with akash config set\|unset$/u],
      ['{"netwrok": "sandbox"}', /^config file \/cfg\/config\.json: unknown setting "netwrok" \(did you mean "network"\?\)/u],
      ['{"network": "venus"}', /^config file \/cfg\/config\.json: invalid network "venus": must be one of/u],
      ['{"gas-adjustment": true}', /^config file \/cfg\/config\.json: "gas-adjustment" must be a string or a number, not true/u],
      ['{"from": 7}', /^config file \/cfg\/config\.json: "from" must be a string, not 7/u],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => parseConfigFile(text, path),
        (error: unknown) => error instanceof InputError && error.code === "CONFIG_INVALID" && message.test(error.message),
        text,
      );
    }
    assert.deepEqual(parseConfigFile("", path), {});
    assert.deepEqual(parseConfigFile('{"node": ["http://127.0.0.1:1", "http://127.0.0.1:2"]}', path), {
      node: ["http://127.0.0.1:1", "http://127.0.0.1:2"],
    });
  });

  test("set and unset repair a damaged value or an unknown key without touching the rest", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "akash"));
    const path = join(dir, "akash", "config.json");
    writeFileSync(path, '{"network": "venus", "from": "main", "colour": "blue"}');
    await assert.rejects(loadSettings({ env: { AKASH_HOME: join(dir, "akash") } }), { code: "CONFIG_INVALID" });
    await setConfigValue(path, "network", "local");
    await assert.rejects(readConfigFile(path), /unknown setting "colour"/u);
    assert.equal(await unsetConfigValue(path, "colour"), true);
    assert.deepEqual(await readConfigFile(path), { network: "local", from: "main" });
    const settings = await loadSettings({ env: { AKASH_HOME: join(dir, "akash") } });
    assert.equal(settings.values.network, "local");
  });
});
