/**
 * Market, escrow and BME messages: encoded with the registry, decoded with chain-sdk, and the
 * refusals that save a fee. Plus the small conversions they rely on (uint64, LegacyDec).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { MsgCloseLease, MsgCreateLease } from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import { LeaseClosedReason, MsgAccountDeposit, MsgBurnACT, MsgMintACT, Scope, Source } from "@akashnetwork/chain-sdk/private-types/akash.v1";

import { InputError } from "../../../src/errors.js";
import { UINT64_MAX, formatLegacyDec, legacyDecAtomics, normalizeLegacyDec, uint64 } from "../../../src/chain/cosmos/encoding.js";
import { burnActMsg, mintActMsg } from "../../../src/chain/cosmos/modules/bme/messages.js";
import { depositMsg } from "../../../src/chain/cosmos/modules/escrow/messages.js";
import { closeLeaseMsg, createLeaseMsg } from "../../../src/chain/cosmos/modules/market/messages.js";
import { akashRegistry } from "../../../src/chain/cosmos/registry.js";
import { OWNER, PROVIDER } from "../helpers.js";

const registry = akashRegistry();
const BID = { owner: OWNER, dseq: 1234n, gseq: 2, oseq: 3, provider: PROVIDER, bseq: 0 };

function refused(fn: () => unknown, code: string, pattern?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof InputError, String(error));
    assert.equal(error.code, code);
    if (pattern) assert.match(error.message, pattern);
    return true;
  });
}

const plain = (id: { owner: string; dseq: { toString(): string }; gseq: number; oseq: number; provider: string; bseq: number } | undefined) => ({
  ...id,
  dseq: id?.dseq.toString(),
});

describe("market", () => {
  test("create and close a lease carry the full bid id; close says lease_closed_owner", () => {
    const create = MsgCreateLease.decode(registry.encode(createLeaseMsg(BID)));
    assert.deepEqual(plain(create.bidId), { ...BID, dseq: "1234" });
    const close = MsgCloseLease.decode(registry.encode(closeLeaseMsg(BID)));
    assert.deepEqual(plain(close.id), { ...BID, dseq: "1234" });
    assert.equal(close.reason, LeaseClosedReason.lease_closed_owner);
  });

  test("refused: leasing from oneself, missing provider, bad sequence numbers", () => {
    refused(() => createLeaseMsg({ ...BID, provider: OWNER }), "SELF_LEASE", /cannot lease from itself/);
    refused(() => createLeaseMsg({ ...BID, provider: "" }), "INVALID_ADDRESS");
    refused(() => createLeaseMsg({ ...BID, oseq: 0 }), "INVALID_SEQUENCE_NUMBER");
    refused(() => closeLeaseMsg({ ...BID, gseq: 2 ** 32 }), "INVALID_SEQUENCE_NUMBER");
    refused(() => closeLeaseMsg({ ...BID, dseq: 0n }), "INVALID_DSEQ");
  });
});

describe("escrow", () => {
  test("a top-up of someone else's deployment: signer, deployment-scoped account, sources in order", () => {
    const msg = MsgAccountDeposit.decode(
      registry.encode(depositMsg({ signer: PROVIDER, owner: OWNER, dseq: 99n, amount: { denom: "uact", amount: "2500000" }, sources: ["grant", "balance"] })),
    );
    assert.equal(msg.signer, PROVIDER);
    assert.deepEqual(msg.id, { scope: Scope.deployment, xid: `${OWNER}/99` });
    assert.deepEqual(msg.deposit, { amount: { denom: "uact", amount: "2500000" }, sources: [Source.grant, Source.balance] });
  });

  test("uakt top-ups are allowed (a fallback reserve); other denoms and bad amounts are not", () => {
    assert.equal(MsgAccountDeposit.decode(registry.encode(depositMsg({ signer: OWNER, owner: OWNER, dseq: 1n, amount: { denom: "uakt", amount: "1" } }))).deposit?.amount?.denom, "uakt");
    refused(() => depositMsg({ signer: OWNER, owner: OWNER, dseq: 1n, amount: { denom: "ibc/170C677610AC31DF0904FFE09CD3B5C657492170E7E52372E48756B71E56F2F1", amount: "1" } }), "DEPOSIT_DENOM", /never be spent/);
    refused(() => depositMsg({ signer: OWNER, owner: OWNER, dseq: 1n, amount: { denom: "uact", amount: "0" } }), "INVALID_AMOUNT");
    refused(() => depositMsg({ signer: OWNER, owner: OWNER, dseq: 1n, amount: { denom: "uact", amount: "-5" } }), "INVALID_AMOUNT");
    refused(() => depositMsg({ signer: "", owner: OWNER, dseq: 1n, amount: { denom: "uact", amount: "5" } }), "INVALID_ADDRESS");
  });
});

describe("bme", () => {
  test("mint burns uakt and burn burns uact, owner = to = the signer", () => {
    const mint = MsgMintACT.decode(registry.encode(mintActMsg(OWNER, { denom: "uakt", amount: "25000000" })));
    assert.deepEqual(mint, { owner: OWNER, to: OWNER, coinsToBurn: { denom: "uakt", amount: "25000000" } });
    const burn = MsgBurnACT.decode(registry.encode(burnActMsg(OWNER, { denom: "uact", amount: "1000000" })));
    assert.deepEqual(burn, { owner: OWNER, to: OWNER, coinsToBurn: { denom: "uact", amount: "1000000" } });
  });

  test("the wrong coin for the direction is refused", () => {
    refused(() => mintActMsg(OWNER, { denom: "uact", amount: "1" }), "INVALID_DENOM", /burns uakt/);
    refused(() => burnActMsg(OWNER, { denom: "uakt", amount: "1" }), "INVALID_DENOM", /burns uact/);
    refused(() => mintActMsg("", { denom: "uakt", amount: "1" }), "INVALID_ADDRESS");
  });
});

describe("conversions", () => {
  test("uint64 values pass through chain-sdk's fromPartial unchanged, signed range or not", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: UINT64_MAX }), (dseq) => {
        const close = MsgCloseLease.decode(registry.encode(closeLeaseMsg({ ...BID, dseq })));
        assert.equal(close.id?.dseq.toString(), dseq.toString());
      }),
      { numRuns: 200 },
    );
    assert.throws(() => uint64(-1n), RangeError);
    assert.throws(() => uint64(UINT64_MAX + 1n), RangeError);
  });

  test("LegacyDec: any decimal with ≤ 18 places prints with exactly 18 and parses back", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (atomics) => {
        const printed = formatLegacyDec(atomics);
        assert.match(printed, /^-?\d+\.\d{18}$/);
        assert.equal(legacyDecAtomics(printed), atomics);
        // cosmjs Decimal#toString drops trailing zeros; normalizing restores the chain's form
        assert.equal(normalizeLegacyDec(printed.replace(/\.?0+$/, "")), printed);
      }),
    );
    assert.equal(normalizeLegacyDec("584.63514"), "584.635140000000000000");
    assert.equal(legacyDecAtomics("1.0000000000000000001"), undefined);
    assert.throws(() => normalizeLegacyDec("1e5"), RangeError);
  });
});
