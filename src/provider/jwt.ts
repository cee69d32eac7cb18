/**
 * ES256K JWTs for the provider gateway (protocol.md §4.4): the tenant proves it owns the lease by
 * signing claims with its account key, which the provider checks against the account's public key
 * on chain. Claims follow chain-sdk's `specs/jwt-schema.json` and the Go rules the provider runs
 * (`pkg.akt.dev/go/util/jwt` `Claims.Validate`); `claimsProblems` checks both before anything is
 * signed. The clock is injected; tokens are short-lived and valid from a minute in the past, since
 * the provider allows no leeway.
 */
import { createHash } from "node:crypto";
import { InternalError } from "../errors.js";

export const JWT_SCOPES = [
  "send-manifest",
  "get-manifest",
  "logs",
  "shell",
  "events",
  "status",
  "restart",
  "hostname-migrate",
  "ip-migrate",
  "attestation",
] as const;
export type JwtScope = (typeof JWT_SCOPES)[number];

/** Access to one deployment (optionally one group or order) of one provider. */
export interface JwtDeploymentPermission {
  readonly dseq: bigint | number;
  readonly gseq?: number;
  readonly oseq?: number;
  readonly scope: readonly JwtScope[];
  /** The services the token may act on; the provider requires at least one. */
  readonly services: readonly string[];
}

export type JwtPermission =
  | { readonly provider: string; readonly access: "full" }
  | { readonly provider: string; readonly access: "scoped"; readonly scope: readonly JwtScope[] }
  | { readonly provider: string; readonly access: "granular"; readonly deployments: readonly JwtDeploymentPermission[] };

export type JwtLeases =
  | { readonly access: "full" }
  | { readonly access: "scoped"; readonly scope: readonly JwtScope[] }
  | { readonly access: "granular"; readonly permissions: readonly JwtPermission[] };

/** The claims as they are serialized (dseq as a JSON number). */
export interface JwtClaims {
  readonly iss: string;
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
  readonly jti?: string;
  readonly version: "v1";
  readonly leases: unknown;
}

/** What signs a token: the wallet's signer (`signerFor()`) fits. */
export interface Es256kSigner {
  signEs256k(signerAddress: string, data: Uint8Array): Promise<Uint8Array>;
}

export const DEFAULT_JWT_LIFETIME_SECONDS = 15 * 60;
export const DEFAULT_JWT_SKEW_SECONDS = 60;

export interface JwtOptions {
  /** The tenant's address: the lease owner, and the account whose key signs. */
  readonly issuer: string;
  readonly leases: JwtLeases;
  readonly now: () => Date;
  /** Default 15 minutes. */
  readonly lifetimeSeconds?: number;
  /** `iat` and `nbf` are set this far in the past to absorb clock skew; default 60 s. */
  readonly skewSeconds?: number;
  readonly jti?: string;
}

/** Access limited to `scope` on one provider's leases (any dseq): binds a token to the provider it is sent to. */
export function providerScoped(provider: string, scope: readonly JwtScope[]): JwtLeases {
  return { access: "granular", permissions: [{ provider, access: "scoped", scope }] };
}

/** Access limited to `scope` on one deployment (optionally one group/order) at one provider, for the named services. */
export function deploymentScoped(provider: string, deployment: JwtDeploymentPermission): JwtLeases {
  return { access: "granular", permissions: [{ provider, access: "granular", deployments: [deployment] }] };
}

/** The claims for `options`; pure. Throws InternalError when they would be refused (a bug in the caller). */
export function jwtClaims(options: JwtOptions): JwtClaims {
  const lifetime = options.lifetimeSeconds ?? DEFAULT_JWT_LIFETIME_SECONDS;
  const skew = options.skewSeconds ?? DEFAULT_JWT_SKEW_SECONDS;
  if (!Number.isSafeInteger(lifetime) || lifetime <= 0) throw new InternalError(`JWT lifetime must be a positive number of seconds, not ${lifetime}`);
  if (!Number.isSafeInteger(skew) || skew < 0) throw new InternalError(`JWT clock skew must be a non-negative number of seconds, not ${skew}`);
  const now = Math.floor(options.now().getTime() / 1000);
  const issued = now - skew;
  const claims: JwtClaims = {
    iss: options.issuer,
    iat: issued,
    nbf: issued,
    exp: now + lifetime,
    ...(options.jti !== undefined ? { jti: options.jti } : {}),
    version: "v1",
    leases: leasesJson(options.leases),
  };
  const problems = claimsProblems(claims);
  if (problems.length > 0) throw new InternalError(`refusing to sign JWT claims the provider would reject: ${problems.join("; ")}`);
  return claims;
}

