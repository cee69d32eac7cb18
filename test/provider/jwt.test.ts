/**
 * Provider JWTs: structure, claims and an ES256K signature checked independently of our signer
 * (cosmjs Secp256k1.verifySignature over SHA-256 of the signing input, low-S). The claim rules are
 * checked against chain-sdk's specs/jwt-schema.json when AKASH_JWT_SCHEMA points at a copy of it
 * (the project does not vendor it); the provider's own Go verifier is exercised in
 * test/e2e/provider.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import test from "node:test";
import { Secp256k1, Secp256k1Signature, sha256 } from "@cosmjs/crypto";
import fc from "fast-check";
import {
  JWT_SCOPES,
  claimsProblems,
  createJwt,
  decodeJwt,
  deploymentScoped,
  jwtClaims,
  providerScoped,
  type JwtLeases,
  type JwtScope,
} from "../../src/provider/jwt.js";
import { deriveAccount, mnemonicSigner } from "../../src/wallet/derive.js";
import { TEST_MNEMONIC } from "../wallet/fixtures.js";

const NOW = new Date("2026-12-01T12:00:00Z");
const NOW_S = NOW.getTime() / 1000;
const PROVIDER = "akash1qufa3xzrf34qvwyejkhvnc4psf49fftaw0asmh";
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

async function tenant(): Promise<{ address: string; pubkey: Uint8Array; signer: Awaited<ReturnType<typeof mnemonicSigner>> }> {
  const account = await deriveAccount(TEST_MNEMONIC);
  return { address: account.address, pubkey: Buffer.from(account.pubkey, "base64"), signer: await mnemonicSigner(TEST_MNEMONIC) };
}

test("createJwt: ES256K header, v1 claims a minute in the past, 15 minutes of life, verifiable low-S signature", async () => {
  const { address, pubkey, signer } = await tenant();
  const token = await createJwt({ issuer: address, signer, leases: providerScoped(PROVIDER, ["status"]), now: () => NOW });
  const parts = token.split(".");
  assert.equal(parts.length, 3);
  for (const part of parts) assert.match(part, /^[A-Za-z0-9_-]+$/, "base64url without padding");
  const decoded = decodeJwt(token);
  assert.deepEqual(decoded.header, { alg: "ES256K", typ: "JWT" });
  assert.deepEqual(decoded.claims, {
    iss: address,
    iat: NOW_S - 60,
    nbf: NOW_S - 60,
    exp: NOW_S + 900,
    version: "v1",
    leases: { access: "granular", permissions: [{ provider: PROVIDER, access: "scoped", scope: ["status"] }] },
  });
  assert.equal(decoded.signature.length, 64);
  // Independent check: SHA-256 of the ASCII signing input, verified with the account's public key.
  const digest = sha256(Buffer.from(`${parts[0]}.${parts[1]}`, "ascii"));
  assert.deepEqual(Buffer.from(decoded.digest), Buffer.from(digest));
  const signature = Secp256k1Signature.fromFixedLength(decoded.signature);
  assert.ok(await Secp256k1.verifySignature(signature, digest, pubkey));
  const s = BigInt(`0x${Buffer.from(decoded.signature.subarray(32)).toString("hex")}`);
  assert.ok(s <= SECP256K1_N / 2n, "low-S, as Cosmos PubKey.VerifySignature requires");
});

test("createJwt: a tampered payload or another key does not verify", async () => {
  const { address, pubkey, signer } = await tenant();
  const token = await createJwt({ issuer: address, signer, leases: { access: "scoped", scope: ["logs"] }, now: () => NOW });
  const [h, , sig] = token.split(".") as [string, string, string];
  const forged = Buffer.from(JSON.stringify({ ...(decodeJwt(token).claims as object), leases: { access: "full" } })).toString("base64url");
  const signature = Secp256k1Signature.fromFixedLength(Buffer.from(sig, "base64url"));
  assert.equal(await Secp256k1.verifySignature(signature, sha256(Buffer.from(`${h}.${forged}`)), pubkey), false);
  const other = await deriveAccount("legal winner thank year wave sausage worth useful legal winner thank yellow");
  const digest = decodeJwt(token).digest;
  assert.equal(await Secp256k1.verifySignature(signature, digest, Buffer.from(other.pubkey, "base64")), false);
});

test("signEs256k refuses an address the signer does not hold", async () => {
  const { signer } = await tenant();
  await assert.rejects(createJwt({ issuer: PROVIDER, signer, leases: { access: "full" }, now: () => NOW }), /no key for address/);
});

test("jwtClaims: deployment-scoped access names the provider, dseq, gseq/oseq, scope and services; dseq is a JSON number", () => {
  const claims = jwtClaims({
    issuer: PROVIDER,
    leases: deploymentScoped(PROVIDER, { dseq: 123n, gseq: 1, oseq: 1, scope: ["send-manifest"], services: ["web", "db"] }),
    now: () => NOW,
    lifetimeSeconds: 300,
    skewSeconds: 30,
  });
  assert.equal(claims.exp - claims.iat, 330);
  assert.deepEqual(claims.leases, {
    access: "granular",
    permissions: [{ provider: PROVIDER, access: "granular", deployments: [{ dseq: 123, gseq: 1, oseq: 1, scope: ["send-manifest"], services: ["web", "db"] }] }],
  });
  assert.deepEqual(claimsProblems(claims), []);
});

test("jwtClaims refuses what the provider would refuse, naming the field", () => {
  const base = { issuer: PROVIDER, now: () => NOW };
  const cases: [JwtLeases, RegExp][] = [
    [{ access: "scoped", scope: [] }, /leases.scope must be a non-empty array/],
    [{ access: "scoped", scope: ["status", "status"] }, /must not repeat a scope/],
    [{ access: "scoped", scope: ["reboot" as JwtScope] }, /unknown scope "reboot"/],
    [{ access: "granular", permissions: [] }, /permissions must be a non-empty array/],
    [deploymentScoped(PROVIDER, { dseq: 5n, scope: ["logs"], services: [] }), /services must list at least one/],
    [deploymentScoped(PROVIDER, { dseq: 5n, oseq: 1, scope: ["logs"], services: ["web"] }), /oseq needs gseq/],
    [deploymentScoped(PROVIDER, { dseq: 5n, gseq: 0, oseq: 1, scope: ["logs"], services: ["web"] }), /gseq must be set when oseq is/],
    [deploymentScoped(PROVIDER, { dseq: 5n, scope: ["logs"], services: ["web", "web"] }), /must not repeat a service/],
    [{ access: "granular", permissions: [{ provider: PROVIDER, access: "full" }, { provider: PROVIDER, access: "full" }] }, /repeats another permission's provider/],
    [providerScoped("cosmos1qufa3xzrf34qvwyejkhvnc4psf49fftaw0asmh", ["status"]), /provider must be an akash1/],
  ];
  for (const [leases, message] of cases) assert.throws(() => jwtClaims({ ...base, leases }), message);
  assert.throws(() => jwtClaims({ ...base, issuer: "akash1short", leases: { access: "full" } }), /iss must be an akash1/);
  assert.throws(() => jwtClaims({ ...base, leases: { access: "full" }, lifetimeSeconds: 0 }), /lifetime/);
  assert.throws(() => jwtClaims({ ...base, leases: deploymentScoped(PROVIDER, { dseq: 2n ** 60n, scope: ["logs"], services: ["w"] }) }), /below 2\^53/);
});

test("claimsProblems: unknown fields, versions and time order", () => {
  const ok = jwtClaims({ issuer: PROVIDER, leases: { access: "full" }, now: () => NOW });
  assert.deepEqual(claimsProblems(ok), []);
  assert.match(claimsProblems({ ...ok, sub: "x" }).join(), /unexpected field "sub"/);
  assert.match(claimsProblems({ ...ok, version: "v2" }).join(), /version must be "v1"/);
  assert.match(claimsProblems({ ...ok, exp: ok.iat - 1 }).join(), /exp must not be before iat/);
  assert.match(claimsProblems({ ...ok, leases: { access: "full", scope: ["logs"] } }).join(), /unexpected field "scope"/);
  assert.match(claimsProblems({ ...ok, jti: "" }).join(), /jti/);
});

// --- chain-sdk's JSON schema, when available -------------------------------------------------

const schemaPath = process.env.AKASH_JWT_SCHEMA;

const scopeArb = fc.uniqueArray(fc.constantFrom(...JWT_SCOPES), { minLength: 0, maxLength: 4 });
const addressArb = fc.constantFrom(PROVIDER, "akash1qy352euf40x77qfrg4ncn27dauqjx3t83x4ummcpydzk0zdtehhsz5xdgs", "akash1", "cosmos1qufa3xzrf34qvwyejkhvnc4psf49fftaw0asmh");
const deploymentArb = fc.record(
  {
    dseq: fc.oneof(fc.integer({ min: 0, max: 1e9 }), fc.constant(-1)),
    gseq: fc.integer({ min: 0, max: 3 }),
    oseq: fc.integer({ min: 0, max: 3 }),
    scope: scopeArb,
    services: fc.array(fc.constantFrom("web", "db", ""), { maxLength: 3 }),
  },
  { requiredKeys: ["scope"] },
);
const permissionArb = fc.oneof(
  fc.record({ provider: addressArb, access: fc.constant("full") }),
  fc.record({ provider: addressArb, access: fc.constant("scoped"), scope: scopeArb }),
  fc.record({ provider: addressArb, access: fc.constant("granular"), deployments: fc.array(deploymentArb, { maxLength: 2 }) }),
  fc.record({ provider: addressArb, access: fc.constantFrom("full", "scoped", "granular", "none"), scope: scopeArb, deployments: fc.array(deploymentArb, { maxLength: 1 }) }, { requiredKeys: ["access"] }),
);
const leasesArb = fc.oneof(
  fc.record({ access: fc.constant("full") }),
  fc.record({ access: fc.constant("scoped"), scope: scopeArb }),
  fc.record({ access: fc.constant("granular"), permissions: fc.array(permissionArb, { maxLength: 2 }) }),
  fc.record({ access: fc.constantFrom("full", "scoped", "granular", ""), scope: scopeArb, permissions: fc.array(permissionArb, { maxLength: 1 }) }, { requiredKeys: ["access"] }),
);

test("claimsProblems agrees with chain-sdk's specs/jwt-schema.json on generated claims", { skip: schemaPath ? false : "set AKASH_JWT_SCHEMA to chain-sdk's specs/jwt-schema.json" }, async () => {
  const { Ajv } = await import("ajv");
  const schema = JSON.parse(readFileSync(schemaPath!, "utf8")) as Record<string, unknown>;
  delete schema.$schema;
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  const ours = jwtClaims({ issuer: PROVIDER, leases: deploymentScoped(PROVIDER, { dseq: 9n, gseq: 1, oseq: 1, scope: ["status", "logs"], services: ["web"] }), now: () => NOW, jti: "x" });
  assert.ok(validate(ours), JSON.stringify(validate.errors));
  let accepted = 0;
  fc.assert(
    fc.property(leasesArb, (leases) => {
      const claims = { iss: PROVIDER, iat: NOW_S, nbf: NOW_S, exp: NOW_S + 60, version: "v1", leases };
      const schemaOk = validate(claims);
      const problems = claimsProblems(claims);
      if (schemaOk) accepted += 1;
      // We are at least as strict as the schema (we add Go's rules: unique providers, gseq for oseq > 0, dseq >= 1).
      if (problems.length === 0) assert.ok(schemaOk, `we accept what the schema refuses: ${JSON.stringify(leases)} ${JSON.stringify(validate.errors)}`);
    }),
    { numRuns: 2000, seed: 42 },
  );
  assert.ok(accepted > 50, `the generator reaches valid claims (${accepted})`);
});
