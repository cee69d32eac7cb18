import assert from "node:assert/strict";
import { test } from "node:test";
import { Bip39, EnglishMnemonic } from "@cosmjs/crypto";
import { WalletError } from "../../src/errors.js";
import { generateMnemonic, mnemonicProblem, normalizeMnemonic, parseMnemonic } from "../../src/wallet/mnemonic.js";
import { TEST_MNEMONIC } from "./fixtures.js";


test("generateMnemonic: 24 valid BIP39 words carrying 256 bits of fresh entropy", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const mnemonic = generateMnemonic();
    assert.equal(mnemonic.split(" ").length, 24);
    assert.equal(mnemonicProblem(mnemonic), null);
    assert.equal(Bip39.decode(new EnglishMnemonic(mnemonic)).length, 32);
    seen.add(mnemonic);
  }
  assert.equal(seen.size, 20);
});

test("normalizeMnemonic: case, extra spaces, tabs and newlines do not matter", () => {
  assert.equal(normalizeMnemonic(`  ${TEST_MNEMONIC.toUpperCase().replaceAll(" ", " \t\n ")}\n`), TEST_MNEMONIC);
  assert.equal(parseMnemonic(`${TEST_MNEMONIC}\n`), TEST_MNEMONIC);
});

test("mnemonicProblem: valid 12- and 24-word mnemonics pass", () => {
  assert.equal(mnemonicProblem(TEST_MNEMONIC), null);
  assert.equal(mnemonicProblem(generateMnemonic()), null);
});

test("a typo is reported by position, and no word of the mnemonic is echoed", () => {
  const words = generateMnemonic().split(" ");
  words[4] = `${words[4]}x`;
  const typo = words.join(" ");
  assert.equal(mnemonicProblem(typo), "word 5 is not in the BIP39 English word list (check the spelling)");
  assert.throws(
    () => parseMnemonic(typo, "the mnemonic on stdin"),
    (error: unknown) => {
      assert.ok(error instanceof WalletError);
      assert.equal(error.code, "INVALID_MNEMONIC");
      // The whole message, so no word of the mnemonic can hide in it.
      assert.equal(error.message, "the mnemonic on stdin: word 5 is not in the BIP39 English word list (check the spelling)");
      assert.deepEqual(error.data, { origin: "the mnemonic on stdin" });
      return true;
    },
  );
});

test("several unknown words are all listed by position", () => {
  const words = TEST_MNEMONIC.split(" ");
  words[1] = "abandn";
  words[6] = "zzz";
  words[11] = "abot";
  assert.match(mnemonicProblem(words.join(" ")) ?? "", /^words 2, 7 and 12 are not in the BIP39/);
});

test("wrong word count and bad checksum have their own messages", () => {
  assert.match(mnemonicProblem("abandon abandon abandon") ?? "", /12, 15, 18, 21 or 24 words, but this one has 3/);
  assert.match(mnemonicProblem(TEST_MNEMONIC.replace(/about$/, "abandon")) ?? "", /checksum does not match/);
  assert.equal(mnemonicProblem("   "), "the mnemonic is empty");
});
