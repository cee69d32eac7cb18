/**
 * `ChainClient`: everything the tool asks of the chain, in domain terms. The Cosmos adapter
 * (src/chain/cosmos) is today's implementation; a chain after AEP-79 is another one. Callers
 * never see protobuf types, type URLs, account numbers or gas prices in denoms they did not
 * choose; they get the shapes of ./types.ts and typed errors (./errors.ts).
 */
import type {
  AuditedAttributes,
  Bid,
  BmeLedgerRecord,
  BmeParams,
  Certificate,
  BidId,
  BidState,
  BmeStatus,
  ChainStatus,
  Coin,
  Deployment,
  DeploymentId,
  DeploymentParams,
  DeploymentSpec,
  DeploymentState,
  DepositSource,
  Lease,
  LeaseId,
  LeaseState,
  Provider,
  TxEstimate,
} from "./types.js";

/**
 * One thing to do on chain. A transaction carries one or more (for example one `createLease`
 * per group), all signed by the client's account.
 */
export type TxIntent =
  | {
      readonly kind: "createDeployment";
      readonly dseq: bigint;
      readonly spec: DeploymentSpec;
      /** Must be in uact since the BME upgrade; see `depositEscrow` for uakt top-ups. */
      readonly deposit: Coin;
      /** Default ["balance"]. */
      readonly sources?: readonly DepositSource[];
    }
  | { readonly kind: "updateDeployment"; readonly dseq: bigint; readonly version: string }
  | { readonly kind: "closeDeployment"; readonly dseq: bigint }
  | { readonly kind: "closeGroup" | "pauseGroup" | "startGroup"; readonly dseq: bigint; readonly gseq: number }
  | {
      readonly kind: "depositEscrow";
      readonly dseq: bigint;
      readonly amount: Coin;
      /** Whose deployment; default the signer. Anyone may fund anyone's deployment. */
      readonly owner?: string;
      readonly sources?: readonly DepositSource[];
    }
  | { readonly kind: "createLease"; readonly bid: BidId }
  | { readonly kind: "closeLease"; readonly lease: LeaseId }
  /** Burn uakt, receive uact (asynchronous: the ACT arrives at the next mint epoch, ~1 minute). */
  | { readonly kind: "mintAct"; readonly amount: Coin }
  /** Burn uact, receive uakt (also asynchronous). */
  | { readonly kind: "burnAct"; readonly amount: Coin }
  /** Publish a client certificate (PEM text) for mTLS with providers. */
  | { readonly kind: "createCertificate"; readonly certPem: string; readonly pubkeyPem: string }
  | { readonly kind: "revokeCertificate"; readonly serial: string };

export type TxIntentKind = TxIntent["kind"];

/** How much gas a transaction may use. */
export type GasSetting =
  /** Simulate, then multiply by `gasAdjustment`. */
  | "auto"
  /** A fixed limit. */
  | bigint;

export interface TxOptions {
  readonly memo?: string;
  /** Default "auto". */
  readonly gas?: GasSetting;
  /** Decimal multiplier for simulated gas, default "1.5" (the Go CLI's). */
  readonly gasAdjustment?: string;
  /** Price per unit of gas, default "0.025uakt". */
  readonly gasPrice?: string;
  /** Pay the fee from this account's fee grant (x/feegrant). */
  readonly feeGranter?: string;
}

export interface TxResult {
  /** Upper-case hex SHA-256 of the signed transaction bytes. */
  readonly txHash: string;
  readonly height: bigint;
  readonly gasWanted: bigint;
  readonly gasUsed: bigint;
  readonly fee: readonly Coin[];
}

/**
 * An unsigned transaction, for `--generate-only`: `json` is what `akash tx ... --generate-only`
 * prints (the Cosmos SDK's proto JSON), ready for `akash tx sign` or a hardware wallet flow.
 */
export interface UnsignedTx {
  readonly json: unknown;
  readonly gasLimit: bigint;
  readonly fee: readonly Coin[];
}

export interface DeploymentFilter {
  /** Default the client's account. */
  readonly owner?: string;
  readonly state?: Exclude<DeploymentState, "unknown">;
}

export interface MarketFilter {
  /** Default the client's account. */
  readonly owner?: string;
  readonly dseq?: bigint;
  readonly gseq?: number;
  readonly oseq?: number;
  readonly provider?: string;
}

export interface ChainClient {
  /** The account that signs and pays. */
  address(): Promise<string>;
  status(): Promise<ChainStatus>;

  // transactions: each waits until the transaction is in a block, or throws ChainError
  submit(intents: readonly TxIntent[], options?: TxOptions): Promise<TxResult>;
  /** The unsigned transaction, signed by nobody and sent nowhere. */
  generate(intents: readonly TxIntent[], options?: TxOptions): Promise<UnsignedTx>;
  /** Simulates the transaction: gas and fee, nothing signed or sent. A failing simulation throws the failure the transaction would have. */
  estimate(intents: readonly TxIntent[], options?: TxOptions): Promise<TxEstimate>;

  createDeployment(
    input: { readonly spec: DeploymentSpec; readonly deposit: Coin; readonly dseq?: bigint; readonly sources?: readonly DepositSource[] },
    options?: TxOptions,
  ): Promise<TxResult & { readonly dseq: bigint }>;
  updateDeployment(input: { readonly dseq: bigint; readonly version: string }, options?: TxOptions): Promise<TxResult>;
  closeDeployment(input: { readonly dseq: bigint }, options?: TxOptions): Promise<TxResult>;
  depositEscrow(
    input: { readonly dseq: bigint; readonly amount: Coin; readonly owner?: string; readonly sources?: readonly DepositSource[] },
    options?: TxOptions,
  ): Promise<TxResult>;
  createLease(input: { readonly bid: BidId }, options?: TxOptions): Promise<TxResult>;
  closeLease(input: { readonly lease: LeaseId }, options?: TxOptions): Promise<TxResult>;
  mintAct(input: { readonly amount: Coin }, options?: TxOptions): Promise<TxResult>;
  burnAct(input: { readonly amount: Coin }, options?: TxOptions): Promise<TxResult>;

  // queries
  deployment(id: DeploymentId): Promise<Deployment | null>;
  deployments(filter?: DeploymentFilter): Promise<Deployment[]>;
  bids(filter: MarketFilter & { readonly state?: Exclude<BidState, "unknown"> }): Promise<Bid[]>;
  leases(filter: MarketFilter & { readonly state?: Exclude<LeaseState, "unknown"> }): Promise<Lease[]>;
  provider(owner: string): Promise<Provider | null>;
  providers(): Promise<Provider[]>;
  /** Spendable and locked balances of an account (default the client's). */
  balances(address?: string): Promise<Coin[]>;
  bmeStatus(): Promise<BmeStatus>;
  deploymentParams(): Promise<DeploymentParams>;
  bmeParams(): Promise<BmeParams>;
  /** AKT ⇄ ACT conversions asked for by `source` (default the client's account). */
  bmeLedger(filter?: { readonly source?: string; readonly status?: "pending" | "executed" | "canceled" }): Promise<BmeLedgerRecord[]>;
  auditedAttributes(provider: string): Promise<AuditedAttributes[]>;
  certificates(filter?: { readonly owner?: string; readonly serial?: string; readonly state?: "valid" | "revoked" }): Promise<Certificate[]>;
  /** Average seconds per block over recent blocks, or undefined when the node cannot say. */
  averageBlockSeconds(): Promise<number | undefined>;
  /** Resolves with the latest height once the chain is past `height` (watching blocks, no fixed sleep where the node allows). */
  nextBlock(height: bigint): Promise<bigint>;
}
