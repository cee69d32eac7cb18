/**
 * `akash deploy`: from a compiled SDL and a funded wallet to running services, through interfaces
 * only (ChainClient, provider gateways, a bid chooser, a record store, a reporter), so the CLI wires
 * the real ones and nothing here prints or exits.
 *
 * Funds are never left behind silently: once the deployment exists, any failure or interruption
 * closes it (the chain refunds the escrow) unless `keepOnFailure`, and the error says what was
 * closed and refunded, or what is still open and how to resume or close it. A local record, saved
 * before every chain-changing step, makes `resume` possible and stops a CI re-run from creating a
 * duplicate by accident.
 */
import type { ChainClient } from "../chain/client.js";
import type { Coin } from "../chain/types.js";
import { AkashError } from "../errors.js";
import { DeployError } from "./errors.js";
import type { LeaseSummary, ServiceEndpoints } from "./events.js";
import type { BidRules } from "./offers.js";
import type { DeployRecord, DeployRecordStore, DeployStep, LeaseRecord } from "./records.js";
import { RECORD_VERSION } from "./records.js";
import {
  activeLeases,
  balanceOf,
  checkAborted,
  chooseOffers,
  closeAndRefund,
  collectBids,
  leaseSummary,
  sendManifests,
  waitUntilReady,
  type BidChooser,
  type StepDeps,
} from "./steps.js";

export interface CompiledDeployment {
  readonly sdlFile: string;
  readonly groups: readonly { readonly name: string }[] & readonly unknown[];
  /** Exactly the bytes whose SHA-256 is `version`: what every provider receives. */
  readonly manifestJson: string;
  readonly version: string;
  /** The DeploymentSpec the chain client takes (group specs + version). */
  readonly spec: Parameters<ChainClient["createDeployment"]>[0]["spec"];
}

export interface DeployOptions {
  readonly deposit: Coin;
  readonly bidTimeoutMs: number;
  readonly minBids: number;
  readonly settleBlocks: number;
  readonly waitTimeoutMs: number;
  readonly keepOnFailure: boolean;
  readonly rules: BidRules;
  readonly checkReachable: boolean;
  /** Mint missing ACT from AKT: true, false, or ask (`confirmMint`). */
  readonly mint: boolean | "ask";
  /** Create even when an open deployment of the same manifest exists. */
  readonly allowDuplicate: boolean;
  /** Stop after creating the deployment (for `--resume` tests and manual lease picking). */
  readonly stopAfter?: DeployStep;
}

export interface DeployDeps extends StepDeps {
  readonly chooser: BidChooser;
  readonly records: DeployRecordStore;
  readonly confirmMint?: (missing: Coin) => Promise<boolean>;
  /** The average block time, for prices per hour and month; may still be measured while bids come in. */
  readonly blockSeconds: number | Promise<number>;
}

export interface DeployResult {
  readonly dseq: string;
  readonly owner: string;
  readonly chainId: string;
  readonly version: string;
  readonly deposit: Coin;
  readonly leases: readonly (LeaseSummary & { readonly services: readonly ServiceEndpoints[] })[];
  readonly txs: Readonly<Record<string, string>>;
  readonly resumed: boolean;
  readonly step: DeployStep;
}

const FEE_RESERVE_UAKT = 200_000n; // gas for create + lease + close at 0.025uakt with room to spare

interface Session {
  record: DeployRecord;
  readonly deps: DeployDeps;
}

async function save(session: Session, changes: Partial<DeployRecord>): Promise<void> {
  session.record = { ...session.record, ...changes, updatedAt: new Date(session.deps.now()).toISOString() };
  await session.deps.records.save(session.record);
  if (changes.step) session.deps.report({ type: "step", dseq: session.record.dseq, step: changes.step });
}

