import { compareBytes } from "./gojson.js";
import { goSort } from "./gosort.js";
import type { ComputeModel, ExposeModel, SdlModel, ServiceModel } from "./model.js";
import {
  EndpointKind,
  type Attribute,
  type KeyValue,
  type Endpoint,
  type GroupSpec,
  type ManifestGroup,
  type ManifestService,
  type Resources,
  type DecCoin,
  type ServiceExpose,
  type ServiceParams,
} from "./types.js";

export interface Lowered {
  readonly groups: GroupSpec[];
  readonly manifest: ManifestGroup[];
}

function sortedNames<T>(map: ReadonlyMap<string, T>): string[] {
  return [...map.keys()].sort(compareBytes);
}

/**
 * LEASED_IP sequence numbers, as Go assigns them: every expose target that is not a plain
 * global one contributes its IP name (empty for internal targets), the list is sorted, and each
 * entry takes the next number, so a repeated name keeps the number of its last occurrence.
 */
export function endpointSequenceNumbers(model: SdlModel): Map<string, number> {
  const names: string[] = [];
  for (const serviceName of sortedNames(model.deployment)) {
    for (const expose of model.services.get(serviceName)?.expose ?? []) {
      for (const to of expose.to) {
        if (to.global && to.ip.length === 0) continue;
        names.push(to.ip);
      }
    }
  }
  names.sort(compareBytes);
  const numbers = new Map<string, number>();
  names.forEach((name, index) => numbers.set(name, index + 1));
  return numbers;
}

function exposeLess(a: ServiceExpose, b: ServiceExpose): boolean {
  if (a.service !== b.service) return compareBytes(a.service, b.service) < 0;
  if (a.port !== b.port) return a.port < b.port;
  if (a.proto !== b.proto) return a.proto < b.proto;
  if (a.global !== b.global) return a.global;
  return false;
}

function endpointLess(a: Endpoint, b: Endpoint): boolean {
  return a.sequence_number < b.sequence_number;
}

function manifestExposes(exposes: readonly ExposeModel[], sequence: ReadonlyMap<string, number>): ServiceExpose[] {
  const result: ServiceExpose[] = [];
  for (const expose of exposes) {
    const base = {
      port: expose.port,
      externalPort: expose.as,
      proto: expose.proto,
      hosts: expose.accept,
      httpOptions: expose.httpOptions,
    };
    if (expose.to.length === 0) {
      result.push(exposeJson(base, "", false, ""));
      continue;
    }
    for (const to of expose.to) {
      const seq = to.global && to.ip.length > 0 ? (sequence.get(to.ip) ?? 0) : 0;
      result.push(exposeJson(base, to.service, to.global, to.ip, seq));
    }
  }
  return goSort(result, exposeLess);
}

function exposeJson(
  base: Pick<ServiceExpose, "port" | "externalPort" | "proto" | "hosts" | "httpOptions">,
  service: string,
  global: boolean,
  ip: string,
  endpointSequenceNumber = 0,
): ServiceExpose {
  return {
    port: base.port,
    externalPort: base.externalPort,
    proto: base.proto,
    service,
    global,
    hosts: base.hosts,
    httpOptions: base.httpOptions,
    ip,
    endpointSequenceNumber,
  };
}

function isIngress(expose: ServiceExpose): boolean {
  const external = expose.externalPort === 0 ? expose.port : expose.externalPort;
  return expose.proto === "TCP" && expose.global && external === 80;
}

/** The endpoints one expose needs from the provider; only global exposes need any. */
function exposeEndpoints(expose: ServiceExpose): Endpoint[] {
  if (!expose.global) return [];
  const endpoints: Endpoint[] = [];
  if (expose.ip.length > 0) endpoints.push({ kind: EndpointKind.LEASED_IP, sequence_number: expose.endpointSequenceNumber });
  endpoints.push(isIngress(expose) ? { sequence_number: 0 } : { kind: EndpointKind.RANDOM_PORT, sequence_number: 0 });
  return goSort(endpoints, endpointLess);
}

function goAttributes(attributes: readonly KeyValue[]): Attribute[] {
  return attributes.map((a) => (a.value === "" ? (a.key === "" ? {} : { key: a.key }) : a.key === "" ? { value: a.value } : a));
}

function withAttributes<T extends object>(base: T, attributes: readonly KeyValue[]): T & { attributes?: readonly Attribute[] } {
  return attributes.length > 0 ? { ...base, attributes: goAttributes(attributes) } : base;
}

function resourcesOf(compute: ComputeModel, id: number, endpoints: Endpoint[]): Resources {
  return {
    id,
    cpu: withAttributes({ units: { val: compute.cpu } }, compute.cpuAttributes),
    memory: { size: { val: compute.memory } },
    storage: compute.storage.map((v) => withAttributes({ name: v.name, size: { val: v.size } }, v.attributes)),
    gpu: withAttributes({ units: { val: compute.gpu } }, compute.gpuAttributes),
    endpoints,
  };
}

