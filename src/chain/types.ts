/**
 * The chain as the rest of the tool sees it: plain, chain-neutral data. Nothing here names a
 * Cosmos type, a protobuf class or a bech32 rule, so a chain after AEP-79 is a new adapter that
 * returns the same shapes (protocol.md §6.4). Amounts are always strings of digits, never
 * numbers; sequence numbers that can exceed 2^53 are bigints.
 */
import type { GroupSpec } from "../sdl/types.js";

/** A whole-unit amount: `amount` is a non-negative decimal integer ("5000000"). */
export interface Coin {
  readonly denom: string;
  readonly amount: string;
}

/** A fractional amount as the chain prints it: integer part, ".", 18 decimals ("1.500000000000000000"). */
export interface DecCoin {
  readonly denom: string;
  readonly amount: string;
}

/**
 * A price that accrues over time. Today's chain charges per block; AEP-79 moves to per second,
 * so the unit travels with the amount instead of being assumed.
 */
export interface Rate extends DecCoin {
  readonly per: "block";
}

/** Where a deposit is taken from, in the order given: the signer's balance or deposit grants. */
export type DepositSource = "balance" | "grant";

export interface DeploymentId {
  readonly owner: string;
  /** Chosen by the client, unique per owner; by convention the block height at creation (protocol.md §5.3). */
  readonly dseq: bigint;
}

export interface GroupId extends DeploymentId {
  /** 1-based position of the group in the deployment. */
  readonly gseq: number;
}

export interface OrderId extends GroupId {
  readonly oseq: number;
}

export interface BidId extends OrderId {
  readonly provider: string;
  /** Always 0 on today's chain. */
  readonly bseq: number;
}

export type LeaseId = BidId;

/** What a deployment is made of: exactly the SDL compiler's output (`compileSdl(...).output`). */
export interface DeploymentSpec {
  /** Group specs in Go's JSON shape, as `akash sdl compile` prints them. */
  readonly groups: readonly GroupSpec[];
  /** Hex SHA-256 of the manifest: the deployment's on-chain hash. */
  readonly version: string;
  /** SDL 2.1 `reclamation:`; `min_window` is a Go duration ("1h30m"). */
  readonly reclamation?: { readonly min_window: string };
}

// --- what queries return -----------------------------------------------------------------------

export type DeploymentState = "active" | "closed" | "unknown";
export type GroupState = "open" | "paused" | "insufficient_funds" | "closed" | "unknown";
export type BidState = "open" | "active" | "lost" | "closed" | "unknown";
export type LeaseState = "active" | "insufficient_funds" | "closed" | "reclaiming" | "unknown";
export type EscrowState = "open" | "closed" | "overdrawn" | "unknown";

export interface Group {
  readonly id: GroupId;
  readonly state: GroupState;
  /** The stored spec, in the same Go JSON shape the SDL compiler produces. */
  readonly spec: GroupSpec;
  readonly createdAt: bigint;
}

export interface EscrowDeposit {
  readonly owner: string;
  readonly height: bigint;
  readonly source: DepositSource | "unknown";
  readonly balance: DecCoin;
}

export interface EscrowAccount {
  readonly owner: string;
  readonly state: EscrowState;
  /** What is left, per denom (may be negative once overdrawn). */
  readonly funds: readonly DecCoin[];
  /** What has been paid out, per denom. */
  readonly transferred: readonly DecCoin[];
  /** Height up to which payments were settled; settlement is lazy (protocol.md §1.4). */
  readonly settledAt: bigint;
  readonly deposits: readonly EscrowDeposit[];
}

export interface Deployment {
  readonly id: DeploymentId;
  readonly state: DeploymentState;
  /** Hex of the stored manifest hash. */
  readonly version: string;
  readonly createdAt: bigint;
  readonly groups: readonly Group[];
  readonly escrow?: EscrowAccount;
}

export interface Bid {
  readonly id: BidId;
  readonly state: BidState;
  readonly price: Rate;
  readonly createdAt: bigint;
}

export interface EscrowPayment {
  readonly state: EscrowState;
  readonly rate: Rate;
  readonly balance: DecCoin;
  readonly unsettled: DecCoin;
  readonly withdrawn: Coin;
}

export interface Lease {
  readonly id: LeaseId;
  readonly state: LeaseState;
  readonly price: Rate;
  readonly createdAt: bigint;
  /** 0 while open. */
  readonly closedOn: bigint;
  /** Why it closed ("lease_closed_owner", "lease_closed_reason_insufficient_funds", …); "" while open. */
  readonly closedReason: string;
  readonly payment?: EscrowPayment;
}

export interface Provider {
  readonly owner: string;
  /** Where the provider's gateway listens ("https://provider.example.com:8443"). */
  readonly hostUri: string;
  readonly attributes: readonly { readonly key: string; readonly value: string }[];
  readonly info: { readonly email: string; readonly website: string };
}

/** The AKT ⇄ ACT mint/burn engine's health (protocol.md §1.6). */
export interface BmeStatus {
  readonly status: "healthy" | "warning" | "halt_cr" | "halt_oracle" | "unspecified";
  /** LegacyDec values as the chain prints them ("0.950000000000000000"). */
  readonly collateralRatio: string;
  readonly warnThreshold: string;
  readonly haltThreshold: string;
  /** AKT → ACT possible now. */
  readonly mintsAllowed: boolean;
  /** ACT → AKT possible now. */
  readonly refundsAllowed: boolean;
}

export interface DeploymentParams {
  /** The smallest deposit accepted per denom when a deployment is created. */
  readonly minDeposits: readonly Coin[];
}

export interface ChainStatus {
  readonly chainId: string;
  readonly latestHeight: bigint;
  /** True while the node is still syncing: its height is not the chain's. */
  readonly catchingUp: boolean;
}

/** Attributes an auditor signed for a provider: what the provider claims, vouched for. */
export interface AuditedAttributes {
  readonly owner: string;
  readonly auditor: string;
  readonly attributes: readonly { readonly key: string; readonly value: string }[];
}

export type CertificateState = "valid" | "revoked" | "unknown";

/** A client or server certificate published on chain (the mTLS fallback). */
export interface Certificate {
  readonly owner: string;
  /** Decimal. */
  readonly serial: string;
  readonly state: CertificateState;
  readonly certPem: string;
  readonly pubkeyPem: string;
}

/** The mint/burn engine's settings (protocol.md §1.6). */
export interface BmeParams {
  /** AKT → ACT conversions execute every this many blocks when healthy. */
  readonly minEpochBlocks: bigint;
  readonly mintSpreadBps: number;
  readonly settleSpreadBps: number;
  readonly warnThresholdBps: number;
  readonly haltThresholdBps: number;
  /** Smallest mint per target denom (v2.1 chains); empty when the chain or this client cannot say. */
  readonly minMint: readonly Coin[];
}

/** One AKT ⇄ ACT conversion in the mint/burn ledger. */
export interface BmeLedgerRecord {
  readonly denom: string;
  readonly toDenom: string;
  /** Who asked for it. */
  readonly source: string;
  readonly height: bigint;
  readonly sequence: bigint;
  readonly status: "pending" | "executed" | "canceled" | "unknown";
  readonly burned?: Coin;
  readonly minted?: Coin;
}

/** What a transaction would cost, from a simulation: nothing is signed. */
export interface TxEstimate {
  readonly simulatedGas: bigint;
  readonly gasLimit: bigint;
  readonly fee: readonly Coin[];
}