async function ensureFunds(deps: DeployDeps, owner: string, options: DeployOptions): Promise<void> {
  const spendable = await deps.chain.balances(owner);
  deps.report({ type: "funds", spendable, deposit: options.deposit });
  const uakt = balanceOf(spendable, "uakt");
  if (uakt < FEE_RESERVE_UAKT) {
    throw new DeployError(
      "INSUFFICIENT_FUNDS",
      `${owner} has ${uakt} uakt; transaction fees are paid in AKT and this deploy needs about ${FEE_RESERVE_UAKT} uakt (0.2 AKT): send AKT to this address first`,
      { address: owner, denom: "uakt", have: uakt.toString(), need: FEE_RESERVE_UAKT.toString() },
    );
  }
  const denom = options.deposit.denom;
  const have = balanceOf(spendable, denom);
  const need = BigInt(options.deposit.amount);
  if (have >= need) return;
  const missing: Coin = { denom, amount: (need - have).toString() };
  const mintable = denom === "uact";
  const wantMint = mintable && (options.mint === true || (options.mint === "ask" && deps.confirmMint !== undefined && (await deps.confirmMint(missing))));
  if (!wantMint) {
    throw new DeployError(
      "INSUFFICIENT_FUNDS",
      `the deposit is ${need} ${denom} but ${owner} has ${have} ${denom}: ${missing.amount} ${denom} missing. ` +
        (mintable ? `Mint ACT from AKT with \`akash act mint ${missing.amount}uact\` (or rerun with --mint), or lower --deposit` : `lower --deposit`),
      { address: owner, denom, have: have.toString(), need: need.toString(), missing: missing.amount },
    );
  }
  const bme = await deps.chain.bmeStatus().catch((error: unknown) => error as Error);
  if (bme instanceof Error || !bme.mintsAllowed) {
    throw new DeployError(
      "MINT_UNAVAILABLE",
      `${missing.amount} uact is missing and minting ACT is not possible on this chain now (${bme instanceof Error ? bme.message : `mint/burn engine status ${bme.status}`}); fund the account with ACT another way or lower --deposit`,
      { missing: missing.amount },
    );
  }
  // The engine takes a spread and executes at its next epoch: ask for a little more than missing.
  const uaktToBurn: Coin = { denom: "uakt", amount: ((BigInt(missing.amount) * 10_100n) / 10_000n + 1n).toString() };
  const minted = await deps.chain.mintAct({ amount: uaktToBurn });
  deps.report({ type: "mint", amount: uaktToBurn, txHash: minted.txHash });
  let height = minted.height;
  for (let blocks = 0; blocks < 120; blocks += 1) {
    checkAborted(deps.signal);
    const now = balanceOf(await deps.chain.balances(owner), "uact");
    if (now >= need) {
      deps.report({ type: "mint-arrived", balance: { denom: "uact", amount: now.toString() } });
      return;
    }
    height = await deps.chain.nextBlock(height);
  }
  throw new DeployError("MINT_UNAVAILABLE", `the minted ACT had not arrived after 120 blocks; check \`akash act status\` and rerun`, { txHash: minted.txHash });
}

async function refuseDuplicate(deps: DeployDeps, chainId: string, owner: string, compiled: CompiledDeployment): Promise<void> {
  const records = await deps.records.list(chainId, owner);
  for (const record of records.reverse()) {
    if (record.manifestVersion !== compiled.version || record.step === "closed") continue;
    const onChain = await deps.chain.deployment({ owner, dseq: BigInt(record.dseq) });
    if (onChain?.state !== "active") continue;
    throw new DeployError(
      "DUPLICATE_DEPLOYMENT",
      `deployment ${record.dseq} of this same SDL (manifest ${compiled.version.slice(0, 12)}…) is still open (step reached: ${record.step}); ` +
        `continue it with \`akash deploy ${compiled.sdlFile} --resume ${record.dseq}\`, close it with \`akash deploy close ${record.dseq}\`, or pass --allow-duplicate to create another`,
      { dseq: record.dseq, step: record.step },
    );
  }
}

/** A failure after the deployment exists: close it (unless kept) and say what happened to the funds. */
async function failAfterCreate(session: Session, options: DeployOptions, error: unknown): Promise<never> {
  const { deps } = session;
  const dseq = BigInt(session.record.dseq);
  const interrupted = deps.signal?.aborted === true || (error instanceof DeployError && error.code === "INTERRUPTED");
  const base = error instanceof AkashError ? error : new DeployError("STEP_FAILED", (error as Error).message ?? String(error), {}, { cause: error });
  const failure = { code: interrupted ? "INTERRUPTED" : base.code, message: interrupted ? "interrupted" : base.message };
  if (options.keepOnFailure) {
    await save(session, { failure });
    throw withData(base, interrupted, {
      dseq: session.record.dseq,
      closed: false,
      kept: true,
      step: session.record.step,
      next: [`akash deploy ${session.record.sdlFile} --resume ${session.record.dseq}`, `akash deploy close ${session.record.dseq}`],
    });
  }
  deps.report({ type: "cleanup", dseq: session.record.dseq, reason: failure.message.split("\n")[0]! });
  try {
    // Closing must happen even after Ctrl-C: closeAndRefund takes no abort signal.
    const closed = await closeAndRefund(deps, dseq, session.record.deposit.denom);
    await save(session, { step: "closed", failure, txs: { ...session.record.txs, close: closed.txHash }, ...(closed.refund ? { refund: closed.refund } : {}) });
    throw withData(base, interrupted, { dseq: session.record.dseq, closed: true, refund: closed.refund, closeTx: closed.txHash, step: "closed" });
  } catch (closeError) {
    if (closeError instanceof AkashError && closeError.data.closed === true) throw closeError;
    await save(session, { failure });
    throw withData(base, interrupted, {
      dseq: session.record.dseq,
      closed: false,
      closeError: (closeError as Error).message,
      next: [`akash deploy close ${session.record.dseq}`],
    });
  }
}

