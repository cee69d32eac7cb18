/**
 * The chain layer: the chain-neutral `ChainClient` interface and domain types, and typed errors.
 * The Cosmos adapter is `./cosmos/index.js`, imported lazily by whoever needs it (it loads cosmjs
 * and chain-sdk's codecs).
 */
export type * from "./types.js";
export type * from "./client.js";
export { ChainError, CHAIN_INPUT_CODES, type ChainErrorCode, type ChainErrorData, type ChainInputCode } from "./errors.js";
