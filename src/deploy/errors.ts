import { AkashError } from "../errors.js";

export type DeployErrorCode =
  | "INSUFFICIENT_FUNDS"
  | "MINT_UNAVAILABLE"
  | "NO_BIDS"
  | "NO_MATCHING_BIDS"
  | "NOT_READY"
  | "INTERRUPTED"
  | "DUPLICATE_DEPLOYMENT"
  | "NOTHING_TO_RESUME"
  | "UPDATE_NOT_POSSIBLE"
  | "STEP_FAILED";

/**
 * `akash deploy` stopped. `data` always says what exists on chain afterwards: `dseq`, whether the
 * deployment was `closed` and the `refund`, or, when it was kept, the commands to resume or close.
 */
export class DeployError extends AkashError {
  declare readonly code: DeployErrorCode;

  constructor(code: DeployErrorCode, message: string, data: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(code, message, data, options);
  }
}
