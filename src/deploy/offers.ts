/**
 * Offers: a provider's bid together with what a tenant needs to judge it (the provider's host and
 * attributes, who audited it, whether its gateway answers, the price per hour and month), and the
 * rules that narrow them down. Each rule that excludes an offer says so, so "no bid matched" can
 * name, bid by bid, which rule excluded it and what to change.
 */
import { decAtomics, ratePerSpan, shift } from "../chain/amount.js";
import type { Bid, BidId } from "../chain/types.js";

export const MONTH_SECONDS = 30 * 24 * 3600;

export interface Offer {
  readonly bid: BidId;
  /** uact per block as the chain prints it (18 decimals). */
  readonly pricePerBlock: string;
  readonly denom: string;
  /** 10^-18 uact per block: for exact comparisons. */
  readonly priceAtomics: bigint;
  /** ACT, 6 decimals. */
  readonly actPerHour: string;
  readonly actPerMonth: string;
  readonly hostUri: string;
  readonly registered: boolean;
  readonly attributes: readonly { readonly key: string; readonly value: string }[];
  /** Attributes signed by auditors, and the auditors' addresses. */
  readonly auditedAttributes: readonly { readonly key: string; readonly value: string }[];
  readonly auditedBy: readonly string[];
  /** Whether the provider's gateway answered `/status` (undefined: not checked). */
  readonly reachable?: boolean;
  readonly unreachableReason?: string;
}

export interface ProviderFacts {
  readonly hostUri: string;
  readonly registered: boolean;
  readonly attributes: readonly { readonly key: string; readonly value: string }[];
  readonly auditedAttributes: readonly { readonly key: string; readonly value: string }[];
  readonly auditedBy: readonly string[];
}

const toAct = (atomics: bigint): string => shift(atomics / 10n ** 12n, 12);

export function makeOffer(bid: Bid, facts: ProviderFacts, blockSeconds: number): Offer {
  return {
    bid: bid.id,
    pricePerBlock: bid.price.amount,
    denom: bid.price.denom,
    priceAtomics: decAtomics(bid.price.amount),
    actPerHour: toAct(ratePerSpan(bid.price.amount, 3600, blockSeconds)),
    actPerMonth: toAct(ratePerSpan(bid.price.amount, MONTH_SECONDS, blockSeconds)),
    ...facts,
  };
}

/** Cheapest first; ties broken by provider address so the order never depends on arrival. */
export function sortOffers(offers: readonly Offer[]): Offer[] {
  return [...offers].sort((a, b) =>
    a.priceAtomics < b.priceAtomics ? -1 : a.priceAtomics > b.priceAtomics ? 1 : a.bid.provider < b.bid.provider ? -1 : a.bid.provider > b.bid.provider ? 1 : 0,
  );
}

/** What a tenant asks of the bids it accepts: flags, or the same keys in a policy file. */
export interface BidRules {
  /** "cheapest" (default) or one provider's address. */
  readonly select?: { readonly kind: "cheapest" } | { readonly kind: "provider"; readonly address: string };
  /** In 10^-18 uact per block. */
  readonly maxPriceAtomics?: bigint;
  readonly maxPriceText?: string;
  /** Every pair must be among the provider's own or audited attributes. */
  readonly attributes?: readonly { readonly key: string; readonly value: string }[];
  /** At least one of these auditors must have signed the provider's attributes. */
  readonly auditedBy?: readonly string[];
  readonly allow?: readonly string[];
  readonly deny?: readonly string[];
  /** Exclude providers whose gateway did not answer (default true). */
  readonly requireReachable?: boolean;
}

export interface Exclusion {
  readonly offer: Offer;
  readonly reasons: readonly string[];
}

export interface Screening {
  readonly eligible: readonly Offer[];
  readonly excluded: readonly Exclusion[];
}

/** Applies every rule to every offer; the eligible ones come back cheapest first. */
export function screenOffers(offers: readonly Offer[], rules: BidRules): Screening {
  const eligible: Offer[] = [];
  const excluded: Exclusion[] = [];
  for (const offer of sortOffers(offers)) {
    const reasons: string[] = [];
    const provider = offer.bid.provider;
    if (rules.select?.kind === "provider" && provider !== rules.select.address) reasons.push(`not the selected provider ${rules.select.address}`);
    if (rules.allow && rules.allow.length > 0 && !rules.allow.includes(provider)) reasons.push("not on the allow list");
    if (rules.deny?.includes(provider)) reasons.push("on the deny list");
    if (rules.maxPriceAtomics !== undefined && offer.priceAtomics > rules.maxPriceAtomics) {
      reasons.push(`price ${trimDecimal(offer.pricePerBlock)}${offer.denom}/block is above the maximum ${rules.maxPriceText ?? `${shift(rules.maxPriceAtomics, 18)}uact`}`);
    }
    const all = [...offer.attributes, ...offer.auditedAttributes];
    for (const wanted of rules.attributes ?? []) {
      if (!all.some((a) => a.key === wanted.key && a.value === wanted.value)) reasons.push(`lacks attribute ${wanted.key}=${wanted.value}`);
    }
    if (rules.auditedBy && rules.auditedBy.length > 0 && !rules.auditedBy.some((auditor) => offer.auditedBy.includes(auditor))) {
      reasons.push(`not audited by ${rules.auditedBy.join(" or ")}`);
    }
    if (!offer.registered) reasons.push("provider is not registered on chain");
    if ((rules.requireReachable ?? true) && offer.reachable === false) reasons.push(`gateway unreachable (${offer.unreachableReason ?? "no answer"})`);
    if (reasons.length === 0) eligible.push(offer);
    else excluded.push({ offer, reasons });
  }
  return { eligible, excluded };
}

export function trimDecimal(value: string): string {
  return value.includes(".") ? value.replace(/0+$/, "").replace(/\.$/, "") : value;
}