function withData(error: AkashError, interrupted: boolean, data: Record<string, unknown>): AkashError {
  const code = interrupted ? "INTERRUPTED" : error.code;
  const suffix =
    data.closed === true
      ? `\ndeployment ${String(data.dseq)} was closed${data.refund ? `; ${(data.refund as Coin).amount} ${(data.refund as Coin).denom} returned from escrow` : ""}`
      : data.kept === true
        ? `\ndeployment ${String(data.dseq)} is kept open (--keep-on-failure); resume: ${(data.next as string[])[0]}; close: ${(data.next as string[])[1]}`
        : `\ndeployment ${String(data.dseq)} is STILL OPEN and closing it failed (${String(data.closeError ?? "")}); close it with: akash deploy close ${String(data.dseq)}`;
  const message = `${interrupted ? "interrupted" : error.message}${suffix}`;
  if (error instanceof DeployError || interrupted) return new DeployError(code as DeployError["code"], message, { ...error.data, ...data }, { cause: error });
  return new (error.constructor as new (code: string, message: string, data: Record<string, unknown>, options?: { cause?: unknown }) => AkashError)(error.code, message, { ...error.data, ...data }, { cause: error });
}

/** Leases → manifests → ready, from whatever step the session has reached. */
async function continueDeploy(session: Session, compiled: CompiledDeployment, options: DeployOptions, owner: string): Promise<DeployResult> {
  const { deps } = session;
  const dseq = BigInt(session.record.dseq);
  const groups = compiled.groups.map((g, i) => ({ gseq: i + 1, name: g.name }));
  let leases: LeaseRecord[] = [...session.record.leases];
  const existing = activeLeases(await deps.chain.leases({ owner, dseq }));
  if (existing.length > 0 && leases.length === 0) {
    // Leased before the record could say so (a crash right after the lease transaction).
    leases = await Promise.all(
      existing.map(async (l) => ({ gseq: l.id.gseq, oseq: l.id.oseq, provider: l.id.provider, hostUri: (await deps.chain.provider(l.id.provider))?.hostUri ?? "", pricePerBlock: `${l.price.amount}${l.price.denom}` })),
    );
    await save(session, { step: "leased", leases });
  }
  const summaries: LeaseSummary[] = [];
  if (leases.length === 0) {
    checkAborted(deps.signal);
    const bids = await collectBids(deps, { dseq, owner, groups, bidTimeoutMs: options.bidTimeoutMs, minBids: options.minBids, settleBlocks: options.settleBlocks });
    const { chosen } = await chooseOffers(deps, deps.chooser, bids, { groups, rules: options.rules, blockSeconds: await deps.blockSeconds, checkReachable: options.checkReachable });
    for (const group of groups) {
      const offer = chosen.get(group.gseq)!;
      const summary = leaseSummary(offer, group.name);
      summaries.push(summary);
      deps.report({ type: "bid-chosen", lease: summary });
    }
    checkAborted(deps.signal);
    leases = summaries.map((s) => ({ gseq: s.gseq, oseq: s.oseq, provider: s.provider, hostUri: s.hostUri, pricePerBlock: s.pricePerBlock }));
    await save(session, { step: "leasing", leases });
    const tx = await deps.chain.submit([...chosen.values()].map((offer) => ({ kind: "createLease" as const, bid: offer.bid })));
    await save(session, { step: "leased", txs: { ...session.record.txs, lease: tx.txHash } });
    deps.report({ type: "leases-created", dseq: session.record.dseq, txHash: tx.txHash, leases: summaries });
  } else {
    for (const l of leases) {
      summaries.push({ gseq: l.gseq, oseq: l.oseq, group: groups.find((g) => g.gseq === l.gseq)?.name ?? "", provider: l.provider, hostUri: l.hostUri, pricePerBlock: l.pricePerBlock, actPerHour: "", actPerMonth: "" });
    }
  }
  if (options.stopAfter === "leased") return result(session, summaries, new Map(), owner);
  await sendManifests(deps, dseq, compiled.manifestJson, leases);
  await save(session, { step: "manifest-sent" });
  const ready = await waitUntilReady(deps, dseq, leases, options.waitTimeoutMs);
  await save(session, { step: "ready", failure: undefined });
  return result(session, summaries, ready, owner);
}

