import assert from "node:assert/strict";
import { createECDH, createHash, createHmac, pbkdf2Sync } from "node:crypto";
import { test } from "node:test";
import {
  Bip39,
  EnglishMnemonic,
  Secp256k1,
  Secp256k1Signature,
  Slip10,
  Slip10Curve,
  ripemd160,
  sha256,
  stringToPath,
} from "@cosmjs/crypto";
import { fromBech32, toBech32 } from "@cosmjs/encoding";
import { DirectSecp256k1HdWallet, makeSignBytes } from "@cosmjs/proto-signing";
import { ADDRESS_PREFIX, HD_PATH, deriveAccount, mnemonicSigner } from "../../src/wallet/derive.js";
import { generateMnemonic } from "../../src/wallet/mnemonic.js";
import { signerFor } from "../../src/wallet/wallet.js";
import { TEST_MNEMONIC } from "./fixtures.js";

/** Independent route 1: cosmjs primitives, step by step (BIP39 seed, SLIP-10, secp256k1, hash160, bech32). */
async function addressViaCosmjsPrimitives(mnemonic: string): Promise<{ address: string; pubkey: Uint8Array }> {
  const seed = await Bip39.mnemonicToSeed(new EnglishMnemonic(mnemonic));
  const { privkey } = Slip10.derivePath(Slip10Curve.Secp256k1, seed, stringToPath("m/44'/118'/0'/0/0"));
  const pubkey = Secp256k1.compressPubkey((await Secp256k1.makeKeypair(privkey)).pubkey);
  return { address: toBech32("akash", ripemd160(sha256(pubkey))), pubkey };
}

/** Independent route 2: BIP39 + BIP32 written out with node:crypto only (PBKDF2, HMAC-SHA512, ECDH). */
function addressViaNodeCrypto(mnemonic: string): { hash160: Buffer; pubkey: Buffer } {
  const n = BigInt("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
  const seed = pbkdf2Sync(mnemonic.normalize("NFKD"), "mnemonic", 2048, 64, "sha512");
  let node = createHmac("sha512", "Bitcoin seed").update(seed).digest();
  let key = node.subarray(0, 32);
  let chain = node.subarray(32);
  const publicKey = (priv: Buffer): Buffer => {
    const ecdh = createECDH("secp256k1");
    ecdh.setPrivateKey(priv);
    return ecdh.getPublicKey(null, "compressed");
  };
  for (const [index, hardened] of [[44, true], [118, true], [0, true], [0, false], [0, false]] as const) {
    const i = Buffer.alloc(4);
    i.writeUInt32BE((hardened ? 0x80000000 + index : index) >>> 0);
    const data = hardened ? Buffer.concat([Buffer.from([0]), key, i]) : Buffer.concat([publicKey(key), i]);
    node = createHmac("sha512", chain).update(data).digest();
    const child = (BigInt(`0x${node.subarray(0, 32).toString("hex")}`) + BigInt(`0x${key.toString("hex")}`)) % n;
    key = Buffer.from(child.toString(16).padStart(64, "0"), "hex");
    chain = node.subarray(32);
  }
  const pubkey = publicKey(key);
  return { hash160: createHash("ripemd160").update(createHash("sha256").update(pubkey).digest()).digest(), pubkey };
}

test("HD path and prefix are Akash's: m/44'/118'/0'/0/0, akash", () => {
  assert.equal(HD_PATH, "m/44'/118'/0'/0/0");
  assert.equal(ADDRESS_PREFIX, "akash");
});

test("address vector: the BIP39 test mnemonic, computed three independent ways", async () => {
  const account = await deriveAccount(TEST_MNEMONIC);
  const viaCosmjs = await addressViaCosmjsPrimitives(TEST_MNEMONIC);
  const viaNode = addressViaNodeCrypto(TEST_MNEMONIC);
  assert.equal(account.address, viaCosmjs.address);
  assert.equal(account.address, toBech32("akash", viaNode.hash160));
  assert.equal(account.pubkey, Buffer.from(viaCosmjs.pubkey).toString("base64"));
  assert.equal(account.pubkey, viaNode.pubkey.toString("base64"));
  // The same 20 bytes as the Cosmos Hub address widely published for this mnemonic at
  // m/44'/118'/0'/0/0 (wallet test suites across languages), only the prefix differs.
  assert.deepEqual(fromBech32(account.address).data, fromBech32("cosmos19rl4cm2hmr8afy4kldpxz3fka4jguq0auqdal4").data);
  assert.equal(fromBech32(account.address).prefix, "akash");
});

test("random mnemonics: deriveAccount agrees with both independent routes and with cosmjs' default path", async () => {
  for (let i = 0; i < 5; i++) {
    const mnemonic = generateMnemonic();
    const account = await deriveAccount(mnemonic);
    assert.equal(account.address, (await addressViaCosmjsPrimitives(mnemonic)).address);
    assert.equal(account.address, toBech32("akash", addressViaNodeCrypto(mnemonic).hash160));
    const [viaDefaults] = await (await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: "akash" })).getAccounts();
    assert.equal(account.address, viaDefaults?.address);
  }
});

test("signerFor: an OfflineDirectSigner that signs verifiably and exposes no key material", async () => {
  const signer = await signerFor({ kind: "mnemonic", mnemonic: TEST_MNEMONIC });
  assert.deepEqual(Object.keys(signer).sort(), ["getAccounts", "signDirect", "signEs256k"]);
  assert.ok(Object.isFrozen(signer));
  assert.ok(!JSON.stringify(signer).includes("abandon"));
  assert.ok(!("mnemonic" in signer));
  const [account] = await signer.getAccounts();
  assert.ok(account);
  assert.equal(account.address, (await deriveAccount(TEST_MNEMONIC)).address);
  const signDoc = {
    bodyBytes: new Uint8Array([1, 2, 3]),
    authInfoBytes: new Uint8Array([4, 5, 6]),
    chainId: "akashnet-2",
    accountNumber: 7n,
  };
  const { signature } = await signer.signDirect(account.address, signDoc);
  const valid = await Secp256k1.verifySignature(
    Secp256k1Signature.fromFixedLength(Buffer.from(signature.signature, "base64")),
    sha256(makeSignBytes(signDoc)),
    account.pubkey,
  );
  assert.ok(valid);
});

test("mnemonicSigner: the same account as deriveAccount", async () => {
  const mnemonic = generateMnemonic();
  const [account] = await (await mnemonicSigner(mnemonic)).getAccounts();
  assert.equal(account?.address, (await deriveAccount(mnemonic)).address);
});