function serviceParams(service: ServiceModel): ServiceParams | undefined {
  const params = service.params;
  if (!params) return undefined;
  const names = sortedNames(params.storage);
  const storage = names.length > 0 ? names.map((name) => ({ name, ...(params.storage.get(name) as { mount: string; readOnly: boolean }) })) : null;
  return {
    storage: storage?.map((s) => ({ name: s.name, mount: s.mount, readOnly: s.readOnly })) ?? null,
    ...(params.permissions ? { permissions: params.permissions } : {}),
    ...(params.tee ? { tee: params.tee } : {}),
  };
}

function credentialsOf(service: ServiceModel, version: SdlModel["version"]): ManifestService["credentials"] {
  const c = service.credentials;
  if (!c) return null;
  if (version === "2.1") {
    return { host: c.host.trim(), email: c.email.trim(), username: c.username.trim(), password: c.password.trim() };
  }
  return { host: c.host, email: "", username: c.username, password: c.password };
}

interface UnitBuilder {
  readonly resource: Resources;
  endpoints: Endpoint[];
  count: number;
  readonly price: DecCoin;
}

interface GroupBuilder {
  readonly name: string;
  readonly signedBy: GroupSpec["requirements"]["signed_by"];
  /** Placement requirements, plus `tee/type` once a service of the group asks for a TEE. */
  requirements: KeyValue[] | null;
  readonly units: UnitBuilder[];
  readonly services: ManifestService[];
  /** compute profile → index into units (SDL 2.1 shares a unit between services with one profile) */
  readonly bound: Map<string, number>;
  teeType: string;
}

/**
 * Lowers a checked SDL into the deployment group specs (what MsgCreateDeployment carries) and
 * the manifest (what providers receive), in the order and shape Go's builders produce.
 */
export function lower(model: SdlModel): Lowered {
  const sequence = endpointSequenceNumbers(model);
  const builders = new Map<string, GroupBuilder>();
  const shareUnits = model.version === "2.1";

  for (const serviceName of sortedNames(model.deployment)) {
    const placements = model.deployment.get(serviceName);
    const service = model.services.get(serviceName);
    if (!placements || !service) continue;
    for (const placementName of sortedNames(placements)) {
      const deployment = placements.get(placementName);
      const placement = model.placement.get(placementName);
      const compute = deployment ? model.compute.get(deployment.profile) : undefined;
      const price = deployment ? placement?.pricing.get(deployment.profile) : undefined;
      if (!deployment || !placement || !compute || !price) continue;

      let group = builders.get(placementName);
      if (!group) {
        group = {
          name: placementName,
          signedBy: { all_of: placement.signedBy.allOf, any_of: placement.signedBy.anyOf },
          requirements: placement.attributes.length > 0 ? [...placement.attributes] : null,
          units: [],
          services: [],
          bound: new Map(),
          teeType: "",
        };
        builders.set(placementName, group);
      }

      const tee = service.params?.tee;
      if (tee && group.teeType === "") {
        group.teeType = tee.type;
        const attributes = [...(group.requirements ?? []), { key: "tee/type", value: tee.type }];
        group.requirements = goSort(attributes, (a, b) => compareBytes(a.key, b.key) < 0);
      }

      const exposes = manifestExposes(service.expose, sequence);
      const endpoints = exposes.flatMap(exposeEndpoints);

      const location = shareUnits ? group.bound.get(deployment.profile) : undefined;
      let unit = location === undefined ? undefined : group.units[location];
      if (unit) {
        unit.count += deployment.count;
        unit.endpoints = goSort([...unit.endpoints, ...endpoints], endpointLess);
      } else {
        unit = { resource: resourcesOf(compute, group.units.length + 1, []), endpoints: [...endpoints], count: deployment.count, price };
        group.units.push(unit);
        group.bound.set(deployment.profile, group.units.length - 1);
      }

      const params = serviceParams(service);
      group.services.push({
        name: serviceName,
        image: service.image,
        command: service.command,
        args: service.args,
        env: service.env,
        resources: resourcesOf(compute, unit.resource.id, endpoints),
        count: deployment.count,
        expose: exposes,
        ...(params ? { params } : {}),
        credentials: credentialsOf(service, model.version),
      });
    }
  }

  const groups: GroupSpec[] = [];
  const manifest: ManifestGroup[] = [];
  for (const name of sortedNames(builders)) {
    const builder = builders.get(name) as GroupBuilder;
    groups.push({
      name,
      requirements: { signed_by: builder.signedBy, attributes: builder.requirements ? goAttributes(builder.requirements) : null },
      resources: builder.units.map((u) => ({ resource: { ...u.resource, endpoints: u.endpoints }, count: u.count, price: u.price })),
    });
    manifest.push({ name, services: goSort(builder.services, (a, b) => compareBytes(a.name, b.name) < 0) });
  }
  return { groups, manifest };
}
