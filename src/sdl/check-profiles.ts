import { asArray, asObject, type CheckContext, type Json, type PathTokens } from "./check-context.js";
import { compareBytes } from "./gojson.js";
import { goSortStable } from "./gosort.js";
import { suggest } from "./suggest.js";
import { quoted } from "./diagnostics.js";
import type { ComputeModel, PlacementModel, VolumeModel } from "./model.js";
import type { KeyValue as Attribute, DecCoin } from "./types.js";
import { parseByteSize, parseCpuUnits, parseDecAmount, parseGpuUnits, type Parsed } from "./units.js";

const GPU_INTERFACES = new Set(["pcie", "sxm"]);
const STORAGE_CLASSES = new Set(["default", "beta1", "beta2", "beta3", "ram"]);
/** What the chain has priced leases in: ACT, AKT, and IBC tokens (USDC) before the BME upgrade. */
const DENOM = /^(uact|uakt|ibc\/[0-9A-F]{64})$/;
/** Any denomination Cosmos accepts (sdk.ValidateDenom): what Go lets through. */
const GO_DENOM = /^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/;

export const LIMITS = {
  cpuMin: 10,
  cpuMax: 384_000,
  gpuMax: 24,
  memoryMin: 2 ** 20,
  memoryMax: 2 * 2 ** 40,
  storageMin: 5 * 2 ** 20,
  storageMax: 32 * 2 ** 40,
  groupCpuMax: 19_200_000,
  groupGpuMax: 1200,
  groupMemoryMax: 2 * 2 ** 40 * 50,
  unitPriceMax: 10_000_000,
} as const;

function byKey(a: Attribute, b: Attribute): number {
  return compareBytes(a.key, b.key);
}

/** Go's unifyStringAsBool for storage `persistent`. */
function storageBool(text: string): "true" | "false" | undefined {
  if (text === "true" || text === "on" || text === "yes") return "true";
  if (text === "false" || text === "off" || text === "no") return "false";
  return undefined;
}

function volumeAttributes(ctx: CheckContext, raw: Json | undefined, path: PathTokens, volume: string): Attribute[] {
  const attributes = asObject(raw);
  if (!attributes) return [];
  const texts = new Map<string, string>();
  for (const [key, value] of Object.entries(attributes)) texts.set(key, ctx.text([...path, key], value) ?? "");
  if (!texts.has("persistent")) texts.set("persistent", "false");
  const classText = texts.get("class") ?? "";
  const persistentText = texts.get("persistent") ?? "false";
  const persistent = storageBool(persistentText);
  if (persistent === undefined) {
    ctx.report("SDL3020", { what: "persistent", value: persistentText, reason: "expected true or false" }, [...path, "persistent"]);
  }
  // Go compares the text as written here (before reading it as a bool): `ram` needs exactly
  // "false", another class fails only on exactly "false", and only "true" gets the default class.
  if (classText === "ram" && persistentText !== "false") ctx.report("SDL3017", { volume }, [...path, "persistent"]);
  else if (classText !== "" && classText !== "ram" && persistentText === "false") ctx.report("SDL3039", { volume }, [...path, "class"]);
  // Go validates `class` whenever the key is written, so `class: ""` is invalid too.
  // Go validates `class` whenever the key is written, after an empty class of a persistent
  // volume became "default": so `class: ""` is invalid unless persistent is "true".
  if ((classText !== "" || (texts.has("class") && persistentText !== "true")) && !STORAGE_CLASSES.has(classText)) {
    ctx.report("SDL3020", { what: "storage class", value: classText, reason: "use default, beta1, beta2, beta3 or ram" }, [...path, "class"]);
  }
  if (classText === "" && persistentText === "true") texts.set("class", "default");
  const result: Attribute[] = [];
  for (const [key, value] of texts) {
    result.push({ key, value: key === "persistent" ? (storageBool(value) ?? value) : value });
  }
  return result.sort(byKey);
}

/**
 * Go orders volumes with sort.SliceStable and a comparator that is not a strict weak order
 * (it reads `persistent` twice), so the result depends on the algorithm: goSortStable is Go's.
 */
