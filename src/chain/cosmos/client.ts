/**
 * The Cosmos adapter: `ChainClient` over a `CosmosTransport` and an OfflineDirectSigner.
 *
 * A transaction goes: build the messages (refusing what the chain would refuse), read the
 * account's number and sequence, simulate for gas (× adjustment), sign offline, broadcast
 * (sync), then poll until it is in a block. A sequence mismatch, at simulation or broadcast, is
 * retried once with a fresh sequence (protocol.md §5.2); every other failure is a ChainError
 * from the translation table (./errors.ts).
 */
import type { OfflineDirectSigner, Registry } from "@cosmjs/proto-signing";
import { InternalError } from "../../errors.js";
import type { ChainClient, DeploymentFilter, MarketFilter, TxIntent, TxOptions, TxResult, UnsignedTx } from "../client.js";
import { ChainError } from "../errors.js";
import type {
  AuditedAttributes,
  BidId,
  BmeLedgerRecord,
  BmeParams,
  BmeStatus,
  Certificate,
  ChainStatus,
  Coin,
  Deployment,
  DeploymentId,
  DeploymentParams,
  DeploymentSpec,
  DepositSource,
  LeaseId,
  Provider,
  TxEstimate,
} from "../types.js";
import { queryAuditedAttributes } from "./modules/audit/queries.js";
import { queryBmeLedger, queryBmeParams } from "./modules/bme/params.js";
import { queryCertificates } from "./modules/cert/queries.js";
import { inputError } from "./encoding.js";
import { parseSequenceMismatch, translateAbciFailure, type FailureContext } from "./errors.js";
import { DEFAULT_GAS_ADJUSTMENT, DEFAULT_GAS_PRICE, planFee, type FeePlan } from "./fees.js";
import { depositDenom, intentMessage } from "./intents.js";
import { queryAccount, type OnChainAccount } from "./modules/auth/queries.js";
import { queryBalances } from "./modules/bank/queries.js";
import { queryBmeStatus } from "./modules/bme/queries.js";
import { queryDeployment, queryDeploymentParams, queryDeployments } from "./modules/deployment/queries.js";
import { queryBids, queryLeases } from "./modules/market/queries.js";
import { queryProvider, queryProviders } from "./modules/provider/queries.js";
import { simulateGas } from "./modules/tx/simulate.js";
import { akashRegistry } from "./registry.js";
import type { CosmosTransport, IncludedTx } from "./transport.js";
import { generateOnly, signerAccount, signTx, simulationTxBytes, type TxPlan } from "./tx.js";

export interface CosmosClientOptions {
  readonly transport: CosmosTransport;
  /** Signs transactions; without one the client can query and generate unsigned transactions for `address`. */
  readonly signer?: OfflineDirectSigner;
  /** The account to act as when there is no signer (generate-only). */
  readonly address?: string;
  /** Its compressed secp256k1 public key, so a client without a signer can still simulate (dry-run, generate-only). */
  readonly pubkey?: Uint8Array;
  /** Refuse to sign for a node that reports another chain id. */
  readonly chainId?: string;
  /** Default "0.025uakt". */
  readonly gasPrice?: string;
  /** Default "1.5". */
  readonly gasAdjustment?: string;
  /** How long to wait for a broadcast transaction to be included; default 60 s. */
  readonly confirmTimeoutMs?: number;
  /** Default 1 s. */
  readonly pollIntervalMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly registry?: Registry;
  /** Progress of a transaction, for the CLI's stderr. */
  readonly onEvent?: (event: TxEvent) => void;
}

export type TxEvent =
  | { readonly kind: "broadcast"; readonly txHash: string; readonly gasLimit: bigint; readonly fee: readonly Coin[] }
  | { readonly kind: "included"; readonly txHash: string; readonly height: bigint }
  | { readonly kind: "retry"; readonly reason: string };

