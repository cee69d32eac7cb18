/**
 * Is this TLS peer really the provider? (protocol.md §4.6)
 *
 * 1. Web PKI: the chain verifies against the trusted roots (the system's by default) and the
 *    certificate names the host of `host_uri`. Providers with a CA-issued certificate pass here.
 * 2. Otherwise only the provider's own certificate published on chain is accepted: a single
 *    self-signed certificate, within validity, with a serial, issuer == subject, whose CN is the
 *    provider's on-chain owner address, which exists on chain for (provider, serial as decimal) in
 *    state valid, and whose SHA-256 fingerprint equals the on-chain certificate's.
 *
 * The check runs on the socket right after the handshake and before a single byte is written, so
 * no JWT or manifest ever reaches a server that failed it. Resumed sessions carry no peer
 * certificate and are refused; the client never offers a session to resume.
 */
import { X509Certificate } from "node:crypto";
import type { TLSSocket } from "node:tls";
import { ProviderError, type TlsRefusal } from "./errors.js";

/** A certificate as published on chain. `serial` is decimal; `state` "valid" or "revoked". */
export interface OnChainCertificate {
  readonly serial: string;
  readonly state: string;
  readonly certPem: string;
}

/**
 * The on-chain certificate lookup the verifier needs. `ChainClient.certificates` has this shape,
 * so the chain client can be passed as is.
 */
export interface ProviderCertificates {
  certificates(filter: { readonly owner: string; readonly serial?: string }): Promise<readonly OnChainCertificate[]>;
}

/** How the peer was trusted. */
export type TlsTrust =
  | { readonly method: "web-pki" }
  | { readonly method: "on-chain"; readonly serial: string; readonly fingerprint256: string; readonly notAfter: string };

export interface OnChainCheckInput {
  /** The certificates the peer presented, DER, leaf first. */
  readonly chain: readonly Uint8Array[];
  /** The provider's on-chain owner address: the CN the certificate must carry. */
  readonly provider: string;
  readonly certificates: ProviderCertificates;
  readonly now: Date;
  /** For error messages only. */
  readonly url?: string;
}

/** Step 2 on its own: accepts the peer's certificate only if it is the provider's valid one on chain. */
export async function checkOnChainCertificate(input: OnChainCheckInput): Promise<Extract<TlsTrust, { method: "on-chain" }>> {
  const refuse = (reason: TlsRefusal, why: string, extra: Record<string, unknown> = {}): ProviderError =>
    new ProviderError(
      "PROVIDER_TLS_UNTRUSTED",
      `provider ${input.provider}${input.url ? ` at ${input.url}` : ""} is not trusted: ${why}; nothing was sent to it`,
      { url: input.url, provider: input.provider, reason, ...extra },
    );
  const [leafDer, ...rest] = input.chain;
  if (leafDer === undefined) throw refuse("NO_CERTIFICATE", "it presented no certificate");
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(leafDer);
  } catch (cause) {
    throw refuse("NO_CERTIFICATE", `its certificate does not parse (${(cause as Error).message})`);
  }
  const fingerprint256 = leaf.fingerprint256;
  if (rest.some((der) => new X509Certificate(der).fingerprint256 !== fingerprint256)) {
    throw refuse("CHAIN_NOT_SINGLE", "it is not web-PKI valid and presented a chain instead of its single self-signed certificate", { fingerprint256 });
  }
  // Not checkIssued(): OpenSSL wants keyCertSign on an issuer, which providers' certificates (Go's key-pair
  // manager: keyEncipherment + dataEncipherment only) never have. Subject == issuer and a valid self-signature suffice.
  if (leaf.issuer !== leaf.subject || !leaf.verify(leaf.publicKey)) {
    throw refuse("NOT_SELF_SIGNED", "its certificate is neither web-PKI valid nor self-signed", { fingerprint256 });
  }
  const serialHex = leaf.serialNumber;
  if (!/^[0-9A-Fa-f]+$/.test(serialHex) || /^0+$/.test(serialHex)) throw refuse("NO_SERIAL", "its certificate has no serial number", { fingerprint256 });
  const serial = BigInt(`0x${serialHex}`).toString(10);
  const notBefore = new Date(leaf.validFrom);
  const notAfter = new Date(leaf.validTo);
  const now = input.now.getTime();
  if (Number.isNaN(notBefore.getTime()) || now < notBefore.getTime()) {
    throw refuse("NOT_YET_VALID", `its certificate is not valid before ${leaf.validFrom}`, { serial, fingerprint256 });
  }
  if (Number.isNaN(notAfter.getTime()) || now > notAfter.getTime()) {
    throw refuse("EXPIRED", `its certificate expired on ${leaf.validTo}`, { serial, fingerprint256 });
  }
  const cn = commonName(leaf.subject);
  if (cn !== input.provider) {
    throw refuse("CN_NOT_PROVIDER", `its certificate belongs to ${JSON.stringify(cn ?? "")}, not to the provider's address`, { serial, fingerprint256, commonName: cn });
  }
  let published: readonly OnChainCertificate[];
  try {
    published = await input.certificates.certificates({ owner: input.provider, serial });
  } catch (cause) {
    throw new ProviderError(
      "PROVIDER_TLS_UNTRUSTED",
      `cannot check provider ${input.provider}'s certificate: the on-chain certificate lookup failed; nothing was sent to it`,
      { url: input.url, provider: input.provider, reason: "CHAIN_LOOKUP_FAILED" satisfies TlsRefusal, serial },
      { cause },
    );
  }
  const matching = published.filter((c) => c.serial === serial);
  if (matching.length === 0) {
    throw refuse("NOT_ON_CHAIN", `its certificate (serial ${serial}) is not published on chain for the provider`, { serial, fingerprint256 });
  }
  const valid = matching.filter((c) => normalizeState(c.state) === "valid");
  if (valid.length === 0) {
    throw refuse("NOT_VALID_ON_CHAIN", `its certificate (serial ${serial}) is ${matching.map((c) => normalizeState(c.state)).join("/")} on chain`, { serial, fingerprint256 });
  }
  if (!valid.some((c) => pemFingerprint(c.certPem) === fingerprint256)) {
    throw refuse("FINGERPRINT_MISMATCH", `its certificate (serial ${serial}) differs from the one published on chain`, { serial, fingerprint256 });
  }
  return { method: "on-chain", serial, fingerprint256, notAfter: notAfter.toISOString() };
}

