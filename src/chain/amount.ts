/**
 * Amounts as people type and read them, as exact integers of the base denomination: `5act`,
 * `5000000uact`, `1.5akt`, `0.25 ACT`. Never a float: the decimal part is shifted into the integer
 * as digits. AKT and ACT have 6 decimals (protocol.md §5.4).
 */
import { InputError } from "../errors.js";
import type { Coin, DecCoin } from "./types.js";

/** Display denomination → base denomination and decimals. */
const DISPLAY: Readonly<Record<string, { readonly base: string; readonly decimals: number }>> = {
  akt: { base: "uakt", decimals: 6 },
  act: { base: "uact", decimals: 6 },
};
const BASE_TO_DISPLAY: Readonly<Record<string, string>> = { uakt: "AKT", uact: "ACT" };

const AMOUNT = /^\s*(\d+)(?:\.(\d+))?\s*([A-Za-z][A-Za-z0-9/:._-]*)\s*$/;

/**
 * `5act` → 5000000uact; `5000000uact` as is; `1.5akt` → 1500000uakt. `allowed` lists the base
 * denominations accepted (the first is named in errors). A bare number is refused: the unit
 * matters too much to guess.
 */
export function parseAmount(text: string, what: string, allowed: readonly string[] = ["uact", "uakt"]): Coin {
  const match = AMOUNT.exec(text);
  const examples = allowed.map((d) => (d === "uact" ? "5act or 5000000uact" : d === "uakt" ? "1.5akt or 1500000uakt" : `100${d}`)).join(", ");
  if (!match) throw new InputError("INVALID_AMOUNT", `${what}: "${text.slice(0, 60)}" is not an amount; write it as ${examples}`, { value: text.slice(0, 60) });
  const [, whole = "0", fraction = "", unit = ""] = match;
  const lower = unit.toLowerCase();
  const display = DISPLAY[lower];
  let coin: Coin;
  if (display) {
    if (fraction.length > display.decimals) {
      throw new InputError("INVALID_AMOUNT", `${what}: ${text.trim()} has more than ${display.decimals} decimals; the smallest unit is 1${display.base}`, { value: text });
    }
    coin = { denom: display.base, amount: BigInt(whole + fraction.padEnd(display.decimals, "0")).toString() };
  } else {
    if (fraction !== "") throw new InputError("INVALID_AMOUNT", `${what}: ${text.trim()}: ${unit} is a base unit and cannot have decimals`, { value: text });
    coin = { denom: lower, amount: BigInt(whole).toString() };
  }
  if (!allowed.includes(coin.denom)) {
    throw new InputError("INVALID_DENOM", `${what}: ${coin.denom} is not accepted here; use ${examples}`, { denom: coin.denom });
  }
  if (coin.amount === "0") throw new InputError("INVALID_AMOUNT", `${what}: the amount must be more than zero`, { value: text });
  return coin;
}

/** Integer base units as a decimal display amount: 5000000uact → "5 ACT", 1500000uakt → "1.5 AKT". */
export function formatCoin(coin: Coin): string {
  const display = BASE_TO_DISPLAY[coin.denom];
  if (!display) return `${coin.amount}${coin.denom}`;
  return `${shift(BigInt(coin.amount), 6)} ${display}`;
}

/** A list of coins, or "nothing". */
export function formatCoins(coins: readonly Coin[]): string {
  return coins.length === 0 ? "0" : coins.map(formatCoin).join(" + ");
}

/** An integer scaled by 10^decimals, printed without trailing zeros. */
export function shift(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** A DecCoin's amount (≤ 18 decimals) as an integer of 10^-18 units. */
export function decAtomics(amount: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,18}))?$/.exec(amount);
  if (!match) throw new InputError("INVALID_AMOUNT", `"${amount}" is not a decimal amount`, {});
  const value = BigInt(match[2] ?? "0") * 10n ** 18n + BigInt((match[3] ?? "").padEnd(18, "0"));
  return match[1] === "-" ? -value : value;
}

/** A DecCoin in display units with up to `digits` decimals (rounded down): 50.000000000000000000uact → "0.00005 ACT". */
export function formatDecCoin(coin: DecCoin, digits = 6): string {
  const display = BASE_TO_DISPLAY[coin.denom];
  const atomics = decAtomics(coin.amount);
  if (!display) return `${shift(atomics / 10n ** BigInt(18 - digits), digits)} ${coin.denom}`;
  // base units have 6 decimals below the display unit: 10^-18 base = 10^-24 display.
  return `${shift(atomics / 10n ** BigInt(24 - digits), digits)} ${display}`;
}

/**
 * A rate per block over a time span at an average block time, exactly in 10^-18 base units:
 * rate × seconds / blockSeconds. The block time is a measurement (a float), so it is turned into
 * an integer number of milliseconds first; the product stays an integer.
 */
export function ratePerSpan(ratePerBlock: string, seconds: number, blockSeconds: number): bigint {
  const blockMs = BigInt(Math.max(1, Math.round(blockSeconds * 1000)));
  return (decAtomics(ratePerBlock) * BigInt(Math.round(seconds * 1000))) / blockMs;
}

/**
 * A price per block as typed ("50uact", "0.5uact", "0.00005act") → 10^-18 units of uact, exact.
 * Only ACT prices: since the BME upgrade every lease is priced in uact.
 */
export function parsePricePerBlock(text: string, what: string): bigint {
  const match = /^\s*(\d+)(?:\.(\d+))?\s*(uact|act)\s*$/i.exec(text);
  if (!match) throw new InputError("INVALID_AMOUNT", `${what}: "${text.slice(0, 60)}" is not a price per block; write it as 50uact or 0.00005act`, { value: text.slice(0, 60) });
  const [, whole = "0", fraction = "", unit = ""] = match;
  const decimals = unit.toLowerCase() === "act" ? 24 : 18;
  if (fraction.length > decimals) throw new InputError("INVALID_AMOUNT", `${what}: too many decimals in "${text}"`, { value: text });
  // 1 act = 10^6 uact = 10^24 units of 10^-18 uact.
  return BigInt(whole + fraction.padEnd(decimals, "0"));
}
