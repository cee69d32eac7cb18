/**
 * Real X.509 certificates for the TLS tests, made with the openssl CLI in a temporary folder:
 * self-signed provider certificates shaped like the ones `provider-services tx cert generate
 * server` publishes (P-256, CN = the provider's address, a large decimal serial), and a small CA
 * for the web-PKI path.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCert {
  readonly certPem: string;
  readonly keyPem: string;
}

export class CertFactory {
  private readonly dir = mkdtempSync(join(tmpdir(), "akash-provider-certs-"));
  private n = 0;

  /**
   * A self-signed certificate shaped like the provider's (Go `key_pair_manager`): CN and the
   * 2.23.133.2.6 version attribute, decimal serial, key usage keyEncipherment + dataEncipherment
   * only (no keyCertSign), CA:FALSE, SAN IP 127.0.0.1 and DNS localhost.
   */
  selfSigned(options: { cn: string; serial: string; days?: number }): TestCert {
    const base = join(this.dir, `c${++this.n}`);
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", `${base}.key`, "-out", `${base}.pem`,
      "-subj", `/CN=${options.cn}/2.23.133.2.6=v0.0.1`, "-days", String(options.days ?? 365), "-set_serial", options.serial,
      "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-addext", "keyUsage=critical,keyEncipherment,dataEncipherment",
      "-addext", "basicConstraints=critical,CA:FALSE",
      "-addext", "extendedKeyUsage=serverAuth,clientAuth",
    ], { stdio: "ignore" });
    return { certPem: readFileSync(`${base}.pem`, "utf8"), keyPem: readFileSync(`${base}.key`, "utf8") };
  }

  /** A CA, and a leaf it signs for 127.0.0.1 with the given CN. */
  caSigned(options: { cn: string; serial: string }): { ca: TestCert; leaf: TestCert } {
    const base = join(this.dir, `ca${++this.n}`);
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", `${base}-ca.key`, "-out", `${base}-ca.pem`, "-subj", "/CN=Test Root CA", "-days", "30",
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    ], { stdio: "ignore" });
    execFileSync("openssl", [
      "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", `${base}.key`, "-out", `${base}.csr`, "-subj", `/CN=${options.cn}`,
    ], { stdio: "ignore" });
    writeFileSync(`${base}.ext`, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    execFileSync("openssl", [
      "x509", "-req", "-in", `${base}.csr`, "-CA", `${base}-ca.pem`, "-CAkey", `${base}-ca.key`,
      "-set_serial", options.serial, "-days", "30", "-out", `${base}.pem`, "-extfile", `${base}.ext`,
    ], { stdio: "ignore" });
    return {
      ca: { certPem: readFileSync(`${base}-ca.pem`, "utf8"), keyPem: readFileSync(`${base}-ca.key`, "utf8") },
      leaf: { certPem: readFileSync(`${base}.pem`, "utf8"), keyPem: readFileSync(`${base}.key`, "utf8") },
    };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** PEM to DER. */
export function der(pem: string): Buffer {
  const body = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
  return Buffer.from(body, "base64");
}
