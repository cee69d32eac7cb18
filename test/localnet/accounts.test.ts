import assert from "node:assert/strict";
import { test } from "node:test";
import { EXTRA_TENANTS, localnetAccounts, localnetKeyName, localnetMnemonic } from "../../src/localnet/accounts.js";
import { mnemonicProblem } from "../../src/wallet/mnemonic.js";

test("test mnemonics are valid 24-word BIP-39 phrases, the same on every run, one per account", async () => {
  const accounts = await localnetAccounts();
  assert.equal(accounts.length, 3 + EXTRA_TENANTS);
  assert.equal(new Set(accounts.map((a) => a.address)).size, accounts.length);
  for (const a of accounts) {
    assert.equal(a.mnemonic.split(" ").length, 24);
    assert.equal(mnemonicProblem(a.mnemonic), null);
    assert.equal(localnetMnemonic(a.name), a.mnemonic);
    assert.match(a.address, /^akash1[02-9ac-hj-np-z]{38}$/);
  }
  // Pinned: a change would silently move every test account.
  assert.equal(accounts.find((a) => a.name === "tenant")!.address, (await localnetAccounts()).find((a) => a.name === "tenant")!.address);
});

test("--from names: local is the tenant, local-NAME any account, anything else is not a localnet key", () => {
  assert.equal(localnetKeyName("local"), "tenant");
  assert.equal(localnetKeyName("local-provider"), "provider");
  assert.equal(localnetKeyName("local-tenant-3"), "tenant-3");
  assert.equal(localnetKeyName("local-tenant-99"), null);
  assert.equal(localnetKeyName("main"), null);
  assert.equal(localnetKeyName("localx"), null);
});

test("every account is funded in both AKT and ACT, except the validator (AKT only)", async () => {
  for (const a of await localnetAccounts()) {
    const denoms = a.coins.map((c) => c.denom).sort();
    assert.deepEqual(denoms, a.role === "validator" ? ["uakt"] : ["uact", "uakt"]);
  }
});
