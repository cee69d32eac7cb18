/**
 * The provider TLS check with real certificates (openssl) and real TLS 1.3 connections to a local
 * HTTPS server. The on-chain certificate list is an in-memory stand-in for the chain query (the
 * real one is exercised in test/e2e/provider); it records what it was asked.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { ProviderClient } from "../../src/provider/client.js";
import { ProviderError } from "../../src/provider/errors.js";
import { checkOnChainCertificate, commonName, type OnChainCertificate, type ProviderCertificates } from "../../src/provider/tls.js";
import { CertFactory, der, type TestCert } from "./certs.js";

const PROVIDER = "akash1qufa3xzrf34qvwyejkhvnc4psf49fftaw0asmh";
const OTHER = "akash1qy352euf40x77qfrg4ncn27dauqjx3t83x4ummcpydzk0zdtehhsz5";
// Go's provider uses time.Now().UnixNano() as the serial: larger than 2^53, and hex in Node.
const SERIAL = "1764590400123456789";
// An hour ahead: certificates made in before() start at the current second, which may be after a bare new Date() here.
const NOW = new Date(Date.now() + 3600_000);

class ChainCerts implements ProviderCertificates {
  readonly asked: { owner: string; serial?: string }[] = [];
  constructor(private readonly list: (OnChainCertificate & { owner: string })[]) {}
  async certificates(filter: { owner: string; serial?: string }): Promise<OnChainCertificate[]> {
    this.asked.push({ ...filter });
    return this.list.filter((c) => c.owner === filter.owner && (filter.serial === undefined || c.serial === filter.serial));
  }
}

let certs: CertFactory;
let good: TestCert;
before(() => {
  certs = new CertFactory();
  good = certs.selfSigned({ cn: PROVIDER, serial: SERIAL });
});
after(() => certs.dispose());

function refusal(reason: string): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof ProviderError, String(error));
    assert.equal(error.code, "PROVIDER_TLS_UNTRUSTED");
    assert.equal(error.data.reason, reason, error.message);
    return true;
  };
}

test("accepts the provider's self-signed certificate published on chain, looked up by decimal serial", async () => {
  const chain = new ChainCerts([{ owner: PROVIDER, serial: SERIAL, state: "valid", certPem: good.certPem }]);
  const trust = await checkOnChainCertificate({ chain: [der(good.certPem)], provider: PROVIDER, certificates: chain, now: NOW });
  assert.equal(trust.method, "on-chain");
  assert.equal(trust.serial, SERIAL);
  assert.deepEqual(chain.asked, [{ owner: PROVIDER, serial: SERIAL }]);
});

test("refuses a certificate whose CN is not the provider, before asking the chain", async () => {
  const other = certs.selfSigned({ cn: OTHER, serial: SERIAL });
  const chain = new ChainCerts([{ owner: OTHER, serial: SERIAL, state: "valid", certPem: other.certPem }]);
  await assert.rejects(checkOnChainCertificate({ chain: [der(other.certPem)], provider: PROVIDER, certificates: chain, now: NOW }), refusal("CN_NOT_PROVIDER"));
  assert.equal(chain.asked.length, 0);
});

test("refuses a certificate not published on chain, revoked, or with another fingerprint", async () => {
  const none = new ChainCerts([]);
  await assert.rejects(checkOnChainCertificate({ chain: [der(good.certPem)], provider: PROVIDER, certificates: none, now: NOW }), refusal("NOT_ON_CHAIN"));
  const revoked = new ChainCerts([{ owner: PROVIDER, serial: SERIAL, state: "revoked", certPem: good.certPem }]);
  await assert.rejects(checkOnChainCertificate({ chain: [der(good.certPem)], provider: PROVIDER, certificates: revoked, now: NOW }), refusal("NOT_VALID_ON_CHAIN"));
  // Same CN and serial, another key: what an impostor who copied the subject would present.
  const twin = certs.selfSigned({ cn: PROVIDER, serial: SERIAL });
  const published = new ChainCerts([{ owner: PROVIDER, serial: SERIAL, state: "valid", certPem: good.certPem }]);
  await assert.rejects(checkOnChainCertificate({ chain: [der(twin.certPem)], provider: PROVIDER, certificates: published, now: NOW }), refusal("FINGERPRINT_MISMATCH"));
  // Published under another owner only.
  const elsewhere = new ChainCerts([{ owner: OTHER, serial: SERIAL, state: "valid", certPem: good.certPem }]);
  await assert.rejects(checkOnChainCertificate({ chain: [der(good.certPem)], provider: PROVIDER, certificates: elsewhere, now: NOW }), refusal("NOT_ON_CHAIN"));
});

test("refuses outside the validity window (injected clock)", async () => {
  const chain = new ChainCerts([{ owner: PROVIDER, serial: SERIAL, state: "valid", certPem: good.certPem }]);
  const later = new Date(NOW.getTime() + 400 * 86_400_000);
  await assert.rejects(checkOnChainCertificate({ chain: [der(good.certPem)], provider: PROVIDER, certificates: chain, now: later }), refusal("EXPIRED"));
  const earlier = new Date(NOW.getTime() - 2 * 86_400_000);
  await assert.rejects(checkOnChainCertificate({ chain: [der(good.certPem)], provider: PROVIDER, certificates: chain, now: earlier }), refusal("NOT_YET_VALID"));
});

test("refuses a CA-issued certificate that failed web PKI, and a chain of several certificates", async () => {
  const { ca, leaf } = certs.caSigned({ cn: PROVIDER, serial: "77" });
  const chain = new ChainCerts([{ owner: PROVIDER, serial: "77", state: "valid", certPem: leaf.certPem }]);
  await assert.rejects(checkOnChainCertificate({ chain: [der(leaf.certPem)], provider: PROVIDER, certificates: chain, now: NOW }), refusal("NOT_SELF_SIGNED"));
  await assert.rejects(checkOnChainCertificate({ chain: [der(leaf.certPem), der(ca.certPem)], provider: PROVIDER, certificates: chain, now: NOW }), refusal("CHAIN_NOT_SINGLE"));
  await assert.rejects(checkOnChainCertificate({ chain: [], provider: PROVIDER, certificates: chain, now: NOW }), refusal("NO_CERTIFICATE"));
});

test("a failing chain lookup refuses the peer", async () => {
  const failing: ProviderCertificates = { certificates: async () => Promise.reject(new Error("node down")) };
  await assert.rejects(checkOnChainCertificate({ chain: [der(good.certPem)], provider: PROVIDER, certificates: failing, now: NOW }), refusal("CHAIN_LOOKUP_FAILED"));
});

test("commonName reads exactly one CN", () => {
  assert.equal(commonName(`CN=${PROVIDER}\n2.23.133.2.6=v0.0.1`), PROVIDER);
  assert.equal(commonName("O=x"), undefined);
  assert.equal(commonName("CN=a\nCN=b"), undefined);
});

// --- over real TLS connections ---------------------------------------------------------------

interface Gateway {
  readonly url: string;
  /** Requests that reached the HTTP layer, with their Authorization header. */
  readonly requests: { path: string; authorization: string | undefined }[];
  readonly server: Server;
}

