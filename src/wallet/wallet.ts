import type { WalletSigner } from "./derive.js";
import { WalletError } from "../errors.js";
import { readKeystore, updateKeystore, type KeystoreEntry, type KeystoreFs } from "./keystore-file.js";
import { checkKeyName } from "./names.js";
import { checkNewPassphrase } from "./passphrase.js";
import { keystorePath } from "./paths.js";
import { seal, unseal } from "./seal.js";

/** Where keys come from; built once by the CLI from its environment. */
export interface WalletOptions {
  readonly keystorePath: string;
  /** AKASH_MNEMONIC: a key held in memory only, never written anywhere. */
  readonly envMnemonic?: string | undefined;
  /** The name the AKASH_MNEMONIC key answers to: AKASH_FROM, else "env". */
  readonly envKeyName?: string | undefined;
  /** Tests replace file operations to simulate failures. */
  readonly fs?: KeystoreFs | undefined;
  readonly now?: (() => Date) | undefined;
}

export { keyNameProblem } from "./names.js";
export { MIN_PASSPHRASE_LENGTH, checkNewPassphrase, passphraseProblem } from "./passphrase.js";

export const ENV_KEY_NAME = "env";

/**
 * BIP39 and HD derivation (cosmjs, ~40 ms to load) are loaded only by what needs them, so
 * `keys list` and `keys show` of keystore keys read the file and nothing more.
 */
async function hd(): Promise<typeof import("./derive.js") & typeof import("./mnemonic.js")> {
  const [derive, mnemonic] = await Promise.all([import("./derive.js"), import("./mnemonic.js")]);
  return { ...derive, ...mnemonic };
}

/** A key without its secret: what `keys list` and `keys show` print. */
export interface KeyInfo {
  readonly name: string;
  readonly address: string;
  /** Compressed secp256k1 public key, base64. */
  readonly pubkey: string;
  readonly source: "keystore" | "env";
  readonly createdAt?: string;
}

/** Where a signer gets its key. The mnemonic or passphrase stays inside `signerFor`. */
export type KeySource =
  | { readonly kind: "mnemonic"; readonly mnemonic: string }
  | { readonly kind: "keystore"; readonly path: string; readonly name: string; readonly passphrase: string; readonly fs?: KeystoreFs };

/** The options the CLI passes: keystore path from AKASH_HOME / XDG_CONFIG_HOME / HOME, env key from AKASH_MNEMONIC and AKASH_FROM. */
export function walletOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): WalletOptions {
  const mnemonic = env.AKASH_MNEMONIC;
  const from = env.AKASH_FROM;
  return {
    keystorePath: keystorePath(env),
    envMnemonic: mnemonic !== undefined && mnemonic !== "" ? mnemonic : undefined,
    envKeyName: from !== undefined && from !== "" ? from : ENV_KEY_NAME,
  };
}

function envName(options: WalletOptions): string {
  return options.envKeyName ?? ENV_KEY_NAME;
}

async function envKey(options: WalletOptions): Promise<KeyInfo | null> {
  if (options.envMnemonic === undefined) return null;
  const { parseMnemonic, deriveAccount } = await hd();
  const mnemonic = parseMnemonic(options.envMnemonic, "AKASH_MNEMONIC");
  const account = await deriveAccount(mnemonic);
  const name = envName(options);
  // AKASH_FROM naming a keystore key of another account: which one would sign is ambiguous, so
  // neither silently wins.
  const shadowed = (await readKeystore(options.keystorePath, options.fs)).keys.find((k) => k.name === name);
  if (shadowed && shadowed.address !== account.address) {
    throw new WalletError(
      "ENV_KEY",
      `AKASH_FROM="${name}" names a keystore key (${shadowed.address}), but AKASH_MNEMONIC holds another account (${account.address}); ` +
        `unset AKASH_MNEMONIC to sign with the keystore key, or set AKASH_FROM to another name for the AKASH_MNEMONIC key`,
      { name, keystoreAddress: shadowed.address, envAddress: account.address },
    );
  }
  return { name, ...account, source: "env" };
}

