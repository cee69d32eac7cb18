/**
 * What the provider gateway answers, parsed defensively: the provider is a third party, so every
 * field is checked for its type, absent counters read as 0, and a wrong shape is a
 * PROVIDER_BAD_RESPONSE rather than a crash later. Strings are kept verbatim (untrusted: the CLI
 * escapes them when printing). Shapes: chain-sdk `go/provider/client/types.go`.
 */
import { ProviderError } from "./errors.js";

export interface ProviderStatus {
  readonly address: string;
  readonly clusterPublicHostname?: string;
  /** Active leases, open bid-engine orders, manifests held (absent when the provider does not say). */
  readonly leases?: number;
  readonly orders?: number;
  readonly deployments?: number;
  /** The whole answer, for `-o json`. */
  readonly raw: unknown;
}

export interface ServiceStatus {
  readonly name: string;
  readonly available: number;
  readonly total: number;
  readonly uris: readonly string[];
  readonly observedGeneration: number;
  readonly replicas: number;
  readonly updatedReplicas: number;
  readonly readyReplicas: number;
  readonly availableReplicas: number;
}

export interface ForwardedPort {
  readonly service: string;
  readonly host: string;
  readonly port: number;
  readonly externalPort: number;
  readonly proto: string;
  readonly name: string;
}

export interface LeasedIp {
  readonly service: string;
  readonly ip: string;
  readonly port: number;
  readonly externalPort: number;
  readonly protocol: string;
}

export interface LeaseStatus {
  readonly services: readonly ServiceStatus[];
  readonly forwardedPorts: readonly ForwardedPort[];
  readonly ips: readonly LeasedIp[];
  /** Problems the provider reports for the lease ("errors" in its answer). */
  readonly errors: readonly string[];
}

export interface LogFrame {
  /** The pod ("web-7d9f…"). */
  readonly name: string;
  readonly message: string;
}

export interface LeaseEvent {
  readonly type: string;
  readonly reason: string;
  readonly note: string;
  readonly reportingController: string;
  readonly reportingInstance: string;
  readonly object: { readonly kind: string; readonly namespace: string; readonly name: string };
}

class Shape {
  constructor(private readonly url: string) {}

  fail(what: string): never {
    throw new ProviderError("PROVIDER_BAD_RESPONSE", `provider at ${this.url} sent an unexpected answer: ${what}`, { url: this.url });
  }

  object(v: unknown, at: string): Record<string, unknown> {
    if (typeof v !== "object" || v === null || Array.isArray(v)) this.fail(`${at} is not an object`);
    return v as Record<string, unknown>;
  }

