/**
 * ABCI failures (CheckTx, DeliverTx, simulate, query) → ChainError: a plain sentence and the
 * fix, keyed by codespace and code. Codes come from where they are registered:
 * - "sdk": cosmos-sdk types/errors (5 insufficient funds, 11 out of gas, 13 insufficient fee,
 *   32 wrong sequence, …);
 * - "deployment", "market", "escrow", "bme": chain-sdk `go/node/{deployment,market}/v1/errors.go`,
 *   `go/node/escrow/module/error.go`, `go/node/bme/v1/errors.go` (iota + 1 order, or explicit).
 * The raw log stays in `data.rawLog` for --verbose and scripts; the message never needs it.
 */
import { ChainError, type ChainErrorCode } from "../errors.js";

export interface AbciFailure {
  readonly codespace: string;
  readonly code: number;
  /** The node's raw log. */
  readonly log: string;
  readonly txHash?: string;
  readonly height?: bigint;
}

/** What the transaction was doing, when known: sharpens a few messages. */
export interface FailureContext {
  /** Denomination of the deposit the transaction carried, if any. */
  readonly depositDenom?: string;
  /** "simulate", "check" (broadcast), "deliver" (in a block) or "query". */
  readonly stage?: "simulate" | "check" | "deliver" | "query";
}

const MAX_RAW_LOG = 4000;
const ACT = "uact";
const AKT = "uakt";

interface Explained {
  readonly code: ChainErrorCode;
  readonly message: string;
  readonly hint?: string;
}

type Rule = (failure: AbciFailure, detail: string, context: FailureContext) => Explained;

/** The log without the "failed to execute message; message index: N: " wrapper, first line only. */
export function coreLog(log: string): string {
  const line = log.split("\n", 1)[0] ?? "";
  return line.replace(/^failed to execute message; message index: \d+: /, "").trim();
}

const SEQUENCE = /account sequence mismatch, expected (\d+), got (\d+)/;

/** `account sequence mismatch, expected 8, got 7`: what the chain expects next. */
export function parseSequenceMismatch(log: string): { expected: bigint; got: bigint } | undefined {
  const match = SEQUENCE.exec(log);
  return match ? { expected: BigInt(match[1] ?? "0"), got: BigInt(match[2] ?? "0") } : undefined;
}

/** ErrWrongSequence (sdk 32), or its text (the Go client matches the text too). */
export function isSequenceMismatch(failure: Pick<AbciFailure, "codespace" | "code" | "log">): boolean {
  return (failure.codespace === "sdk" && failure.code === 32) || SEQUENCE.test(failure.log);
}

/** `spendable balance 100uact is smaller than 500000uact` → the two coins. */
function parseShortfall(log: string): { have: string; need: string; denom: string } | undefined {
  const match = /(?:spendable balance )?(\S*) is smaller than (\d+)([a-zA-Z][a-zA-Z0-9/._-]*)/.exec(log);
  if (!match) return undefined;
  return { have: match[1] === "" ? "0" : (match[1] ?? "0"), need: `${match[2]}${match[3]}`, denom: match[3] ?? "" };
}

function insufficient(denom: string | undefined, detail: string): Explained {
  if (denom === ACT) {
    return {
      code: "INSUFFICIENT_ACT",
      message: `not enough ACT: ${detail}`,
      hint: "deployments are funded in ACT (uact); mint it from AKT with `akash act mint` (minting takes about a minute), then retry",
    };
  }
  if (denom === AKT) {
    return {
      code: "INSUFFICIENT_FUNDS",
      message: `not enough AKT: ${detail}`,
      hint: "fees and ACT mints are paid in AKT (uakt); send AKT to this account, then retry",
    };
  }
  return { code: "INSUFFICIENT_FUNDS", message: `insufficient funds: ${detail}`, hint: "add funds to this account, then retry" };
}

