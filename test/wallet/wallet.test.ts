import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { WalletError } from "../../src/errors.js";
import type { KeystoreFile } from "../../src/wallet/keystore-file.js";
import { deriveAccount } from "../../src/wallet/derive.js";
import { generateMnemonic } from "../../src/wallet/mnemonic.js";
import {
  addKey,
  assertNewKeyName,
  deleteKey,
  findKey,
  keySource,
  listKeys,
  revealMnemonic,
  signerFor,
  type WalletOptions,
} from "../../src/wallet/wallet.js";
import { tempHome } from "../helpers/cli-stdin.js";
import { TEST_MNEMONIC } from "./fixtures.js";

const PASS = "passphrase-1";

function options(extra: Partial<WalletOptions> = {}): WalletOptions {
  return { keystorePath: join(tempHome(), "akash", "keystore.json"), ...extra };
}

function walletError(code: string, pattern?: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof WalletError, String(error));
    assert.equal(error.code, code);
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

test("add, find, reveal and delete a keystore key", async () => {
  const opts = options({ now: () => new Date("2025-01-02T03:04:05.000Z") });
  const added = await addKey(opts, { name: "main", mnemonic: ` ${TEST_MNEMONIC.toUpperCase()}\n`, passphrase: PASS });
  const expected = await deriveAccount(TEST_MNEMONIC);
  assert.deepEqual(added, { name: "main", ...expected, source: "keystore", createdAt: "2025-01-02T03:04:05.000Z" });
  assert.deepEqual(await findKey(opts, "main"), added);
  assert.equal(await revealMnemonic(opts, "main", PASS), TEST_MNEMONIC, "stored normalized");
  await assert.rejects(revealMnemonic(opts, "main", "not-the-passphrase"), walletError("WRONG_PASSPHRASE"));
  await assert.rejects(revealMnemonic(opts, "main"), walletError("WRONG_PASSPHRASE", /a passphrase is needed/));
  assert.deepEqual(await deleteKey(opts, "main"), added);
  await assert.rejects(findKey(opts, "main"), walletError("KEY_NOT_FOUND", /no key named "main"/));
  await assert.rejects(deleteKey(opts, "main"), walletError("KEY_NOT_FOUND"));
});

test("deleteKey: the confirmation hook runs before anything changes and can stop it", async () => {
  const opts = options();
  await addKey(opts, { name: "main", mnemonic: TEST_MNEMONIC, passphrase: PASS });
  await assert.rejects(
    deleteKey(opts, "main", async (key) => {
      assert.equal(key.name, "main");
      throw new Error("declined");
    }),
    /declined/,
  );
  assert.equal((await listKeys(opts)).length, 1);
});

test("addKey checks the name, the mnemonic and the passphrase length", async () => {
  const opts = options();
  await assert.rejects(addKey(opts, { name: "bad name", mnemonic: TEST_MNEMONIC, passphrase: PASS }), walletError("INVALID_KEY_NAME"));
  await assert.rejects(addKey(opts, { name: "-x", mnemonic: TEST_MNEMONIC, passphrase: PASS }), walletError("INVALID_KEY_NAME"));
  await assert.rejects(
    addKey(opts, { name: "a", mnemonic: TEST_MNEMONIC.replace("about", "abuot"), passphrase: PASS, origin: "the mnemonic on stdin" }),
    walletError("INVALID_MNEMONIC", /^the mnemonic on stdin: word 12 is not in the BIP39/),
  );
  await assert.rejects(addKey(opts, { name: "a", mnemonic: TEST_MNEMONIC, passphrase: "short" }), walletError("WEAK_PASSPHRASE", /at least 8/));
  assert.ok(!existsSync(opts.keystorePath), "nothing written on failure");
});

test("AKASH_MNEMONIC: a key in memory named AKASH_FROM or env, listed with source env, no file", async () => {
  const opts = options({ envMnemonic: TEST_MNEMONIC });
  const account = await deriveAccount(TEST_MNEMONIC);
  assert.deepEqual(await listKeys(opts), [{ name: "env", ...account, source: "env" }]);
  assert.deepEqual(await findKey(opts, "env"), { name: "env", ...account, source: "env" });
  assert.deepEqual(await findKey({ ...opts, envKeyName: "ci" }, "ci"), { name: "ci", ...account, source: "env" });
  await assert.rejects(findKey({ ...opts, envKeyName: "ci" }, "env"), walletError("KEY_NOT_FOUND"));
  assert.equal(await revealMnemonic(opts, "env"), TEST_MNEMONIC);
  const signer = await signerFor(await keySource(opts, "env"));
  assert.equal((await signer.getAccounts())[0]?.address, account.address);
  await assert.rejects(deleteKey(opts, "env"), walletError("ENV_KEY", /unset the variable/));
  await assert.rejects(assertNewKeyName(opts, "env"), walletError("KEY_EXISTS", /taken by the key from AKASH_MNEMONIC/));
  assert.ok(!existsSync(join(opts.keystorePath, "..")), "the keystore folder was never created");
});