function volumeLess(a: VolumeModel, b: VolumeModel): boolean {
  const sizeA = BigInt(a.size);
  const sizeB = BigInt(b.size);
  if (sizeA !== sizeB) return sizeA < sizeB;
  const pa = a.attributes.find((x) => x.key === "persistent")?.value ?? "";
  const pb = b.attributes.find((x) => x.key === "persistent")?.value ?? "";
  if ((pa === "" && pb !== "") || (pa !== "" && pb !== "" && pa < pb)) return true;
  if (pa !== "" && pb === "") return false;
  const ba = pa === "true";
  const bb = pb === "true";
  if (!ba) return true;
  if (!bb) return false;
  return compareBytes(a.name, b.name) < 0;
}


function checkRange(ctx: CheckContext, path: PathTokens, what: string, value: string, min: number, max: number, show: (n: bigint) => string): void {
  const approx = Number(value);
  if (approx > min && approx < max) return;
  const n = BigInt(value);
  if (n < BigInt(min) || n > BigInt(max)) {
    ctx.report("SDL3032", { what, reason: `${quoted(show(n))} is outside ${show(BigInt(min))} to ${show(BigInt(max))}` }, path);
  }
}

export function humanBytes(n: bigint): string {
  const units = ["Ti", "Gi", "Mi", "Ki"] as const;
  const factors = [2n ** 40n, 2n ** 30n, 2n ** 20n, 2n ** 10n];
  for (let i = 0; i < units.length; i++) {
    const f = factors[i] as bigint;
    if (n >= f && n % f === 0n) return `${n / f}${units[i]}`;
  }
  return `${n} bytes`;
}

interface Range {
  readonly min: number;
  readonly max: number;
  readonly show: (n: bigint) => string;
}

/**
 * Reads one quantity as Go does (from the text as written), reporting an unparseable value or
 * one outside the chain's limits. Returns the value, or "0" when absent or invalid.
 */
function quantity(
  ctx: CheckContext,
  path: PathTokens,
  raw: Json | undefined,
  what: string,
  parse: (text: string) => Parsed<string>,
  range: Range,
): string {
  const text = ctx.text(path, raw);
  if (text === undefined || raw === null) {
    // Absent: Go reads 0, which is outside every range with a minimum above 0.
    if (range.min > 0) ctx.report("SDL3032", { what, reason: `it is missing (0), and must be ${range.show(BigInt(range.min))} to ${range.show(BigInt(range.max))}` }, path, { onKey: true });
    return "0";
  }
  const parsed = parse(text);
  if (!parsed.ok) {
    ctx.report("SDL3020", { what, value: text, reason: parsed.reason }, path);
    return "0";
  }
  checkRange(ctx, path, what, parsed.value, range.min, range.max, range.show);
  return parsed.value;
}

const millis = (n: bigint): string => (n % 1000n === 0n ? `${n / 1000n} CPU` : `${n}m`);

function gpuAttributes(ctx: CheckContext, raw: Json | undefined, path: PathTokens): Attribute[] {
  const attributes = asObject(raw);
  if (!attributes) return [];
  const vendor = asObject(attributes.vendor);
  const keys: string[] = [];
  const nvidia = vendor ? asArray(vendor.nvidia) : undefined;
  (nvidia ?? []).forEach((entry, index) => {
    const model = asObject(entry);
    if (!model) return;
    const entryPath = [...path, "vendor", "nvidia", index];
    const name = ctx.text([...entryPath, "model"], model.model) ?? "";
    let key = `vendor/nvidia/model/${name}`;
    if (model.ram !== undefined && model.ram !== null) {
      const ramText = ctx.text([...entryPath, "ram"], model.ram) ?? "";
      const ram = parseByteSize(ramText, true);
      if (!ram.ok) ctx.report("SDL3020", { what: "GPU ram", value: ramText, reason: ram.reason }, [...entryPath, "ram"]);
      else key += `/ram/${BigInt(ram.value) / 2n ** 30n}Gi`;
    }
    if (model.interface !== undefined && model.interface !== null) {
      const iface = ctx.text([...entryPath, "interface"], model.interface) ?? "";
      if (!GPU_INTERFACES.has(iface)) {
        ctx.report("SDL3020", { what: "GPU interface", value: iface, reason: "use pcie or sxm" }, [...entryPath, "interface"]);
      }
      key += `/interface/${iface}`;
    }
    if (keys.includes(key)) ctx.report("SDL3020", { what: "GPU model", value: name, reason: "listed twice" }, entryPath);
    keys.push(key);
  });
  if (keys.length === 0) keys.push("vendor/nvidia/model/*");
  return keys.map((key) => ({ key, value: "true" })).sort(byKey);
}

