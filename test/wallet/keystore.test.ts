import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import * as fsPromises from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { WalletError } from "../../src/errors.js";
import { readKeystore, writeKeystore, type KeystoreFile, type KeystoreFs } from "../../src/wallet/keystore-file.js";
import { addKey, listKeys, type WalletOptions } from "../../src/wallet/wallet.js";
import { generateMnemonic } from "../../src/wallet/mnemonic.js";
import { tempHome } from "../helpers/cli-stdin.js";
import { deriveAccount } from "../../src/wallet/derive.js";
import { addressOfPubkey } from "../../src/wallet/address.js";
import { TEST_MNEMONIC } from "./fixtures.js";

const PASS = "passphrase-1";
const posix = process.platform !== "win32";

function options(dir = tempHome()): WalletOptions {
  return { keystorePath: join(dir, "akash", "keystore.json") };
}

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

function walletError(code: string, pattern?: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof WalletError, String(error));
    assert.equal(error.code, code);
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

test("a missing keystore is empty; reading it creates nothing", async () => {
  const opts = options();
  assert.deepEqual(await readKeystore(opts.keystorePath), { version: 1, keys: [] });
  assert.deepEqual(await listKeys(opts), []);
  assert.ok(!existsSync(join(opts.keystorePath, "..")));
});

test("file modes: folder 0700, keystore 0600, and the format on disk", { skip: !posix }, async () => {
  const opts = options();
  const key = await addKey(opts, { name: "main", mnemonic: TEST_MNEMONIC, passphrase: PASS });
  assert.equal(mode(join(opts.keystorePath, "..")), 0o700);
  assert.equal(mode(opts.keystorePath), 0o600);
  const doc = JSON.parse(readFileSync(opts.keystorePath, "utf8")) as KeystoreFile;
  assert.equal(doc.version, 1);
  assert.equal(doc.keys.length, 1);
  const [entry] = doc.keys;
  assert.ok(entry);
  assert.deepEqual(Object.keys(entry).sort(), ["address", "createdAt", "crypto", "name", "pubkey"]);
  assert.deepEqual(Object.keys(entry.crypto).sort(), ["cipher", "ciphertext", "iv", "kdf", "kdfparams", "tag"]);
  assert.deepEqual(Object.keys(entry.crypto.kdfparams).sort(), ["n", "p", "r", "salt"]);
  assert.equal(entry.address, key.address);
  assert.ok(!readFileSync(opts.keystorePath, "utf8").includes("abandon"), "the mnemonic is not stored in clear");
  assert.deepEqual(readdirSync(join(opts.keystorePath, "..")), ["keystore.json"], "no temp or lock file left");
});

test("a keystore readable by group or others is refused, with the chmod to run", { skip: !posix }, async () => {
  const opts = options();
  await addKey(opts, { name: "main", mnemonic: TEST_MNEMONIC, passphrase: PASS });
  for (const loose of [0o644, 0o640, 0o604, 0o660]) {
    chmodSync(opts.keystorePath, loose);
    await assert.rejects(
      listKeys(opts),
      walletError("KEYSTORE_PERMISSIONS", new RegExp(`mode 0${loose.toString(8)}.*Run: chmod 600 ${opts.keystorePath}$`)),
    );
    await assert.rejects(addKey(opts, { name: "b", mnemonic: generateMnemonic(), passphrase: PASS }), walletError("KEYSTORE_PERMISSIONS"));
  }
  chmodSync(opts.keystorePath, 0o600);
  assert.equal((await listKeys(opts)).length, 1);
});

