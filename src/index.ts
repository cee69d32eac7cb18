/** The library behind the `akash` CLI: the same functions its commands call. */
export * from "./sdl/index.js";
export * from "./wallet/index.js";
export * from "./config/index.js";
export { AkashError, InputError, InternalError, NetworkError, UsageError, WalletError, type NetworkErrorCode, type WalletErrorCode } from "./errors.js";
/** The chain layer (ChainClient and its domain types) as a namespace: its DecCoin is not the SDL one. */
export * as chain from "./chain/index.js";
/** The provider client: JWT auth, the TLS check, manifest, lease status, logs and events. */
export * from "./provider/index.js";
