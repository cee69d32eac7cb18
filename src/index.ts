/** The library behind the `akash` CLI: the same functions its commands call. */
export * from "./sdl/index.js";
export * from "./wallet/index.js";
export { AkashError, InputError, InternalError, UsageError, WalletError, type WalletErrorCode } from "./errors.js";
