/**
 * Gas and fee maths: exact integer properties, and agreement with cosmjs's calculateFee (Decimal
 * based) wherever cosmjs can represent the input.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { calculateFee, GasPrice as CosmjsGasPrice } from "@cosmjs/stargate";

import { InputError } from "../../../src/errors.js";
import {
  DEFAULT_GAS_ADJUSTMENT,
  DEFAULT_GAS_PRICE,
  MAX_GAS,
  adjustGas,
  feeForGas,
  formatDecimal,
  mulCeil,
  parseDecimal,
  parseGasPrice,
  planFee,
} from "../../../src/chain/cosmos/fees.js";

/** A decimal string with up to 18 fractional digits. */
const decimalText = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 6n }), fc.integer({ min: 0, max: 18 }), fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }))
  .map(([whole, digits, fraction]) => (digits === 0 ? whole.toString() : `${whole}.${(fraction % 10n ** BigInt(digits)).toString().padStart(digits, "0")}`));

const gas = fc.bigInt({ min: 1n, max: 100_000_000n });

describe("fee maths", () => {
  test("fee = ceil(gas × price), exactly", () => {
    fc.assert(
      fc.property(gas, decimalText, (gasLimit, price) => {
        const { atomics, decimals } = parseDecimal(price, "price");
        const scale = 10n ** BigInt(decimals);
        const fee = BigInt(feeForGas(gasLimit, { amount: { atomics, decimals }, denom: "uakt" }).amount);
        // fee is the least integer with fee × 10^d ≥ gas × atomics
        assert.ok(fee * scale >= gasLimit * atomics);
        assert.ok(fee === 0n || (fee - 1n) * scale < gasLimit * atomics);
      }),
      { numRuns: 500 },
    );
  });

  test("the fee never falls below the node's minimum at the same price, and grows with gas", () => {
    fc.assert(
      fc.property(gas, gas, decimalText, (a, b, price) => {
        const p = parseGasPrice(`${price}uakt`);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        assert.ok(BigInt(feeForGas(lo, p).amount) <= BigInt(feeForGas(hi, p).amount));
      }),
      { numRuns: 300 },
    );
  });

  test("agrees with cosmjs calculateFee", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50_000_000 }), decimalText, (gasLimit, price) => {
        const ours = feeForGas(BigInt(gasLimit), parseGasPrice(`${price}uakt`));
        const theirs = calculateFee(gasLimit, CosmjsGasPrice.fromString(`${price}uakt`));
        assert.deepEqual([ours], theirs.amount);
        assert.equal(theirs.gas, String(gasLimit));
      }),
      { numRuns: 300 },
    );
  });

  test("gas limit = ceil(simulated × adjustment): never below the estimate for adjustment ≥ 1, exact otherwise", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 9n }), decimalText, (simulated, adjustment) => {
        const factor = parseDecimal(adjustment, "adjustment");
        fc.pre(factor.atomics > 0n);
        const limit = adjustGas(simulated, adjustment);
        const scale = 10n ** BigInt(factor.decimals);
        fc.pre(simulated * factor.atomics <= MAX_GAS * scale);
        assert.ok(limit >= 1n);
        assert.ok(limit * scale >= simulated * factor.atomics);
        if (simulated * factor.atomics > scale) assert.ok((limit - 1n) * scale < simulated * factor.atomics);
        if (factor.atomics >= scale) assert.ok(limit >= simulated);
      }),
      { numRuns: 500 },
    );
  });

  test("decimals print back as they parse (trailing zeros aside)", () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const parsed = parseDecimal(text, "x");
        const printed = formatDecimal(parsed);
        assert.deepEqual(mulCeil(10n ** 18n, parseDecimal(printed, "x")), mulCeil(10n ** 18n, parsed));
      }),
    );
  });

  test("known values: the defaults, and the protocol brief's example (300k gas at 0.025uakt = 0.0075 AKT)", () => {
    assert.equal(DEFAULT_GAS_PRICE, "0.025uakt");
    assert.equal(DEFAULT_GAS_ADJUSTMENT, "1.5");
    assert.deepEqual(planFee({ gasLimit: 300_000n }), { gasLimit: 300_000n, amount: [{ denom: "uakt", amount: "7500" }] });
    assert.deepEqual(planFee({ simulatedGas: 123_457n }), { gasLimit: 185_186n, amount: [{ denom: "uakt", amount: "4630" }] });
    assert.deepEqual(planFee({ simulatedGas: 100_000n, gasAdjustment: "1.3" }, "0.0025uakt"), { gasLimit: 130_000n, amount: [{ denom: "uakt", amount: "325" }] });
    // a price of 0 pays nothing: no fee coins at all, as cosmjs sends it
    assert.deepEqual(planFee({ gasLimit: 200_000n }, "0uakt"), { gasLimit: 200_000n, amount: [] });
  });
});

describe("fee inputs refused", () => {
  const code = (fn: () => unknown, expected: string, pattern?: RegExp): void => {
    assert.throws(fn, (error: unknown) => error instanceof InputError && error.code === expected && (!pattern || pattern.test(error.message)));
  };

  test("gas prices not in uakt, or malformed", () => {
    code(() => parseGasPrice("0.025uact"), "INVALID_GAS_PRICE", /uakt.*ACT cannot pay gas/);
    code(() => parseGasPrice("0.025"), "INVALID_GAS_PRICE");
    code(() => parseGasPrice("-1uakt"), "INVALID_GAS_PRICE");
    code(() => parseGasPrice("1e-3uakt"), "INVALID_GAS_PRICE");
    code(() => parseGasPrice("0.0000000000000000001uakt"), "INVALID_GAS_PRICE");
  });

  test("gas limits and adjustments out of range", () => {
    code(() => adjustGas(1000n, "0"), "INVALID_GAS");
    code(() => adjustGas(1000n, "abc"), "INVALID_GAS");
    code(() => planFee({ gasLimit: 0n }), "INVALID_GAS");
    code(() => planFee({ gasLimit: MAX_GAS + 1n }), "INVALID_GAS");
  });
});