export function checkCompute(ctx: CheckContext, name: string, raw: Json | undefined): ComputeModel | undefined {
  const base: PathTokens = ["profiles", "compute", name];
  const resources = asObject(asObject(raw)?.resources);
  if (!resources) return undefined;
  const rpath = [...base, "resources"];

  // Go: "invalid unit CPU, cannot be nil" (and the same for memory and storage).
  for (const part of ["cpu", "memory", "storage"] as const) {
    if (resources[part] === undefined || resources[part] === null) {
      ctx.report("SDL3032", { what: part, reason: "it is missing; every compute profile needs cpu, memory and storage" }, [...rpath, part], { onKey: true });
    }
  }
  let cpu = "0";
  const cpuObj = asObject(resources.cpu);
  const cpuAttributes: Attribute[] = [];
  if (cpuObj) {
    cpu = quantity(ctx, [...rpath, "cpu", "units"], cpuObj.units, "CPU units", parseCpuUnits, { min: LIMITS.cpuMin, max: LIMITS.cpuMax, show: millis });
    const attrs = asObject(cpuObj.attributes);
    for (const [key, value] of Object.entries(attrs ?? {})) {
      cpuAttributes.push({ key, value: ctx.text([...rpath, "cpu", "attributes", key], value) ?? "" });
    }
    cpuAttributes.sort(byKey);
  }

  const memory = quantity(ctx, [...rpath, "memory", "size"], asObject(resources.memory)?.size, "memory size", parseByteSize, {
    min: LIMITS.memoryMin,
    max: LIMITS.memoryMax,
    show: humanBytes,
  });

  let gpu = "0";
  let gpuAttrs: Attribute[] = [];
  const gpuObj = asObject(resources.gpu);
  if (gpuObj) {
    gpu = quantity(ctx, [...rpath, "gpu", "units"], gpuObj.units, "GPU units", parseGpuUnits, { min: 0, max: LIMITS.gpuMax, show: String });
    const hasAttributes = gpuObj.attributes !== undefined && gpuObj.attributes !== null;
    if (gpu !== "0" && !hasAttributes) ctx.report("SDL3021", { units: gpu }, [...rpath, "gpu"], { hint: "add attributes: { vendor: { nvidia: [ { model: a100 } ] } }" });
    if (gpu === "0" && hasAttributes) ctx.report("SDL3022", {}, [...rpath, "gpu", "attributes"]);
    if (hasAttributes) gpuAttrs = gpuAttributes(ctx, gpuObj.attributes, [...rpath, "gpu", "attributes"]);
  }

  const volumes: VolumeModel[] = [];
  const storagePath = [...rpath, "storage"];
  const single = asObject(resources.storage);
  const list = asArray(resources.storage);
  const entries: { raw: Json; path: PathTokens; name: string }[] = [];
  if (single) entries.push({ raw: single, path: storagePath, name: "default" });
  list?.forEach((raw, index) => {
    const obj = asObject(raw);
    const nameText = obj && obj.name !== undefined && obj.name !== null ? ctx.text([...storagePath, index, "name"], obj.name) : undefined;
    entries.push({ raw, path: [...storagePath, index], name: nameText || "default" });
  });
  const seen = new Set<string>();
  for (const entry of entries) {
    const obj = asObject(entry.raw);
    if (!obj) continue;
    if (seen.has(entry.name)) {
      ctx.report(entry.name === "default" ? "SDL3030" : "SDL3029", { volume: entry.name, profile: name, count: 2 }, entry.path);
    }
    seen.add(entry.name);
    const size = quantity(ctx, [...entry.path, "size"], obj.size, "storage size", parseByteSize, {
      min: LIMITS.storageMin,
      max: LIMITS.storageMax,
      show: humanBytes,
    });
    const attributes = obj.attributes === undefined ? [] : volumeAttributes(ctx, obj.attributes, [...entry.path, "attributes"], entry.name);
    volumes.push({ name: entry.name, size, attributes });
  }
  goSortStable(volumes, volumeLess);

  return { name, cpu, cpuAttributes, memory, storage: volumes, gpu, gpuAttributes: gpuAttrs };
}

