/**
 * The provider client against the REAL provider code (the localnet's provider harness: provider
 * v0.14.0's gateway, JWT/mTLS auth, manifest service and bid engine; only the Kubernetes cluster
 * is synthetic, see provider-harness/README.md) and the real node.
 *
 * One deployment for the whole file: created with the chain library, bid on by the provider's bid
 * engine, leased; then the manifest PUT (a wrong hash refused with the provider's own 422, the
 * right bytes accepted), lease status with URIs and forwarded ports, logs and events over
 * websocket, JWTs the provider must refuse, mTLS, the TLS check against the provider's on-chain
 * certificate (and a tampered fingerprint), `akash lease status|logs|events` as a user runs them,
 * and finally the deployment closed.
 */
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { after, before, test } from "node:test";
import { CosmosChainClient } from "../../../src/chain/cosmos/client.js";
import { CometRpcTransport } from "../../../src/chain/cosmos/rpc.js";
import { createClientCertificate } from "../../../src/chain/certificate.js";
import { ProviderClient, httpFailure } from "../../../src/provider/client.js";
import { ProviderError, type ProviderErrorCode } from "../../../src/provider/errors.js";
import { createJwt, deploymentScoped, providerScoped } from "../../../src/provider/jwt.js";
import { ProviderTlsVerifier, type ProviderCertificates } from "../../../src/provider/tls.js";
import { httpRequest } from "../../../src/provider/transport.js";
import { compileSdl, manifestJson } from "../../../src/sdl/index.js";
import { mnemonicSigner } from "../../../src/wallet/derive.js";
import { e2eSkipReason, useLocalnet, type E2eNet } from "../harness.js";

const skip = e2eSkipReason();

const SDL = `
version: "2.0"
services:
  web:
    image: nginx:1.27.3-alpine
    expose:
      - port: 80
        as: 80
        to:
          - global: true
      - port: 5432
        as: 5432
        proto: tcp
        to:
          - global: true
profiles:
  compute:
    web:
      resources:
        cpu: { units: 0.5 }
        memory: { size: 512Mi }
        storage: { size: 512Mi }
  placement:
    dcloud:
      pricing:
        web: { denom: uact, amount: 1000 }
deployment:
  web:
    dcloud:
      profile: web
      count: 2
`;

let net: E2eNet;
let chain: CosmosChainClient;
let signer: Awaited<ReturnType<typeof mnemonicSigner>>;
let manifest: string;
let dseq: bigint;
const lease = { gseq: 1, oseq: 1 } as { dseq: bigint; gseq: number; oseq: number };
let hostUri: string;
const extraDeployments: bigint[] = [];

function providerClient(extra: Partial<ConstructorParameters<typeof ProviderClient>[0]> = {}): ProviderClient {
  return new ProviderClient({ hostUri, provider: net.provider.address, auth: { owner: net.tenant.address, signer }, certificates: chain, ...extra });
}

