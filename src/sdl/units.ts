/**
 * Quantities as the Go reference reads them from the raw YAML text. Each parser returns the value
 * as a decimal string (what the chain stores) or a reason the text is not acceptable.
 */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (reason: string): Parsed<never> => ({ ok: false, reason });

/** The text in quotes for a reason, shortened: a 1 MiB value must not become a 1 MiB message. */
function quoted(text: string): string {
  if (text.length <= 40) return `"${text}"`;
  let head = text.slice(0, 37);
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  return `"${head}…" (${text.length} characters)`;
}

/** Go's strconv.ParseFloat for the decimal forms people write; hex floats, inf and NaN are refused. */
const DECIMAL_FLOAT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const UNSIGNED_INT = /^\+?\d+$/;

const BYTE_SUFFIXES: Readonly<Record<string, number>> = {
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const BINARY_SUFFIXES = new Set(["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]);
const SUFFIX_ENTRIES = Object.entries(BYTE_SUFFIXES);

/** Exact decimal text of a non-negative integer held in a double (may exceed 2^53). */
function integerText(value: number): string {
  return BigInt(Math.trunc(value)).toString();
}

/** CPU: "100m" is 100 millicores; anything else is a count of CPUs ("0.5", 1, "2"). Result in millicores. */
export function parseCpuUnits(text: string): Parsed<string> {
  if (text.endsWith("m")) {
    const digits = text.slice(0, -1);
    if (!UNSIGNED_INT.test(digits) || digits.startsWith("+")) return fail(`${quoted(text)} is not a whole number of millicores`);
    const value = BigInt(digits);
    if (value > 4294967295n) return fail(`${quoted(text)} is too large`);
    return ok(value.toString());
  }
  if (!DECIMAL_FLOAT.test(text)) return fail(`${quoted(text)} is not a number of CPUs or millicores (e.g. 0.5 or 500m)`);
  const millis = Number(text) * 1000;
  if (millis < 0) return fail("negative values are not allowed");
  if (!Number.isFinite(millis) || millis > 4294967295) return fail(`${quoted(text)} is too large`);
  return ok(integerText(millis));
}

/** Memory and storage sizes: "128Mi", "1Gi", "512M", "1e9", "100". Result in bytes. */
export function parseByteSize(text: string, binaryOnly = false): Parsed<string> {
  let number = text;
  let unit = 1;
  for (const [suffix, factor] of SUFFIX_ENTRIES) {
    if (text.endsWith(suffix) && (!binaryOnly || BINARY_SUFFIXES.has(suffix))) {
      number = text.slice(0, -suffix.length);
      unit = factor;
      break;
    }
  }
  if (!DECIMAL_FLOAT.test(number)) {
    const units = binaryOnly ? "Ki, Mi, Gi, Ti" : "k, M, G, T or Ki, Mi, Gi, Ti";
    return fail(`${quoted(text)} is not a size; write a number with an optional unit (${units}), e.g. 512Mi`);
  }
  const bytes = Number(number) * unit;
  if (bytes < 0) return fail("negative values are not allowed");
  if (!Number.isFinite(bytes) || bytes >= 2 ** 64) return fail(`${quoted(text)} is too large`);
  return ok(integerText(bytes));
}

/** GPU count: a whole number. */
export function parseGpuUnits(text: string): Parsed<string> {
  if (!/^\d+$/.test(text)) return fail(`${quoted(text)} is not a whole number of GPUs`);
  const value = BigInt(text);
  if (value >= 2n ** 64n) return fail(`${quoted(text)} is too large`);
  return ok(value.toString());
}

/**
 * Cosmos LegacyDec from text: optional sign, digits, optional fraction of at most 18 digits.
 * Returned with exactly 18 decimals, as the chain prints it.
 */
export function parseDecAmount(text: string): Parsed<string> {
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) {
    return fail(`${quoted(text)} is not a decimal amount; write digits with an optional fraction, e.g. 1000 or 0.5 (no exponent)`);
  }
  const [, sign = "", whole = "", fraction = ""] = match;
  if (fraction.length > 18) return fail(`${quoted(text)} has more than 18 decimal places`);
  const wholeValue = BigInt(whole);
  const integer = wholeValue.toString();
  const decimals = fraction.padEnd(18, "0");
  if (sign === "-" && (wholeValue > 0n || /[1-9]/.test(fraction))) return fail("negative amounts are not allowed");
  if (wholeValue === 0n && !/[1-9]/.test(fraction)) return fail("the amount is zero");
  return ok(`${integer}.${decimals}`);
}

/** Go time.ParseDuration for the forms a reclamation window uses; result in nanoseconds. */
export function parseGoDuration(text: string): Parsed<bigint> {
  if (text === "") return fail('invalid duration ""');
  const units: Record<string, bigint> = { ns: 1n, us: 1000n, "µs": 1000n, "μs": 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };
  let rest = text;
  let negative = false;
  if (rest[0] === "-" || rest[0] === "+") {
    negative = rest[0] === "-";
    rest = rest.slice(1);
  }
  if (rest === "0") return ok(0n);
  if (rest === "") return fail(`invalid duration ${quoted(text)}`);
  let total = 0n;
  while (rest !== "") {
    const m = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)?/.exec(rest);
    if (!m || (m[1] === "" && (m[2] === undefined || m[2] === ""))) return fail(`invalid duration ${quoted(text)}`);
    const unit = m[3];
    if (!unit) return fail(`missing unit in duration ${quoted(text)}`);
    const scale = units[unit] as bigint;
    const whole = BigInt(m[1] || "0") * scale;
    const fraction = m[2] ? (BigInt(m[2]) * scale) / 10n ** BigInt(m[2].length) : 0n;
    total += whole + fraction;
    // Go keeps durations in an int64 and refuses anything beyond it.
    if (total > (negative ? 2n ** 63n : 2n ** 63n - 1n)) return fail(`invalid duration ${quoted(text)}: out of range`);
    rest = rest.slice(m[0].length);
  }
  return ok(negative ? -total : total);
}
