/**
 * `ProviderClient`: the tenant's side of one provider's gateway (protocol.md §4): status, the
 * manifest PUT, lease status, logs and events. Authentication is an ES256K JWT signed by the
 * tenant's wallet, scoped to the one provider (and deployment, when the services are known) and
 * to the one action; an on-chain client certificate (mTLS) is the fallback for providers that do
 * not take JWTs. Every connection is TLS-checked (tls.ts) before anything is sent.
 */
import { InputError } from "../errors.js";
import { ProviderError } from "./errors.js";
import { createJwt, deploymentScoped, providerScoped, type Es256kSigner, type JwtLeases, type JwtScope } from "./jwt.js";
import { openStream } from "./stream.js";
import { ProviderTlsVerifier, type ProviderCertificates } from "./tls.js";
import { httpRequest, type ClientCertificate, type HttpResponse, type TransportOptions } from "./transport.js";
import {
  parseLeaseEvent,
  parseLeaseStatus,
  parseLogFrame,
  parseProviderStatus,
  parseServiceStatus,
  providerMessage,
  quoteProvider,
  type LeaseEvent,
  type LeaseStatus,
  type LogFrame,
  type ProviderStatus,
  type ServiceStatus,
} from "./types.js";

/** Which lease at this provider: the owner is the authenticated tenant, the provider is this gateway. */
export interface LeaseRef {
  readonly dseq: bigint;
  readonly gseq: number;
  readonly oseq: number;
}

/** How the tenant proves who it is. At least one of the two. */
export interface ProviderAuth {
  /** The tenant's address: the JWT issuer, the lease owner. */
  readonly owner: string;
  /** Signs JWTs (the wallet's `signerFor()`). */
  readonly signer?: Es256kSigner;
  /** mTLS with the tenant's on-chain client certificate: used when there is no signer, or when the provider refuses the JWT. */
  readonly clientCertificate?: ClientCertificate;
}

/** Where `akash cert create` keeps the tenant's client certificate; the cert commands implement it. */
export interface ClientCertificateStore {
  clientCertificate(owner: string): Promise<ClientCertificate | null>;
}

export interface ProviderClientOptions {
  /** The provider's on-chain `host_uri` ("https://provider.example.com:8443"). */
  readonly hostUri: string;
  /** The provider's on-chain owner address. */
  readonly provider: string;
  readonly auth: ProviderAuth;
  /** On-chain certificates, for providers without a web-PKI certificate (`ChainClient` fits). */
  readonly certificates: ProviderCertificates;
  readonly now?: () => Date;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Per-request deadline; default 30 s. */
  readonly timeoutMs?: number;
  /** Largest response body read; default 4 MiB. */
  readonly maxBodyBytes?: number;
  /** JWT lifetime; default 15 min. */
  readonly jwtLifetimeSeconds?: number;
  /** Web-PKI roots; default the system's. */
  readonly trustedCAs?: readonly string[];
}

export interface SendManifestOptions {
  /** Keep retrying while the provider has not seen the lease, until this long after the first attempt; default 90 s. */
  readonly noLeaseTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface SendManifestResult {
  /** PUT attempts made, including the successful one. */
  readonly attempts: number;
}

export interface LogsOptions {
  readonly follow?: boolean;
  /** Last N lines per service; default all. */
  readonly tail?: number;
  readonly services?: readonly string[];
  readonly signal?: AbortSignal;
}

export interface EventsOptions {
  readonly follow?: boolean;
  readonly signal?: AbortSignal;
}

/** Options for lease-level calls: the services, when known, narrow the JWT to this deployment. */
export interface LeaseCallOptions {
  readonly services?: readonly string[];
  readonly signal?: AbortSignal;
}

const MANIFEST_TIMEOUT_MS = 130_000; // the gateway itself gives up after 120 s
const NO_LEASE = "no lease for deployment";

export class ProviderClient {
  readonly provider: string;
  readonly hostUri: string;
  private readonly transport: TransportOptions;
  private readonly verifier: ProviderTlsVerifier;
  private readonly now: () => Date;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;
  private readonly tokens = new Map<string, { token: string; renewAt: number }>();
  private useMtls: boolean;

