import assert from "node:assert/strict";
import { test } from "node:test";
import { WalletError } from "../../src/errors.js";
import { SCRYPT_DEFAULTS, seal, sealedSecretProblem, unseal, type SealedSecret } from "../../src/wallet/seal.js";
import { TEST_MNEMONIC } from "./fixtures.js";

const PASS = "correct horse battery";

test("seal: scrypt (N >= 2^15) + AES-256-GCM, and unseal gives the plaintext back", async () => {
  const sealed = await seal(TEST_MNEMONIC, PASS);
  assert.equal(sealed.kdf, "scrypt");
  assert.equal(sealed.cipher, "aes-256-gcm");
  assert.ok(sealed.kdfparams.n >= 2 ** 15);
  assert.deepEqual({ n: sealed.kdfparams.n, r: sealed.kdfparams.r, p: sealed.kdfparams.p }, SCRYPT_DEFAULTS);
  assert.equal(sealed.kdfparams.salt.length, 64);
  assert.equal(sealed.iv.length, 24);
  assert.equal(sealed.tag.length, 32);
  assert.equal(sealedSecretProblem(sealed), null);
  assert.ok(!JSON.stringify(sealed).includes("abandon"));
  assert.equal(await unseal(sealed, PASS, "k"), TEST_MNEMONIC);
});

test("seal: a fresh salt and nonce every time", async () => {
  const [a, b] = await Promise.all([seal(TEST_MNEMONIC, PASS), seal(TEST_MNEMONIC, PASS)]);
  assert.notEqual(a.kdfparams.salt, b.kdfparams.salt);
  assert.notEqual(a.iv, b.iv);
  assert.notEqual(a.ciphertext, b.ciphertext);
});

async function rejectsWrongPassphrase(sealed: SealedSecret, passphrase: string): Promise<void> {
  await assert.rejects(unseal(sealed, passphrase, "main"), (error: unknown) => {
    assert.ok(error instanceof WalletError);
    assert.equal(error.code, "WRONG_PASSPHRASE");
    assert.equal(error.message, 'wrong passphrase for key "main"');
    assert.equal(error.cause, undefined);
    return true;
  });
}

test("unseal: a wrong passphrase, or any altered byte, is WRONG_PASSPHRASE (no stack, no secret)", async () => {
  const sealed = await seal(TEST_MNEMONIC, PASS);
  await rejectsWrongPassphrase(sealed, "correct horse batterz");
  const flip = (hex: string): string => (hex[0] === "0" ? "1" : "0") + hex.slice(1);
  await rejectsWrongPassphrase({ ...sealed, ciphertext: flip(sealed.ciphertext) }, PASS);
  await rejectsWrongPassphrase({ ...sealed, tag: flip(sealed.tag) }, PASS);
  await rejectsWrongPassphrase({ ...sealed, iv: flip(sealed.iv) }, PASS);
  await rejectsWrongPassphrase({ ...sealed, kdfparams: { ...sealed.kdfparams, salt: flip(sealed.kdfparams.salt) } }, PASS);
});

test("sealedSecretProblem: refuses unknown algorithms and costly or malformed parameters", async () => {
  const sealed = await seal("x", PASS);
  const params = sealed.kdfparams;
  assert.match(sealedSecretProblem({ ...sealed, kdf: "pbkdf2" }) ?? "", /unsupported kdf/);
  assert.match(sealedSecretProblem({ ...sealed, cipher: "aes-128-ctr" }) ?? "", /unsupported cipher/);
  assert.match(sealedSecretProblem({ ...sealed, kdfparams: { ...params, n: 2 ** 21 } }) ?? "", /power of two/);
  assert.match(sealedSecretProblem({ ...sealed, kdfparams: { ...params, n: 3000 } }) ?? "", /power of two/);
  assert.match(sealedSecretProblem({ ...sealed, kdfparams: { ...params, n: 2 ** 20, r: 16 } }) ?? "", /256 MiB/);
  assert.match(sealedSecretProblem({ ...sealed, iv: "00" }) ?? "", /iv/);
  assert.match(sealedSecretProblem({ ...sealed, tag: "zz".repeat(16) }) ?? "", /tag/);
  assert.match(sealedSecretProblem(null) ?? "", /not an object/);
});