/** A signed ES256K token: base64url(header).base64url(claims).base64url(r||s). */
export async function createJwt(options: JwtOptions & { readonly signer: Es256kSigner }): Promise<string> {
  const claims = jwtClaims(options);
  const signingInput = `${b64url(JSON.stringify(JWT_HEADER))}.${b64url(JSON.stringify(claims))}`;
  const signature = await options.signer.signEs256k(options.issuer, Buffer.from(signingInput, "ascii"));
  if (signature.length !== 64) throw new InternalError(`ES256K signature must be 64 bytes, got ${signature.length}`);
  return `${signingInput}.${b64url(signature)}`;
}

export const JWT_HEADER = { alg: "ES256K", typ: "JWT" } as const;

export interface DecodedJwt {
  readonly header: unknown;
  readonly claims: unknown;
  /** The ASCII bytes that were signed. */
  readonly signingInput: string;
  /** SHA-256 of the signing input: what the signature is over. */
  readonly digest: Uint8Array;
  readonly signature: Uint8Array;
}

/** Splits a token without verifying it (for tests and `--verbose` diagnostics). */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) throw new InternalError("not a compact JWS (three base64url parts)");
  const [h, c, s] = parts as [string, string, string];
  const signingInput = `${h}.${c}`;
  return {
    header: JSON.parse(Buffer.from(h, "base64url").toString("utf8")),
    claims: JSON.parse(Buffer.from(c, "base64url").toString("utf8")),
    signingInput,
    digest: createHash("sha256").update(signingInput, "ascii").digest(),
    signature: Buffer.from(s, "base64url"),
  };
}

function b64url(data: string | Uint8Array): string {
  return Buffer.from(data).toString("base64url");
}

function leasesJson(leases: JwtLeases): unknown {
  switch (leases.access) {
    case "full":
      return { access: "full" };
    case "scoped":
      return { access: "scoped", scope: [...leases.scope] };
    case "granular":
      return { access: "granular", permissions: leases.permissions.map(permissionJson) };
  }
}

function permissionJson(p: JwtPermission): unknown {
  switch (p.access) {
    case "full":
      return { provider: p.provider, access: "full" };
    case "scoped":
      return { provider: p.provider, access: "scoped", scope: [...p.scope] };
    case "granular":
      return {
        provider: p.provider,
        access: "granular",
        deployments: p.deployments.map((d) => ({
          dseq: dseqNumber(d.dseq),
          ...(d.gseq !== undefined ? { gseq: d.gseq } : {}),
          ...(d.oseq !== undefined ? { oseq: d.oseq } : {}),
          scope: [...d.scope],
          services: [...d.services],
        })),
      };
  }
}

function dseqNumber(dseq: bigint | number): number {
  const n = Number(dseq);
  // A JSON number the provider decodes as uint64; dseqs are block heights, far below 2^53.
  if (!Number.isSafeInteger(n) || n < 1) throw new InternalError(`dseq ${String(dseq)} cannot be put in a JWT (must be a positive integer below 2^53)`);
  return n;
}

const ADDRESS = /^akash1[a-z0-9]{38}$/;
const SCOPES: ReadonlySet<string> = new Set(JWT_SCOPES);

/**
 * Everything that chain-sdk's JSON schema or the provider's Go validation would refuse in
 * `claims`, as messages naming the field; empty when the claims are acceptable.
 */
export function claimsProblems(claims: unknown): string[] {
  const out: string[] = [];
  if (!isObject(claims)) return ["claims must be a JSON object"];
  allowOnly(claims, ["iss", "iat", "nbf", "exp", "jti", "version", "leases"], "claims", out);
  if (typeof claims.iss !== "string" || !ADDRESS.test(claims.iss)) out.push("iss must be an akash1… account address (44 characters)");
  for (const k of ["iat", "nbf", "exp"] as const) {
    const v = claims[k];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) out.push(`${k} must be a non-negative integer (seconds since 1970)`);
  }
  if (typeof claims.iat === "number" && typeof claims.exp === "number" && claims.exp < claims.iat) out.push("exp must not be before iat");
  if (typeof claims.nbf === "number" && typeof claims.iat === "number" && claims.nbf > claims.iat) out.push("nbf must not be after iat");
  if ("jti" in claims && (typeof claims.jti !== "string" || claims.jti === "")) out.push("jti, when present, must be a non-empty string");
  if (claims.version !== "v1") out.push('version must be "v1"');
  leasesProblems(claims.leases, out);
  return out;
}

