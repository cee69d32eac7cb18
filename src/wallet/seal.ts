import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from "node:crypto";
import { WalletError } from "../errors.js";

/** How one secret is encrypted in the keystore: scrypt derives an AES-256-GCM key from the passphrase. */
export interface SealedSecret {
  readonly kdf: "scrypt";
  readonly kdfparams: { readonly n: number; readonly r: number; readonly p: number; readonly salt: string };
  readonly cipher: "aes-256-gcm";
  /** Hex: 12-byte nonce, the ciphertext, and the 16-byte authentication tag. */
  readonly iv: string;
  readonly ciphertext: string;
  readonly tag: string;
}

/** scrypt cost for new keys: N = 2^15, r = 8, p = 1 (32 MiB, about 0.1 s). */
export const SCRYPT_DEFAULTS = { n: 2 ** 15, r: 8, p: 1 } as const;
/** Bounds accepted when reading a keystore, so a doctored file cannot ask for gigabytes. */
const MAX_N = 2 ** 20;
const MAX_R = 16;
const MAX_P = 16;
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;
const KEY_BYTES = 32;
const SALT_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

function deriveKey(passphrase: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  // Node refuses scrypt above `maxmem` (32 MiB by default, exactly what N = 2^15, r = 8 needs):
  // allow what the parameters need plus headroom.
  const options: ScryptOptions = { N: n, r, p, maxmem: 128 * n * r * 2 + 128 * r * p + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize("NFKC"), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function seal(plaintext: string, passphrase: string): Promise<SealedSecret> {
  const { n, r, p } = SCRYPT_DEFAULTS;
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const key = await deriveKey(passphrase, salt, n, r, p);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  key.fill(0);
  return {
    kdf: "scrypt",
    kdfparams: { n, r, p, salt: salt.toString("hex") },
    cipher: "aes-256-gcm",
    iv: iv.toString("hex"),
    ciphertext: ciphertext.toString("hex"),
    tag: cipher.getAuthTag().toString("hex"),
  };
}

/**
 * The plaintext, or a WalletError WRONG_PASSPHRASE when authentication fails (with GCM a wrong
 * passphrase and a damaged ciphertext look the same). `keyName` is for the message.
 */
export async function unseal(sealed: SealedSecret, passphrase: string, keyName: string): Promise<string> {
  const { n, r, p, salt } = sealed.kdfparams;
  const key = await deriveKey(passphrase, Buffer.from(salt, "hex"), n, r, p);
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.iv, "hex"));
  decipher.setAuthTag(Buffer.from(sealed.tag, "hex"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, "hex")), decipher.final()]).toString("utf8");
  } catch {
    throw new WalletError("WRONG_PASSPHRASE", `wrong passphrase for key "${keyName}"`, { name: keyName });
  } finally {
    key.fill(0);
  }
}

/** Why `value` is not a sealed secret this version can open, or null. Used when reading the keystore. */
export function sealedSecretProblem(value: unknown): string | null {
  if (!isRecord(value)) return "crypto is not an object";
  if (value.kdf !== "scrypt") return `unsupported kdf ${JSON.stringify(value.kdf)}`;
  if (value.cipher !== "aes-256-gcm") return `unsupported cipher ${JSON.stringify(value.cipher)}`;
  const params = value.kdfparams;
  if (!isRecord(params)) return "kdfparams is not an object";
  const { n, r, p } = params;
  if (!isInt(n) || n < 2 || n > MAX_N || (n & (n - 1)) !== 0) return `scrypt n must be a power of two up to ${MAX_N}`;
  if (!isInt(r) || r < 1 || r > MAX_R) return `scrypt r must be 1 to ${MAX_R}`;
  if (!isInt(p) || p < 1 || p > MAX_P) return `scrypt p must be 1 to ${MAX_P}`;
  if (128 * n * r > MAX_SCRYPT_MEMORY) return "scrypt n and r ask for more than 256 MiB";
  if (!isHex(params.salt, 16)) return "salt must be hex, at least 16 bytes";
  if (!isHex(value.iv, IV_BYTES, IV_BYTES)) return `iv must be ${IV_BYTES} bytes of hex`;
  if (!isHex(value.tag, TAG_BYTES, TAG_BYTES)) return `tag must be ${TAG_BYTES} bytes of hex`;
  if (!isHex(value.ciphertext, 1)) return "ciphertext must be hex";
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isInt(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value);
}

function isHex(value: unknown, minBytes: number, maxBytes = Infinity): boolean {
  if (typeof value !== "string" || value.length % 2 !== 0 || !/^[0-9a-f]*$/iu.test(value)) return false;
  const bytes = value.length / 2;
  return bytes >= minBytes && bytes <= maxBytes;
}
