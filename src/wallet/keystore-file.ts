import { addressOfPubkey } from "./address.js";
import { ensurePrivateDir, errnoCode, PrivateFileError, writePrivateFile } from "../files/private-file.js";
import * as nodeFs from "node:fs/promises";
import { dirname } from "node:path";
import { WalletError } from "../errors.js";
import { sealedSecretProblem, type SealedSecret } from "./seal.js";

/** One key as stored: public data in clear, the mnemonic sealed. */
export interface KeystoreEntry {
  readonly name: string;
  readonly address: string;
  readonly pubkey: string;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly crypto: SealedSecret;
}

/** The keystore file, format version 1. Unknown fields are kept when the file is rewritten. */
export interface KeystoreFile {
  readonly version: 1;
  readonly keys: readonly KeystoreEntry[];
}

export const KEYSTORE_VERSION = 1;
const EMPTY: KeystoreFile = { version: 1, keys: [] };
const LOCK_WAIT_MS = 5_000;
const LOCK_POLL_MS = 50;
/** A lock file older than this was left by a process that died; it is removed. */
const LOCK_STALE_MS = 120_000;

/** The file operations the keystore uses; tests replace some to simulate failures. */
export type KeystoreFs = Pick<typeof nodeFs, "open" | "rename" | "rm" | "mkdir" | "stat" | "chmod">;

const isPosix = process.platform !== "win32";

/**
 * Reads and checks the keystore. A missing file is an empty keystore. Refuses a file that group or
 * others can access, and one that is not a keystore this version understands; the messages never
 * quote the file's contents.
 */
export async function readKeystore(path: string, fs: KeystoreFs = nodeFs): Promise<KeystoreFile> {
  let text: string;
  let handle: nodeFs.FileHandle;
  try {
    handle = await fs.open(path, "r");
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return EMPTY;
    throw ioError("read", path, error);
  }
  try {
    const stat = await handle.stat();
    if (isPosix && (stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, "0");
      throw new WalletError(
        "KEYSTORE_PERMISSIONS",
        `keystore ${path} can be read or changed by other users (mode ${mode}); refusing to use it. ` +
          `Run: chmod 600 ${shellQuote(path)}`,
        { path, mode },
      );
    }
    text = await handle.readFile("utf8");
  } catch (error) {
    if (error instanceof WalletError) throw error;
    throw ioError("read", path, error);
  } finally {
    await handle.close();
  }
  return parseKeystore(text, path);
}

/** Checks the document's shape; `path` is for messages only. */
export function parseKeystore(text: string, path: string): KeystoreFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error: never pass it on.
    throw corrupt(path, "it is not valid JSON");
  }
  if (!isRecord(doc)) throw corrupt(path, "the top level is not an object");
  if (typeof doc.version === "number" && doc.version > KEYSTORE_VERSION) {
    throw new WalletError(
      "KEYSTORE_UNSUPPORTED",
      `keystore ${path} has format version ${doc.version}, written by a newer akash; upgrade akash to use it`,
      { path, version: doc.version },
    );
  }
  if (doc.version !== KEYSTORE_VERSION) throw corrupt(path, "missing or unknown \"version\"");
  if (!Array.isArray(doc.keys)) throw corrupt(path, "\"keys\" is not a list");
  const names = new Set<string>();
  doc.keys.forEach((entry: unknown, i: number) => {
    const problem = entryProblem(entry);
    if (problem !== null) throw corrupt(path, `key ${i + 1}: ${problem}`);
    const name = (entry as KeystoreEntry).name;
    if (names.has(name)) throw corrupt(path, `the name "${name}" appears twice`);
    names.add(name);
  });
  return doc as unknown as KeystoreFile;
}

function entryProblem(entry: unknown): string | null {
  if (!isRecord(entry)) return "not an object";
  for (const field of ["name", "address", "pubkey", "createdAt"] as const) {
    if (typeof entry[field] !== "string" || entry[field] === "") return `"${field}" is missing or not a string`;
  }
  // The address must be the one the public key gives: checked without the passphrase, so an
  // edited address (funds sent to someone else's account) is caught before anything is signed.
  const derived = addressOfPubkey(entry.pubkey as string);
  if (derived === undefined) return `"pubkey" is not a compressed secp256k1 public key`;
  if (derived !== entry.address) return `"address" ${JSON.stringify(entry.address)} does not belong to the stored public key (which gives ${derived}); the file was altered`;
  const problem = sealedSecretProblem(entry.crypto);
  return problem === null ? null : `"crypto": ${problem}`;
}

/**
 * Replaces the keystore atomically: the new content goes to a temporary file in the same folder
 * (mode 0600), is flushed to disk, and is renamed over the old file, so a crash at any point leaves
 * either the old keystore or the new one, never a mix or nothing. The folder is created 0700.
 */
export async function writeKeystore(path: string, file: KeystoreFile, fs: KeystoreFs = nodeFs): Promise<void> {
  try {
    await writePrivateFile(path, `${JSON.stringify(file, null, 2)}\n`, fs);
  } catch (error) {
    throw asTyped(error);
  }
}

/**
 * Runs read-modify-write under an exclusive lock file beside the keystore, so two `akash`
 * processes adding keys at once cannot lose one. `change` gets the current keystore and returns
 * the new one (it may throw to abort; nothing is written then).
 */
export async function updateKeystore(
  path: string,
  change: (current: KeystoreFile) => KeystoreFile | Promise<KeystoreFile>,
  fs: KeystoreFs = nodeFs,
): Promise<KeystoreFile> {
  await ensurePrivateDir(dirname(path), fs).catch((error: unknown) => {
    throw asTyped(error);
  });
  const release = await lock(path, fs);
  try {
    const next = await change(await readKeystore(path, fs));
    await writeKeystore(path, next, fs);
    return next;
  } finally {
    await release();
  }
}

async function lock(path: string, fs: KeystoreFs): Promise<() => Promise<void>> {
  const lockPath = `${path}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await fs.open(lockPath, "wx", 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => fs.rm(lockPath, { force: true });
    } catch (error) {
      if (errnoCode(error) !== "EEXIST") throw ioError("lock", lockPath, error);
    }
    const age = await fs.stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > LOCK_STALE_MS) {
      await fs.rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new WalletError(
        "KEYSTORE_LOCKED",
        `keystore ${path} is locked by another akash process (${lockPath}); if none is running, delete that file`,
        { path, lockPath },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

function corrupt(path: string, why: string): WalletError {
  return new WalletError(
    "KEYSTORE_CORRUPT",
    `keystore ${path} is damaged: ${why}. Restore it from a backup, or move it away and re-import your mnemonics`,
    { path },
  );
}

function ioError(action: string, path: string, error: unknown): WalletError {
  const code = errnoCode(error);
  const why = code ?? (error instanceof Error ? error.message : String(error));
  return new WalletError("KEYSTORE_IO", `cannot ${action} ${path}: ${why}`, { path, ...(code ? { errno: code } : {}) });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function shellQuote(path: string): string {
  return /^[\w./~-]+$/u.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}

function asTyped(error: unknown): Error {
  return error instanceof PrivateFileError ? ioError(error.action, error.path, error.cause) : (error as Error);
}
