import type { CompileOutput } from "../../sdl/compile.js";
import type { GroupSpec, ManifestService } from "../../sdl/types.js";

/** Average block time used for cost estimates; mainnet blocks take about 6 s. */
export const SECONDS_PER_BLOCK = 6;
const BLOCKS_PER_MONTH = Math.round((30.44 * 24 * 3600) / SECONDS_PER_BLOCK);

function bytes(val: string): string {
  const n = BigInt(val);
  const units: [string, bigint][] = [["Ti", 2n ** 40n], ["Gi", 2n ** 30n], ["Mi", 2n ** 20n], ["Ki", 2n ** 10n]];
  for (const [unit, size] of units) {
    if (n >= size) {
      const whole = n / size;
      const tenth = ((n % size) * 10n) / size;
      return tenth === 0n ? `${whole}${unit}` : `${whole}.${tenth}${unit}`;
    }
  }
  return `${n}B`;
}

function cpu(millis: string): string {
  const n = Number(millis);
  return n % 1000 === 0 ? `${n / 1000} CPU` : `${n / 1000} CPU`;
}

/** Price per block (18-decimal fixed point) times blocks per month times count, in micro-units. */
function monthlyMicro(amount: string, count: number): bigint {
  const [whole = "0", fraction = ""] = amount.split(".");
  const perBlock = BigInt(whole) * 10n ** 18n + BigInt(fraction.padEnd(18, "0").slice(0, 18));
  return (perBlock * BigInt(BLOCKS_PER_MONTH) * BigInt(count)) / 10n ** 18n;
}

/** Micro-units as whole tokens (6 decimals shown as 2), without floating point on the way. */
function tokens(micro: bigint, denom: string): string {
  const token = denom.startsWith("u") ? denom.slice(1).toUpperCase() : denom;
  const scaled = denom.startsWith("u") ? Number(micro) / 1e6 : Number(micro);
  return `${scaled.toFixed(2)} ${token}`;
}

function trimAmount(amount: string): string {
  return amount.replace(/\.?0+$/, "");
}

function serviceLine(service: ManifestService): string {
  const exposed = (service.expose ?? [])
    .map((e) => `${e.externalPort || e.port}/${e.proto.toLowerCase()}${e.global ? " global" : e.service ? ` to ${e.service}` : ""}${e.ip ? ` ip ${e.ip}` : ""}`)
    .join(", ");
  return `      ${service.name}  ${service.image}  ×${service.count}${exposed ? `  [${exposed}]` : ""}`;
}

function groupBlock(group: GroupSpec, services: readonly ManifestService[]): string[] {
  const lines = [`  group ${group.name}`];
  const attrs = group.requirements.attributes ?? [];
  if (attrs.length > 0) lines.push(`    requires: ${attrs.map((a) => `${a.key ?? ""}=${a.value ?? ""}`).join(", ")}`);
  const totals = new Map<string, bigint>();
  for (const unit of group.resources) {
    const r = unit.resource;
    const gpu = r.gpu.units.val !== "0" ? `, ${r.gpu.units.val} GPU${(r.gpu.attributes ?? []).length ? ` (${(r.gpu.attributes ?? []).map((a) => a.key).join(" | ")})` : ""}` : "";
    const storage = (r.storage ?? []).map((s) => `${s.name} ${bytes(s.size.val)}`).join(", ");
    lines.push(
      `    resources #${r.id} ×${unit.count}: ${cpu(r.cpu.units.val)}, ${bytes(r.memory.size.val)} memory, storage ${storage || "none"}${gpu} (each instance)`,
      `      price cap per instance ${trimAmount(unit.price.amount)} ${unit.price.denom}/block ≈ ${tokens(monthlyMicro(unit.price.amount, 1), unit.price.denom)}/month; ×${unit.count} ≈ ${tokens(monthlyMicro(unit.price.amount, unit.count), unit.price.denom)}/month`,
    );
    const denom = unit.price.denom;
    totals.set(denom, (totals.get(denom) ?? 0n) + monthlyMicro(unit.price.amount, unit.count));
  }
  // One escrow denomination per deployment, so normally one total.
  lines.push(`    group total at the cap ≈ ${[...totals].map(([denom, micro]) => tokens(micro, denom)).join(" + ")}/month`);
  lines.push("    services:");
  for (const service of services) lines.push(serviceLine(service));
  return lines;
}

export function renderCompileSummary(file: string, output: CompileOutput): string {
  const lines = [`${file}: ${output.groups.length} group${output.groups.length === 1 ? "" : "s"}, manifest version ${output.version}`];
  output.groups.forEach((group, index) => {
    lines.push(...groupBlock(group, output.manifest[index]?.services ?? []));
  });
  if (output.reclamation) lines.push(`  reclamation window: at least ${output.reclamation.min_window}`);
  lines.push(`  (monthly figures assume ~${SECONDS_PER_BLOCK} s blocks, ${BLOCKS_PER_MONTH} blocks/month)`);
  return `${lines.join("\n")}\n`;
}
