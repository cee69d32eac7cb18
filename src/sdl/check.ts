import { asObject, type CheckContext, type JsonObject, type PathTokens } from "./check-context.js";
import { checkCompute, checkPlacement, LIMITS, humanBytes } from "./check-profiles.js";
import { checkService, isDnsSubdomain } from "./check-services.js";
import { compareBytes } from "./gojson.js";
import type { ComputeModel, PlacementModel, SdlModel, SdlVersion, ServiceDeployment, ServiceModel } from "./model.js";
import { suggest } from "./suggest.js";
import { quoted } from "./diagnostics.js";
import { parseGoDuration } from "./units.js";

const ENDPOINT_NAME = /^[a-z][-_0-9a-z]+$/;
const GPU_TEE_TYPES = new Set(["cpu-gpu", "sev-snp-gpu", "tdx-gpu"]);

function sortedEntries(object: JsonObject | undefined): [string, JsonObject[string]][] {
  return Object.entries(object ?? {}).sort(([a], [b]) => compareBytes(a, b));
}

function imageProblem(image: string): string | undefined {
  if (image.includes("@")) return undefined;
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const colon = lastSegment.lastIndexOf(":");
  if (colon === -1) return "has no tag (so it means `latest`)";
  if (lastSegment.slice(colon + 1) === "latest") return "uses the `latest` tag";
  return undefined;
}

/**
 * The rules of the Go reference that a JSON Schema cannot express: references between
 * sections, units and limits, endpoints, volumes and mounts, TEE and credentials. Runs on
 * whatever shape the document has (schema errors are reported separately), and returns the
 * checked model only when it found no errors.
 */
