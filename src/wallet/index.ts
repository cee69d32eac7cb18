/**
 * The wallet: BIP39 mnemonics, the encrypted keystore, the AKASH_MNEMONIC key, and signers over
 * them. Nothing here prints, prompts or exits; every failure is a WalletError whose message never
 * contains a mnemonic or a passphrase.
 */
export { ADDRESS_PREFIX, HD_PATH, deriveAccount, type PublicAccount, type WalletSigner } from "./derive.js";
export { KEYSTORE_VERSION, readKeystore, type KeystoreEntry, type KeystoreFile, type KeystoreFs } from "./keystore-file.js";
export { generateMnemonic, mnemonicProblem, normalizeMnemonic, parseMnemonic } from "./mnemonic.js";
export { checkKeyName, keyNameProblem } from "./names.js";
export { MIN_PASSPHRASE_LENGTH, checkNewPassphrase, passphraseProblem } from "./passphrase.js";
export { keystorePath } from "./paths.js";
export { SCRYPT_DEFAULTS, type SealedSecret } from "./seal.js";
export {
  ENV_KEY_NAME,
  addKey,
  assertNewKeyName,
  deleteKey,
  findKey,
  keySource,
  listKeys,
  revealMnemonic,
  signerFor,
  walletOptionsFromEnv,
  type AddKeyInput,
  type KeyInfo,
  type KeySource,
  type WalletOptions,
} from "./wallet.js";