function code(expected: ProviderErrorCode, status?: number): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof ProviderError, String(e));
    assert.equal(e.code, expected, e.message);
    if (status !== undefined) assert.equal(e.status, status, e.message);
    return true;
  };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, tries = 60, everyMs = 1000): Promise<T> {
  for (let i = 0; i < tries; i += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

before(async () => {
  if (skip) return;
  net = await useLocalnet();
  signer = await mnemonicSigner(net.tenant.mnemonic);
  chain = new CosmosChainClient({ transport: new CometRpcTransport({ endpoints: [net.rpc], chainId: net.chainId, timeoutMs: 15_000 }), chainId: net.chainId, signer });
  const compiled = compileSdl(SDL, { file: "provider-e2e.yaml" });
  assert.ok(compiled.output, JSON.stringify(compiled.diagnostics));
  manifest = manifestJson(compiled.output.manifest);
  const created = await chain.createDeployment({ spec: { groups: compiled.output.groups, version: compiled.output.version }, deposit: { denom: "uact", amount: "5000000" } });
  dseq = created.dseq;
  lease.dseq = dseq;
  const bid = await waitFor("the provider's bid", async () => (await chain.bids({ owner: net.tenant.address, dseq, state: "open" })).find((b) => b.id.provider === net.provider.address));
  await chain.createLease({ bid: bid.id });
  const record = await chain.provider(net.provider.address);
  assert.ok(record);
  hostUri = record.hostUri;
});

after(async () => {
  if (skip || !net) return;
  try {
    // One retry: the node's RPC sometimes drops an idle keep-alive connection (seen once; see the report).
    for (const d of [dseq, ...extraDeployments]) if (d !== undefined) await chain.closeDeployment({ dseq: d }).catch(() => chain.closeDeployment({ dseq: d }));
  } finally {
    net.release();
  }
});

test("the provider's TLS certificate is its on-chain one: accepted with one chain lookup; a tampered on-chain fingerprint is refused", { skip }, async () => {
  const client = providerClient();
  const status = await client.status();
  assert.equal(status.address, net.provider.address);
  await client.status();
  assert.equal(client.certificateLookups, 1);
  // The chain answers with another certificate under the same serial: the fingerprint no longer matches.
  const forged = createClientCertificate(net.provider.address).certPem;
  const tampered: ProviderCertificates = {
    certificates: async (filter) => (await chain.certificates(filter)).map((c) => ({ ...c, certPem: forged })),
  };
  await assert.rejects(providerClient({ certificates: tampered }).status(), (e: unknown) => {
    assert.ok(e instanceof ProviderError && e.code === "PROVIDER_TLS_UNTRUSTED");
    assert.equal(e.data.reason, "FINGERPRINT_MISMATCH");
    return true;
  });
  // And a provider address that is not the certificate's CN.
  await assert.rejects(providerClient({ provider: net.tenant.address }).status(), (e: unknown) => e instanceof ProviderError && e.data.reason === "CN_NOT_PROVIDER");
});

test("a manifest whose hash is not the deployment's is refused with the provider's own 422 message", { skip }, async () => {
  const altered = manifest.replace("nginx:1.27.3-alpine", "nginx:1.27.4-alpine");
  assert.notEqual(altered, manifest);
  await assert.rejects(providerClient().sendManifest(dseq, altered, { noLeaseTimeoutMs: 60_000 }), (e: unknown) => {
    assert.ok(e instanceof ProviderError && e.code === "MANIFEST_REJECTED", String(e));
    assert.equal(e.status, 422);
    assert.match(String(e.data.providerMessage), /manifest version validation failed/);
    return true;
  });
});

test("the manifest, exactly the hashed bytes, is accepted with a JWT signed by the tenant's key", { skip }, async (t) => {
  const result = await providerClient().sendManifest(dseq, manifest, { noLeaseTimeoutMs: 60_000 });
  assert.ok(result.attempts >= 1);
  t.diagnostic(`manifest accepted after ${result.attempts} PUT(s)`);
});

test("a manifest sent before the provider has the lease: 404 'no lease for deployment', retried until the lease exists, then accepted", { skip }, async (t) => {
  const compiled = compileSdl(SDL.replace("count: 2", "count: 1"), { file: "provider-e2e-2.yaml" });
  assert.ok(compiled.output);
  const second = await chain.createDeployment({ spec: { groups: compiled.output.groups, version: compiled.output.version }, deposit: { denom: "uact", amount: "5000000" } });
  extraDeployments.push(second.dseq);
  const bid = await waitFor("the provider's bid", async () => (await chain.bids({ owner: net.tenant.address, dseq: second.dseq, state: "open" })).find((b) => b.id.provider === net.provider.address));
  // The first PUT finds no lease; the lease is created during the first back-off, then the PUT is repeated.
  let leased = false;
  const slept: number[] = [];
  const client = providerClient({
    sleep: async (ms) => {
      slept.push(ms);
      if (!leased) {
        leased = true;
        await chain.createLease({ bid: bid.id });
      } else await new Promise((r) => setTimeout(r, ms));
    },
  });
  const result = await client.sendManifest(second.dseq, manifestJson(compiled.output.manifest), { noLeaseTimeoutMs: 60_000 });
  assert.ok(leased);
  assert.ok(result.attempts >= 2, `attempts ${result.attempts}`);
  t.diagnostic(`no-lease retries: accepted after ${result.attempts} PUT(s), back-offs ${JSON.stringify(slept)} ms`);
  // Without a lease at all, the client gives up with NO_LEASE and the provider's own words.
  const third = await chain.createDeployment({ spec: { groups: compiled.output.groups, version: compiled.output.version }, deposit: { denom: "uact", amount: "5000000" } });
  extraDeployments.push(third.dseq);
  await assert.rejects(providerClient({ sleep: async () => undefined }).sendManifest(third.dseq, manifestJson(compiled.output.manifest), { noLeaseTimeoutMs: 2000 }), (e: unknown) => {
    assert.ok(e instanceof ProviderError && e.code === "NO_LEASE", String(e));
    assert.equal(e.status, 404);
    assert.match(String(e.data.providerMessage), /no lease for deployment/);
    return true;
  });
});

test("lease status: services ready with their URIs and forwarded ports", { skip }, async (t) => {
  const client = providerClient();
  let polls = 0;
  const status = await waitFor("the lease to be deployed", async () => {
    polls += 1;
    try {
      return await client.leaseStatus(lease);
    } catch (error) {
      if (error instanceof ProviderError && error.code === "LEASE_NOT_FOUND") return undefined;
      throw error;
    }
  });
  t.diagnostic(`lease status ready after ${polls} poll(s): ${JSON.stringify(status)}`);
  const web = status.services.find((s) => s.name === "web");
  assert.ok(web, JSON.stringify(status));
  assert.equal(web.total, 2);
  assert.equal(web.readyReplicas, 2);
  assert.ok(web.uris.length >= 1 && web.uris.every((u) => u.length > 0), JSON.stringify(web.uris));
  assert.ok(status.forwardedPorts.some((p) => p.service === "web" && p.port === 5432 && p.externalPort > 0), JSON.stringify(status.forwardedPorts));
  const one = await client.serviceStatus(lease, "web", {});
  assert.equal(one?.total, 2);
  // Narrowed to the deployment and its services, the provider still answers.
  assert.equal((await client.leaseStatus(lease, { services: ["web"] })).services.length, 1);
});

test("logs and events over websocket: frames from the provider, tail honoured, abort ends a followed stream", { skip }, async (t) => {
  const client = providerClient();
  const frames = [];
  for await (const frame of client.logs(lease, { tail: 1, services: ["web"] })) frames.push(frame);
  assert.ok(frames.length >= 1, "at least one line");
  assert.ok(frames.every((f) => f.name.startsWith("web")), JSON.stringify(frames));
  const all = [];
  for await (const frame of client.logs(lease, {})) all.push(frame);
  t.diagnostic(`logs: ${frames.length} line(s) with tail 1, ${all.length} without`);
  assert.ok(all.length > frames.length, `tail limits lines (${frames.length} < ${all.length})`);
  const events = [];
  for await (const event of client.events(lease, {})) events.push(event);
  assert.ok(events.length >= 1 && events.every((e) => typeof e.reason === "string"), JSON.stringify(events.slice(0, 3)));
  t.diagnostic(`events: ${events.length}, first ${JSON.stringify(events[0])}`);
  const controller = new AbortController();
  let followed = 0;
  await assert.rejects(
    (async () => {
      for await (const _ of client.logs(lease, { follow: true, signal: controller.signal })) {
        followed += 1;
        if (followed === 3) controller.abort();
      }
    })(),
    code("ABORTED"),
  );
  assert.equal(followed, 3);
});

test("the provider refuses JWTs for another deployment or scope, signed by another key (401), or expired (400)", { skip }, async () => {
  const verifier = new ProviderTlsVerifier({ provider: net.provider.address, certificates: chain, now: () => new Date() });
  const transport = { baseUrl: new URL(hostUri), verifier, connectTimeoutMs: 10_000 };
  const statusWith = async (token: string): Promise<{ status: number; body: string }> => {
    const res = await httpRequest(transport, { method: "GET", path: `/lease/${dseq}/1/1/status`, headers: { Authorization: `Bearer ${token}` }, timeoutMs: 15_000, maxBodyBytes: 65536 });
    return { status: res.status, body: res.body.toString("utf8") };
  };
  const now = () => new Date();
  const good = await createJwt({ issuer: net.tenant.address, signer, leases: providerScoped(net.provider.address, ["status"]), now });
  assert.equal((await statusWith(good)).status, 200);
  const otherDeployment = await createJwt({
    issuer: net.tenant.address,
    signer,
    leases: deploymentScoped(net.provider.address, { dseq: dseq + 1000n, scope: ["status"], services: ["web"] }),
    now,
  });
  const refusedOther = await statusWith(otherDeployment);
  assert.equal(refusedOther.status, 401, refusedOther.body);
  const wrongScope = await createJwt({ issuer: net.tenant.address, signer, leases: providerScoped(net.provider.address, ["logs"]), now });
  assert.equal((await statusWith(wrongScope)).status, 401);
  const expired = await createJwt({ issuer: net.tenant.address, signer, leases: providerScoped(net.provider.address, ["status"]), now: () => new Date(Date.now() - 3600_000) });
  // Provider v0.14.0 answers an expired token with 400 "JWT has invalid claims": golang-jwt joins
  // ErrTokenInvalidClaims with ErrTokenExpired and the gateway tests for the first one first.
  const refusedExpired = await statusWith(expired);
  assert.equal(refusedExpired.status, 400, refusedExpired.body);
  assert.match(refusedExpired.body, /JWT has invalid claims/);
  // Claims say "tenant", signature by the provider's key: the account's on-chain key does not verify it.
  const impostor = await mnemonicSigner(net.provider.mnemonic);
  const [impostorAccount] = await impostor.getAccounts();
  const forged = await createJwt({
    issuer: net.tenant.address,
    signer: { signEs256k: (_address, data) => impostor.signEs256k(impostorAccount!.address, data) },
    leases: providerScoped(net.provider.address, ["status"]),
    now,
  });
  const refusedForged = await statusWith(forged);
  assert.equal(refusedForged.status, 401, refusedForged.body);
  // The client maps that answer to a typed auth error too.
  assert.equal(httpFailure({ status: refusedExpired.status, body: Buffer.from(refusedExpired.body), url: hostUri, contentType: "" }, "lease").code, "PROVIDER_AUTH");
  // Through the client, a refused JWT is a typed auth error.
  const client = new ProviderClient({
    hostUri,
    provider: net.provider.address,
    auth: { owner: net.tenant.address, signer: { signEs256k: (_a, data) => impostor.signEs256k(impostorAccount!.address, data) } },
    certificates: chain,
  });
  await assert.rejects(client.leaseStatus(lease), code("PROVIDER_AUTH", 401));
});

test("mTLS: the tenant's on-chain client certificate authenticates without a JWT, and is the fallback when a JWT is refused", { skip }, async () => {
  const cert = createClientCertificate(net.tenant.address);
  await chain.submit([{ kind: "createCertificate", certPem: cert.certPem, pubkeyPem: cert.pubkeyPem }]);
  const client = providerClient({ auth: { owner: net.tenant.address, clientCertificate: { certPem: cert.certPem, keyPem: cert.keyPem } } });
  const status = await client.leaseStatus(lease);
  assert.ok(status.services.some((s) => s.name === "web"));
  // Fallback: a JWT the provider refuses (signed by another key), then the client certificate.
  const impostor = await mnemonicSigner(net.provider.mnemonic);
  const [impostorAccount] = await impostor.getAccounts();
  const fallback = providerClient({
    auth: {
      owner: net.tenant.address,
      signer: { signEs256k: (_a, data) => impostor.signEs256k(impostorAccount!.address, data) },
      clientCertificate: { certPem: cert.certPem, keyPem: cert.keyPem },
    },
  });
  assert.ok((await fallback.leaseStatus(lease)).services.length > 0);
  const frames = [];
  for await (const frame of fallback.logs(lease, { tail: 1 })) frames.push(frame);
  assert.ok(frames.length > 0, "logs over mTLS too");
  // A certificate that was never published: refused during the handshake or with 401.
  const stray = createClientCertificate(net.tenant.address, { serial: 12345n });
  assert.ok(new X509Certificate(stray.certPem).subject.includes(net.tenant.address));
  const refused = providerClient({ auth: { owner: net.tenant.address, clientCertificate: { certPem: stray.certPem, keyPem: stray.keyPem } } });
  await assert.rejects(refused.leaseStatus(lease), (e: unknown) => e instanceof ProviderError && (e.code === "PROVIDER_UNREACHABLE" || e.code === "PROVIDER_AUTH"));
});

test("akash lease status|logs|events, as a user runs them", { skip }, async () => {
  const status = net.cli(["lease", "status", String(dseq), "-o", "json"]);
  assert.equal(status.code, 0, status.stderr);
  const doc = status.json<{ leases: { provider: string; status: { services: { name: string; uris: string[] }[] } }[] }>();
  assert.equal(doc.leases[0]?.provider, net.provider.address);
  assert.ok(doc.leases[0]?.status.services[0]?.uris.length);
  const text = net.cli(["lease", "status", String(dseq)]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /web: 2\/2 ready/);
  const logs = net.cli(["lease", "logs", String(dseq), "--tail", "1", "-o", "jsonl"]);
  assert.equal(logs.code, 0, logs.stderr);
  const lines = logs.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as { name: string; message: string });
  assert.ok(lines.length >= 1 && lines.every((l) => l.name.startsWith("web")));
  const events = net.cli(["lease", "events", String(dseq)]);
  assert.equal(events.code, 0, events.stderr);
  assert.ok(events.stdout.trim().split("\n").length >= 1);
  const none = net.cli(["lease", "status", String(dseq + 99_999n)]);
  assert.equal(none.code, 1, none.stderr);
});