test("AKASH_FROM naming a keystore key of another account is an error (ENV_KEY), never a silent shadow", async () => {
  const opts = options();
  const other = generateMnemonic();
  await addKey(opts, { name: "ci", mnemonic: other, passphrase: PASS });
  const withEnv = { ...opts, envMnemonic: TEST_MNEMONIC, envKeyName: "ci" };
  await assert.rejects(listKeys(withEnv), walletError("ENV_KEY", /AKASH_FROM="ci" names a keystore key .* unset AKASH_MNEMONIC/));
  await assert.rejects(findKey(withEnv, "ci"), walletError("ENV_KEY"));
  // The same account under the same name is no ambiguity: AKASH_MNEMONIC comes first.
  await addKey(opts, { name: "same", mnemonic: TEST_MNEMONIC, passphrase: PASS });
  const same = { ...opts, envMnemonic: TEST_MNEMONIC, envKeyName: "same" };
  assert.deepEqual((await listKeys(same)).map((k) => [k.name, k.source]), [["same", "env"], ["ci", "keystore"], ["same", "keystore"]]);
});

test("adding a mnemonic the keystore already holds under another name is KEY_EXISTS unless allowed", async () => {
  const opts = options();
  await addKey(opts, { name: "main", mnemonic: TEST_MNEMONIC, passphrase: PASS });
  await assert.rejects(addKey(opts, { name: "again", mnemonic: TEST_MNEMONIC, passphrase: PASS }), walletError("KEY_EXISTS", /already in the keystore as "main".*--force/));
  const again = await addKey(opts, { name: "again", mnemonic: TEST_MNEMONIC, passphrase: PASS, allowDuplicate: true });
  assert.equal(again.address, (await deriveAccount(TEST_MNEMONIC)).address);
});

test("an invalid AKASH_MNEMONIC is INVALID_MNEMONIC naming the variable and the word position only", async () => {
  const words = generateMnemonic().split(" ");
  words[2] = "notaword";
  const opts = options({ envMnemonic: words.join(" ") });
  await assert.rejects(listKeys(opts), (error: unknown) => {
    walletError("INVALID_MNEMONIC")(error);
    // The whole message, so no word of the mnemonic can hide in it.
    assert.equal((error as Error).message, "AKASH_MNEMONIC: word 3 is not in the BIP39 English word list (check the spelling)");
    return true;
  });
});

test("signerFor(keystore source): decrypts inside, signs as the stored address; wrong passphrase fails", async () => {
  const opts = options();
  const mnemonic = generateMnemonic();
  const key = await addKey(opts, { name: "main", mnemonic, passphrase: PASS });
  const signer = await signerFor(await keySource(opts, "main", PASS));
  assert.equal((await signer.getAccounts())[0]?.address, key.address);
  await assert.rejects(signerFor(await keySource(opts, "main", "wrong-passphrase")), walletError("WRONG_PASSPHRASE"));
});

test("a keystore whose address was altered is detected without the passphrase: list, show and signing all refuse it", async () => {
  const opts = options();
  await addKey(opts, { name: "main", mnemonic: TEST_MNEMONIC, passphrase: PASS });
  const doc = JSON.parse(readFileSync(opts.keystorePath, "utf8")) as KeystoreFile;
  const [entry] = doc.keys;
  assert.ok(entry);
  const other = await deriveAccount(generateMnemonic());
  writeFileSync(opts.keystorePath, JSON.stringify({ ...doc, keys: [{ ...entry, address: other.address }] }), { mode: 0o600 });
  await assert.rejects(listKeys(opts), walletError("KEYSTORE_CORRUPT", /does not belong to the stored public key/));
  await assert.rejects(revealMnemonic(opts, "main", PASS), (error: unknown) => {
    walletError("KEYSTORE_CORRUPT", /does not belong to the stored public key/)(error);
    assert.ok(!(error as Error).message.includes("abandon"));
    return true;
  });
});
