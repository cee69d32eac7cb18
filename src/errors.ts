/**
 * Typed failures shared by the library and the CLI. Each carries a stable `code` for scripts,
 * a message for humans, and the data a script needs. Secrets never go into any of them.
 */
export class AkashError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly data: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The command line itself is wrong: unknown flag, missing argument, bad value. */
export class UsageError extends AkashError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super("USAGE", message, data);
  }
}

/** A file or value the user supplied is invalid (an SDL with errors, an unreadable file). */
export class InputError extends AkashError {}

/** What went wrong in the wallet; stable, for scripts. */
export type WalletErrorCode =
  | "WRONG_PASSPHRASE"
  | "WEAK_PASSPHRASE"
  | "PASSPHRASE_MISMATCH"
  | "INVALID_MNEMONIC"
  | "INVALID_KEY_NAME"
  | "KEY_EXISTS"
  | "KEY_NOT_FOUND"
  | "ENV_KEY"
  | "KEYSTORE_CORRUPT"
  | "KEYSTORE_UNSUPPORTED"
  | "KEYSTORE_PERMISSIONS"
  | "KEYSTORE_LOCKED"
  | "KEYSTORE_IO";

/**
 * The wallet failed: wrong passphrase, unknown or duplicate key name, an invalid mnemonic, a keystore
 * file that is damaged or readable by others. The message names the key, the file or the word
 * position, never a mnemonic or a passphrase; there is deliberately no `cause`, so `--verbose`
 * cannot print one either.
 */
export class WalletError extends AkashError {
  declare readonly code: WalletErrorCode;

  constructor(code: WalletErrorCode, message: string, data: Record<string, unknown> = {}) {
    super(code, message, data);
  }
}

/** What went wrong reaching the chain; stable, for scripts. */
export type NetworkErrorCode = "NO_ENDPOINT" | "CHAIN_ID_MISMATCH";

/**
 * No chain endpoint could be used: none answered, all were lagging, or the one the user chose
 * serves another chain. `data.tried` lists each endpoint with the reason it was not used.
 */
export class NetworkError extends AkashError {
  declare readonly code: NetworkErrorCode;

  constructor(code: NetworkErrorCode, message: string, data: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(code, message, data, options);
  }
}

/** A bug in this tool, not a user mistake. */
export class InternalError extends AkashError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("INTERNAL", message, {}, options);
  }
}
