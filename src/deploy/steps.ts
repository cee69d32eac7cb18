/**
 * The steps of a deploy, each usable on its own (a fresh deploy, `--resume`, `deploy update`):
 * collect bids per group, choose one per group, lease them in one transaction, send the manifest to
 * every leased provider, wait until their services are ready. Waiting is paced by the chain's
 * blocks (`nextBlock`) and the providers' answers, never by fixed sleeps.
 */
import { decAtomics } from "../chain/amount.js";
import type { ChainClient } from "../chain/client.js";
import type { Bid, Coin, Lease } from "../chain/types.js";
import { DeployError } from "./errors.js";
import type { DeployReporter, LeaseSummary, ServiceEndpoints } from "./events.js";
import { makeOffer, screenOffers, type BidRules, type Offer, type ProviderFacts, type Screening } from "./offers.js";

/** What the deploy flow needs from a provider's gateway (ProviderClient fits). */
export interface ProviderGateway {
  status(options?: { readonly signal?: AbortSignal }): Promise<unknown>;
  sendManifest(dseq: bigint, manifest: string, options?: { readonly signal?: AbortSignal; readonly noLeaseTimeoutMs?: number }): Promise<{ readonly attempts: number }>;
  leaseStatus(
    lease: { readonly dseq: bigint; readonly gseq: number; readonly oseq: number },
    options?: { readonly services?: readonly string[]; readonly signal?: AbortSignal },
  ): Promise<{
    readonly services: readonly { readonly name: string; readonly available: number; readonly total: number; readonly uris: readonly string[] }[];
    readonly forwardedPorts: readonly { readonly service: string; readonly host: string; readonly port: number; readonly externalPort: number; readonly proto: string }[];
  }>;
}

/** Chooses one offer for a group; null means none (the deploy then fails with the screening). */
export interface BidChooser {
  choose(group: { readonly gseq: number; readonly name: string }, screening: Screening): Promise<Offer | null>;
}

export interface StepDeps {
  readonly chain: ChainClient;
  readonly gateway: (provider: string, hostUri: string) => ProviderGateway;
  readonly report: DeployReporter;
  readonly now: () => number;
  readonly signal?: AbortSignal;
}

export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DeployError("INTERRUPTED", "interrupted", {});
}

/** The provider's facts for every bidding provider, looked up once each. */
async function providerFacts(chain: ChainClient, providers: readonly string[]): Promise<Map<string, ProviderFacts>> {
  const facts = new Map<string, ProviderFacts>();
  await Promise.all(
    providers.map(async (address) => {
      const [provider, audits] = await Promise.all([chain.provider(address), chain.auditedAttributes(address).catch(() => [])]);
      facts.set(address, {
        hostUri: provider?.hostUri ?? "",
        registered: provider !== null,
        attributes: provider?.attributes ?? [],
        auditedAttributes: audits.flatMap((a) => a.attributes.map((x) => ({ key: x.key, value: x.value }))),
        auditedBy: [...new Set(audits.map((a) => a.auditor))],
      });
    }),
  );
  return facts;
}

export interface CollectOptions {
  readonly dseq: bigint;
  readonly owner: string;
  readonly groups: readonly { readonly gseq: number; readonly name: string }[];
  readonly bidTimeoutMs: number;
  /** Stop early once every group has this many open bids and `settleBlocks` passed with no new one. */
  readonly minBids: number;
  readonly settleBlocks: number;
}

/** Open bids per gseq, collected block by block until enough have come or the window closes. */
export async function collectBids(deps: StepDeps, options: CollectOptions): Promise<Map<number, Bid[]>> {
  const deadline = deps.now() + options.bidTimeoutMs;
  let height = (await deps.chain.status()).latestHeight;
  let lastCount = -1;
  let quietBlocks = 0;
  for (;;) {
    checkAborted(deps.signal);
    const bids = await deps.chain.bids({ owner: options.owner, dseq: options.dseq, state: "open" });
    const byGroup = new Map<number, Bid[]>();
    for (const g of options.groups) byGroup.set(g.gseq, []);
    for (const bid of bids) byGroup.get(bid.id.gseq)?.push(bid);
    const secondsLeft = Math.max(0, Math.round((deadline - deps.now()) / 1000));
    for (const g of options.groups) {
      const list = byGroup.get(g.gseq) ?? [];
      const best = list.reduce<Bid | undefined>((min, b) => (min === undefined || decAtomics(b.price.amount) < decAtomics(min.price.amount) ? b : min), undefined);
      deps.report({ type: "bids", dseq: options.dseq.toString(), gseq: g.gseq, group: g.name, count: list.length, ...(best ? { best: `${best.price.amount}${best.price.denom}` } : {}), secondsLeft });
    }
    quietBlocks = bids.length === lastCount ? quietBlocks + 1 : 0;
    lastCount = bids.length;
    const enough = options.groups.every((g) => (byGroup.get(g.gseq)?.length ?? 0) >= options.minBids);
    if ((enough && quietBlocks >= options.settleBlocks) || deps.now() >= deadline) return byGroup;
    height = await deps.chain.nextBlock(height);
  }
}

