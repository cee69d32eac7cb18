import { ChainError } from "../chain/errors.js";
import { AkashError, InputError, InternalError, NetworkError, UsageError, WalletError } from "../errors.js";
import { ProviderError } from "../provider/errors.js";
import { LocalnetError } from "../localnet/errors.js";
import { DeployError } from "../deploy/errors.js";

/** The only mapping from failures to process exit codes; the README documents this table. */
export const ExitCode = {
  ok: 0,
  invalidInput: 1,
  usage: 2,
  chain: 3,
  provider: 4,
  wallet: 5,
  timeout: 6,
  /** Not enough AKT for fees or ACT for the deposit. */
  funds: 7,
  /** `akash deploy`: no bid arrived, or none matched the rules. */
  noBids: 8,
  internal: 70,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Thrown by a command that has already reported its outcome and only needs to set the code. */
export class ExitStatus extends Error {
  constructor(readonly exitCode: ExitCodeValue) {
    super(`exit ${exitCode}`);
  }
}

export function exitCodeFor(error: unknown): ExitCodeValue {
  if (error instanceof ExitStatus) return error.exitCode;
  if (error instanceof UsageError) return ExitCode.usage;
  if (error instanceof InputError) return ExitCode.invalidInput;
  if (error instanceof WalletError) return ExitCode.wallet;
  if (error instanceof DeployError) {
    if (error.code === "INSUFFICIENT_FUNDS" || error.code === "MINT_UNAVAILABLE") return ExitCode.funds;
    if (error.code === "NO_BIDS" || error.code === "NO_MATCHING_BIDS") return ExitCode.noBids;
    if (error.code === "NOT_READY") return ExitCode.timeout;
    if (error.code === "INTERRUPTED") return ExitCode.interrupted;
    if (error.code === "DUPLICATE_DEPLOYMENT" || error.code === "NOTHING_TO_RESUME" || error.code === "UPDATE_NOT_POSSIBLE") return ExitCode.invalidInput;
    return ExitCode.chain;
  }
  if (error instanceof NetworkError || error instanceof ChainError) return ExitCode.chain;
  if (error instanceof ProviderError) return ExitCode.provider;
  if (error instanceof LocalnetError) {
    if (error.code === "BINARY_MISSING") return ExitCode.usage;
    if (error.code === "PROVIDER_CRASHED") return ExitCode.provider;
    if (error.code === "NOT_READY") return ExitCode.timeout;
    return ExitCode.chain;
  }
  if (error instanceof InternalError) return ExitCode.internal;
  if (error instanceof AkashError) return ExitCode.invalidInput;
  return ExitCode.internal;
}