/**
 * The denomination someone who wrote `akt`, `act` or `AKT` meant: prices are in micro-units, and
 * new deployments in ACT. Only a near miss of `uakt` itself points at `uakt`.
 */
export function denomHint(denom: string): string | undefined {
  const lower = denom.trim().toLowerCase();
  if (lower === "uakt") return denom === "uakt" ? undefined : "write it in lower case: `uakt` (new deployments use `uact`)";
  if (["akt", "act", "uact", "u-act", "u_act", "micro-act"].includes(lower)) return "did you mean `uact`? Prices are per block in micro-units of ACT (1 ACT = 1000000uact)";
  return suggest(denom, ["uact"]);
}

export function checkPlacement(ctx: CheckContext, name: string, raw: Json | undefined): PlacementModel | undefined {
  const base: PathTokens = ["profiles", "placement", name];
  const placement = asObject(raw);
  if (!placement) return undefined;
  const attributes: Attribute[] = Object.entries(asObject(placement.attributes) ?? {})
    .map(([key, value]) => ({ key, value: ctx.text([...base, "attributes", key], value) ?? "" }))
    .sort(byKey);
  const signedBy = asObject(placement.signedBy);
  const list = (key: "allOf" | "anyOf"): string[] | null => {
    const items = asArray(signedBy?.[key]);
    if (!items) return null;
    // yaml.v3 drops a null item of a string list.
    return items.flatMap((item, index) => (item === null ? [] : [ctx.text([...base, "signedBy", key, index], item) ?? ""]));
  };
  const pricing = new Map<string, DecCoin>();
  for (const [profile, rawPrice] of Object.entries(asObject(placement.pricing) ?? {})) {
    const price = asObject(rawPrice);
    if (!price) continue;
    const path = [...base, "pricing", profile];
    const denom = ctx.text([...path, "denom"], price.denom) ?? "";
    const amountText = ctx.text([...path, "amount"], price.amount);
    let ok = true;
    if (!GO_DENOM.test(denom)) {
      // Go (sdk.NewDecCoinFromDec) panics on a malformed denomination.
      ctx.report("SDL3020", { what: "denomination", value: denom, reason: "a denomination is a letter and 2 to 127 letters, digits or `/:._-`; use uact" }, [...path, "denom"], { hint: denomHint(denom) });
      ok = false;
    } else if (!DENOM.test(denom)) {
      ctx.report("SDL4015", { denom }, [...path, "denom"], { hint: denomHint(denom) ?? "use uact" });
    }
    if (amountText === undefined || price.amount === null) {
      ctx.report("SDL3020", { what: "price amount", value: "", reason: "it is missing" }, [...path, "amount"], { onKey: true });
      continue;
    }
    const amount = parseDecAmount(amountText);
    if (!amount.ok) {
      ctx.report("SDL3020", { what: "price amount", value: amountText, reason: amount.reason }, [...path, "amount"]);
      continue;
    }
    const whole = BigInt(amount.value.split(".")[0] ?? "0");
    if (whole > BigInt(LIMITS.unitPriceMax) || (whole === BigInt(LIMITS.unitPriceMax) && /[1-9]/.test(amount.value.split(".")[1] ?? ""))) {
      ctx.report("SDL3032", { what: "price amount", reason: `${quoted(amountText)}${quoted(denom)} per block is above the chain's maximum of ${LIMITS.unitPriceMax}` }, [...path, "amount"]);
    }
    if (ok) pricing.set(profile, { denom, amount: amount.value });
  }
  return { name, attributes, signedBy: { allOf: list("allOf"), anyOf: list("anyOf") }, pricing };
}