const RULES: Readonly<Record<string, Rule>> = {
  // --- cosmos-sdk -------------------------------------------------------------------------------
  "sdk/2": (_, detail) =>
    /unknown field|unable to resolve type URL|errUnknownField/i.test(detail)
      ? {
          code: "TX_REJECTED_FORMAT",
          message: `the node does not understand part of this transaction (${detail})`,
          hint: "the node runs a chain version without this message or field; check that the endpoint serves the network you expect",
        }
      : { code: "TX_REJECTED_FORMAT", message: `the node could not decode the transaction (${detail})`, hint: "this is likely a bug in akash; rerun with --verbose and report it" },
  "sdk/4": () => ({
    code: "SIGNATURE_REJECTED",
    message: "the chain rejected the transaction's signature",
    hint: "check that the endpoint serves the chain id you expect and that the key is this account's",
  }),
  "sdk/5": (failure, detail, context) => {
    const short = parseShortfall(failure.log);
    const have = short ? /^(\d+)/.exec(short.have)?.[1] ?? "0" : undefined;
    const need = short ? /^(\d+)/.exec(short.need)?.[1] : undefined;
    const missing = have !== undefined && need !== undefined && BigInt(need) > BigInt(have) ? ` (${BigInt(need) - BigInt(have)}${short?.denom} missing)` : "";
    return insufficient(short?.denom ?? context.depositDenom, `${detail}${missing}`);
  },
  "sdk/9": (_, detail) => ({
    code: "ACCOUNT_NOT_FOUND",
    message: `the account does not exist on chain yet (${detail})`,
    hint: "an account appears on chain when it first receives tokens: send it some AKT first",
  }),
  "sdk/11": (failure) => {
    const gas = /gasWanted: (\d+), gasUsed: (\d+)/.exec(failure.log);
    return {
      code: "OUT_OF_GAS",
      message: `the transaction ran out of gas${gas ? ` (limit ${gas[1]}, used ${gas[2]} before it stopped)` : ""}`,
      hint: "retry with a larger --gas-adjustment (for example 2) or a fixed --gas",
    };
  },
  "sdk/13": (failure) => {
    const required = /required: (\S+?)(?::|$)/.exec(failure.log)?.[1];
    return {
      code: "INSUFFICIENT_FEE",
      message: `the fee is below what the node accepts${required ? ` (it requires at least ${required})` : ""}`,
      hint: "raise --gas-prices (0.025uakt is accepted by most nodes) or use another endpoint",
    };
  },
  "sdk/19": () => ({
    code: "TX_IN_MEMPOOL",
    message: "an identical transaction (same key, sequence and messages) is already waiting in the node's mempool",
    hint: "wait for it to be included in a block instead of sending it again",
  }),
  "sdk/20": () => ({ code: "MEMPOOL_FULL", message: "the node's mempool is full", hint: "retry in a few seconds or use another endpoint" }),
  "sdk/32": (failure) => {
    const seq = parseSequenceMismatch(failure.log);
    return {
      code: "SEQUENCE_MISMATCH",
      message: `the account's transaction sequence changed while this transaction was prepared${seq ? ` (the chain expects ${seq.expected}, the transaction had ${seq.got})` : ""}`,
      hint: "another transaction from the same key was sent meanwhile; wait for it and retry",
    };
  },

  // --- deployment -------------------------------------------------------------------------------
  "deployment/3": () => ({
    code: "DEPLOYMENT_EXISTS",
    message: "a deployment with this dseq already exists for this account",
    hint: "choose another --dseq, or leave it out to use the current block height",
  }),
  "deployment/4": () => ({ code: "DEPLOYMENT_NOT_FOUND", message: "no such deployment", hint: "check the dseq with `akash deployment list`" }),
  "deployment/5": () => ({ code: "DEPLOYMENT_CLOSED", message: "the deployment is closed", hint: "closed deployments cannot change; create a new one" }),
  "deployment/7": (_, detail) => ({ code: "GROUPS_REJECTED", message: `the chain rejected the deployment's groups (${detail})`, hint: "check the SDL with `akash sdl validate`" }),
  "deployment/10": () => ({
    code: "HASH_UNCHANGED",
    message: "the manifest is the same as the deployed one, so there is nothing to update",
    hint: "change the SDL first; to only resend the manifest to providers, no transaction is needed",
  }),
  "deployment/12": (_, detail) => ({ code: "GROUPS_REJECTED", message: `the chain rejected the deployment (${detail})`, hint: "check the SDL with `akash sdl validate`" }),
  "deployment/14": () => ({ code: "GROUP_NOT_FOUND", message: "no such group in this deployment", hint: "check the gseq with `akash deployment get`" }),
  "deployment/15": () => ({ code: "GROUP_STATE", message: "the group is already closed", hint: "a closed group cannot be changed; create a new deployment" }),
  "deployment/16": () => ({ code: "GROUP_STATE", message: "the group is open", hint: "only a paused group can be started" }),
  "deployment/17": () => ({ code: "GROUP_STATE", message: "the group is already paused", hint: "start it again with `akash deployment group start`" }),
  "deployment/18": () => ({ code: "GROUP_STATE", message: "the group is not open", hint: "start it first with `akash deployment group start`" }),
  "deployment/19": (_, detail) => ({ code: "GROUPS_REJECTED", message: `the chain rejected a group spec (${detail})`, hint: "check the SDL with `akash sdl validate`" }),
  "deployment/20": (_, detail, context) =>
    context.depositDenom === AKT
      ? {
          code: "DEPOSIT_REJECTED",
          message: "the chain rejected the deposit: new deployments cannot be funded in uakt since the BME upgrade",
          hint: "deposit uact instead (mint it with `akash act mint`); uakt can be added later with `akash escrow deposit`",
        }
      : {
          code: "DEPOSIT_REJECTED",
          message: `the chain rejected the deposit (${detail})`,
          hint: "a new deployment needs a uact deposit of at least the chain's minimum (500000uact on mainnet; the deployment params say); mint ACT with `akash act mint`",
        },
  "deployment/24": (_, detail) => ({
    code: "PRICE_REJECTED",
    message: `the chain rejected the group prices (${detail})`,
    hint: "since the BME upgrade prices must be in uact: set `denom: uact` in profiles.placement.*.pricing",
  }),
  "deployment/25": (_, detail) => ({ code: "GROUPS_REJECTED", message: `two groups share a name (${detail})`, hint: "placement names must be unique" }),
  "deployment/26": (_, detail) => ({
    code: "RECLAMATION_REJECTED",
    message: `the chain rejected the reclamation window (${detail})`,
    hint: "min_window must lie within the market's bounds (1h to 720h by default)",
  }),

  // --- market -----------------------------------------------------------------------------------
  "market/6": () => ({ code: "BID_NOT_FOUND", message: "no such bid", hint: "list the open bids with `akash bid list`" }),
  "market/7": () => ({ code: "LEASE_NOT_FOUND", message: "no such lease", hint: "list the leases with `akash lease list`" }),
  "market/10": () => ({ code: "LEASE_NOT_ACTIVE", message: "the lease is not active", hint: "it was already closed; list the leases with `akash lease list`" }),
  "market/11": () => ({ code: "BID_NOT_OPEN", message: "the bid is not active", hint: "list the bids with `akash bid list`" }),
  "market/12": () => ({ code: "BID_NOT_OPEN", message: "the bid is no longer open (it was accepted, lost or withdrawn)", hint: "pick another open bid with `akash bid list`" }),
  "market/13": () => ({
    code: "ORDER_NOT_OPEN",
    message: "the order is no longer open: the group already has a lease, or it was closed or paused",
    hint: "check the deployment with `akash deployment get`",
  }),
  "market/15": () => ({ code: "ORDER_NOT_OPEN", message: "no such order", hint: "check the deployment with `akash deployment get`" }),
  "market/16": () => ({ code: "GROUP_NOT_FOUND", message: "no such group", hint: "check the deployment with `akash deployment get`" }),
  "market/17": () => ({ code: "GROUP_STATE", message: "the group is not open", hint: "start it with `akash deployment group start`" }),
  "market/18": () => ({ code: "BID_NOT_FOUND", message: "no such bid", hint: "list the open bids with `akash bid list`" }),
  "market/20": () => ({ code: "LEASE_NOT_FOUND", message: "no such lease", hint: "list the leases with `akash lease list`" }),
  "market/28": (failure, detail, context) =>
    /insufficient balance/.test(failure.log)
      ? insufficient(context.depositDenom ?? ACT, "the account cannot cover the deposit")
      : { code: "DEPOSIT_REJECTED", message: `the chain rejected the deposit (${detail})`, hint: "check the deposit amount and denomination" },

  // --- escrow -----------------------------------------------------------------------------------
  "escrow/1": () => ({ code: "DEPLOYMENT_EXISTS", message: "an escrow account for this deployment already exists", hint: "choose another --dseq" }),
  "escrow/2": () => ({ code: "ESCROW_CLOSED", message: "the deployment's escrow account is closed", hint: "the deployment has ended; create a new one" }),
  "escrow/3": () => ({ code: "ESCROW_NOT_FOUND", message: "the deployment has no escrow account", hint: "check the dseq with `akash deployment list`" }),
  "escrow/4": () => ({
    code: "ESCROW_OVERDRAWN",
    message: "the deployment's escrow ran out of funds (it is overdrawn)",
    hint: "an overdrawn deployment is closed by the chain; create a new deployment and top it up before it runs out",
  }),
  "escrow/5": () => ({
    code: "ESCROW_DENOM",
    message: "the deployment's escrow holds nothing in the bid's denomination",
    hint: "deposit uact with `akash escrow deposit`, then accept the bid again",
  }),
  "escrow/16": (_, detail) => ({ code: "DEPOSIT_REJECTED", message: `the chain rejected the deposit (${detail})`, hint: "check the deposit amount and sources" }),

  // --- bme --------------------------------------------------------------------------------------
  "bme/4": () => ({ code: "BME_HALTED", message: "the ACT mint/burn module is disabled", hint: "try again later; `akash act status` shows its state" }),
  "bme/5": () => ({ code: "ORACLE_UNHEALTHY", message: "the price oracle is unhealthy, so ACT cannot be minted or burned now", hint: "try again later" }),
  "bme/6": () => ({
    code: "BME_HALTED",
    message: "ACT minting is halted: the collateral ratio fell below the halt threshold (circuit breaker)",
    hint: "`akash act status` shows when mints are allowed again; burning ACT may still be possible",
  }),
  "bme/7": () => ({ code: "BME_REJECTED", message: "the BME vault cannot cover this conversion", hint: "try a smaller amount later" }),
  "bme/8": (_, detail) => ({ code: "BME_REJECTED", message: `the amount was rejected (${detail})`, hint: "mint at least the minimum (10 ACT worth of AKT by default)" }),
  "bme/9": (_, detail) => ({ code: "BME_REJECTED", message: `the denomination was rejected (${detail})`, hint: "mint burns uakt, burn burns uact" }),
  "bme/12": () => ({ code: "ORACLE_UNHEALTHY", message: "the oracle reports a zero price", hint: "try again later" }),
};

