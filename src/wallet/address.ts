/**
 * A Cosmos account address from its compressed secp256k1 public key, without any secret:
 * bech32(prefix, RIPEMD-160(SHA-256(pubkey))). Lets the keystore check that each stored address
 * belongs to its stored public key before anyone types a passphrase. node:crypto only, so
 * `keys list` does not load cosmjs.
 */
import { createHash } from "node:crypto";

const CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const GENERATORS = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const value of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATORS[i] as number;
  }
  return chk;
}

function toWords(bytes: Uint8Array): number[] {
  const words: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      words.push((acc >>> bits) & 31);
    }
  }
  if (bits > 0) words.push((acc << (5 - bits)) & 31);
  return words;
}

/** BIP-173 bech32 (not bech32m), as Cosmos addresses use. */
export function bech32(prefix: string, data: Uint8Array): string {
  const words = toWords(data);
  const expanded = [...[...prefix].map((c) => c.charCodeAt(0) >> 5), 0, ...[...prefix].map((c) => c.charCodeAt(0) & 31)];
  const mod = polymod([...expanded, ...words, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum = Array.from({ length: 6 }, (_, i) => (mod >>> (5 * (5 - i))) & 31);
  return `${prefix}1${[...words, ...checksum].map((w) => CHARSET[w]).join("")}`;
}

export function addressOfPubkey(pubkeyBase64: string, prefix = "akash"): string | undefined {
  const pubkey = Buffer.from(pubkeyBase64, "base64");
  if (pubkey.length !== 33 || (pubkey[0] !== 2 && pubkey[0] !== 3)) return undefined;
  const hash = createHash("ripemd160").update(createHash("sha256").update(pubkey).digest()).digest();
  return bech32(prefix, hash);
}