function entryInfo(entry: KeystoreEntry): KeyInfo {
  return { name: entry.name, address: entry.address, pubkey: entry.pubkey, source: "keystore", createdAt: entry.createdAt };
}

/** Every key: the AKASH_MNEMONIC one first (it wins a name clash), then the keystore's in file order. */
export async function listKeys(options: WalletOptions): Promise<KeyInfo[]> {
  const env = await envKey(options);
  const file = await readKeystore(options.keystorePath, options.fs);
  return [...(env ? [env] : []), ...file.keys.map(entryInfo)];
}

/** The key called `name`, or WalletError KEY_NOT_FOUND. */
export async function findKey(options: WalletOptions, name: string): Promise<KeyInfo> {
  if (options.envMnemonic !== undefined && name === envName(options)) {
    const env = await envKey(options);
    if (env) return env;
  }
  const file = await readKeystore(options.keystorePath, options.fs);
  const entry = file.keys.find((k) => k.name === name);
  if (entry === undefined) throw notFound(options, name);
  return entryInfo(entry);
}

/** Fails with KEY_EXISTS (or INVALID_KEY_NAME) before anyone is asked for a mnemonic or passphrase. */
export async function assertNewKeyName(options: WalletOptions, name: string): Promise<void> {
  checkKeyName(name);
  if (options.envMnemonic !== undefined && name === envName(options)) {
    throw new WalletError(
      "KEY_EXISTS",
      `the name "${name}" is taken by the key from AKASH_MNEMONIC; choose another name`,
      { name },
    );
  }
  const file = await readKeystore(options.keystorePath, options.fs);
  if (file.keys.some((k) => k.name === name)) throw exists(options, name);
}

export interface AddKeyInput {
  readonly name: string;
  /** As typed or generated; it is validated and normalized here. */
  readonly mnemonic: string;
  readonly passphrase: string;
  /** Where the mnemonic came from, for error messages ("the mnemonic on stdin"). */
  readonly origin?: string;
  /** Add it even when the keystore already holds the same key under another name (`--force`). */
  readonly allowDuplicate?: boolean;
}

/** The keystore keys that hold the same account as `mnemonic` (compared by address; no passphrase). */
export async function keysWithMnemonic(options: WalletOptions, mnemonic: string, origin?: string): Promise<KeyInfo[]> {
  const { parseMnemonic, deriveAccount } = await hd();
  const { address } = await deriveAccount(parseMnemonic(mnemonic, origin));
  const file = await readKeystore(options.keystorePath, options.fs);
  return file.keys.filter((k) => k.address === address).map(entryInfo);
}

function duplicateError(name: string, existing: KeyInfo): WalletError {
  return new WalletError(
    "KEY_EXISTS",
    `this mnemonic is already in the keystore as "${existing.name}" (${existing.address}); use that name, or pass --force to add it as "${name}" too`,
    { name, existing: existing.name, address: existing.address },
  );
}

/** Encrypts the mnemonic under the passphrase and adds it to the keystore; never replaces a key. */
export async function addKey(options: WalletOptions, input: AddKeyInput): Promise<KeyInfo> {
  await assertNewKeyName(options, input.name);
  const { parseMnemonic, deriveAccount } = await hd();
  const mnemonic = parseMnemonic(input.mnemonic, input.origin);
  checkNewPassphrase(input.passphrase);
  const account = await deriveAccount(mnemonic);
  if (input.allowDuplicate !== true) {
    const existing = (await readKeystore(options.keystorePath, options.fs)).keys.find((k) => k.address === account.address);
    if (existing) throw duplicateError(input.name, entryInfo(existing));
  }
  const crypto = await seal(mnemonic, input.passphrase);
  const entry: KeystoreEntry = {
    name: input.name,
    address: account.address,
    pubkey: account.pubkey,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    crypto,
  };
  await updateKeystore(
    options.keystorePath,
    (file) => {
      // Checked again under the lock: another process may have added the name meanwhile.
      if (file.keys.some((k) => k.name === input.name)) throw exists(options, input.name);
      return { ...file, keys: [...file.keys, entry] };
    },
    options.fs,
  );
  return entryInfo(entry);
}