export interface ChooseOptions {
  readonly groups: readonly { readonly gseq: number; readonly name: string }[];
  readonly rules: BidRules;
  readonly blockSeconds: number;
  /** Ask each bidding provider's gateway for /status before choosing (default true). */
  readonly checkReachable: boolean;
}

/** One offer per group, or a DeployError that says, bid by bid, why none could be taken. */
export async function chooseOffers(
  deps: StepDeps,
  chooser: BidChooser,
  bidsByGroup: Map<number, Bid[]>,
  options: ChooseOptions,
): Promise<{ chosen: Map<number, Offer>; screenings: Map<number, Screening> }> {
  const allBids = [...bidsByGroup.values()].flat();
  const facts = await providerFacts(deps.chain, [...new Set(allBids.map((b) => b.id.provider))]);
  const reachability = new Map<string, { ok: boolean; reason?: string }>();
  if (options.checkReachable) {
    await Promise.all(
      [...facts.entries()].map(async ([address, f]) => {
        if (!f.registered || f.hostUri === "") return reachability.set(address, { ok: false, reason: "no host URI on chain" });
        try {
          await deps.gateway(address, f.hostUri).status(deps.signal ? { signal: deps.signal } : {});
          reachability.set(address, { ok: true });
        } catch (error) {
          reachability.set(address, { ok: false, reason: (error as Error).message.slice(0, 200) });
        }
        return undefined;
      }),
    );
  }
  const chosen = new Map<number, Offer>();
  const screenings = new Map<number, Screening>();
  const failures: { group: string; gseq: number; screening: Screening }[] = [];
  for (const group of options.groups) {
    const offers = (bidsByGroup.get(group.gseq) ?? []).map((bid) => {
      const offer = makeOffer(bid, facts.get(bid.id.provider)!, options.blockSeconds);
      const reach = reachability.get(bid.id.provider);
      return reach ? { ...offer, reachable: reach.ok, ...(reach.reason !== undefined ? { unreachableReason: reach.reason } : {}) } : offer;
    });
    const screening = screenOffers(offers, options.rules);
    screenings.set(group.gseq, screening);
    const pick = screening.eligible.length > 0 ? await chooser.choose(group, screening) : null;
    if (pick) chosen.set(group.gseq, pick);
    else failures.push({ group: group.name, gseq: group.gseq, screening });
  }
  if (failures.length > 0) {
    const none = failures.every((f) => f.screening.eligible.length === 0 && f.screening.excluded.length === 0);
    const lines = failures.map((f) => {
      const total = f.screening.excluded.length + f.screening.eligible.length;
      if (total === 0) return `group ${f.group} (gseq ${f.gseq}): no bids arrived`;
      return [
        `group ${f.group} (gseq ${f.gseq}): ${total} bid${total === 1 ? "" : "s"}, none accepted:`,
        ...f.screening.excluded.map((e) => `  ${e.offer.bid.provider} at ${e.offer.pricePerBlock}${e.offer.denom}/block: ${e.reasons.join("; ")}`),
      ].join("\n");
    });
    const advice = none
      ? "no provider bid: check that the resources and price in the SDL are ones providers offer (akash sdl compile shows the group), raise the price, or wait longer with --bid-timeout"
      : "relax the rule that excluded them (--max-price, --attr, --audited-by, --allow/--deny, the policy file), or pick a provider with --select provider=ADDR";
    throw new DeployError(none ? "NO_BIDS" : "NO_MATCHING_BIDS", `${lines.join("\n")}\n${advice}`, {
      groups: failures.map((f) => ({
        gseq: f.gseq,
        group: f.group,
        excluded: f.screening.excluded.map((e) => ({ provider: e.offer.bid.provider, pricePerBlock: e.offer.pricePerBlock, reasons: e.reasons })),
      })),
    });
  }
  return { chosen, screenings };
}

