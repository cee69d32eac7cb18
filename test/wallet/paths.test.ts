import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { keystorePath } from "../../src/wallet/paths.js";
import { walletOptionsFromEnv } from "../../src/wallet/wallet.js";

test("keystorePath: AKASH_HOME wins", () => {
  assert.equal(
    keystorePath({ AKASH_HOME: "/tmp/a", XDG_CONFIG_HOME: "/tmp/x", HOME: "/tmp/h" }),
    join("/tmp/a", "keystore.json"),
  );
});

test("keystorePath: then $XDG_CONFIG_HOME/akash", () => {
  assert.equal(keystorePath({ XDG_CONFIG_HOME: "/tmp/x", HOME: "/tmp/h" }), join("/tmp/x", "akash", "keystore.json"));
  assert.equal(keystorePath({ AKASH_HOME: "", XDG_CONFIG_HOME: "/tmp/x", HOME: "/tmp/h" }), join("/tmp/x", "akash", "keystore.json"));
});

test("keystorePath: a relative or empty XDG_CONFIG_HOME is ignored (XDG spec), then ~/.config/akash", () => {
  assert.equal(keystorePath({ XDG_CONFIG_HOME: "rel/dir", HOME: "/tmp/h" }), join("/tmp/h", ".config", "akash", "keystore.json"));
  assert.equal(keystorePath({ XDG_CONFIG_HOME: "", HOME: "/tmp/h" }), join("/tmp/h", ".config", "akash", "keystore.json"));
  assert.equal(keystorePath({}, "/tmp/h2"), join("/tmp/h2", ".config", "akash", "keystore.json"));
});

test("walletOptionsFromEnv: AKASH_MNEMONIC and AKASH_FROM; empty values count as unset", () => {
  const base = { HOME: "/tmp/h" };
  assert.deepEqual(walletOptionsFromEnv(base), {
    keystorePath: join("/tmp/h", ".config", "akash", "keystore.json"),
    envMnemonic: undefined,
    envKeyName: "env",
  });
  const withEnv = walletOptionsFromEnv({ ...base, AKASH_MNEMONIC: "m", AKASH_FROM: "ci" });
  assert.equal(withEnv.envMnemonic, "m");
  assert.equal(withEnv.envKeyName, "ci");
  assert.equal(walletOptionsFromEnv({ ...base, AKASH_MNEMONIC: "", AKASH_FROM: "" }).envKeyName, "env");
  assert.equal(walletOptionsFromEnv({ ...base, AKASH_MNEMONIC: "" }).envMnemonic, undefined);
});