/** The ChainError for a failed transaction or query. */
export function translateAbciFailure(failure: AbciFailure, context: FailureContext = {}): ChainError {
  const detail = coreLog(failure.log) || `${failure.codespace} error ${failure.code}`;
  // A simulation wraps ante-handler failures in a gRPC error (sdk code 6, "unknown request"); the
  // sequence mismatch inside is still a sequence mismatch.
  const rule = RULES[`${failure.codespace}/${failure.code}`] ?? (SEQUENCE.test(failure.log) ? RULES["sdk/32"] : undefined);
  const explained: Explained = rule
    ? rule(failure, detail, context)
    : {
        code: context.stage === "query" ? "QUERY_FAILED" : "TX_FAILED",
        message: `the chain rejected the ${context.stage === "query" ? "query" : "transaction"}: ${detail} (${failure.codespace} code ${failure.code})`,
      };
  const where = failure.txHash ? ` [tx ${failure.txHash}]` : "";
  const message = `${explained.message}${where}${explained.hint ? `; ${explained.hint}` : ""}`;
  return new ChainError(explained.code, message, {
    codespace: failure.codespace,
    abciCode: failure.code,
    rawLog: failure.log.length > MAX_RAW_LOG ? `${failure.log.slice(0, MAX_RAW_LOG)}…` : failure.log,
    ...(failure.txHash ? { txHash: failure.txHash } : {}),
    ...(failure.height !== undefined ? { height: failure.height.toString() } : {}),
    ...(explained.hint ? { hint: explained.hint } : {}),
    ...(context.stage ? { stage: context.stage } : {}),
  });
}

/** The keys of the translation table, for tests and docs. */
export const TRANSLATED_FAILURES: readonly string[] = Object.keys(RULES);
