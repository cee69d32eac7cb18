import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decAtomics, formatCoin, formatDecCoin, parseAmount, parsePricePerBlock, ratePerSpan, shift } from "../../src/chain/amount.js";
import { InputError } from "../../src/errors.js";

describe("parseAmount", () => {
  it("turns display and base amounts into exact integers of the base denomination", () => {
    assert.deepEqual(parseAmount("5act", "x"), { denom: "uact", amount: "5000000" });
    assert.deepEqual(parseAmount("5000000uact", "x"), { denom: "uact", amount: "5000000" });
    assert.deepEqual(parseAmount("1.5akt", "x"), { denom: "uakt", amount: "1500000" });
    assert.deepEqual(parseAmount("0.000001 AKT", "x"), { denom: "uakt", amount: "1" });
    assert.deepEqual(parseAmount("123456789012345678901234567890uact", "x"), { denom: "uact", amount: "123456789012345678901234567890" });
    // 0.1 + 0.2 would be 0.30000000000000004 in floating point; here it is digits.
    assert.deepEqual(parseAmount("0.3act", "x"), { denom: "uact", amount: "300000" });
  });

  it("refuses what it cannot represent exactly, bare numbers, zero and unlisted denominations", () => {
    for (const bad of ["1.0000001akt", "1.5uact", "5", "act", "0act", "-1act", "1e6uact"]) {
      assert.throws(() => parseAmount(bad, "AMOUNT"), InputError, bad);
    }
    assert.throws(() => parseAmount("5akt", "AMOUNT", ["uact"]), /uakt is not accepted here; use 5act or 5000000uact/);
  });
});

describe("formatting", () => {
  it("prints base units in display units without trailing zeros", () => {
    assert.equal(formatCoin({ denom: "uact", amount: "5000000" }), "5 ACT");
    assert.equal(formatCoin({ denom: "uakt", amount: "1500001" }), "1.500001 AKT");
    assert.equal(formatCoin({ denom: "ibc/X", amount: "7" }), "7ibc/X");
    assert.equal(formatDecCoin({ denom: "uact", amount: "50.000000000000000000" }, 8), "0.00005 ACT");
    assert.equal(shift(-1234n, 3), "-1.234");
  });

  it("prices per block as 10^-18 units of uact", () => {
    assert.equal(parsePricePerBlock("50uact", "p"), 50n * 10n ** 18n);
    assert.equal(parsePricePerBlock("0.5uact", "p"), 5n * 10n ** 17n);
    assert.equal(parsePricePerBlock("0.00005act", "p"), 50n * 10n ** 18n);
    assert.throws(() => parsePricePerBlock("50uakt", "--max-price"), /--max-price/);
  });

  it("rates over time spans with integer maths", () => {
    // 50 uact per block at 6 s per block: 600 blocks an hour, 30000 uact.
    assert.equal(ratePerSpan("50.000000000000000000", 3600, 6), 30_000n * 10n ** 18n);
    assert.equal(decAtomics("-0.5"), -5n * 10n ** 17n);
  });
});
