import { stringToPath } from "@cosmjs/crypto";
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
 * A signer over the mnemonic. Only the two `OfflineDirectSigner` functions are reachable from the
 * returned object: the cosmjs wallet, which exposes its mnemonic, stays inside the closure.
 */
export async function mnemonicSigner(mnemonic: string): Promise<OfflineDirectSigner> {
  const wallet = await hdWallet(mnemonic);
  return Object.freeze({
    getAccounts: () => wallet.getAccounts(),
    signDirect: (signerAddress: string, signDoc: Parameters<OfflineDirectSigner["signDirect"]>[1]) =>
      wallet.signDirect(signerAddress, signDoc),
  });
}