export function checkSdl(root: JsonObject, version: SdlVersion, ctx: CheckContext): SdlModel | undefined {
  // Go checks a service (name, env, ports, protocols, http options) only when it builds the
  // manifest, which holds deployed services only: the findings about one that is not deployed
  // are dropped below, except warnings.
  const services = new Map<string, ServiceModel>();
  const serviceFindings = new Map<string, CheckContext>();
  for (const [name, raw] of sortedEntries(asObject(root.services))) {
    const sub = ctx.fork();
    serviceFindings.set(name, sub);
    const service = checkService(sub, name, raw);
    if (service) services.set(name, service);
  }
  const profiles = asObject(root.profiles);
  const compute = new Map<string, ComputeModel>();
  for (const [name, raw] of sortedEntries(asObject(profiles?.compute))) {
    const model = checkCompute(ctx, name, raw);
    if (model) compute.set(name, model);
  }
  const placement = new Map<string, PlacementModel>();
  for (const [name, raw] of sortedEntries(asObject(profiles?.placement))) {
    const model = checkPlacement(ctx, name, raw);
    if (model) placement.set(name, model);
  }

  const endpoints = new Map<string, { kind: string }>();
  for (const [name, raw] of sortedEntries(asObject(root.endpoints))) {
    if (!ENDPOINT_NAME.test(name)) ctx.report("SDL3010", { endpoint: name }, ["endpoints", name], { onKey: true });
    const kind = ctx.text(["endpoints", name, "kind"], asObject(raw)?.kind) ?? "";
    if (kind !== "ip") ctx.report("SDL3011", { endpoint: name, kind: JSON.stringify(kind) }, ["endpoints", name, ...(kind === "" ? [] : ["kind"])], { onKey: kind === "" });
    endpoints.set(name, { kind });
  }

  let reclamation: SdlModel["reclamation"];
  const rawReclamation = asObject(root.reclamation);
  if (rawReclamation) {
    const text = ctx.text(["reclamation", "min_window"], rawReclamation.min_window) ?? "";
    const parsed = parseGoDuration(text);
    if (!parsed.ok) ctx.report("SDL3026", { value: text, reason: parsed.reason }, ["reclamation", "min_window"]);
    else if (parsed.value <= 0n) ctx.report("SDL3026", { value: text, reason: "it must be longer than zero" }, ["reclamation", "min_window"]);
    else reclamation = { minWindow: text };
  }

  const deployment = new Map<string, Map<string, ServiceDeployment>>();
  const rawDeployment = asObject(root.deployment);
  if (rawDeployment && Object.keys(rawDeployment).length === 0) ctx.report("SDL3041", {}, ["deployment"], { onKey: true });
  for (const [serviceName, rawPlacements] of sortedEntries(rawDeployment)) {
    const placements = new Map<string, ServiceDeployment>();
    deployment.set(serviceName, placements);
    const service = services.get(serviceName);
    if (!service && asObject(root.services)) {
      ctx.report("SDL3004", { service: serviceName }, ["deployment", serviceName], { onKey: true, hint: suggest(serviceName, services.keys()) });
    }
    for (const [placementName, rawEntry] of sortedEntries(asObject(rawPlacements))) {
      const entry = asObject(rawEntry);
      if (!entry) continue;
      const path: PathTokens = ["deployment", serviceName, placementName];
      const profile = ctx.text([...path, "profile"], entry.profile) ?? "";
      const count = typeof entry.count === "number" && Number.isFinite(entry.count) && entry.count >= 0 ? Math.trunc(entry.count) : 0;
      placements.set(placementName, { profile, count });
      if (count === 0) ctx.report("SDL4017", { service: serviceName }, entry.count === undefined ? path : [...path, "count"], { onKey: entry.count === undefined, hint: "set count: 1 or more" });
      const computeProfile = compute.get(profile);
      if (!computeProfile) {
        ctx.report("SDL3001", { service: serviceName, profile }, [...path, "profile"], { hint: suggest(profile, compute.keys()) });
      }
      const placementProfile = placement.get(placementName);
      if (!placementProfile) {
        ctx.report("SDL3002", { service: serviceName, placement: placementName }, path, { onKey: true, hint: suggest(placementName, placement.keys()) });
      } else if (computeProfile && !placementProfile.pricing.has(profile) && !hasRawPrice(root, placementName, profile)) {
        ctx.report("SDL3003", { placement: placementName, profile }, ["profiles", "placement", placementName, "pricing"], { onKey: true });
      }
      if (service && computeProfile) checkServiceAgainstProfile(ctx, service, computeProfile, serviceName, version);
    }
  }
  for (const name of services.keys()) {
    if (rawDeployment && !deployment.has(name)) ctx.report("SDL3005", { service: name }, ["services", name], { onKey: true });
  }
  for (const [name, sub] of serviceFindings) {
    const deployed = (deployment.get(name)?.size ?? 0) > 0;
    ctx.adopt(deployed ? sub.diagnostics : sub.diagnostics.filter((d) => d.severity === "warning"));
  }
  // No placement at all means no deployment group, which Go refuses ("Invalid groups").
  const placementCount = [...deployment.values()].reduce((n, p) => n + p.size, 0);
  if (placementCount === 0 && !(rawDeployment && Object.keys(rawDeployment).length === 0)) ctx.report("SDL3041", {}, rawDeployment ? ["deployment"] : [], { onKey: true });
  // What Go's manifest validation checks for every deployed service.
  for (const [name, placements] of deployment) {
    const service = services.get(name);
    if (!service || placements.size === 0) continue;
    if (service.image === "") ctx.report("SDL3043", { service: name }, ["services", name, "image"], { onKey: true });
    service.expose.forEach((expose, index) => {
      if (expose.port === 0 || expose.port > 65535) {
        ctx.report("SDL3020", { what: "port", value: expose.port, reason: "it must be 1 to 65535" }, ["services", name, "expose", index, "port"], { onKey: true });
      }
    });
  }

  checkExposes(ctx, services, deployment, endpoints);
  checkGroups(ctx, services, compute, placement, deployment);
  warn(ctx, services, placement, deployment);

  if (ctx.failed) return undefined;
  return { version, services, compute, placement, deployment, endpoints, ...(reclamation ? { reclamation } : {}) };
}

