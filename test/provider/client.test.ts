/**
 * ProviderClient against a scripted gateway stand-in (gateway-stub.ts): exact manifest bytes, the
 * no-lease retry (counted attempts, injected sleep and clock), error mapping, lease status parsing,
 * websocket frames and close codes, abort, and the JWT each request carries (decoded and verified
 * here). The same behaviours against the real provider are in test/e2e/provider.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { Secp256k1, Secp256k1Signature } from "@cosmjs/crypto";
import { ProviderClient, manifestServices } from "../../src/provider/client.js";
import { ProviderError, type ProviderErrorCode } from "../../src/provider/errors.js";
import { decodeJwt } from "../../src/provider/jwt.js";
import { deriveAccount, mnemonicSigner } from "../../src/wallet/derive.js";
import { TEST_MNEMONIC } from "../wallet/fixtures.js";
import { CertFactory, type TestCert } from "./certs.js";
import { GatewayStub, chainWith, json, text } from "./gateway-stub.js";

const PROVIDER = "akash1qufa3xzrf34qvwyejkhvnc4psf49fftaw0asmh";
const SERIAL = "1764590400123456789";
const MANIFEST = '[{"name":"dcloud","services":[{"name":"web","image":"nginx","note":"\\u003c\\u003e"}]}]';

let certs: CertFactory;
let cert: TestCert;
let gw: GatewayStub;
let owner: string;
let pubkey: Uint8Array;
let signer: Awaited<ReturnType<typeof mnemonicSigner>>;

before(async () => {
  certs = new CertFactory();
  cert = certs.selfSigned({ cn: PROVIDER, serial: SERIAL });
  const account = await deriveAccount(TEST_MNEMONIC);
  owner = account.address;
  pubkey = Buffer.from(account.pubkey, "base64");
  signer = await mnemonicSigner(TEST_MNEMONIC);
});
after(() => certs.dispose());
beforeEach(async () => {
  await gw?.stop();
  gw = await new GatewayStub(cert).start();
});
after(async () => gw?.stop());

function client(extra: Partial<ConstructorParameters<typeof ProviderClient>[0]> = {}): ProviderClient {
  return new ProviderClient({ hostUri: gw.url, provider: PROVIDER, auth: { owner, signer }, certificates: chainWith(PROVIDER, SERIAL, cert.certPem), ...extra });
}

function code(expected: ProviderErrorCode, status?: number): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof ProviderError, String(e));
    assert.equal(e.code, expected, e.message);
    if (status !== undefined) assert.equal(e.status, status);
    return true;
  };
}

async function claimsOf(authorization: string | undefined): Promise<Record<string, unknown>> {
  assert.ok(authorization?.startsWith("Bearer "));
  const jwt = decodeJwt(authorization!.slice(7));
  assert.ok(await Secp256k1.verifySignature(Secp256k1Signature.fromFixedLength(jwt.signature), jwt.digest, pubkey));
  return jwt.claims as Record<string, unknown>;
}

test("sendManifest: PUTs exactly the given bytes with a JWT for this provider, deployment and services", async () => {
  gw.http = (_req, res) => res.end();
  const result = await client().sendManifest(42n, MANIFEST);
  assert.equal(result.attempts, 1);
  const [req] = gw.requests;
  assert.equal(req?.method, "PUT");
  assert.equal(req?.path, "/deployment/42/manifest");
  assert.equal(req?.body.toString("utf8"), MANIFEST);
  const claims = await claimsOf(req?.authorization);
  assert.equal(claims.iss, owner);
  assert.deepEqual(claims.leases, {
    access: "granular",
    permissions: [{ provider: PROVIDER, access: "granular", deployments: [{ dseq: 42, scope: ["send-manifest"], services: ["web"] }] }],
  });
});

test("sendManifest: retries while the provider has not seen the lease, then succeeds; counted, no real sleeping", async () => {
  let calls = 0;
  gw.http = (_req, res) => (++calls <= 3 ? text(res, 404, "no lease for deployment") : res.end());
  const slept: number[] = [];
  let now = Date.now();
  const c = client({ now: () => new Date(now), sleep: async (ms) => void (slept.push(ms), (now += ms)) });
  assert.equal((await c.sendManifest(7n, MANIFEST)).attempts, 4);
  assert.deepEqual(slept, [500, 1000, 2000]);
  assert.equal(new Set(gw.requests.map((r) => r.body.toString())).size, 1, "the same bytes each time");
});

test("sendManifest: gives up with NO_LEASE at the deadline", async () => {
  gw.http = (_req, res) => text(res, 404, "no lease for deployment");
  let now = Date.now();
  const c = client({ now: () => new Date(now), sleep: async (ms) => void (now += ms) });
  await assert.rejects(c.sendManifest(7n, MANIFEST, { noLeaseTimeoutMs: 4000 }), code("NO_LEASE", 404));
  assert.equal(gw.requests.length, 4);
});

test("sendManifest: 422 carries the provider's own message; 401 is an auth error; other 404s are not retried", async () => {
  gw.http = (_req, res) => text(res, 422, "manifest version validation failed");
  await assert.rejects(client().sendManifest(7n, MANIFEST), (e: unknown) => {
    assert.ok(e instanceof ProviderError && e.code === "MANIFEST_REJECTED");
    assert.equal(e.data.providerMessage, "manifest version validation failed");
    assert.match(e.message, /rejected the manifest: manifest version validation failed/);
    return true;
  });
  gw.http = (_req, res) => json(res, 401, { message: "JWT is expired" });
  await assert.rejects(client().sendManifest(7n, MANIFEST), code("PROVIDER_AUTH", 401));
  gw.requests.length = 0;
  gw.http = (_req, res) => text(res, 404, "404 page not found");
  await assert.rejects(client().sendManifest(7n, MANIFEST), code("PROVIDER_HTTP", 404));
  assert.equal(gw.requests.length, 1);
});

test("leaseStatus: services, URIs, forwarded ports and leased IPs (Go's capitalized keys); 404 is LEASE_NOT_FOUND", async () => {
  gw.http = (_req, res) =>
    json(res, 200, {
      services: { web: { name: "web", available: 1, total: 1, uris: ["web.ingress.test"], observed_generation: 1, replicas: 1, updated_replicas: 1, ready_replicas: 1, available_replicas: 1 } },
      forwarded_ports: { web: [{ host: "node1", port: 22, externalPort: 31022, proto: "TCP", name: "web" }] },
      ips: { web: [{ Port: 80, ExternalPort: 80, Protocol: "TCP", IP: "203.0.113.9" }] },
    });
  const status = await client().leaseStatus({ dseq: 9n, gseq: 1, oseq: 2 });
  assert.equal(gw.requests[0]?.path, "/lease/9/1/2/status");
  assert.deepEqual(status.services.map((s) => [s.name, s.readyReplicas, s.total, s.uris]), [["web", 1, 1, ["web.ingress.test"]]]);
  assert.deepEqual(status.forwardedPorts, [{ service: "web", host: "node1", port: 22, externalPort: 31022, proto: "TCP", name: "web" }]);
  assert.deepEqual(status.ips, [{ service: "web", ip: "203.0.113.9", port: 80, externalPort: 80, protocol: "TCP" }]);
  const claims = await claimsOf(gw.requests[0]?.authorization);
  assert.deepEqual(claims.leases, { access: "granular", permissions: [{ provider: PROVIDER, access: "scoped", scope: ["status"] }] });
  gw.http = (_req, res) => {
    res.statusCode = 404;
    res.end();
  };
  await assert.rejects(client().leaseStatus({ dseq: 9n, gseq: 1, oseq: 2 }), code("LEASE_NOT_FOUND", 404));
  gw.http = (_req, res) => json(res, 200, { services: { web: { total: "one" } } });
  await assert.rejects(client().leaseStatus({ dseq: 9n, gseq: 1, oseq: 2 }), code("PROVIDER_BAD_RESPONSE"));
});

test("bounded reads: a body over the limit is refused", async () => {
  gw.http = (_req, res) => json(res, 200, { address: "x".repeat(10_000) });
  await assert.rejects(client({ maxBodyBytes: 4096 }).status(), code("PROVIDER_BAD_RESPONSE"));
});

test("one JWT per scope is reused until close to expiry", async () => {
  gw.http = (_req, res) => json(res, 200, { services: {} });
  let now = Date.now();
  const c = client({ now: () => new Date(now) });
  await c.leaseStatus({ dseq: 1n, gseq: 1, oseq: 1 });
  await c.leaseStatus({ dseq: 1n, gseq: 1, oseq: 1 });
  now += 14 * 60_000 + 1;
  await c.leaseStatus({ dseq: 1n, gseq: 1, oseq: 1 });
  const tokens = gw.requests.map((r) => r.authorization);
  assert.equal(tokens[0], tokens[1]);
  assert.notEqual(tokens[1], tokens[2]);
});

test("logs: frames in order with follow/tail/service in the query; the stream ends when the provider drops it", async () => {
  gw.ws = (_req, ws) => {
    ws.send(JSON.stringify({ name: "web-0", message: "hello" }));
    // Like the gateway: the last frame, then the connection dropped without a close frame.
    ws.send(JSON.stringify({ name: "web-0", message: "\u001b[31mred\u001b[0m" }), () => ws.terminate());
  };
  const frames = [];
  for await (const f of client().logs({ dseq: 3n, gseq: 1, oseq: 1 }, { tail: 10, services: ["web", "db"] })) frames.push(f);
  assert.deepEqual(frames, [
    { name: "web-0", message: "hello" },
    { name: "web-0", message: "\u001b[31mred\u001b[0m" },
  ]);
  const req = gw.requests[0]!;
  assert.equal(req.path, "/lease/3/1/1/logs?follow=false&tail=10&service=web%2Cdb");
  const claims = await claimsOf(req.authorization);
  assert.deepEqual(claims.leases, {
    access: "granular",
    permissions: [{ provider: PROVIDER, access: "granular", deployments: [{ dseq: 3, gseq: 1, oseq: 1, scope: ["logs"], services: ["web", "db"] }] }],
  });
});

test("logs: the client answers the provider's pings (the gateway drops a client that does not pong)", async () => {
  gw.ws = (_req, ws) => {
    ws.on("pong", (data) => ws.send(JSON.stringify({ name: "web-0", message: `pong ${data.toString()}` }), () => ws.terminate()));
    ws.ping("keepalive");
  };
  const frames = [];
  for await (const f of client().logs({ dseq: 3n, gseq: 1, oseq: 1 }, { follow: true })) frames.push(f);
  assert.deepEqual(frames, [{ name: "web-0", message: "pong keepalive" }]);
});

test("logs/events: close codes 4000/4001/4002 become typed errors with the provider's reason", async () => {
  const cases: [number, string, ProviderErrorCode][] = [
    [4000, "no running pods", "PROVIDER_STREAM_ERROR"],
    [4001, "", "LEASE_NOT_FOUND"],
    [4002, "service unavailable", "SERVICE_UNAVAILABLE"],
  ];
  for (const [closeCode, reason, expected] of cases) {
    gw.ws = (_req, ws) => ws.close(closeCode, reason);
    await assert.rejects(
      (async () => {
        for await (const _ of client().events({ dseq: 3n, gseq: 1, oseq: 1 })) void _;
      })(),
      (e: unknown) => {
        assert.ok(e instanceof ProviderError && e.code === expected, String(e));
        assert.equal(e.data.closeCode, closeCode);
        if (reason) assert.equal(e.data.providerMessage, reason);
        return true;
      },
    );
  }
});

test("events: an HTTP refusal of the upgrade is an auth error; abort ends a followed stream", async () => {
  // A gateway whose auth middleware refuses the upgrade request with 401, as the provider's does.
  const refusing = new GatewayStub(cert);
  await refusing.start();
  try {
    (refusing as unknown as { server: import("node:https").Server }).server.removeAllListeners("upgrade");
    (refusing as unknown as { server: import("node:https").Server }).server.on("upgrade", (_req, socket) => {
      const body = '{"message":"unauthorized access"}';
      socket.end(`HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    });
    const c = new ProviderClient({ hostUri: refusing.url, provider: PROVIDER, auth: { owner, signer }, certificates: chainWith(PROVIDER, SERIAL, cert.certPem) });
    await assert.rejects(
      (async () => {
        for await (const _ of c.events({ dseq: 3n, gseq: 1, oseq: 1 })) void _;
      })(),
      code("PROVIDER_AUTH", 401),
    );
  } finally {
    await refusing.stop();
  }
  gw.ws = (_req, ws) => {
    ws.send(JSON.stringify({ type: "Normal", reason: "Pulled", note: "image pulled", object: { kind: "Pod", namespace: "ns", name: "web-0" } }));
  };
  const controller = new AbortController();
  const seen = [];
  await assert.rejects(
    (async () => {
      for await (const e of client().events({ dseq: 3n, gseq: 1, oseq: 1 }, { follow: true, signal: controller.signal })) {
        seen.push(e);
        controller.abort();
      }
    })(),
    code("ABORTED"),
  );
  assert.equal(seen.length, 1);
  assert.equal(gw.requests.at(-1)?.path, "/lease/3/1/1/kubeevents?follow=true");
});

test("manifestServices reads service names from the manifest groups", () => {
  assert.deepEqual(manifestServices(Buffer.from('[{"name":"a","services":[{"name":"web"},{"name":"db"}]},{"name":"b","services":[{"name":"web"}]}]')), ["web", "db"]);
  assert.deepEqual(manifestServices(Buffer.from("not json")), []);
});