  constructor(private readonly options: ProviderClientOptions) {
    let base: URL;
    try {
      base = new URL(options.hostUri);
    } catch {
      throw new ProviderError("PROVIDER_UNREACHABLE", `provider ${options.provider} has an invalid host_uri ${JSON.stringify(options.hostUri)}`, { url: options.hostUri });
    }
    if (base.protocol !== "https:") {
      throw new ProviderError("PROVIDER_UNREACHABLE", `provider ${options.provider}'s host_uri ${JSON.stringify(options.hostUri)} is not https://; refusing to send credentials in the clear`, { url: options.hostUri });
    }
    if (!options.auth.signer && !options.auth.clientCertificate) {
      throw new ProviderError("PROVIDER_AUTH", "no way to authenticate to the provider: neither a signing key nor a client certificate", {});
    }
    this.provider = options.provider;
    this.hostUri = base.origin;
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? defaultSleep;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
    this.verifier = new ProviderTlsVerifier({ provider: options.provider, certificates: options.certificates, now: this.now });
    this.transport = { baseUrl: base, verifier: this.verifier, connectTimeoutMs: Math.min(this.timeoutMs, 15_000), ...(options.trustedCAs ? { trustedCAs: options.trustedCAs } : {}) };
    this.useMtls = !options.auth.signer;
  }

  /** Counted work for tests and `--verbose`: on-chain certificate lookups so far. */
  get certificateLookups(): number {
    return this.verifier.lookups;
  }

  /** GET /status (no authentication). */
  async status(options: { readonly signal?: AbortSignal } = {}): Promise<ProviderStatus> {
    const res = await this.exchange({ method: "GET", path: "/status", signal: options.signal });
    if (res.status !== 200) throw httpFailure(res, "status");
    return parseProviderStatus(json(res), res.url);
  }

  /**
   * PUT /deployment/{dseq}/manifest with exactly `manifest` (the bytes whose SHA-256 is the
   * deployment's on-chain version). While the provider answers 404 "no lease for deployment" (it
   * has not seen the lease yet) the PUT is repeated with backoff until `noLeaseTimeoutMs`.
   */
  async sendManifest(dseq: bigint, manifest: Uint8Array | string, options: SendManifestOptions = {}): Promise<SendManifestResult> {
    const body = typeof manifest === "string" ? Buffer.from(manifest, "utf8") : manifest;
    const services = manifestServices(body);
    const leases = services.length > 0 ? deploymentScoped(this.provider, { dseq, scope: ["send-manifest"], services }) : providerScoped(this.provider, ["send-manifest"]);
    const deadline = this.now().getTime() + (options.noLeaseTimeoutMs ?? 90_000);
    let delay = 500;
    for (let attempt = 1; ; attempt += 1) {
      const res = await this.exchange({
        method: "PUT",
        path: `/deployment/${dseq}/manifest`,
        body,
        headers: { "Content-Type": "application/json" },
        leases,
        timeoutMs: MANIFEST_TIMEOUT_MS,
        signal: options.signal,
      });
      if (res.status >= 200 && res.status < 300) return { attempts: attempt };
      const said = providerMessage(res.body);
      if (res.status === 404 && said.includes(NO_LEASE)) {
        if (this.now().getTime() + delay > deadline) {
          throw new ProviderError(
            "NO_LEASE",
            `provider ${this.provider} still has no lease for deployment ${dseq} after ${attempt} attempts; is the lease active on chain for this provider?`,
            { status: 404, url: res.url, providerMessage: said, attempts: attempt },
          );
        }
        await this.sleep(delay, options.signal);
        if (options.signal?.aborted) throw new ProviderError("ABORTED", `sending the manifest to ${res.url} was cancelled`, { url: res.url });
        delay = Math.min(delay * 2, 5_000);
        continue;
      }
      if (res.status === 422) {
        throw new ProviderError("MANIFEST_REJECTED", `provider ${this.provider} rejected the manifest: ${quoteProvider(said) || "(no reason given)"}`, {
          status: 422,
          url: res.url,
          providerMessage: said,
        });
      }
      throw httpFailure(res, "manifest");
    }
  }

