/**
 * Small conversions between our domain values and what chain-sdk's generated types expect,
 * with the checks the chain would otherwise make after a fee is paid. No protobuf is written
 * here: chain-sdk's types do all encoding.
 */
import { InputError } from "../../errors.js";
import type { ChainInputCode } from "../errors.js";
import type { Coin } from "../types.js";

export function inputError(code: ChainInputCode, message: string, data: Record<string, unknown> = {}): InputError {
  return new InputError(code, message, data);
}

export const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MAX = (1n << 63n) - 1n;
const UINT32_MAX = 0xffff_ffff;
/** cosmossdk.io/math.Int holds at most 256 bits. */
const MATH_INT_MAX = (1n << 256n) - 1n;

/** The shape chain-sdk's `fromPartial` accepts for a uint64 field (a `long` Long or what converts to one). */
export interface LongBits {
  readonly low: number;
  readonly high: number;
  readonly unsigned: true;
}

/**
 * A uint64 for chain-sdk's `fromPartial`. It converts with `Long.fromValue(value)`, which reads a
 * bigint or a string as a *signed* 64-bit integer, so anything at or above 2^63 would come out
 * negative and fail to encode ("invalid uint64"). `Long.fromValue` keeps the `unsigned` flag of a
 * `{low, high, unsigned}` object, so that is what we pass: the full uint64 range round-trips.
 */
export function uint64(value: bigint): bigint {
  if (value < 0n || value > UINT64_MAX) throw new RangeError(`${value} is outside the uint64 range`);
  if (value <= INT64_MAX) return value;
  const bits: LongBits = { low: Number(BigInt.asIntN(32, value)), high: Number(BigInt.asIntN(32, value >> 32n)), unsigned: true };
  // The object is what Long.fromValue reads; typed as the bigint the declaration also accepts.
  return bits as unknown as bigint;
}

/** A decoded uint64/int64 (chain-sdk gives `long` Longs) as a bigint. */
export function toBigInt(value: { toString(): string } | undefined): bigint {
  return value === undefined ? 0n : BigInt(value.toString());
}

/** dseq: client-chosen, non-zero, uint64 (protocol.md §1.1, §5.3). */
export function checkDseq(dseq: bigint): bigint {
  if (typeof dseq !== "bigint" || dseq <= 0n || dseq > UINT64_MAX) {
    throw inputError("INVALID_DSEQ", `dseq must be an integer from 1 to ${UINT64_MAX}, got ${String(dseq)}`, { dseq: String(dseq) });
  }
  return dseq;
}

/** gseq, oseq, bseq: uint32. */
export function checkSeq(name: "gseq" | "oseq" | "bseq", value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min || value > UINT32_MAX) {
    throw inputError("INVALID_SEQUENCE_NUMBER", `${name} must be an integer from ${min} to ${UINT32_MAX}, got ${String(value)}`, { [name]: value });
  }
  return value;
}

const DENOM = /^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/;

/**
 * A coin as sdk.Coin.Validate accepts it, positive. `maxInt64` applies where the chain reads the
 * amount with Int64() (escrow's AuthorizeDeposits does, so a larger deposit would overflow there).
 */
export function checkCoin(coin: Coin, what: string, options: { maxInt64?: boolean } = {}): Coin {
  if (!DENOM.test(coin.denom)) {
    throw inputError("INVALID_DENOM", `${what}: "${coin.denom}" is not a valid denomination`, { denom: coin.denom });
  }
  if (!/^\d+$/.test(coin.amount) || BigInt(coin.amount) === 0n) {
    throw inputError("INVALID_AMOUNT", `${what}: the amount must be a positive whole number of ${coin.denom}, got "${coin.amount}"`, {
      amount: coin.amount,
    });
  }
  const amount = BigInt(coin.amount);
  if (amount > (options.maxInt64 ? INT64_MAX : MATH_INT_MAX)) {
    throw inputError("INVALID_AMOUNT", `${what}: ${coin.amount}${coin.denom} is larger than the chain accepts`, { amount: coin.amount });
  }
  return { denom: coin.denom, amount: amount.toString() };
}

/** The deployment hash: 32 raw bytes from the 64 hex digits of the SDL compiler's `version`. */
export function versionBytes(version: string): Uint8Array {
  if (!/^[0-9a-fA-F]{64}$/.test(version)) {
    throw inputError("INVALID_VERSION", `the manifest version must be 64 hex digits (a SHA-256), got "${version.slice(0, 80)}"`, {});
  }
  return Uint8Array.from(Buffer.from(version, "hex"));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

// --- Cosmos LegacyDec ---------------------------------------------------------------------------

export const LEGACY_DEC_PRECISION = 18;
const SCALE = 10n ** BigInt(LEGACY_DEC_PRECISION);
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A decimal string as an integer scaled by 10^18, the way LegacyDec stores it; undefined if it has more than 18 decimals or is not a decimal. */
export function legacyDecAtomics(value: string): bigint | undefined {
  const match = DECIMAL.exec(value);
  if (!match) return undefined;
  const [, sign, whole = "0", fraction = ""] = match;
  if (fraction.length > LEGACY_DEC_PRECISION) return undefined;
  const atomics = BigInt(whole) * SCALE + BigInt(fraction.padEnd(LEGACY_DEC_PRECISION, "0"));
  return sign === "-" ? -atomics : atomics;
}

/** An integer scaled by 10^18 as Go prints a LegacyDec: "-"?, integer part, ".", 18 digits. */
export function formatLegacyDec(atomics: bigint): string {
  const negative = atomics < 0n;
  const magnitude = negative ? -atomics : atomics;
  const whole = magnitude / SCALE;
  const fraction = (magnitude % SCALE).toString().padStart(LEGACY_DEC_PRECISION, "0");
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/**
 * Any decimal string ("584.63514", "100", "1.500000000000000000") in LegacyDec's printed form.
 * chain-sdk decodes DecCoin amounts with cosmjs `Decimal#toString`, which drops trailing zeros;
 * this restores the form the chain (and our SDL compiler) prints.
 */
export function normalizeLegacyDec(value: string): string {
  const atomics = legacyDecAtomics(value);
  if (atomics === undefined) throw new RangeError(`"${value}" is not a decimal with at most 18 decimals`);
  return formatLegacyDec(atomics);
}