function leasesProblems(leases: unknown, out: string[]): void {
  if (!isObject(leases)) {
    out.push("leases must be an object");
    return;
  }
  switch (leases.access) {
    case "full":
      allowOnly(leases, ["access"], "leases", out);
      break;
    case "scoped":
      allowOnly(leases, ["access", "scope"], "leases", out);
      scopeProblems(leases.scope, "leases.scope", out);
      break;
    case "granular": {
      allowOnly(leases, ["access", "permissions"], "leases", out);
      const perms = leases.permissions;
      if (!Array.isArray(perms) || perms.length === 0) {
        out.push("leases.permissions must be a non-empty array");
        break;
      }
      const providers = new Set<unknown>();
      perms.forEach((p, i) => {
        const at = `leases.permissions[${i}]`;
        if (isObject(p)) {
          if (providers.has(p.provider)) out.push(`${at}.provider repeats another permission's provider`);
          providers.add(p.provider);
        }
        permissionProblems(p, at, out);
      });
      break;
    }
    default:
      out.push('leases.access must be "full", "scoped" or "granular"');
  }
}

function permissionProblems(p: unknown, at: string, out: string[]): void {
  if (!isObject(p)) {
    out.push(`${at} must be an object`);
    return;
  }
  if (typeof p.provider !== "string" || !ADDRESS.test(p.provider)) out.push(`${at}.provider must be an akash1… provider address`);
  switch (p.access) {
    case "full":
      allowOnly(p, ["provider", "access"], at, out);
      break;
    case "scoped":
      allowOnly(p, ["provider", "access", "scope"], at, out);
      scopeProblems(p.scope, `${at}.scope`, out);
      break;
    case "granular": {
      allowOnly(p, ["provider", "access", "deployments"], at, out);
      const deployments = p.deployments;
      if (!Array.isArray(deployments) || deployments.length === 0) {
        out.push(`${at}.deployments must be a non-empty array`);
        break;
      }
      deployments.forEach((d, j) => deploymentProblems(d, `${at}.deployments[${j}]`, out));
      break;
    }
    default:
      out.push(`${at}.access must be "full", "scoped" or "granular"`);
  }
}

function deploymentProblems(d: unknown, at: string, out: string[]): void {
  if (!isObject(d)) {
    out.push(`${at} must be an object`);
    return;
  }
  allowOnly(d, ["dseq", "gseq", "oseq", "scope", "services"], at, out);
  if (typeof d.dseq !== "number" || !Number.isSafeInteger(d.dseq) || d.dseq < 1) out.push(`${at}.dseq must be a positive integer`);
  for (const k of ["gseq", "oseq"] as const) {
    if (k in d && (typeof d[k] !== "number" || !Number.isSafeInteger(d[k]) || (d[k] as number) < 0)) out.push(`${at}.${k} must be a non-negative integer`);
  }
  // Schema: oseq depends on gseq; Go: oseq > 0 needs gseq > 0.
  if ("oseq" in d && !("gseq" in d)) out.push(`${at}.oseq needs gseq`);
  if (typeof d.oseq === "number" && d.oseq > 0 && d.gseq === 0) out.push(`${at}.gseq must be set when oseq is`);
  scopeProblems(d.scope, `${at}.scope`, out);
  const services = d.services;
  if (!Array.isArray(services) || services.length === 0) out.push(`${at}.services must list at least one service`);
  else {
    if (services.some((s) => typeof s !== "string" || s === "")) out.push(`${at}.services must be non-empty strings`);
    if (new Set(services).size !== services.length) out.push(`${at}.services must not repeat a service`);
  }
}

function scopeProblems(scope: unknown, at: string, out: string[]): void {
  if (!Array.isArray(scope) || scope.length === 0) {
    out.push(`${at} must be a non-empty array`);
    return;
  }
  for (const s of scope) if (typeof s !== "string" || !SCOPES.has(s)) out.push(`${at} has an unknown scope ${JSON.stringify(s)}`);
  if (new Set(scope).size !== scope.length) out.push(`${at} must not repeat a scope`);
}

function allowOnly(o: Record<string, unknown>, keys: readonly string[], at: string, out: string[]): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) out.push(`${at} has an unexpected field "${k}"`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