  /** GET /lease/{dseq}/{gseq}/{oseq}/status: services, URIs, forwarded ports, leased IPs. */
  async leaseStatus(lease: LeaseRef, options: LeaseCallOptions = {}): Promise<LeaseStatus> {
    const res = await this.exchange({ method: "GET", path: `${leasePath(lease)}/status`, leases: this.leaseAccess(lease, "status", options.services), signal: options.signal });
    if (res.status !== 200) throw httpFailure(res, "lease");
    return parseLeaseStatus(json(res), res.url);
  }

  /** GET /lease/…/service/{name}/status; null when the provider knows no status for it. */
  async serviceStatus(lease: LeaseRef, service: string, options: { readonly signal?: AbortSignal } = {}): Promise<ServiceStatus | null> {
    const res = await this.exchange({
      method: "GET",
      path: `${leasePath(lease)}/service/${encodeURIComponent(service)}/status`,
      leases: this.leaseAccess(lease, "status", [service]),
      signal: options.signal,
    });
    if (res.status !== 200) throw httpFailure(res, "lease");
    const value = json(res);
    return value === null ? null : parseServiceStatus(value, service, res.url);
  }

  /** Lease logs over a websocket: one `{name, message}` per line. Ends when the provider ends it (or at once without `follow`). */
  async *logs(lease: LeaseRef, options: LogsOptions = {}): AsyncGenerator<LogFrame, void, undefined> {
    const query = new URLSearchParams({ follow: String(options.follow === true) });
    if (options.tail !== undefined) {
      if (!Number.isSafeInteger(options.tail) || options.tail < -1) throw new InputError("INVALID_TAIL", `tail must be a whole number of lines (or -1 for all), not ${options.tail}`, { tail: options.tail });
      query.set("tail", String(options.tail));
    }
    if (options.services && options.services.length > 0) query.set("service", options.services.join(","));
    yield* this.stream(`${leasePath(lease)}/logs?${query}`, this.leaseAccess(lease, "logs", options.services), parseLogFrame, options.signal);
  }

  /** Lease (Kubernetes) events over a websocket. */
  async *events(lease: LeaseRef, options: EventsOptions = {}): AsyncGenerator<LeaseEvent, void, undefined> {
    const query = new URLSearchParams({ follow: String(options.follow === true) });
    yield* this.stream(`${leasePath(lease)}/kubeevents?${query}`, this.leaseAccess(lease, "events", undefined), parseLeaseEvent, options.signal);
  }

  private leaseAccess(lease: LeaseRef, scope: JwtScope, services: readonly string[] | undefined): JwtLeases {
    if (services && services.length > 0) {
      return deploymentScoped(this.provider, { dseq: lease.dseq, gseq: lease.gseq, oseq: lease.oseq, scope: [scope], services: [...new Set(services)] });
    }
    return providerScoped(this.provider, [scope]);
  }

  private async *stream<T>(path: string, leases: JwtLeases, parse: (frame: unknown, url: string) => T, signal: AbortSignal | undefined): AsyncGenerator<T, void, undefined> {
    const attempt = async function* (this: ProviderClient, mtls: boolean): AsyncGenerator<T, void, undefined> {
      const auth = await this.authFor(leases, mtls);
      yield* openStream(this.transport, {
        path,
        headers: auth.headers,
        ...(auth.clientCertificate ? { clientCertificate: auth.clientCertificate } : {}),
        ...(signal ? { signal } : {}),
        maxFrameBytes: 1024 * 1024,
        timeoutMs: this.timeoutMs,
        idleTimeoutMs: 35_000,
        parse: (frame) => parse(frame, path),
        httpError: (status, body, url) => httpFailure({ status, body, url, contentType: "" }, "lease"),
      });
    };
    const mtls = this.useMtls;
    try {
      yield* attempt.call(this, mtls);
    } catch (error) {
      if (!mtls && this.canFallBack(error)) {
        this.useMtls = true;
        yield* attempt.call(this, true);
        return;
      }
      throw error;
    }
  }