function hasRawPrice(root: JsonObject, placement: string, profile: string): boolean {
  // A price that failed to parse was already reported; do not also call it missing.
  return asObject(asObject(asObject(asObject(asObject(root.profiles)?.placement)?.[placement])?.pricing)?.[profile]) !== undefined;
}

function checkServiceAgainstProfile(ctx: CheckContext, service: ServiceModel, compute: ComputeModel, name: string, version: SdlVersion): void {
  const base: PathTokens = ["services", name];
  if (service.credentials) {
    for (const field of ["host", "username", "password"] as const) {
      if (service.credentials[field].trim() === "") ctx.report("SDL3023", { service: name, field }, [...base, "credentials"], { onKey: true });
    }
  }
  const volumes = new Map(compute.storage.map((v) => [v.name, v]));
  const mounts = new Map<string, string>();
  for (const [volume, mount] of service.params?.storage ?? []) {
    const path = [...base, "params", "storage", volume];
    const declared = volumes.get(volume);
    if (!declared) {
      ctx.report("SDL3013", { service: name, volume, profile: compute.name }, path, { onKey: true, hint: suggest(volume, volumes.keys()) });
      continue;
    }
    if (!mount.mount.startsWith("/")) ctx.report("SDL3014", { mount: mount.mount }, [...path, "mount"]);
    const other = mounts.get(mount.mount);
    if (other !== undefined) ctx.report("SDL3015", { mount: mount.mount, other, volume }, [...path, "mount"]);
    mounts.set(mount.mount, volume);
    const storageClass = declared.attributes.find((a) => a.key === "class")?.value;
    if (storageClass === "ram" && mount.readOnly) ctx.report("SDL3019", { volume }, [...path, "readOnly"]);
  }
  // Go 2.0 rejects a persistent volume without a mount; 2.1 accepts it, and the volume is
  // allocated and paid for but unused: a warning there.
  for (const volume of compute.storage) {
    const persistent = volume.attributes.some((a) => a.key === "persistent" && a.value === "true");
    if (persistent && !service.params?.storage.get(volume.name)?.mount) {
      // Go 2.0 fails only when the service mounts nothing at all (it compares against the last
      // mount it saw, of any volume); otherwise it accepts, like 2.1.
      const mountsNothing = (service.params?.storage.size ?? 0) === 0;
      ctx.report(version === "2.0" && mountsNothing ? "SDL3016" : "SDL4016", { volume: volume.name, profile: compute.name, service: name }, ["profiles", "compute", compute.name, "resources", "storage"], {
        hint: `add services.${quoted(name)}.params.storage.${quoted(volume.name)}.mount, e.g. /data`,
      });
    }
  }
  const tee = service.params?.tee;
  if (tee && GPU_TEE_TYPES.has(tee.type) && compute.gpu === "0") {
    ctx.report("SDL3024", { tee: tee.type, profile: compute.name }, [...base, "params", "tee"]);
  }
}