  str(v: unknown, at: string, fallback = ""): string {
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "string") this.fail(`${at} is not a string`);
    return v;
  }

  num(v: unknown, at: string): number {
    if (v === undefined || v === null) return 0;
    if (typeof v !== "number" || !Number.isFinite(v)) this.fail(`${at} is not a number`);
    return v;
  }

  optNum(v: unknown, at: string): number | undefined {
    return v === undefined || v === null ? undefined : this.num(v, at);
  }

  array(v: unknown, at: string): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(`${at} is not an array`);
    return v;
  }

  /** A JSON object used as a map; null/absent is empty. Entries in key order. */
  entries(v: unknown, at: string): [string, unknown][] {
    if (v === undefined || v === null) return [];
    return Object.entries(this.object(v, at)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

export function parseProviderStatus(v: unknown, url: string): ProviderStatus {
  const s = new Shape(url);
  const o = s.object(v, "status");
  const cluster = o.cluster === undefined || o.cluster === null ? {} : s.object(o.cluster, "cluster");
  const bidengine = o.bidengine === undefined || o.bidengine === null ? {} : s.object(o.bidengine, "bidengine");
  const manifest = o.manifest === undefined || o.manifest === null ? {} : s.object(o.manifest, "manifest");
  const hostname = s.str(o.cluster_public_hostname, "cluster_public_hostname");
  const leases = s.optNum(cluster.leases, "cluster.leases");
  const orders = s.optNum(bidengine.orders, "bidengine.orders");
  const deployments = s.optNum(manifest.deployments, "manifest.deployments");
  return {
    address: s.str(o.address, "address"),
    ...(hostname ? { clusterPublicHostname: hostname } : {}),
    ...(leases !== undefined ? { leases } : {}),
    ...(orders !== undefined ? { orders } : {}),
    ...(deployments !== undefined ? { deployments } : {}),
    raw: v,
  };
}

export function parseServiceStatus(v: unknown, name: string, url: string): ServiceStatus {
  const s = new Shape(url);
  const o = s.object(v, `services.${name}`);
  return {
    name: s.str(o.name, `services.${name}.name`, name),
    available: s.num(o.available, `services.${name}.available`),
    total: s.num(o.total, `services.${name}.total`),
    uris: s.array(o.uris, `services.${name}.uris`).map((u, i) => s.str(u, `services.${name}.uris[${i}]`)),
    observedGeneration: s.num(o.observed_generation, `services.${name}.observed_generation`),
    replicas: s.num(o.replicas, `services.${name}.replicas`),
    updatedReplicas: s.num(o.updated_replicas, `services.${name}.updated_replicas`),
    readyReplicas: s.num(o.ready_replicas, `services.${name}.ready_replicas`),
    availableReplicas: s.num(o.available_replicas, `services.${name}.available_replicas`),
  };
}

export function parseLeaseStatus(v: unknown, url: string): LeaseStatus {
  const s = new Shape(url);
  const o = s.object(v, "lease status");
  const services = s
    .entries(o.services, "services")
    .filter(([, sv]) => sv !== null)
    .map(([name, sv]) => parseServiceStatus(sv, name, url));
  const forwardedPorts = s.entries(o.forwarded_ports, "forwarded_ports").flatMap(([service, list]) =>
    s.array(list, `forwarded_ports.${service}`).map((p, i) => {
      const at = `forwarded_ports.${service}[${i}]`;
      const e = s.object(p, at);
      return {
        service,
        host: s.str(e.host, `${at}.host`),
        port: s.num(e.port, `${at}.port`),
        externalPort: s.num(e.externalPort, `${at}.externalPort`),
        proto: s.str(e.proto, `${at}.proto`),
        name: s.str(e.name, `${at}.name`),
      };
    }),
  );
  // The gateway marshals leased IPs with Go's default (capitalized) field names.
  const ips = s.entries(o.ips, "ips").flatMap(([service, list]) =>
    s.array(list, `ips.${service}`).map((p, i) => {
      const at = `ips.${service}[${i}]`;
      const e = s.object(p, at);
      return {
        service,
        ip: s.str(e.IP, `${at}.IP`),
        port: s.num(e.Port, `${at}.Port`),
        externalPort: s.num(e.ExternalPort, `${at}.ExternalPort`),
        protocol: s.str(e.Protocol, `${at}.Protocol`),
      };
    }),
  );
  const errors = s.array(o.errors, "errors").map((e, i) => s.str(e, `errors[${i}]`));
  return { services, forwardedPorts, ips, errors };
}

export function parseLogFrame(v: unknown, url: string): LogFrame {
  const s = new Shape(url);
  const o = s.object(v, "log frame");
  return { name: s.str(o.name, "log frame name"), message: s.str(o.message, "log frame message") };
}

export function parseLeaseEvent(v: unknown, url: string): LeaseEvent {
  const s = new Shape(url);
  const o = s.object(v, "event");
  const obj = o.object === undefined || o.object === null ? {} : s.object(o.object, "event.object");
  return {
    type: s.str(o.type, "event.type"),
    reason: s.str(o.reason, "event.reason"),
    note: s.str(o.note, "event.note"),
    reportingController: s.str(o.reportingController, "event.reportingController"),
    reportingInstance: s.str(o.reportingInstance, "event.reportingInstance"),
    object: { kind: s.str(obj.kind, "event.object.kind"), namespace: s.str(obj.namespace, "event.object.namespace"), name: s.str(obj.name, "event.object.name") },
  };
}

/** The provider's own words from an error body: `{"message": …}` (auth errors) or plain text (http.Error), trimmed and capped. */
export function providerMessage(body: Buffer): string {
  const text = body.subarray(0, 8192).toString("utf8").trim();
  if (text.startsWith("{")) {
    try {
      const parsed = JSON.parse(text) as { message?: unknown };
      if (typeof parsed.message === "string") return parsed.message.trim();
    } catch {
      // not JSON after all: keep the text
    }
  }
  return text;
}

/** Provider text for one of our messages: one line, at most 300 characters (the verbatim text stays in `data`). */
export function quoteProvider(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