  /** One authenticated exchange; retried once with mTLS when the JWT is refused and a client certificate exists. */
  private async exchange(req: {
    method: "GET" | "PUT";
    path: string;
    body?: Uint8Array;
    headers?: Record<string, string>;
    leases?: JwtLeases;
    timeoutMs?: number;
    signal?: AbortSignal | undefined;
  }): Promise<HttpResponse> {
    const send = async (mtls: boolean): Promise<HttpResponse> => {
      const auth = req.leases ? await this.authFor(req.leases, mtls) : { headers: {} };
      return httpRequest(this.transport, {
        method: req.method,
        path: req.path,
        headers: { ...req.headers, ...auth.headers },
        ...(req.body ? { body: req.body } : {}),
        timeoutMs: req.timeoutMs ?? this.timeoutMs,
        maxBodyBytes: this.maxBodyBytes,
        ...(req.signal ? { signal: req.signal } : {}),
        ...(auth.clientCertificate ? { clientCertificate: auth.clientCertificate } : {}),
      });
    };
    const mtls = this.useMtls;
    const res = await send(mtls);
    if (req.leases && !mtls && res.status === 401 && this.options.auth.clientCertificate) {
      this.useMtls = true;
      return send(true);
    }
    return res;
  }

  private canFallBack(error: unknown): boolean {
    return error instanceof ProviderError && error.code === "PROVIDER_AUTH" && error.status === 401 && this.options.auth.clientCertificate !== undefined;
  }

  private async authFor(leases: JwtLeases, mtls: boolean): Promise<{ headers: Record<string, string>; clientCertificate?: ClientCertificate }> {
    const { auth } = this.options;
    if (mtls && auth.clientCertificate) return { headers: {}, clientCertificate: auth.clientCertificate };
    if (!auth.signer) throw new ProviderError("PROVIDER_AUTH", "no signing key for a provider JWT and no client certificate", {});
    const key = JSON.stringify(leases, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    const nowMs = this.now().getTime();
    const cached = this.tokens.get(key);
    if (cached && nowMs < cached.renewAt) return { headers: { Authorization: `Bearer ${cached.token}` } };
    const lifetime = this.options.jwtLifetimeSeconds ?? 15 * 60;
    const token = await createJwt({ issuer: auth.owner, signer: auth.signer, leases, now: this.now, lifetimeSeconds: lifetime });
    this.tokens.set(key, { token, renewAt: nowMs + Math.max(lifetime - 60, lifetime / 2) * 1000 });
    return { headers: { Authorization: `Bearer ${token}` } };
  }
}

function leasePath(lease: LeaseRef): string {
  return `/lease/${lease.dseq}/${lease.gseq}/${lease.oseq}`;
}

/** The service names in a manifest (a JSON array of groups), or [] when it cannot be read. */
export function manifestServices(body: Uint8Array): string[] {
  try {
    const groups: unknown = JSON.parse(Buffer.from(body).toString("utf8"));
    if (!Array.isArray(groups)) return [];
    const names = new Set<string>();
    for (const g of groups) {
      const services = (g as { services?: unknown }).services;
      if (!Array.isArray(services)) return [];
      for (const s of services) {
        const name = (s as { name?: unknown }).name;
        if (typeof name !== "string" || name === "") return [];
        names.add(name);
      }
    }
    return [...names];
  } catch {
    return [];
  }
}

function json(res: HttpResponse): unknown {
  try {
    return JSON.parse(res.body.toString("utf8"));
  } catch {
    throw new ProviderError("PROVIDER_BAD_RESPONSE", `provider at ${res.url} answered ${res.status} with a body that is not JSON`, { status: res.status, url: res.url });
  }
}

/** A non-2xx answer as a typed error; `kind` says what a 404 means on this route. */
export function httpFailure(res: HttpResponse, kind: "status" | "manifest" | "lease"): ProviderError {
  const said = providerMessage(res.body);
  const data = { status: res.status, url: res.url, providerMessage: said || undefined };
  const because = said ? `: ${quoteProvider(said)}` : "";
  if (res.status === 401 || res.status === 403 || (res.status === 400 && /^(JWT|auth:|invalid authorization)/i.test(said))) {
    return new ProviderError("PROVIDER_AUTH", `provider refused our credentials (${res.status})${because}`, data);
  }
  if (res.status === 404 && kind === "lease") {
    return new ProviderError("LEASE_NOT_FOUND", `provider has no deployment for this lease (404)${because}; was the manifest sent, and is the lease active?`, data);
  }
  return new ProviderError("PROVIDER_HTTP", `provider answered ${res.status}${because}`, data);
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
