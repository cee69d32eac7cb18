import { AkashError } from "../errors.js";

export type LocalnetErrorCode =
  | "BINARY_MISSING"
  | "NOT_INITIALIZED"
  | "INIT_FAILED"
  | "PORT_IN_USE"
  | "NODE_CRASHED"
  | "PROVIDER_CRASHED"
  | "NOT_READY"
  | "SETUP_TX_FAILED"
  | "BUSY"
  | "NOT_A_LOCALNET";

/**
 * The localnet could not be set up, started or stopped. `data` names the binary, port, log file or
 * folder involved, and for crashes carries the last lines of the log (`data.logTail`).
 */
export class LocalnetError extends AkashError {
  declare readonly code: LocalnetErrorCode;

  constructor(code: LocalnetErrorCode, message: string, data: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(code, message, data, options);
  }
}