function normalizeState(state: string): string {
  return state.toLowerCase().replace(/^state_/, "");
}

function pemFingerprint(pem: string): string | undefined {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return undefined;
  }
}

/** The CN of a subject as Node prints it ("CN=akash1...\n2.23.133.2.6=v0.0.1"); undefined when absent or repeated. */
export function commonName(subject: string): string | undefined {
  const cns = subject
    .split("\n")
    .filter((line) => line.startsWith("CN="))
    .map((line) => line.slice(3));
  return cns.length === 1 ? cns[0] : undefined;
}

export interface TlsVerifierOptions {
  readonly provider: string;
  readonly certificates: ProviderCertificates;
  readonly now: () => Date;
}

/**
 * Verifies sockets to one provider. On-chain decisions are remembered per certificate
 * fingerprint for the verifier's life (one CLI command), so one chain lookup serves every
 * request to the provider; a refusal is never remembered.
 */
export class ProviderTlsVerifier {
  private readonly trusted = new Map<string, Promise<TlsTrust>>();

  constructor(private readonly options: TlsVerifierOptions) {}

  /** Counted work for tests: on-chain lookups performed. */
  lookups = 0;

  async verifySocket(socket: TLSSocket, url: string): Promise<TlsTrust> {
    if (socket.isSessionReused()) {
      throw new ProviderError("PROVIDER_TLS_UNTRUSTED", `provider ${this.options.provider} at ${url}: TLS session was resumed, so its certificate cannot be checked`, {
        url,
        provider: this.options.provider,
        reason: "SESSION_RESUMED" satisfies TlsRefusal,
      });
    }
    // Node computes `authorized` (chain to the trusted roots + hostname) even with rejectUnauthorized: false.
    if (socket.authorized) return { method: "web-pki" };
    const chain = peerChain(socket);
    const leaf = chain[0];
    if (leaf === undefined) return checkOnChainCertificate({ chain, provider: this.options.provider, certificates: this.options.certificates, now: this.options.now(), url });
    const key = new X509Certificate(leaf).fingerprint256;
    const known = this.trusted.get(key);
    if (known !== undefined) {
      const trust = await known;
      if (trust.method === "on-chain" && this.options.now().getTime() <= Date.parse(trust.notAfter)) return trust;
    }
    this.lookups += 1;
    const pending = checkOnChainCertificate({ chain, provider: this.options.provider, certificates: this.options.certificates, now: this.options.now(), url });
    this.trusted.set(key, pending);
    pending.catch(() => this.trusted.delete(key));
    return pending;
  }
}

/** The presented chain, leaf first, as far as Node exposes it (issuer links; a self-signed leaf links to itself). */
function peerChain(socket: TLSSocket): Uint8Array[] {
  const out: Uint8Array[] = [];
  let cert = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    out.push(cert.raw);
    const next = cert.issuerCertificate;
    if (next === undefined || next === cert) break;
    cert = next;
  }
  return out;
}