function failureContext(intents: readonly TxIntent[]): FailureContext {
  const denom = depositDenom(intents);
  return denom === undefined ? {} : { depositDenom: denom };
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class CosmosChainClient implements ChainClient {
  private readonly registry: Registry;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private signerAddress?: Promise<string>;

  constructor(private readonly options: CosmosClientOptions) {
    this.registry = options.registry ?? akashRegistry();
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
  }

  private get query(): CosmosTransport["abciQuery"] {
    return (path, request) => this.options.transport.abciQuery(path, request);
  }

  address(): Promise<string> {
    this.signerAddress ??= this.options.signer
      ? signerAccount(this.options.signer).then((a) => a.address)
      : this.options.address !== undefined
        ? Promise.resolve(this.options.address)
        : Promise.reject(new InternalError("the chain client has neither a signer nor an address"));
    return this.signerAddress;
  }

  async status(): Promise<ChainStatus> {
    const status = await this.options.transport.status();
    if (this.options.chainId !== undefined && status.chainId !== this.options.chainId) {
      throw new ChainError(
        "CHAIN_ID_MISMATCH",
        `the node serves chain "${status.chainId}", not "${this.options.chainId}"; check the network or endpoint settings`,
        { expected: this.options.chainId, actual: status.chainId },
      );
    }
    return status;
  }

  // --- transactions -----------------------------------------------------------------------------

  async submit(intents: readonly TxIntent[], options: TxOptions = {}): Promise<TxResult> {
    const signer = this.options.signer;
    if (!signer) throw new InternalError("signing needs a signer; this client was made for queries and generate-only");
    const address = await this.address();
    // Build (and so validate) every message before touching the network.
    const messages = intents.map((intent) => intentMessage(address, intent));
    if (messages.length === 0) throw inputError("NO_MESSAGES", "a transaction needs at least one message");
    const context = failureContext(intents);
    let expected: bigint | undefined;
    let current = options;
    let gasRetried = false;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.sendOnce(signer, address, { messages, ...(current.memo !== undefined ? { memo: current.memo } : {}) }, current, context, expected);
      } catch (error) {
        if (!gasRetried && error instanceof ChainError && error.code === "OUT_OF_GAS" && (current.gas === undefined || current.gas === "auto")) {
          // The state moved between simulation and the block (a provider's bid landed on the order
          // being closed, say): the failed transaction changed nothing but its fee. Simulate again
          // on the new state, with twice the margin, once.
          gasRetried = true;
          const adjustment = Number(current.gasAdjustment ?? this.options.gasAdjustment ?? DEFAULT_GAS_ADJUSTMENT);
          current = { ...current, gasAdjustment: String(adjustment * 2) };
          expected = undefined;
          this.options.onEvent?.({ kind: "retry", reason: `${error.message}; simulating again with gas adjustment ${adjustment * 2}` });
          continue;
        }
        if (attempt === 1 && error instanceof ChainError && (error.code === "SEQUENCE_MISMATCH" || error.code === "TX_IN_MEMPOOL")) {
          // The node's mempool may be ahead of the committed account (another transaction from
          // this key is waiting for a block): use the sequence the node said it expects, or, when
          // it did not say (an identical transaction is already waiting), wait for that one's block.
          expected = parseSequenceMismatch(error.rawLog ?? "")?.expected;
          this.options.onEvent?.({ kind: "retry", reason: error.message });
          if (expected === undefined) await this.nextBlock((await this.options.transport.status()).latestHeight);
          continue;
        }
        throw error;
      }
    }
  }

  private async account(address: string): Promise<OnChainAccount> {
    const account = await queryAccount(this.query, address);
    if (!account) {
      throw new ChainError(
        "ACCOUNT_NOT_FOUND",
        `account ${address} does not exist on chain yet; an account appears when it first receives tokens: send it some AKT first`,
        { address },
      );
    }
    return account;
  }

  /** A fixed gas limit is used as given; "auto" (the default) simulates. */
  private async fee(options: TxOptions, simulate: () => Promise<bigint>): Promise<FeePlan> {
    const gasPrice = options.gasPrice ?? this.options.gasPrice ?? DEFAULT_GAS_PRICE;
    if (options.gas !== undefined && options.gas !== "auto") return planFee({ gasLimit: options.gas }, gasPrice);
    return planFee({ simulatedGas: await simulate(), gasAdjustment: options.gasAdjustment ?? this.options.gasAdjustment ?? DEFAULT_GAS_ADJUSTMENT }, gasPrice);
  }

  private async sendOnce(
    signer: OfflineDirectSigner,
    address: string,
    body: Omit<TxPlan, "fee" | "gasLimit">,
    options: TxOptions,
    context: FailureContext,
    expectedSequence?: bigint,
  ): Promise<TxResult> {
    const { chainId } = await this.status();
    const committed = await this.account(address);
    const account = expectedSequence !== undefined && expectedSequence > committed.sequence ? { ...committed, sequence: expectedSequence } : committed;
    const { pubkey } = await signerAccount(signer, address);
    const fee = await this.fee(options, () => simulateGas(this.query, simulationTxBytes(this.registry, body, pubkey, account.sequence), context));
    const plan: TxPlan = { ...body, fee: fee.amount, gasLimit: fee.gasLimit, ...(options.feeGranter !== undefined ? { feeGranter: options.feeGranter } : {}) };
    const signed = await signTx(this.registry, plan, signer, address, { chainId, accountNumber: account.accountNumber, sequence: account.sequence });
    const broadcast = await this.options.transport.broadcastTxSync(signed.txBytes);
    if (broadcast.code !== 0) {
      throw translateAbciFailure({ codespace: broadcast.codespace, code: broadcast.code, log: broadcast.log, txHash: signed.txHash }, { ...context, stage: "check" });
    }
    this.options.onEvent?.({ kind: "broadcast", txHash: signed.txHash, gasLimit: fee.gasLimit, fee: fee.amount });
    const included = await this.waitForTx(signed.txHash);
    if (included.code !== 0) {
      throw translateAbciFailure(
        { codespace: included.codespace, code: included.code, log: included.log, txHash: signed.txHash, height: included.height },
        { ...context, stage: "deliver" },
      );
    }
    return { txHash: signed.txHash, height: included.height, gasWanted: included.gasWanted, gasUsed: included.gasUsed, fee: fee.amount };
  }

  /** Looks the transaction up once per new block (or per poll interval without block watching) until it is in one. */
  private async waitForTx(hash: string): Promise<IncludedTx> {
    const timeout = this.options.confirmTimeoutMs ?? 60_000;
    const interval = this.options.pollIntervalMs ?? 1_000;
    const deadline = this.now() + timeout;
    const transport = this.options.transport;
    let height = transport.waitForBlock ? (await transport.status()).latestHeight : 0n;
    for (;;) {
      const found = await transport.getTx(hash);
      if (found) {
        this.options.onEvent?.({ kind: "included", txHash: hash, height: found.height });
        return found;
      }
      if (this.now() >= deadline) {
        throw new ChainError(
          "TX_NOT_CONFIRMED",
          `transaction ${hash} was accepted by the node but not seen in a block within ${Math.round(timeout / 1000)} s; it may still be included, so look it up by hash before sending it again`,
          { txHash: hash },
        );
      }
      if (transport.waitForBlock) height = await transport.waitForBlock(height);
      else await this.sleep(interval);
    }
  }

  async estimate(intents: readonly TxIntent[], options: TxOptions = {}): Promise<TxEstimate> {
    const address = await this.address();
    const messages = intents.map((intent) => intentMessage(address, intent));
    if (messages.length === 0) throw inputError("NO_MESSAGES", "a transaction needs at least one message");
    const body = { messages, ...(options.memo !== undefined ? { memo: options.memo } : {}) };
    const pubkey = await this.pubkey(address, "estimating gas");
    const account = await this.account(address);
    const simulate = (sequence: bigint) => simulateGas(this.query, simulationTxBytes(this.registry, body, pubkey, sequence), failureContext(intents));
    let simulatedGas: bigint;
    try {
      simulatedGas = await simulate(account.sequence);
    } catch (error) {
      // Another transaction of this key waits in the mempool: simulate at the sequence the node expects.
      const expected = error instanceof ChainError && error.code === "SEQUENCE_MISMATCH" ? parseSequenceMismatch(error.rawLog ?? "")?.expected : undefined;
      if (expected === undefined) throw error;
      this.options.onEvent?.({ kind: "retry", reason: (error as ChainError).message });
      simulatedGas = await simulate(expected);
    }
    const gasPrice = options.gasPrice ?? this.options.gasPrice ?? DEFAULT_GAS_PRICE;
    const fee =
      options.gas !== undefined && options.gas !== "auto"
        ? planFee({ gasLimit: options.gas }, gasPrice)
        : planFee({ simulatedGas, gasAdjustment: options.gasAdjustment ?? this.options.gasAdjustment ?? DEFAULT_GAS_ADJUSTMENT }, gasPrice);
    return { simulatedGas, gasLimit: fee.gasLimit, fee: fee.amount };
  }

  /** The signing account's public key: from the signer, or given for a client that cannot sign (generate-only, dry-run). */
  private async pubkey(address: string, what: string): Promise<Uint8Array> {
    if (this.options.signer) return (await signerAccount(this.options.signer, address)).pubkey;
    if (this.options.pubkey) return this.options.pubkey;
    throw inputError("INVALID_GAS", `${what} needs the signing key's public key; give --from NAME or a fixed --gas`);
  }

  async generate(intents: readonly TxIntent[], options: TxOptions = {}): Promise<UnsignedTx> {
    const address = await this.address();
    const messages = intents.map((intent) => intentMessage(address, intent));
    const body = { messages, ...(options.memo !== undefined ? { memo: options.memo } : {}) };
    const fee = await this.fee(options, async () => {
      const pubkey = await this.pubkey(address, "estimating gas");
      const account = await this.account(address);
      return simulateGas(this.query, simulationTxBytes(this.registry, body, pubkey, account.sequence), failureContext(intents));
    });
    const json = generateOnly({ ...body, fee: fee.amount, gasLimit: fee.gasLimit, ...(options.feeGranter !== undefined ? { feeGranter: options.feeGranter } : {}) });
    return { json, gasLimit: fee.gasLimit, fee: fee.amount };
  }

  async createDeployment(
    input: { readonly spec: DeploymentSpec; readonly deposit: Coin; readonly dseq?: bigint; readonly sources?: readonly DepositSource[] },
    options?: TxOptions,
  ): Promise<TxResult & { readonly dseq: bigint }> {
    const dseq = input.dseq ?? (await this.currentHeight());
    const result = await this.submit(
      [{ kind: "createDeployment", dseq, spec: input.spec, deposit: input.deposit, ...(input.sources ? { sources: input.sources } : {}) }],
      options,
    );
    return { ...result, dseq };
  }

  /** dseq convention (protocol.md §5.3): the latest height, never from a node that is still syncing. */
  private async currentHeight(): Promise<bigint> {
    const status = await this.status();
    if (status.catchingUp) {
      throw new ChainError("NODE_SYNCING", "the node is still catching up with the chain, so its height cannot be used as the dseq; use another endpoint or pass --dseq", {
        height: status.latestHeight.toString(),
      });
    }
    return status.latestHeight;
  }

  updateDeployment(input: { readonly dseq: bigint; readonly version: string }, options?: TxOptions): Promise<TxResult> {
    return this.submit([{ kind: "updateDeployment", dseq: input.dseq, version: input.version }], options);
  }

  closeDeployment(input: { readonly dseq: bigint }, options?: TxOptions): Promise<TxResult> {
    return this.submit([{ kind: "closeDeployment", dseq: input.dseq }], options);
  }

  depositEscrow(
    input: { readonly dseq: bigint; readonly amount: Coin; readonly owner?: string; readonly sources?: readonly DepositSource[] },
    options?: TxOptions,
  ): Promise<TxResult> {
    return this.submit([{ kind: "depositEscrow", ...input }], options);
  }

  createLease(input: { readonly bid: BidId }, options?: TxOptions): Promise<TxResult> {
    return this.submit([{ kind: "createLease", bid: input.bid }], options);
  }

  closeLease(input: { readonly lease: LeaseId }, options?: TxOptions): Promise<TxResult> {
    return this.submit([{ kind: "closeLease", lease: input.lease }], options);
  }

  mintAct(input: { readonly amount: Coin }, options?: TxOptions): Promise<TxResult> {
    return this.submit([{ kind: "mintAct", amount: input.amount }], options);
  }

  burnAct(input: { readonly amount: Coin }, options?: TxOptions): Promise<TxResult> {
    return this.submit([{ kind: "burnAct", amount: input.amount }], options);
  }

  // --- queries ----------------------------------------------------------------------------------

  deployment(id: DeploymentId): Promise<Deployment | null> {
    return queryDeployment(this.query, id);
  }

  async deployments(filter: DeploymentFilter = {}): Promise<Deployment[]> {
    return queryDeployments(this.query, { owner: filter.owner ?? (await this.address()), ...(filter.state ? { state: filter.state } : {}) });
  }

  async bids(filter: MarketFilter & { readonly state?: "open" | "active" | "lost" | "closed" }) {
    return queryBids(this.query, { ...filter, owner: filter.owner ?? (await this.address()) });
  }

  async leases(filter: MarketFilter & { readonly state?: "active" | "insufficient_funds" | "closed" | "reclaiming" }) {
    return queryLeases(this.query, { ...filter, owner: filter.owner ?? (await this.address()) });
  }

  provider(owner: string): Promise<Provider | null> {
    return queryProvider(this.query, owner);
  }

  providers(): Promise<Provider[]> {
    return queryProviders(this.query);
  }

  async balances(address?: string): Promise<Coin[]> {
    return queryBalances(this.query, address ?? (await this.address()));
  }

  bmeStatus(): Promise<BmeStatus> {
    return queryBmeStatus(this.query);
  }

  deploymentParams(): Promise<DeploymentParams> {
    return queryDeploymentParams(this.query);
  }

  bmeParams(): Promise<BmeParams> {
    return queryBmeParams(this.query);
  }

  async bmeLedger(filter: { readonly source?: string; readonly status?: "pending" | "executed" | "canceled" } = {}): Promise<BmeLedgerRecord[]> {
    return queryBmeLedger(this.query, { source: filter.source ?? (await this.address()), ...(filter.status ? { status: filter.status } : {}) });
  }

  auditedAttributes(provider: string): Promise<AuditedAttributes[]> {
    return queryAuditedAttributes(this.query, provider);
  }

  async certificates(filter: { readonly owner?: string; readonly serial?: string; readonly state?: "valid" | "revoked" } = {}): Promise<Certificate[]> {
    return queryCertificates(this.query, { ...filter, owner: filter.owner ?? (await this.address()) });
  }

  async averageBlockSeconds(): Promise<number | undefined> {
    return this.options.transport.averageBlockSeconds?.();
  }

  async nextBlock(height: bigint): Promise<bigint> {
    const transport = this.options.transport;
    if (transport.waitForBlock) return transport.waitForBlock(height);
    for (;;) {
      const { latestHeight } = await transport.status();
      if (latestHeight > height) return latestHeight;
      await this.sleep(this.options.pollIntervalMs ?? 1_000);
    }
  }
}
