/**
 * Failures at the chain boundary. A `ChainError` means the chain (or the way to it) said no: it
 * carries a stable `code` for scripts, a message that says what happened and what to do, and in
 * `data` what a script or `--verbose` needs: the ABCI codespace and code, the transaction hash,
 * the raw log. Nothing secret ever goes in: transactions and logs hold addresses and amounts,
 * never keys.
 *
 * A request the tool refuses before anything is signed (a uakt deposit on create, a dseq of 0)
 * is an `InputError` with one of the `CHAIN_INPUT_CODES` below: the input is wrong, the chain
 * was never asked.
 */
import { AkashError } from "../errors.js";

export type ChainErrorCode =
  // account and transaction plumbing
  | "ACCOUNT_NOT_FOUND"
  | "SEQUENCE_MISMATCH"
  | "SIGNATURE_REJECTED"
  | "INSUFFICIENT_FUNDS"
  | "INSUFFICIENT_ACT"
  | "INSUFFICIENT_FEE"
  | "OUT_OF_GAS"
  | "TX_IN_MEMPOOL"
  | "MEMPOOL_FULL"
  | "TX_REJECTED_FORMAT"
  | "TX_TIMEOUT"
  | "TX_NOT_CONFIRMED"
  | "NODE_SYNCING"
  | "CHAIN_ID_MISMATCH"
  | "CHAIN_HALTED"
  | "PROVIDER_NOT_FOUND"
  | "CERTIFICATE_NOT_FOUND"
  // deployment module
  | "DEPLOYMENT_EXISTS"
  | "DEPLOYMENT_NOT_FOUND"
  | "DEPLOYMENT_CLOSED"
  | "DEPOSIT_REJECTED"
  | "HASH_UNCHANGED"
  | "GROUPS_REJECTED"
  | "PRICE_REJECTED"
  | "GROUP_NOT_FOUND"
  | "GROUP_STATE"
  | "RECLAMATION_REJECTED"
  // market module
  | "ORDER_NOT_OPEN"
  | "BID_NOT_OPEN"
  | "BID_NOT_FOUND"
  | "LEASE_NOT_FOUND"
  | "LEASE_NOT_ACTIVE"
  // escrow module
  | "ESCROW_OVERDRAWN"
  | "ESCROW_CLOSED"
  | "ESCROW_DENOM"
  | "ESCROW_NOT_FOUND"
  // bme module
  | "BME_HALTED"
  | "ORACLE_UNHEALTHY"
  | "BME_REJECTED"
  // queries and anything not in the table
  | "QUERY_FAILED"
  | "TX_FAILED";

/** What `data` of a ChainError may hold; every field optional. */
export interface ChainErrorData {
  /** ABCI codespace ("sdk", "deployment", "market", "escrow", "bme", …). */
  readonly codespace?: string;
  /** ABCI code within the codespace. */
  readonly abciCode?: number;
  readonly txHash?: string;
  readonly height?: string;
  /** The node's log, as sent (capped in length). */
  readonly rawLog?: string;
  /** What to do about it, also at the end of the message. */
  readonly hint?: string;
  readonly [key: string]: unknown;
}

export class ChainError extends AkashError {
  declare readonly code: ChainErrorCode;
  declare readonly data: ChainErrorData;

  constructor(code: ChainErrorCode, message: string, data: ChainErrorData = {}, options?: { cause?: unknown }) {
    super(code, message, data, options);
  }

  get txHash(): string | undefined {
    return this.data.txHash;
  }

  get codespace(): string | undefined {
    return this.data.codespace;
  }

  get rawLog(): string | undefined {
    return this.data.rawLog;
  }
}

/** Codes of the `InputError`s the chain layer throws before signing anything. */
export const CHAIN_INPUT_CODES = [
  "INVALID_DSEQ",
  "INVALID_SEQUENCE_NUMBER",
  "INVALID_AMOUNT",
  "INVALID_DENOM",
  "DEPOSIT_DENOM",
  "PRICE_DENOM",
  "INVALID_DEPOSIT_SOURCES",
  "INVALID_VERSION",
  "INVALID_ADDRESS",
  "RECLAMATION_UNSUPPORTED",
  "SELF_LEASE",
  "INVALID_GAS",
  "INVALID_GAS_PRICE",
  "INVALID_CERTIFICATE",
  "NO_MESSAGES",
  "NO_GROUPS",
] as const;

export type ChainInputCode = (typeof CHAIN_INPUT_CODES)[number];
