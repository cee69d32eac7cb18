/**
 * Gas and fees with integer maths only (style.md §2: money is never a float).
 *
 * - gas limit = ceil(simulated gas × adjustment). The Go CLI truncates
 *   `uint64(adjustment * float64(gasUsed))`; rounding up never asks for less than the estimate.
 * - fee = ceil(gas limit × gas price), in uakt: the node's min-gas-prices check requires
 *   `fee >= ceil(gasPrice × gasLimit)` (x/auth/ante/fee.go, `fee.Ceil().RoundInt()`), so paying
 *   the ceiling at the same price always passes, and cosmjs's calculateFee does the same.
 *
 * Decimals are held as (atomics, decimals), value = atomics / 10^decimals.
 */
import type { Coin } from "../types.js";
import { inputError } from "./encoding.js";

/** Fees are paid in AKT only: node min-gas-prices are configured in uakt, ACT cannot pay gas (protocol.md §5.1). */
export const FEE_DENOM = "uakt";
/** Broadly accepted by validators (Go CLI and chain-sdk default). */
export const DEFAULT_GAS_PRICE = "0.025uakt";
/** The Go CLI's default; escrow-settling messages can use more gas than simulated (protocol.md §5.1). */
export const DEFAULT_GAS_ADJUSTMENT = "1.5";
/** The Go CLI's fixed gas when not simulating. */
export const FALLBACK_GAS = 200_000n;
/** makeAuthInfoBytes takes the limit as a JS number; no Akash transaction comes near this. */
export const MAX_GAS = BigInt(Number.MAX_SAFE_INTEGER);

export interface Decimal {
  readonly atomics: bigint;
  readonly decimals: number;
}

export interface GasPrice {
  readonly amount: Decimal;
  readonly denom: string;
}

const DECIMAL = /^(\d+)(?:\.(\d{1,18}))?$/;

/** A non-negative decimal with at most 18 fractional digits ("0.025", "1.5", "3"). */
export function parseDecimal(text: string, what: string, code: "INVALID_GAS_PRICE" | "INVALID_GAS" = "INVALID_GAS_PRICE"): Decimal {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw inputError(code, `${what} must be a non-negative decimal number with at most 18 decimals, got "${text}"`, {});
  const [, whole = "0", fraction = ""] = match;
  return { atomics: BigInt(whole + fraction), decimals: fraction.length };
}

export function formatDecimal(value: Decimal): string {
  if (value.decimals === 0) return value.atomics.toString();
  const digits = value.atomics.toString().padStart(value.decimals + 1, "0");
  const whole = digits.slice(0, -value.decimals);
  const fraction = digits.slice(-value.decimals).replace(/0+$/, "");
  return fraction === "" ? whole : `${whole}.${fraction}`;
}

/** ceil(n × d) for a non-negative integer n. */
export function mulCeil(n: bigint, d: Decimal): bigint {
  const scale = 10n ** BigInt(d.decimals);
  const product = n * d.atomics;
  return (product + scale - 1n) / scale;
}

/** "0.025uakt" → 0.025 per gas in uakt. Other denoms are refused: the chain takes fees in uakt only. */
export function parseGasPrice(text: string): GasPrice {
  const match = /^(\d+(?:\.\d+)?)([a-zA-Z][a-zA-Z0-9/:._-]{2,127})$/.exec(text.trim());
  if (!match) {
    throw inputError("INVALID_GAS_PRICE", `the gas price must look like "0.025uakt" (an amount then a denomination), got "${text}"`, { gasPrice: text });
  }
  const [, amount = "", denom = ""] = match;
  if (denom !== FEE_DENOM) {
    throw inputError("INVALID_GAS_PRICE", `fees are paid in ${FEE_DENOM} on Akash (ACT cannot pay gas); got a gas price in ${denom}`, { denom });
  }
  return { amount: parseDecimal(amount, "the gas price"), denom };
}

/** The gas limit for a simulated amount: ceil(simulated × adjustment), at least 1. */
export function adjustGas(simulated: bigint, adjustment: string = DEFAULT_GAS_ADJUSTMENT): bigint {
  const factor = parseDecimal(adjustment, "the gas adjustment", "INVALID_GAS");
  if (factor.atomics === 0n) throw inputError("INVALID_GAS", "the gas adjustment must be greater than 0", { gasAdjustment: adjustment });
  if (simulated < 0n) throw inputError("INVALID_GAS", `simulated gas cannot be negative (${simulated})`);
  return checkGasLimit(mulCeil(simulated, factor) || 1n);
}

export function checkGasLimit(gas: bigint): bigint {
  if (gas <= 0n || gas > MAX_GAS) throw inputError("INVALID_GAS", `the gas limit must be from 1 to ${MAX_GAS}, got ${gas}`, { gas: gas.toString() });
  return gas;
}

/** The fee for a gas limit at a price: ceil(gas × price). */
export function feeForGas(gasLimit: bigint, price: GasPrice): Coin {
  return { denom: price.denom, amount: mulCeil(checkGasLimit(gasLimit), price.amount).toString() };
}

export interface FeePlan {
  readonly gasLimit: bigint;
  readonly amount: readonly Coin[];
}

/** Gas limit and fee, from a simulation (× adjustment) or a fixed limit. A zero fee is sent as no coins. */
export function planFee(input: { readonly simulatedGas: bigint; readonly gasAdjustment?: string } | { readonly gasLimit: bigint }, gasPrice: string = DEFAULT_GAS_PRICE): FeePlan {
  const gasLimit = "gasLimit" in input ? checkGasLimit(input.gasLimit) : adjustGas(input.simulatedGas, input.gasAdjustment);
  const fee = feeForGas(gasLimit, parseGasPrice(gasPrice));
  return { gasLimit, amount: fee.amount === "0" ? [] : [fee] };
}