function checkExposes(
  ctx: CheckContext,
  services: ReadonlyMap<string, ServiceModel>,
  deployment: ReadonlyMap<string, ReadonlyMap<string, ServiceDeployment>>,
  endpoints: ReadonlyMap<string, { kind: string }>,
): void {
  const used = new Set<string>();
  const hosts = new Map<string, string>();
  let globalCount = 0;
  for (const serviceName of deployment.keys()) {
    const service = services.get(serviceName);
    if (!service) continue;
    service.expose.forEach((expose, index) => {
      const path: PathTokens = ["services", serviceName, "expose", index];
      const targets = expose.to.length > 0 ? expose.to : [{ service: "", global: false, ip: "" }];
      for (const host of expose.accept ?? []) {
        if (!isDnsSubdomain(host)) ctx.report("SDL3034", { host }, [...path, "accept"]);
      }
      for (const [toIndex, to] of expose.to.entries()) {
        const toPath = [...path, "to", toIndex];
        if (to.service && !services.has(to.service)) {
          ctx.report("SDL3006", { service: serviceName, target: to.service }, [...toPath, "service"], { hint: suggest(to.service, services.keys()) });
        }
        if (to.global) globalCount++;
        if (to.ip === "") continue;
        if (!to.global) ctx.report("SDL3007", { endpoint: to.ip }, [...toPath, "ip"], { hint: "add `global: true` next to `ip`" });
        if (!endpoints.has(to.ip)) {
          ctx.report("SDL3008", { endpoint: to.ip }, [...toPath, "ip"], { hint: suggest(to.ip, endpoints.keys()) ?? `declare it: endpoints: { ${quoted(to.ip)}: { kind: ip } }` });
          continue;
        }
        used.add(to.ip);
      }
      // Hosts must be unique across the manifest; each `to` entry carries the expose's hosts.
      for (const _ of targets) {
        for (const host of expose.accept ?? []) {
          if (hosts.has(host)) ctx.report("SDL3037", { host }, [...path, "accept"], { hint: expose.to.length > 1 ? "split this expose: one with the hosts and global: true, one for the internal targets" : undefined });
          hosts.set(host, serviceName);
        }
      }
    });
  }
  checkIpPorts(ctx, services, deployment, endpoints);
  for (const name of endpoints.keys()) {
    if (!used.has(name)) ctx.report("SDL3009", { endpoint: name }, ["endpoints", name], { onKey: true });
  }
  if (deployment.size > 0 && globalCount === 0 && !ctx.failed) ctx.report("SDL3040", {}, ["services"], { onKey: true });
}

/**
 * Go's rule for leased IPs, kept exactly: the key is the IP name, `as` as written (0 when absent,
 * not the port) and `proto` as written, counted once per deployed (service, placement). So two
 * ports without `as` on one IP collide, and so does one IP service deployed to two placements.
 */
function checkIpPorts(
  ctx: CheckContext,
  services: ReadonlyMap<string, ServiceModel>,
  deployment: ReadonlyMap<string, ReadonlyMap<string, ServiceDeployment>>,
  endpoints: ReadonlyMap<string, { kind: string }>,
): void {
  const ports = new Map<string, string>();
  for (const [serviceName, placements] of deployment) {
    const service = services.get(serviceName);
    if (!service) continue;
    for (const placementName of [...placements.keys()].sort(compareBytes)) {
      service.expose.forEach((expose, index) => {
        expose.to.forEach((to, toIndex) => {
          if (to.ip === "" || !to.global || !endpoints.has(to.ip)) return;
          const key = `${to.ip}-${expose.as}-${expose.protoText}`;
          const other = ports.get(key);
          if (other !== undefined) {
            const hint =
              expose.as === 0
                ? "give each port on this IP its own `as:` (Go keys the check on `as`, which is 0 when absent)"
                : other === serviceName
                  ? `\`${serviceName}\` is deployed to more than one placement (here \`${placementName}\`); each needs its own IP endpoint`
                  : undefined;
            ctx.report("SDL3012", { endpoint: to.ip, as: expose.as, proto: expose.protoText ? `/${expose.protoText}` : "", other, service: serviceName }, ["services", serviceName, "expose", index, "to", toIndex], { hint });
          }
          ports.set(key, serviceName);
        });
      });
    }
  }
}

