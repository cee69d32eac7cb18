import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { X509Certificate, createPublicKey } from "node:crypto";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { certificatePath, createClientCertificate, loadClientCertificate, saveClientCertificate } from "../../src/chain/certificate.js";
import { OWNER } from "./helpers.js";

describe("client certificate (protocol.md §4.5)", () => {
  const now = new Date("2026-12-01T12:00:00.123Z");
  const made = createClientCertificate(OWNER, { now });
  const x509 = new X509Certificate(made.certPem);

  it("is self-signed by a P-256 key with CN = the address and the Akash version attribute", () => {
    assert.equal(x509.subject, `CN=${OWNER}\n2.23.133.2.6=v0.0.1`);
    assert.equal(x509.issuer, x509.subject);
    assert.ok(x509.verify(x509.publicKey));
    assert.equal(x509.publicKey.asymmetricKeyDetails?.namedCurve, "prime256v1");
    assert.equal(x509.ca, false);
    assert.deepEqual(x509.keyUsage, ["1.3.6.1.5.5.7.3.2"]);
  });

  it("uses microseconds since the epoch as the serial and one year of validity", () => {
    assert.equal(made.serial, (BigInt(now.getTime()) * 1000n).toString());
    assert.equal(BigInt(`0x${x509.serialNumber}`).toString(), made.serial);
    assert.equal(new Date(x509.validFrom).toISOString(), "2026-12-01T12:00:00.000Z");
    assert.equal(new Date(x509.validTo).toISOString(), "2027-12-01T12:00:00.000Z");
  });

  it("carries the extensions the provider checks, as openssl reads them", () => {
    const dir = mkdtempSync(join(tmpdir(), "akash-cert-"));
    writeFileSync(join(dir, "c.pem"), made.certPem);
    const text = execFileSync("openssl", ["x509", "-in", join(dir, "c.pem"), "-noout", "-text"], { encoding: "utf8" });
    assert.match(text, /X509v3 Key Usage: critical\s+Key Encipherment, Data Encipherment/);
    assert.match(text, /X509v3 Extended Key Usage:\s+TLS Web Client Authentication/);
    assert.match(text, /X509v3 Basic Constraints: critical\s+CA:FALSE/);
    assert.match(text, /Signature Algorithm: ecdsa-with-SHA256/);
  });

  it("publishes the SPKI as an EC PUBLIC KEY block and stores everything 0600", async () => {
    assert.match(made.pubkeyPem, /^-----BEGIN EC PUBLIC KEY-----\n/);
    const spki = Buffer.from(made.pubkeyPem.replace(/-----[^-]+-----|\n/g, ""), "base64");
    assert.ok(createPublicKey({ key: spki, format: "der", type: "spki" }).equals(x509.publicKey));
    const home = mkdtempSync(join(tmpdir(), "akash-cert-home-"));
    const path = certificatePath(join(home, "keystore.json"), OWNER);
    await saveClientCertificate(path, made);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const loaded = await loadClientCertificate(path);
    assert.equal(loaded?.serial, made.serial);
    assert.equal(loaded?.certPem, made.certPem);
    assert.equal(await loadClientCertificate(join(home, "none.pem")), null);
  });
});