test("atomic write: a failure between the temp write and the rename leaves the old keystore intact", async () => {
  const opts = options();
  await addKey(opts, { name: "main", mnemonic: TEST_MNEMONIC, passphrase: PASS });
  const before = readFileSync(opts.keystorePath, "utf8");
  let tempSeen: string | undefined;
  const failingFs: KeystoreFs = {
    ...fsPromises,
    rename: async (from) => {
      tempSeen = String(from);
      assert.ok(existsSync(tempSeen), "the temp file was written before the rename");
      assert.equal(statSync(tempSeen).mode & 0o777, 0o600);
      throw Object.assign(new Error("simulated crash"), { code: "EIO" });
    },
  };
  await assert.rejects(
    addKey({ ...opts, fs: failingFs }, { name: "second", mnemonic: generateMnemonic(), passphrase: PASS }),
    walletError("KEYSTORE_IO", /cannot write .*keystore\.json: EIO/),
  );
  assert.equal(readFileSync(opts.keystorePath, "utf8"), before);
  assert.ok(tempSeen !== undefined && !existsSync(tempSeen), "the temp file is cleaned up");
  assert.deepEqual(readdirSync(join(opts.keystorePath, "..")), ["keystore.json"]);
  assert.deepEqual((await listKeys(opts)).map((k) => k.name), ["main"]);
});

test("atomic write: a process killed before the rename leaves a stray temp file but the old keystore wins", async () => {
  const opts = options();
  await addKey(opts, { name: "main", mnemonic: TEST_MNEMONIC, passphrase: PASS });
  const before = readFileSync(opts.keystorePath, "utf8");
  const dir = join(opts.keystorePath, "..");
  // What a crash after the fsync and before the rename leaves behind.
  writeFileSync(join(dir, ".keystore.json.99999.abcdef.tmp"), "{\"version\": 1, \"keys\": [", { mode: 0o600 });
  assert.equal(readFileSync(opts.keystorePath, "utf8"), before);
  assert.deepEqual((await listKeys(opts)).map((k) => k.name), ["main"]);
  await addKey(opts, { name: "next", mnemonic: generateMnemonic(), passphrase: PASS });
  assert.deepEqual((await listKeys(opts)).map((k) => k.name), ["main", "next"]);
});

test("writeKeystore: a failure while writing the temp file leaves the old keystore intact", async () => {
  const opts = options();
  await addKey(opts, { name: "main", mnemonic: TEST_MNEMONIC, passphrase: PASS });
  const before = readFileSync(opts.keystorePath, "utf8");
  const fullDisk: KeystoreFs = {
    ...fsPromises,
    open: (async (path: string, flags?: string, m?: number) => {
      const handle = await fsPromises.open(path, flags, m);
      if (flags === "wx" && String(path).endsWith(".tmp")) {
        return Object.assign(Object.create(handle) as fsPromises.FileHandle, {
          writeFile: async () => {
            throw Object.assign(new Error("no space"), { code: "ENOSPC" });
          },
          close: () => handle.close(),
        });
      }
      return handle;
    }) as KeystoreFs["open"],
  };
  await assert.rejects(writeKeystore(opts.keystorePath, { version: 1, keys: [] }, fullDisk), walletError("KEYSTORE_IO", /ENOSPC/));
  assert.equal(readFileSync(opts.keystorePath, "utf8"), before);
  assert.deepEqual(readdirSync(join(opts.keystorePath, "..")), ["keystore.json"]);
});

test("never overwrites: adding an existing name is KEY_EXISTS and the file is unchanged", async () => {
  const opts = options();
  await addKey(opts, { name: "main", mnemonic: TEST_MNEMONIC, passphrase: PASS });
  const before = readFileSync(opts.keystorePath, "utf8");
  await assert.rejects(
    addKey(opts, { name: "main", mnemonic: generateMnemonic(), passphrase: PASS }),
    walletError("KEY_EXISTS", /a key named "main" already exists/),
  );
  assert.equal(readFileSync(opts.keystorePath, "utf8"), before);
});

test("concurrent adds are serialized by the lock: no key is lost", async () => {
  const opts = options();
  const names = ["a", "b", "c", "d"];
  await Promise.all(names.map((name) => addKey(opts, { name, mnemonic: generateMnemonic(), passphrase: PASS })));
  assert.deepEqual((await listKeys(opts)).map((k) => k.name).sort(), names);
});

