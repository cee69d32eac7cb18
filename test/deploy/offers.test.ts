import assert from "node:assert/strict";
import { test } from "node:test";
import type { Bid } from "../../src/chain/types.js";
import { makeOffer, screenOffers, type ProviderFacts } from "../../src/deploy/offers.js";
import { mergeRules, parseBidPolicy } from "../../src/deploy/policy.js";

const P1 = "akash1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq";
const P2 = "akash1zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";
const P3 = "akash1xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

function bid(provider: string, price: string): Bid {
  return { id: { owner: "akash1owner", dseq: 10n, gseq: 1, oseq: 1, provider, bseq: 0 }, state: "open", price: { denom: "uact", amount: price, per: "block" }, createdAt: 5n };
}

const facts = (over: Partial<ProviderFacts> = {}): ProviderFacts => ({
  hostUri: "https://p.example:8443",
  registered: true,
  attributes: [{ key: "region", value: "eu" }],
  auditedAttributes: [],
  auditedBy: [],
  ...over,
});

test("prices per hour and month follow the block time exactly, and offers sort cheapest first", () => {
  const a = makeOffer(bid(P1, "100.000000000000000000"), facts(), 6);
  assert.equal(a.actPerHour, "0.06"); // 600 blocks × 100 uact = 60000 uact = 0.06 ACT
  assert.equal(a.actPerMonth, "43.2");
  const b = makeOffer(bid(P2, "99.500000000000000000"), facts(), 6);
  const { eligible } = screenOffers([a, b], {});
  assert.deepEqual(eligible.map((o) => o.bid.provider), [P2, P1]);
});

test("every rule that excludes a bid is named", () => {
  const offers = [
    makeOffer(bid(P1, "500.000000000000000000"), facts(), 6),
    makeOffer(bid(P2, "50.000000000000000000"), facts({ attributes: [{ key: "region", value: "us" }] }), 6),
    { ...makeOffer(bid(P3, "10.000000000000000000"), facts(), 6), reachable: false, unreachableReason: "connection refused" },
  ];
  const { eligible, excluded } = screenOffers(offers, {
    maxPriceAtomics: 100n * 10n ** 18n,
    maxPriceText: "100uact",
    attributes: [{ key: "region", value: "eu" }],
    deny: [],
  });
  assert.equal(eligible.length, 0);
  const reasons = Object.fromEntries(excluded.map((e) => [e.offer.bid.provider, e.reasons]));
  assert.deepEqual(reasons[P1], ["price 500uact/block is above the maximum 100uact"]);
  assert.deepEqual(reasons[P2], ["lacks attribute region=eu"]);
  assert.deepEqual(reasons[P3], ["gateway unreachable (connection refused)"]);
});

test("select provider, allow/deny and audits", () => {
  const offers = [makeOffer(bid(P1, "1.0"), facts({ auditedBy: ["akash1auditor"] }), 6), makeOffer(bid(P2, "2.0"), facts(), 6)];
  assert.deepEqual(screenOffers(offers, { select: { kind: "provider", address: P2 } }).eligible.map((o) => o.bid.provider), [P2]);
  assert.deepEqual(screenOffers(offers, { deny: [P1] }).eligible.map((o) => o.bid.provider), [P2]);
  assert.deepEqual(screenOffers(offers, { allow: [P1] }).eligible.map((o) => o.bid.provider), [P1]);
  assert.deepEqual(screenOffers(offers, { auditedBy: ["akash1auditor"] }).eligible.map((o) => o.bid.provider), [P1]);
});

test("policy files parse every rule, and errors name file, line and column", () => {
  const rules = parseBidPolicy(
    `select: cheapest\nmax-price: 1000uact\nattributes:\n  region: eu\naudited-by: [${P1}]\ndeny:\n  - ${P2}\nrequire-reachable: false\n`,
    "bids.yaml",
  );
  assert.equal(rules.maxPriceAtomics, 1000n * 10n ** 18n);
  assert.deepEqual(rules.attributes, [{ key: "region", value: "eu" }]);
  assert.deepEqual(rules.auditedBy, [P1]);
  assert.deepEqual(rules.deny, [P2]);
  assert.equal(rules.requireReachable, false);
  assert.throws(() => parseBidPolicy("max-price: lots\n", "bids.yaml"), /^InputError: bids\.yaml:1:12: max-price/);
  assert.throws(() => parseBidPolicy("select: cheapest\nmaxprice: 1uact\n", "bids.yaml"), /bids\.yaml:2:1: unknown rule "maxprice"/);
  assert.throws(() => parseBidPolicy("deny: [nope]\n", "p.yaml"), /p\.yaml:1:8: deny: "nope" is not an akash1… address/);
  assert.throws(() => parseBidPolicy("a: [\n", "p.yaml"), /p\.yaml:\d+:\d+:/);
});

test("flags win over the policy file; lists combine", () => {
  const merged = mergeRules({ maxPriceAtomics: 5n, deny: [P1] }, { maxPriceAtomics: 7n, deny: [P2] });
  assert.equal(merged.maxPriceAtomics, 7n);
  assert.deepEqual(merged.deny, [P1, P2]);
});