/**
 * Removes a keystore key. The AKASH_MNEMONIC key cannot be deleted (ENV_KEY): unset the variable.
 * `beforeDelete` runs once the key is known to be deletable (the CLI asks for confirmation there;
 * it throws to stop).
 */
export async function deleteKey(
  options: WalletOptions,
  name: string,
  beforeDelete?: (key: KeyInfo) => Promise<void>,
): Promise<KeyInfo> {
  const key = await findKey(options, name);
  if (key.source === "env") throw envKeyError(name, "delete");
  await beforeDelete?.(key);
  await updateKeystore(
    options.keystorePath,
    (file) => {
      if (!file.keys.some((k) => k.name === name)) throw notFound(options, name);
      return { ...file, keys: file.keys.filter((k) => k.name !== name) };
    },
    options.fs,
  );
  return key;
}

/** The source `signerFor` needs for the key `name`; `passphrase` is used for keystore keys only. */
export async function keySource(options: WalletOptions, name: string, passphrase?: string): Promise<KeySource> {
  const key = await findKey(options, name);
  if (key.source === "env" && options.envMnemonic !== undefined) return { kind: "mnemonic", mnemonic: options.envMnemonic };
  if (passphrase === undefined) {
    throw new WalletError("WRONG_PASSPHRASE", `key "${name}" is encrypted: a passphrase is needed`, { name });
  }
  return { kind: "keystore", path: options.keystorePath, name, passphrase, ...(options.fs ? { fs: options.fs } : {}) };
}

/**
 * The mnemonic of `name`, for `keys export` only (after the user confirmed). A keystore key is
 * decrypted and checked against its stored address.
 */
export async function revealMnemonic(options: WalletOptions, name: string, passphrase?: string): Promise<string> {
  return mnemonicOf(await keySource(options, name, passphrase));
}

async function mnemonicOf(source: KeySource): Promise<string> {
  const { parseMnemonic, deriveAccount } = await hd();
  if (source.kind === "mnemonic") return parseMnemonic(source.mnemonic, "AKASH_MNEMONIC");
  const file = await readKeystore(source.path, source.fs);
  const entry = file.keys.find((k) => k.name === source.name);
  if (entry === undefined) {
    throw new WalletError("KEY_NOT_FOUND", `no key named "${source.name}" in ${source.path}`, { name: source.name });
  }
  const plaintext = await unseal(entry.crypto, source.passphrase, entry.name);
  const damaged = new WalletError(
    "KEYSTORE_CORRUPT",
    `keystore ${source.path}: key "${entry.name}" decrypts to a mnemonic for another address; the file was altered`,
    { path: source.path, name: entry.name },
  );
  let mnemonic: string;
  try {
    mnemonic = parseMnemonic(plaintext);
  } catch {
    throw damaged;
  }
  if ((await deriveAccount(mnemonic)).address !== entry.address) throw damaged;
  return mnemonic;
}

/**
 * An `OfflineDirectSigner` for the key: what the chain client gets instead of key material. It
 * exposes only `getAccounts`, `signDirect` and `signEs256k` (provider JWTs).
 */
export async function signerFor(source: KeySource): Promise<WalletSigner> {
  const mnemonic = await mnemonicOf(source);
  const { mnemonicSigner } = await import("./derive.js");
  return mnemonicSigner(mnemonic);
}

function notFound(options: WalletOptions, name: string): WalletError {
  return new WalletError(
    "KEY_NOT_FOUND",
    `no key named "${name}" in ${options.keystorePath}; \`akash keys list\` shows the keys`,
    { name, path: options.keystorePath },
  );
}

function exists(options: WalletOptions, name: string): WalletError {
  return new WalletError(
    "KEY_EXISTS",
    `a key named "${name}" already exists in ${options.keystorePath}; choose another name (keys are never overwritten)`,
    { name, path: options.keystorePath },
  );
}

function envKeyError(name: string, action: string): WalletError {
  return new WalletError(
    "ENV_KEY",
    `key "${name}" comes from AKASH_MNEMONIC and is not stored anywhere; cannot ${action} it (unset the variable instead)`,
    { name },
  );
}