async function gateway(cert: TestCert): Promise<Gateway> {
  const requests: Gateway["requests"] = [];
  const server = createServer({ cert: cert.certPem, key: cert.keyPem, minVersion: "TLSv1.3" }, (req, res) => {
    requests.push({ path: req.url ?? "", authorization: req.headers.authorization });
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify({ address: PROVIDER, cluster: { leases: 0 }, bidengine: { orders: 1 }, manifest: { deployments: 2 } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `https://127.0.0.1:${port}`, requests, server };
}

function close(g: Gateway): Promise<void> {
  return new Promise((resolve) => g.server.close(() => resolve()));
}

const signer = { signEs256k: async () => new Uint8Array(64) };
const tenant = "akash1qufa3xzrf34qvwyejkhvnc4psf49fftaw0asmh";

test("TLS: the on-chain certificate is accepted over a real connection, with one chain lookup for several requests", async () => {
  const g = await gateway(good);
  try {
    const chain = new ChainCerts([{ owner: PROVIDER, serial: SERIAL, state: "valid", certPem: good.certPem }]);
    const client = new ProviderClient({ hostUri: g.url, provider: PROVIDER, auth: { owner: tenant, signer }, certificates: chain });
    const status = await client.status();
    assert.equal(status.address, PROVIDER);
    assert.equal(status.orders, 1);
    await client.status();
    assert.equal(g.requests.length, 2);
    assert.equal(chain.asked.length, 1, "the decision is remembered per fingerprint");
  } finally {
    await close(g);
  }
});

test("TLS: a peer that fails the check receives nothing (no request, no JWT)", async () => {
  const impostor = certs.selfSigned({ cn: PROVIDER, serial: SERIAL });
  const g = await gateway(impostor);
  try {
    const chain = new ChainCerts([{ owner: PROVIDER, serial: SERIAL, state: "valid", certPem: good.certPem }]);
    const client = new ProviderClient({ hostUri: g.url, provider: PROVIDER, auth: { owner: tenant, signer }, certificates: chain });
    await assert.rejects(client.leaseStatus({ dseq: 5n, gseq: 1, oseq: 1 }), refusal("FINGERPRINT_MISMATCH"));
    await assert.rejects(client.status(), refusal("FINGERPRINT_MISMATCH"));
    assert.equal(g.requests.length, 0);
  } finally {
    await close(g);
  }
});

test("TLS: web PKI (a trusted root and the host name) passes without asking the chain", async () => {
  const { ca, leaf } = certs.caSigned({ cn: "provider.test", serial: "1001" });
  const g = await gateway(leaf);
  try {
    const chain = new ChainCerts([]);
    const client = new ProviderClient({ hostUri: g.url, provider: PROVIDER, auth: { owner: tenant, signer }, certificates: chain, trustedCAs: [ca.certPem] });
    assert.equal((await client.status()).address, PROVIDER);
    assert.equal(chain.asked.length, 0);
    // Same server, roots not trusted: falls to the on-chain path, which refuses a CA-issued certificate.
    const untrusting = new ProviderClient({ hostUri: g.url, provider: PROVIDER, auth: { owner: tenant, signer }, certificates: chain });
    await assert.rejects(untrusting.status(), refusal("NOT_SELF_SIGNED"));
    assert.equal(g.requests.length, 1);
  } finally {
    await close(g);
  }
});

test("TLS: refuses TLS 1.2", async () => {
  const { createServer: createTls12 } = await import("node:https");
  const server = createTls12({ cert: good.certPem, key: good.keyPem, maxVersion: "TLSv1.2" }, (_req, res) => res.end("{}"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const chain = new ChainCerts([{ owner: PROVIDER, serial: SERIAL, state: "valid", certPem: good.certPem }]);
    const client = new ProviderClient({ hostUri: `https://127.0.0.1:${port}`, provider: PROVIDER, auth: { owner: tenant, signer }, certificates: chain });
    await assert.rejects(client.status(), (error: unknown) => error instanceof ProviderError && error.code === "PROVIDER_UNREACHABLE");
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test("refuses a host_uri that is not https", () => {
  assert.throws(
    () => new ProviderClient({ hostUri: "http://127.0.0.1:8443", provider: PROVIDER, auth: { owner: tenant, signer }, certificates: new ChainCerts([]) }),
    /not https/,
  );
});