export function leaseSummary(offer: Offer, group: string): LeaseSummary {
  return {
    gseq: offer.bid.gseq,
    oseq: offer.bid.oseq,
    group,
    provider: offer.bid.provider,
    hostUri: offer.hostUri,
    pricePerBlock: `${offer.pricePerBlock}${offer.denom}`,
    actPerHour: offer.actPerHour,
    actPerMonth: offer.actPerMonth,
  };
}

/** Sends the manifest to each distinct provider of the leases. */
export async function sendManifests(
  deps: StepDeps,
  dseq: bigint,
  manifest: string,
  leases: readonly { readonly provider: string; readonly hostUri: string }[],
): Promise<void> {
  const providers = new Map(leases.map((l) => [l.provider, l.hostUri]));
  for (const [provider, hostUri] of providers) {
    checkAborted(deps.signal);
    const result = await deps.gateway(provider, hostUri).sendManifest(dseq, manifest, deps.signal ? { signal: deps.signal } : {});
    deps.report({ type: "manifest-sent", dseq: dseq.toString(), provider, attempts: result.attempts });
  }
}

/** Waits, block by block, until every service of every lease reports all replicas available. */
export async function waitUntilReady(
  deps: StepDeps,
  dseq: bigint,
  leases: readonly { readonly gseq: number; readonly oseq: number; readonly provider: string; readonly hostUri: string }[],
  timeoutMs: number,
): Promise<Map<string, ServiceEndpoints[]>> {
  const deadline = deps.now() + timeoutMs;
  const ready = new Map<string, ServiceEndpoints[]>();
  let height = (await deps.chain.status()).latestHeight;
  let lastError = "";
  for (;;) {
    checkAborted(deps.signal);
    for (const lease of leases) {
      const key = `${lease.provider}/${lease.gseq}/${lease.oseq}`;
      if (ready.has(key)) continue;
      try {
        const status = await deps.gateway(lease.provider, lease.hostUri).leaseStatus({ dseq, gseq: lease.gseq, oseq: lease.oseq }, deps.signal ? { signal: deps.signal } : {});
        const done = status.services.length > 0 && status.services.every((s) => s.total > 0 && s.available >= s.total);
        const readyCount = status.services.filter((s) => s.total > 0 && s.available >= s.total).length;
        deps.report({ type: "waiting", dseq: dseq.toString(), provider: lease.provider, ready: readyCount, total: status.services.length });
        if (done) {
          const services = status.services.map((s) => ({
            name: s.name,
            available: s.available,
            total: s.total,
            uris: s.uris,
            forwardedPorts: status.forwardedPorts.filter((p) => p.service === s.name).map(({ host, port, externalPort, proto }) => ({ host, port, externalPort, proto })),
          }));
          ready.set(key, services);
          deps.report({ type: "ready", dseq: dseq.toString(), provider: lease.provider, services });
        }
      } catch (error) {
        lastError = `${lease.provider}: ${(error as Error).message}`;
      }
    }
    if (ready.size === leases.length) return ready;
    if (deps.now() >= deadline) {
      throw new DeployError("NOT_READY", `the services did not become ready within ${Math.round(timeoutMs / 1000)} s${lastError ? ` (last problem: ${lastError})` : ""}; raise --wait-timeout, or look at akash lease events ${dseq}`, {
        dseq: dseq.toString(),
      });
    }
    height = await deps.chain.nextBlock(height);
  }
}

/** The signer's uact (or other denom) balance, 0 when absent. */
export function balanceOf(coins: readonly Coin[], denom: string): bigint {
  return BigInt(coins.find((c) => c.denom === denom)?.amount ?? "0");
}

/** Closes the deployment (the chain closes its leases and refunds the escrow) and measures the refund. */
export async function closeAndRefund(deps: Pick<StepDeps, "chain" | "report">, dseq: bigint, denom: string): Promise<{ txHash: string; refund: Coin | null }> {
  const before = balanceOf(await deps.chain.balances(), denom);
  const result = await deps.chain.closeDeployment({ dseq });
  const after = balanceOf(await deps.chain.balances(), denom);
  const refund = after > before ? { denom, amount: (after - before).toString() } : null;
  deps.report({ type: "closed", dseq: dseq.toString(), txHash: result.txHash, refund });
  return { txHash: result.txHash, refund };
}

export function activeLeases(leases: readonly Lease[]): Lease[] {
  return leases.filter((l) => l.state === "active");
}