function checkGroups(
  ctx: CheckContext,
  services: ReadonlyMap<string, ServiceModel>,
  compute: ReadonlyMap<string, ComputeModel>,
  placement: ReadonlyMap<string, PlacementModel>,
  deployment: ReadonlyMap<string, ReadonlyMap<string, ServiceDeployment>>,
): void {
  // Totals stay far below 2^53 for anything the limits allow, so plain numbers are exact enough
  // to decide; they are only printed when over the limit.
  interface Totals { cpu: number; gpu: number; memory: number; denoms: Set<string>; tee: string }
  const groups = new Map<string, Totals>();
  for (const [serviceName, placements] of deployment) {
    for (const [placementName, entry] of placements) {
      const profile = compute.get(entry.profile);
      const price = placement.get(placementName)?.pricing.get(entry.profile);
      if (!profile) continue;
      const totals = groups.get(placementName) ?? { cpu: 0, gpu: 0, memory: 0, denoms: new Set<string>(), tee: "" };
      groups.set(placementName, totals);
      totals.cpu += Number(profile.cpu) * entry.count;
      totals.gpu += Number(profile.gpu) * entry.count;
      totals.memory += Number(profile.memory) * entry.count;
      if (price) totals.denoms.add(price.denom);
      const tee = services.get(serviceName)?.params?.tee?.type;
      if (tee) {
        if (totals.tee && totals.tee !== tee) {
          ctx.report("SDL3025", { placement: placementName, first: totals.tee, second: tee }, ["services", serviceName, "params", "tee"]);
        } else totals.tee = tee;
      }
    }
  }
  const allDenoms = new Set<string>();
  for (const [name, totals] of groups) {
    const path = ["deployment"];
    // Go (the chain's group validation): a group whose units all have count 0 asks for nothing.
    if (totals.cpu === 0) ctx.report("SDL3038", { service: name }, ["deployment"], { onKey: true, hint: "set count: 1 or more" });
    if (totals.cpu > LIMITS.groupCpuMax) ctx.report("SDL3042", { placement: name, what: "CPU", value: `${totals.cpu}m`, limit: `${LIMITS.groupCpuMax}m` }, path);
    if (totals.gpu > LIMITS.groupGpuMax) ctx.report("SDL3042", { placement: name, what: "GPUs", value: String(totals.gpu), limit: String(LIMITS.groupGpuMax) }, path);
    if (totals.memory > LIMITS.groupMemoryMax) ctx.report("SDL3042", { placement: name, what: "memory", value: humanBytes(BigInt(Math.trunc(totals.memory))), limit: humanBytes(BigInt(LIMITS.groupMemoryMax)) }, path);
    if (totals.denoms.size > 1) ctx.report("SDL3033", { placement: name, denoms: [...totals.denoms].join(", ") }, ["profiles", "placement", name, "pricing"]);
    for (const d of totals.denoms) allDenoms.add(d);
  }
  if (allDenoms.size > 1 && [...groups.values()].every((g) => g.denoms.size <= 1)) {
    ctx.report("SDL3033", { placement: [...groups.keys()].join(", "), denoms: [...allDenoms].join(", ") }, ["profiles", "placement"]);
  }
}

function warn(
  ctx: CheckContext,
  services: ReadonlyMap<string, ServiceModel>,
  placement: ReadonlyMap<string, PlacementModel>,
  deployment: ReadonlyMap<string, ReadonlyMap<string, ServiceDeployment>>,
): void {
  const pricedInUakt = new Set<string>();
  for (const [serviceName, placements] of deployment) {
    const service = services.get(serviceName);
    if (!service) continue;
    const problem = imageProblem(service.image);
    if (problem && service.image !== "") {
      ctx.report("SDL4001", { image: service.image, problem }, ["services", serviceName, "image"], { hint: "pin a version tag or a digest, e.g. nginx:1.27.3" });
    }
    if (service.expose.length === 0) ctx.report("SDL4003", { service: serviceName }, ["services", serviceName], { onKey: true });
    for (const [placementName, entry] of placements) {
      const key = `${placementName}\u0000${entry.profile}`;
      const denom = placement.get(placementName)?.pricing.get(entry.profile)?.denom;
      if (denom !== undefined && denom !== "uact" && !pricedInUakt.has(key)) {
        pricedInUakt.add(key);
        ctx.report("SDL4002", { placement: placementName, profile: entry.profile, denom }, ["profiles", "placement", placementName, "pricing", entry.profile, "denom"], {
          hint: "use denom: uact, and fund the deployment in ACT",
        });
      }
    }
  }
}
