import assert from "node:assert/strict";
import { test } from "node:test";
import { parseByteSize, parseCpuUnits, parseDecAmount, parseGoDuration, parseGpuUnits } from "../../src/sdl/units.js";

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T | string => (r.ok ? r.value : `error: ${r.reason}`);

test("CPU units follow Go's cpuQuantity: millicores or a float count of CPUs, truncated", () => {
  assert.equal(value(parseCpuUnits("100m")), "100");
  assert.equal(value(parseCpuUnits("0.5")), "500");
  assert.equal(value(parseCpuUnits("1")), "1000");
  assert.equal(value(parseCpuUnits("0.0015")), "1");
  assert.equal(value(parseCpuUnits("1e3")), "1000000");
  assert.match(String(value(parseCpuUnits("-100m"))), /^error/);
  assert.match(String(value(parseCpuUnits("1.5m"))), /^error/);
  assert.match(String(value(parseCpuUnits("-1"))), /^error: negative/);
  assert.match(String(value(parseCpuUnits("inf"))), /^error/);
  assert.match(String(value(parseCpuUnits("0x10"))), /^error/);
});

test("byte sizes use Go's suffix table (decimal k/M/G/T/P/E, binary Ki..Ei), float maths then truncation", () => {
  assert.equal(value(parseByteSize("128Mi")), "134217728");
  assert.equal(value(parseByteSize("1Gi")), "1073741824");
  assert.equal(value(parseByteSize("512M")), "512000000");
  assert.equal(value(parseByteSize("1e9")), "1000000000");
  assert.equal(value(parseByteSize("1.5Gi")), "1610612736");
  assert.equal(value(parseByteSize("100")), "100");
  assert.equal(value(parseByteSize("1Ei")), "1152921504606846976");
  for (const bad of ["1K", "1KB", "1GB", "1 Gi", "1gi", "0x400", "", "Gi"]) {
    assert.match(String(value(parseByteSize(bad))), /^error/, bad);
  }
  assert.match(String(value(parseByteSize("80G", true))), /^error/, "GPU ram takes binary units only");
  assert.equal(value(parseByteSize("80Gi", true)), String(80 * 2 ** 30));
});

test("GPU units are a plain unsigned integer", () => {
  assert.equal(value(parseGpuUnits("1")), "1");
  assert.match(String(value(parseGpuUnits("1.0"))), /^error/);
  assert.match(String(value(parseGpuUnits("-1"))), /^error/);
});

test("prices are Cosmos LegacyDec with 18 decimals; exponents, zero and negatives are refused", () => {
  assert.equal(value(parseDecAmount("100")), "100.000000000000000000");
  assert.equal(value(parseDecAmount("0.5")), "0.500000000000000000");
  assert.equal(value(parseDecAmount("007")), "7.000000000000000000");
  assert.equal(value(parseDecAmount("1.123456789012345678")), "1.123456789012345678");
  for (const bad of ["1e3", "0", "0.0", "-5", "1.1234567890123456789", "5.", ".5", "1_000", "", "abc"]) {
    assert.match(String(value(parseDecAmount(bad))), /^error/, bad);
  }
});

test("reclamation windows parse like Go's time.ParseDuration", () => {
  assert.equal(value(parseGoDuration("24h")), 24n * 3600n * 10n ** 9n);
  assert.equal(value(parseGoDuration("1h30m")), 90n * 60n * 10n ** 9n);
  assert.equal(value(parseGoDuration("1.5h")), 90n * 60n * 10n ** 9n);
  assert.equal(value(parseGoDuration("0s")), 0n);
  assert.match(String(value(parseGoDuration("10"))), /missing unit/);
  assert.match(String(value(parseGoDuration("1d"))), /^error/);
  assert.match(String(value(parseGoDuration(""))), /^error/);
});