function result(session: Session, summaries: readonly LeaseSummary[], ready: Map<string, ServiceEndpoints[]>, owner: string): DeployResult {
  return {
    dseq: session.record.dseq,
    owner,
    chainId: session.record.chainId,
    version: session.record.manifestVersion,
    deposit: session.record.deposit,
    leases: summaries.map((s) => ({ ...s, services: ready.get(`${s.provider}/${s.gseq}/${s.oseq}`) ?? [] })),
    txs: session.record.txs,
    resumed: false,
    step: session.record.step,
  };
}

function newRecord(deps: DeployDeps, chainId: string, owner: string, dseq: bigint, compiled: CompiledDeployment, deposit: Coin, step: DeployStep): DeployRecord {
  const now = new Date(deps.now()).toISOString();
  return {
    version: RECORD_VERSION,
    chainId,
    owner,
    dseq: dseq.toString(),
    sdlFile: compiled.sdlFile,
    manifestVersion: compiled.version,
    groupNames: compiled.groups.map((g) => g.name),
    deposit,
    step,
    leases: [],
    txs: {},
    createdAt: now,
    updatedAt: now,
  };
}

export async function deploy(compiled: CompiledDeployment, options: DeployOptions, deps: DeployDeps): Promise<DeployResult> {
  const owner = await deps.chain.address();
  const status = await deps.chain.status();
  const duplicateCheck = options.allowDuplicate ? Promise.resolve() : refuseDuplicate(deps, status.chainId, owner, compiled);
  if (options.mint === false) {
    // Read-only checks, asked of the chain at once: each costs a round trip or more.
    await Promise.all([duplicateCheck, ensureFunds(deps, owner, options)]);
  } else {
    // Minting spends AKT: never before the duplicate check has passed.
    await duplicateCheck;
    await ensureFunds(deps, owner, options);
  }
  checkAborted(deps.signal);
  const dseq = status.latestHeight;
  const session: Session = { deps, record: newRecord(deps, status.chainId, owner, dseq, compiled, options.deposit, "creating") };
  await deps.records.save(session.record);
  let created;
  try {
    created = await deps.chain.createDeployment({ spec: compiled.spec, deposit: options.deposit, dseq });
  } catch (error) {
    // Not created: nothing to close. The record stays as "creating" only if the chain has it.
    const onChain = await deps.chain.deployment({ owner, dseq }).catch(() => null);
    if (onChain) return failAfterCreate(session, options, error);
    await deps.records.save({ ...session.record, step: "closed", failure: { code: (error as AkashError).code ?? "ERROR", message: (error as Error).message } });
    throw error;
  }
  await save(session, { step: "created", txs: { create: created.txHash } });
  deps.report({ type: "deployment-created", dseq: dseq.toString(), txHash: created.txHash, height: created.height.toString(), deposit: options.deposit });
  try {
    if (options.stopAfter === "created") return result(session, [], new Map(), owner);
    return await continueDeploy(session, compiled, options, owner);
  } catch (error) {
    return failAfterCreate(session, options, error);
  }
}

/** Continues a deploy that stopped (crash, Ctrl-C, --keep-on-failure) from the step it reached. */
export async function resumeDeploy(compiled: CompiledDeployment, dseq: bigint, options: DeployOptions, deps: DeployDeps): Promise<DeployResult> {
  const owner = await deps.chain.address();
  const status = await deps.chain.status();
  const onChain = await deps.chain.deployment({ owner, dseq });
  if (!onChain) throw new DeployError("NOTHING_TO_RESUME", `deployment ${dseq} of ${owner} does not exist on ${status.chainId}`, { dseq: dseq.toString() });
  if (onChain.state !== "active") throw new DeployError("NOTHING_TO_RESUME", `deployment ${dseq} is ${onChain.state}; deploy again instead`, { dseq: dseq.toString(), state: onChain.state });
  if (onChain.version !== compiled.version) {
    throw new DeployError(
      "NOTHING_TO_RESUME",
      `deployment ${dseq} was created from another SDL (on chain ${onChain.version.slice(0, 12)}…, this file ${compiled.version.slice(0, 12)}…); resume it with the same file, or use akash deploy update ${dseq} ${compiled.sdlFile}`,
      { dseq: dseq.toString() },
    );
  }
  const stored = await deps.records.load(status.chainId, owner, dseq.toString());
  const session: Session = { deps, record: stored ?? newRecord(deps, status.chainId, owner, dseq, compiled, options.deposit, "created") };
  if (session.record.step === "creating" || session.record.step === "closed") await save(session, { step: "created" });
  try {
    return { ...(await continueDeploy(session, compiled, options, owner)), resumed: true };
  } catch (error) {
    return failAfterCreate(session, options, error);
  }
}
