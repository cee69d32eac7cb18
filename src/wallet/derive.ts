import { Bip39, EnglishMnemonic, Secp256k1, Slip10, Slip10Curve, sha256, stringToPath } from "@cosmjs/crypto";
import { DirectSecp256k1HdWallet, type OfflineDirectSigner } from "@cosmjs/proto-signing";
import { InternalError } from "../errors.js";

/** Akash's bech32 prefix and the Cosmos HD path (coin type 118, first account), as `akash keys` in Go. */
export const ADDRESS_PREFIX = "akash";
export const HD_PATH = "m/44'/118'/0'/0/0";

/** What a key shows without its secret. */
export interface PublicAccount {
  readonly address: string;
  /** The 33-byte compressed secp256k1 public key, base64. */
  readonly pubkey: string;
}

/** `mnemonic` must already be valid and normalized (see `parseMnemonic`). */
async function hdWallet(mnemonic: string): Promise<DirectSecp256k1HdWallet> {
  return DirectSecp256k1HdWallet.fromMnemonic(mnemonic, {
    prefix: ADDRESS_PREFIX,
    hdPaths: [stringToPath(HD_PATH)],
  });
}

export async function deriveAccount(mnemonic: string): Promise<PublicAccount> {
  const [account] = await (await hdWallet(mnemonic)).getAccounts();
  if (account === undefined) throw new InternalError("cosmjs derived no account for the HD path");
  return { address: account.address, pubkey: Buffer.from(account.pubkey).toString("base64") };
}

/**
 * An `OfflineDirectSigner` that can also sign arbitrary bytes the way a Cosmos keyring's
 * `SignByAddress` does, which is what an ES256K JWT for the provider gateway needs.
 */
export interface WalletSigner extends OfflineDirectSigner {
  /**
   * secp256k1 ECDSA over SHA-256(`data`) with the key of `signerAddress`: 64 bytes `r || s`,
   * deterministic (RFC 6979) and low-S, as Cosmos `PubKey.VerifySignature` requires.
   */
  readonly signEs256k: (signerAddress: string, data: Uint8Array) => Promise<Uint8Array>;
}

/**
 * A signer over the mnemonic. Only the signing functions are reachable from the returned object:
 * the cosmjs wallet, which exposes its mnemonic, and the private key stay inside the closure.
 */
export async function mnemonicSigner(mnemonic: string): Promise<WalletSigner> {
  const wallet = await hdWallet(mnemonic);
  let privkey: Promise<Uint8Array> | undefined;
  const key = (): Promise<Uint8Array> =>
    (privkey ??= Bip39.mnemonicToSeed(new EnglishMnemonic(mnemonic)).then(
      (seed) => Slip10.derivePath(Slip10Curve.Secp256k1, seed, stringToPath(HD_PATH)).privkey,
    ));
  return Object.freeze({
    getAccounts: () => wallet.getAccounts(),
    signDirect: (signerAddress: string, signDoc: Parameters<OfflineDirectSigner["signDirect"]>[1]) =>
      wallet.signDirect(signerAddress, signDoc),
    signEs256k: async (signerAddress: string, data: Uint8Array): Promise<Uint8Array> => {
      const [account] = await wallet.getAccounts();
      if (account === undefined || account.address !== signerAddress) {
        throw new InternalError(`this signer holds no key for address ${signerAddress}`);
      }
      const signature = await Secp256k1.createSignature(sha256(data), await key());
      return new Uint8Array([...signature.r(32), ...signature.s(32)]);
    },
  });
}