test("a stale lock file (a dead process) is removed; a fresh one from a live process is waited for", async () => {
  const opts = options();
  await addKey(opts, { name: "main", mnemonic: TEST_MNEMONIC, passphrase: PASS });
  const lock = `${opts.keystorePath}.lock`;
  writeFileSync(lock, "12345\n");
  const old = new Date(Date.now() - 10 * 60_000);
  utimesSync(lock, old, old);
  await addKey(opts, { name: "after-stale", mnemonic: generateMnemonic(), passphrase: PASS });
  assert.ok(!existsSync(lock));

  writeFileSync(lock, "12345\n");
  const adding = addKey(opts, { name: "after-wait", mnemonic: generateMnemonic(), passphrase: PASS });
  setTimeout(() => void fsPromises.rm(lock, { force: true }), 300);
  await adding;
  assert.deepEqual((await listKeys(opts)).map((k) => k.name), ["main", "after-stale", "after-wait"]);
});

test("addresses are computed from public keys exactly as cosmjs derives them (bech32 of RIPEMD-160(SHA-256))", async () => {
  for (let i = 0; i < 5; i++) {
    const account = await deriveAccount(generateMnemonic());
    assert.equal(addressOfPubkey(account.pubkey), account.address);
  }
});

test("a damaged keystore is KEYSTORE_CORRUPT, and the message never quotes the file", async () => {
  const { address: TEST_ADDRESS, pubkey: TEST_PUBKEY } = await deriveAccount(TEST_MNEMONIC);
  const opts = options();
  mkdirSync(join(opts.keystorePath, ".."), { recursive: true, mode: 0o700 });
  const secretLooking = `{"version": 1, "keys": [ ${TEST_MNEMONIC}`;
  const cases: [string, RegExp][] = [
    [secretLooking, /not valid JSON/],
    ["[]", /top level is not an object/],
    ['{"keys": []}', /missing or unknown "version"/],
    ['{"version": 1, "keys": {}}', /"keys" is not a list/],
    ['{"version": 1, "keys": [{"name": "a"}]}', /key 1: "address" is missing/],
    [
      JSON.stringify({ version: 1, keys: [{ name: "a", address: "x", pubkey: "y", createdAt: "z", crypto: { kdf: "none" } }] }),
      /key 1: "pubkey" is not a compressed secp256k1 public key/,
    ],
    [
      JSON.stringify({ version: 1, keys: [{ name: "a", address: TEST_ADDRESS, pubkey: TEST_PUBKEY, createdAt: "z", crypto: { kdf: "none" } }] }),
      /key 1: "crypto": unsupported kdf/,
    ],
  ];
  for (const [text, why] of cases) {
    writeFileSync(opts.keystorePath, text, { mode: 0o600 });
    await assert.rejects(listKeys(opts), (error: unknown) => {
      walletError("KEYSTORE_CORRUPT", why)(error);
      assert.ok(!(error as Error).message.includes("abandon"));
      assert.equal((error as Error).cause, undefined);
      return true;
    });
  }
});

test("duplicate names in the file and a newer format version are refused", async () => {
  const opts = options();
  await addKey(opts, { name: "main", mnemonic: TEST_MNEMONIC, passphrase: PASS });
  const doc = JSON.parse(readFileSync(opts.keystorePath, "utf8")) as KeystoreFile;
  writeFileSync(opts.keystorePath, JSON.stringify({ ...doc, keys: [...doc.keys, ...doc.keys] }), { mode: 0o600 });
  await assert.rejects(listKeys(opts), walletError("KEYSTORE_CORRUPT", /"main" appears twice/));
  writeFileSync(opts.keystorePath, JSON.stringify({ ...doc, version: 2 }), { mode: 0o600 });
  await assert.rejects(listKeys(opts), walletError("KEYSTORE_UNSUPPORTED", /format version 2.*upgrade akash/));
});

test("unknown fields survive a rewrite (forward compatibility)", async () => {
  const opts = options();
  await addKey(opts, { name: "main", mnemonic: TEST_MNEMONIC, passphrase: PASS });
  const doc = JSON.parse(readFileSync(opts.keystorePath, "utf8")) as Record<string, unknown>;
  writeFileSync(opts.keystorePath, JSON.stringify({ ...doc, comment: "kept" }), { mode: 0o600 });
  await addKey(opts, { name: "b", mnemonic: generateMnemonic(), passphrase: PASS });
  assert.equal((JSON.parse(readFileSync(opts.keystorePath, "utf8")) as Record<string, unknown>).comment, "kept");
});
