import { goQuote } from "./gojson.js";
import type { Attribute, Endpoint, HttpOptions, ManifestGroup, ManifestService, Resources, ServiceExpose, ServiceParams } from "./types.js";

/**
 * The manifest as sorted Go JSON, written field by field with every object's keys already in
 * byte order. Produces exactly what `sortedGoJson(manifest)` does (a property test holds the two
 * together) without sorting keys or allocating entry arrays: hashing is on the compile hot path.
 */
export function writeManifestJson(groups: readonly ManifestGroup[]): string {
  let out = "[";
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i] as ManifestGroup;
    out += `${i ? "," : ""}{"name":${goQuote(group.name)},"services":${list(group.services, service)}}`;
  }
  return `${out}]`;
}

function list<T>(items: readonly T[] | null | undefined, write: (item: T) => string): string {
  if (items === null || items === undefined) return "null";
  let out = "[";
  for (let i = 0; i < items.length; i++) out += (i ? "," : "") + write(items[i] as T);
  return `${out}]`;
}

const str = (s: string): string => goQuote(s);

function service(s: ManifestService): string {
  let out = `{"args":${list(s.args, str)},"command":${list(s.command, str)},"count":${s.count}`;
  const c = s.credentials;
  out += `,"credentials":${c ? `{"email":${str(c.email)},"host":${str(c.host)},"password":${str(c.password)},"username":${str(c.username)}}` : "null"}`;
  out += `,"env":${list(s.env, str)},"expose":${list(s.expose, expose)},"image":${str(s.image)},"name":${str(s.name)}`;
  if (s.params !== undefined) out += `,"params":${params(s.params)}`;
  return `${out},"resources":${resources(s.resources)}}`;
}

function params(p: ServiceParams): string {
  let out = "{";
  if (p.permissions !== undefined) out += `"permissions":{"read":${list(p.permissions.read, str)}},`;
  out += `"storage":${list(p.storage, (v) => `{"mount":${str(v.mount)},"name":${str(v.name)},"readOnly":${v.readOnly}}`)}`;
  if (p.tee !== undefined) out += `,"tee":{"attestation":${p.tee.attestation},"type":${str(p.tee.type)}}`;
  return `${out}}`;
}

function httpOptions(h: HttpOptions & { proxyBufferSize?: number }): string {
  let out = `{"maxBodySize":${h.maxBodySize},"nextCases":${list(h.nextCases, str)},"nextTimeout":${h.nextTimeout},"nextTries":${h.nextTries}`;
  if (h.proxyBufferSize !== undefined) out += `,"proxyBufferSize":${h.proxyBufferSize}`;
  return `${out},"readTimeout":${h.readTimeout},"sendTimeout":${h.sendTimeout}}`;
}

function expose(e: ServiceExpose): string {
  return (
    `{"endpointSequenceNumber":${e.endpointSequenceNumber},"externalPort":${e.externalPort},"global":${e.global}` +
    `,"hosts":${list(e.hosts, str)},"httpOptions":${httpOptions(e.httpOptions)},"ip":${str(e.ip)}` +
    `,"port":${e.port},"proto":${str(e.proto)},"service":${str(e.service)}}`
  );
}

/** Go's Attribute has `omitempty` on both fields. */
function attribute(a: Attribute): string {
  const key = a.key ? `"key":${str(a.key)}` : "";
  const value = a.value ? `"value":${str(a.value)}` : "";
  return `{${key}${key && value ? "," : ""}${value}}`;
}

function attributes(items: readonly Attribute[] | undefined): string {
  return items === undefined ? "" : `"attributes":${list(items, attribute)},`;
}

function endpoint(e: Endpoint): string {
  return e.kind === undefined ? `{"sequence_number":${e.sequence_number}}` : `{"kind":${e.kind},"sequence_number":${e.sequence_number}}`;
}

function resources(r: Resources): string {
  return (
    `{"cpu":{${attributes(r.cpu.attributes)}"units":{"val":${str(r.cpu.units.val)}}}` +
    `,"endpoints":${list(r.endpoints, endpoint)}` +
    `,"gpu":{${attributes(r.gpu.attributes)}"units":{"val":${str(r.gpu.units.val)}}}` +
    `,"id":${r.id}` +
    `,"memory":{${attributes(r.memory.attributes)}"size":{"val":${str(r.memory.size.val)}}}` +
    `,"storage":${list(r.storage, (v) => `{${attributes(v.attributes)}"name":${str(v.name)},"size":{"val":${str(v.size.val)}}}`)}}`
  );
}
