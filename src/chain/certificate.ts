/**
 * The tenant's mTLS client certificate (protocol.md §4.5), made with node:crypto and a small DER
 * writer for the one certificate shape needed: ECDSA P-256, ecdsa-with-SHA256, self-signed,
 * subject = issuer = CN=<address> plus OID 2.23.133.2.6 = "v0.0.1", serial = microseconds since the
 * epoch, KeyUsage keyEncipherment|dataEncipherment (critical), ExtKeyUsage clientAuth,
 * BasicConstraints CA:false (critical), one year by default. This is the shape the Go reference
 * (`pkg.akt.dev/go/util/tls` generateImpl) makes and the chain's ParseAndValidateCertificate and
 * the provider's ValidatePeerCertificates accept. (@peculiar/x509 was tried first; it needs a
 * global reflect-metadata polyfill, so it does not fit.)
 *
 * The key never leaves this machine: the PEM file holds the certificate and the PKCS#8 key, mode
 * 0600 in a 0700 folder beside the keystore.
 */
import { createPrivateKey, generateKeyPairSync, sign, X509Certificate, type KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { writePrivateFile } from "../files/private-file.js";

// --- DER ----------------------------------------------------------------------------------------

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const seq = (...c: Buffer[]): Buffer => tlv(0x30, ...c);
const set = (...c: Buffer[]): Buffer => tlv(0x31, ...c);

function integer(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, "hex");
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

function oid(text: string): Buffer {
  const arcs = text.split(".").map(Number);
  const out: number[] = [40 * (arcs[0] ?? 0) + (arcs[1] ?? 0)];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

const printable = (text: string): Buffer => tlv(0x13, Buffer.from(text, "ascii"));
const bool = (value: boolean): Buffer => tlv(0x01, Buffer.from([value ? 0xff : 0]));
const octets = (content: Buffer): Buffer => tlv(0x04, content);
const bits = (content: Buffer, unused = 0): Buffer => tlv(0x03, Buffer.from([unused]), content);

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 §4.1.2.5). */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  akashAuthVersion: "2.23.133.2.6",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  basicConstraints: "2.5.29.19",
  clientAuth: "1.3.6.1.5.5.7.3.2",
};

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

// --- certificate --------------------------------------------------------------------------------

export interface ClientCertificateFiles {
  /** PEM "CERTIFICATE". */
  readonly certPem: string;
  /** PEM "EC PUBLIC KEY" with the SPKI: what MsgCreateCertificate carries. */
  readonly pubkeyPem: string;
  /** PEM "PRIVATE KEY" (PKCS#8). */
  readonly keyPem: string;
  /** Decimal. */
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

export interface CreateCertificateOptions {
  readonly now?: Date;
  /** Default one year, as the Go CLI's --valid-duration 8760h. */
  readonly validSeconds?: number;
  /** Default microseconds since the epoch, as the TS SDK (Go uses nanoseconds). */
  readonly serial?: bigint;
}

/** A new key pair and its self-signed client certificate for `address`. */
export function createClientCertificate(address: string, options: CreateCertificateOptions = {}): ClientCertificateFiles {
  const now = options.now ?? new Date();
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const notAfter = new Date(notBefore.getTime() + (options.validSeconds ?? 365 * 24 * 3600) * 1000);
  const serial = options.serial ?? BigInt(now.getTime()) * 1000n;
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const spki = publicKey.export({ type: "spki", format: "der" });
  const name = seq(set(seq(oid(OID.commonName), printable(address))), set(seq(oid(OID.akashAuthVersion), printable("v0.0.1"))));
  const algorithm = seq(oid(OID.ecdsaWithSha256));
  const tbs = seq(
    tlv(0xa0, integer(2n)),
    integer(serial),
    algorithm,
    name,
    seq(time(notBefore), time(notAfter)),
    name,
    spki,
    tlv(
      0xa3,
      seq(
        // keyEncipherment (bit 2) | dataEncipherment (bit 3) = 0b0011_0000, 4 unused bits.
        extension(OID.keyUsage, true, bits(Buffer.from([0x30]), 4)),
        extension(OID.extKeyUsage, false, seq(oid(OID.clientAuth))),
        extension(OID.basicConstraints, true, seq()),
      ),
    ),
  );
  const signature = sign("sha256", tbs, privateKey);
  const der = seq(tbs, algorithm, bits(signature));
  return {
    certPem: pem("CERTIFICATE", der),
    pubkeyPem: pem("EC PUBLIC KEY", spki),
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    serial: serial.toString(),
    notBefore,
    notAfter,
  };
}

/** Where the client certificate of `address` is kept: `certs/<address>.pem` beside the keystore. */
export function certificatePath(keystorePath: string, address: string): string {
  return join(dirname(keystorePath), "certs", `${address}.pem`);
}

/** Writes certificate and key to one 0600 file (0700 folder), atomically. */
export async function saveClientCertificate(path: string, files: Pick<ClientCertificateFiles, "certPem" | "keyPem" | "pubkeyPem">): Promise<void> {
  await writePrivateFile(path, `${files.certPem}${files.pubkeyPem}${files.keyPem}`);
}

export interface StoredCertificate {
  readonly certPem: string;
  readonly pubkeyPem: string;
  readonly keyPem: string;
  /** Decimal. */
  readonly serial: string;
  readonly notAfter: string;
}

function block(text: string, label: string): string | undefined {
  const match = new RegExp(`-----BEGIN ${label}-----\\n[\\s\\S]*?\\n-----END ${label}-----\\n?`).exec(text);
  return match ? (match[0].endsWith("\n") ? match[0] : `${match[0]}\n`) : undefined;
}

/** The stored certificate of a file written by saveClientCertificate, or null if there is none. */
export async function loadClientCertificate(path: string): Promise<StoredCertificate | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const certPem = block(text, "CERTIFICATE");
  const keyPem = block(text, "PRIVATE KEY");
  if (!certPem || !keyPem) return null;
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    return null;
  }
  const x509 = new X509Certificate(certPem);
  const pubkeyPem = block(text, "EC PUBLIC KEY") ?? pem("EC PUBLIC KEY", x509.publicKey.export({ type: "spki", format: "der" }));
  if (!x509.checkPrivateKey(key)) return null;
  return { certPem, pubkeyPem, keyPem, serial: BigInt(`0x${x509.serialNumber}`).toString(), notAfter: new Date(x509.validTo).toISOString() };
}
