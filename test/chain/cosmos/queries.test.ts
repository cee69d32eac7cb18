/**
 * Query answers → domain objects. The node's answers are built with chain-sdk's own codecs and
 * encoded, so decoding goes through the same bytes a node would send; the requests we send are
 * decoded back and checked too.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  QueryDeploymentsRequest,
  QueryDeploymentsResponse,
  QueryParamsResponse as DeploymentParamsResponse,
  QueryProviderResponse,
} from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import { QueryBidsRequest, QueryBidsResponse, QueryLeasesResponse } from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import { QueryStatusResponse, Scope } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import {
  BaseAccount,
  ContinuousVestingAccount,
  QueryAccountResponse,
  QueryAllBalancesRequest,
  QueryAllBalancesResponse,
  SimulateResponse,
} from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";

import { ChainError } from "../../../src/chain/errors.js";
import { fromProtoGroupSpec, toProtoGroupSpec } from "../../../src/chain/cosmos/modules/deployment/groupspec.js";
import { DEPLOYMENTS_PATH, queryDeployment, queryDeploymentParams, queryDeployments } from "../../../src/chain/cosmos/modules/deployment/queries.js";
import { BIDS_PATH, LEASES_PATH, queryBids, queryLeases } from "../../../src/chain/cosmos/modules/market/queries.js";
import { queryProvider } from "../../../src/chain/cosmos/modules/provider/queries.js";
import { ALL_BALANCES_PATH, queryBalances } from "../../../src/chain/cosmos/modules/bank/queries.js";
import { queryBmeStatus } from "../../../src/chain/cosmos/modules/bme/queries.js";
import { ACCOUNT_PATH, queryAccount } from "../../../src/chain/cosmos/modules/auth/queries.js";
import { SIMULATE_PATH, simulateGas } from "../../../src/chain/cosmos/modules/tx/simulate.js";
import { AbciError } from "../../../src/chain/cosmos/transport.js";
import { OWNER, PROVIDER, ScriptedTransport, compiledExamples } from "../helpers.js";

const query = (t: ScriptedTransport) => t.abciQuery.bind(t);
const spec = compiledExamples()[0]?.output;
assert.ok(spec);

function deploymentEntry(dseq: bigint) {
  return {
    deployment: { id: { owner: OWNER, dseq }, state: 1, hash: Buffer.from(spec?.version ?? "", "hex"), createdAt: 1001n },
    groups: (spec?.groups ?? []).map((g, i) => ({ id: { owner: OWNER, dseq, gseq: i + 1 }, state: 2, groupSpec: toProtoGroupSpec(g), createdAt: 1001n })),
    escrowAccount: {
      id: { scope: Scope.deployment, xid: `${OWNER}/${dseq}` },
      state: {
        owner: OWNER,
        state: 1,
        transferred: [{ denom: "uact", amount: "12.5" }],
        settledAt: 1500n,
        funds: [{ denom: "uact", amount: "4999987.5" }],
        deposits: [{ owner: OWNER, height: 1001n, source: 1, balance: { denom: "uact", amount: "5000000" }, direct: true }],
      },
    },
  };
}

describe("deployments", () => {
  test("one deployment: ids, state, hash, groups in the compiler's shape, escrow with LegacyDec amounts", async () => {
    const transport = new ScriptedTransport({
      queries: { [DEPLOYMENTS_PATH]: () => QueryDeploymentsResponse.encode(QueryDeploymentsResponse.fromPartial({ deployments: [deploymentEntry(77n)] })).finish() },
    });
    const d = await queryDeployment(query(transport), { owner: OWNER, dseq: 77n });
    assert.ok(d);
    assert.deepEqual(d.id, { owner: OWNER, dseq: 77n });
    assert.equal(d.state, "active");
    assert.equal(d.version, spec.version);
    assert.equal(d.groups[0]?.state, "paused");
    assert.deepEqual(d.groups[0]?.id, { owner: OWNER, dseq: 77n, gseq: 1 });
    assert.deepEqual(d.groups.map((g) => g.spec), spec.groups.map((g) => fromProtoGroupSpec(toProtoGroupSpec(g))));
    assert.deepEqual(d.escrow, {
      owner: OWNER,
      state: "open",
      funds: [{ denom: "uact", amount: "4999987.500000000000000000" }],
      transferred: [{ denom: "uact", amount: "12.500000000000000000" }],
      settledAt: 1500n,
      deposits: [{ owner: OWNER, height: 1001n, source: "balance", balance: { denom: "uact", amount: "5000000.000000000000000000" } }],
    });
    // the request: owner and dseq filters, which the node answers with a direct lookup
    const request = QueryDeploymentsRequest.decode(transport.queries[0]?.request ?? new Uint8Array());
    assert.equal(request.filters?.owner, OWNER);
    assert.equal(request.filters?.dseq.toString(), "77");
  });

  test("none: null, not an error", async () => {
    const transport = new ScriptedTransport({ queries: { [DEPLOYMENTS_PATH]: () => QueryDeploymentsResponse.encode(QueryDeploymentsResponse.fromPartial({})).finish() } });
    assert.equal(await queryDeployment(query(transport), { owner: OWNER, dseq: 1n }), null);
  });

  test("pages are followed by key until the node stops", async () => {
    const transport = new ScriptedTransport({
      queries: {
        [DEPLOYMENTS_PATH]: (request) => {
          const key = QueryDeploymentsRequest.decode(request).pagination?.key ?? new Uint8Array();
          const page = key.length === 0 ? { deployments: [deploymentEntry(1n)], pagination: { nextKey: Buffer.from("k2") } } : { deployments: [deploymentEntry(2n)] };
          return QueryDeploymentsResponse.encode(QueryDeploymentsResponse.fromPartial(page)).finish();
        },
      },
    });
    const all = await queryDeployments(query(transport), { owner: OWNER, state: "active" });
    assert.deepEqual(all.map((d) => d.id.dseq), [1n, 2n]);
    assert.equal(transport.queries.length, 2);
    const second = QueryDeploymentsRequest.decode(transport.queries[1]?.request ?? new Uint8Array());
    assert.equal(Buffer.from(second.pagination?.key ?? []).toString(), "k2");
    assert.equal(second.filters?.state, "active");
  });

  test("params: minimum deposits", async () => {
    const transport = new ScriptedTransport({
      queries: {
        "/akash.deployment.v1beta4.Query/Params": () =>
          DeploymentParamsResponse.encode(DeploymentParamsResponse.fromPartial({ params: { minDeposits: [{ denom: "uact", amount: "500000" }, { denom: "uakt", amount: "500000" }] } })).finish(),
      },
    });
    assert.deepEqual(await queryDeploymentParams(query(transport)), { minDeposits: [{ denom: "uact", amount: "500000" }, { denom: "uakt", amount: "500000" }] });
  });
});

describe("market", () => {
  test("bids: id, state, per-block price", async () => {
    const transport = new ScriptedTransport({
      queries: {
        [BIDS_PATH]: () =>
          QueryBidsResponse.encode(
            QueryBidsResponse.fromPartial({
              bids: [{ bid: { id: { owner: OWNER, dseq: 9n, gseq: 1, oseq: 1, provider: PROVIDER, bseq: 0 }, state: 1, price: { denom: "uact", amount: "0.75" }, createdAt: 10n } }],
            }),
          ).finish(),
      },
    });
    const bids = await queryBids(query(transport), { owner: OWNER, dseq: 9n, state: "open" });
    assert.deepEqual(bids, [
      { id: { owner: OWNER, dseq: 9n, gseq: 1, oseq: 1, provider: PROVIDER, bseq: 0 }, state: "open", price: { denom: "uact", amount: "0.750000000000000000", per: "block" }, createdAt: 10n },
    ]);
    const request = QueryBidsRequest.decode(transport.queries[0]?.request ?? new Uint8Array());
    assert.deepEqual([request.filters?.owner, request.filters?.dseq.toString(), request.filters?.state], [OWNER, "9", "open"]);
  });

  test("leases: a reclaiming lease (state 4, unknown to chain-sdk alpha.25) and a close reason by name", async () => {
    const lease = (state: number, reason: number) => ({
      lease: { id: { owner: OWNER, dseq: 9n, gseq: 1, oseq: 1, provider: PROVIDER }, state, price: { denom: "uact", amount: "1" }, createdAt: 10n, closedOn: reason ? 20n : 0n, reason },
      escrowPayment: { state: { owner: PROVIDER, state: reason ? 3 : 1, rate: { denom: "uact", amount: "1" }, balance: { denom: "uact", amount: "3" }, unsettled: { denom: "uact", amount: "0" }, withdrawn: { denom: "uact", amount: "7" } } },
    });
    const transport = new ScriptedTransport({
      queries: { [LEASES_PATH]: () => QueryLeasesResponse.encode(QueryLeasesResponse.fromPartial({ leases: [lease(4, 0), lease(2, 20000)] })).finish() },
    });
    const [reclaiming, starved] = await queryLeases(query(transport), { owner: OWNER });
    assert.equal(reclaiming?.state, "reclaiming");
    assert.equal(reclaiming?.closedReason, "");
    assert.equal(starved?.state, "insufficient_funds");
    assert.equal(starved?.closedReason, "lease_closed_reason_insufficient_funds");
    assert.deepEqual(starved?.payment, {
      state: "overdrawn",
      rate: { denom: "uact", amount: "1.000000000000000000", per: "block" },
      balance: { denom: "uact", amount: "3.000000000000000000" },
      unsettled: { denom: "uact", amount: "0.000000000000000000" },
      withdrawn: { denom: "uact", amount: "7" },
    });
  });
});

describe("providers, balances, BME, accounts, simulation", () => {
  test("a provider, and one that does not exist", async () => {
    const found = new ScriptedTransport({
      queries: {
        "/akash.provider.v1beta4.Query/Provider": () =>
          QueryProviderResponse.encode(
            QueryProviderResponse.fromPartial({ provider: { owner: PROVIDER, hostUri: "https://provider.example.com:8443", attributes: [{ key: "region", value: "eu" }], info: { email: "ops@example.com", website: "" } } }),
          ).finish(),
      },
    });
    assert.deepEqual(await queryProvider(query(found), PROVIDER), {
      owner: PROVIDER,
      hostUri: "https://provider.example.com:8443",
      attributes: [{ key: "region", value: "eu" }],
      info: { email: "ops@example.com", website: "" },
    });
    const missing = new ScriptedTransport({
      queries: {
        "/akash.provider.v1beta4.Query/Provider": () => {
          throw new AbciError("sdk", 22, `invalid provider: address ${PROVIDER} not found: key not found`);
        },
      },
    });
    assert.equal(await queryProvider(query(missing), PROVIDER), null);
  });

  test("balances, paged", async () => {
    const transport = new ScriptedTransport({
      queries: {
        [ALL_BALANCES_PATH]: (request) => {
          const first = (QueryAllBalancesRequest.decode(request).pagination?.key.length ?? 0) === 0;
          return QueryAllBalancesResponse.encode(
            QueryAllBalancesResponse.fromPartial(first ? { balances: [{ denom: "uact", amount: "10" }], pagination: { nextKey: Buffer.from("n") } } : { balances: [{ denom: "uakt", amount: "20" }] }),
          ).finish();
        },
      },
    });
    assert.deepEqual(await queryBalances(query(transport), OWNER), [{ denom: "uact", amount: "10" }, { denom: "uakt", amount: "20" }]);
  });

  test("BME status", async () => {
    const transport = new ScriptedTransport({
      queries: {
        "/akash.bme.v1.Query/Status": () =>
          QueryStatusResponse.encode(QueryStatusResponse.fromPartial({ status: 3, collateralRatio: "0.89", warnThreshold: "0.95", haltThreshold: "0.90", mintsAllowed: false, refundsAllowed: true })).finish(),
      },
    });
    // LegacyDec fields, printed as the chain prints them
    assert.deepEqual(await queryBmeStatus(query(transport)), {
      status: "halt_cr",
      collateralRatio: "0.890000000000000000",
      warnThreshold: "0.950000000000000000",
      haltThreshold: "0.900000000000000000",
      mintsAllowed: false,
      refundsAllowed: true,
    });
  });

  test("accounts: base, vesting, and one the chain has never seen", async () => {
    const base = { address: OWNER, accountNumber: 42n, sequence: 7n };
    const answers = [
      { typeUrl: "/cosmos.auth.v1beta1.BaseAccount", value: BaseAccount.encode(BaseAccount.fromPartial(base)).finish() },
      {
        typeUrl: "/cosmos.vesting.v1beta1.ContinuousVestingAccount",
        value: ContinuousVestingAccount.encode(ContinuousVestingAccount.fromPartial({ baseVestingAccount: { baseAccount: base } })).finish(),
      },
    ];
    for (const account of answers) {
      const transport = new ScriptedTransport({ queries: { [ACCOUNT_PATH]: () => QueryAccountResponse.encode(QueryAccountResponse.fromPartial({ account })).finish() } });
      assert.deepEqual(await queryAccount(query(transport), OWNER), { address: OWNER, accountNumber: 42n, sequence: 7n });
    }
    const missing = new ScriptedTransport({
      queries: {
        [ACCOUNT_PATH]: () => {
          throw new AbciError("sdk", 22, `account ${OWNER} not found: key not found`);
        },
      },
    });
    assert.equal(await queryAccount(query(missing), OWNER), null);
  });

  test("simulation: gas used, or the failure the transaction would have", async () => {
    const ok = new ScriptedTransport({ queries: { [SIMULATE_PATH]: () => SimulateResponse.encode(SimulateResponse.fromPartial({ gasInfo: { gasUsed: 123456n, gasWanted: 0n } })).finish() } });
    assert.equal(await simulateGas(query(ok), new Uint8Array([1])), 123456n);
    const broke = new ScriptedTransport({
      queries: {
        [SIMULATE_PATH]: () => {
          throw new AbciError("market", 28, "failed to execute message; message index: 0: deposit invalid: insufficient balance");
        },
      },
    });
    await assert.rejects(simulateGas(query(broke), new Uint8Array([1]), { depositDenom: "uact" }), (error: unknown) => {
      assert.ok(error instanceof ChainError);
      assert.equal(error.code, "INSUFFICIENT_ACT");
      assert.equal(error.data.stage, "simulate");
      return true;
    });
  });

  test("an unknown query failure is QUERY_FAILED with the log kept", async () => {
    const transport = new ScriptedTransport({
      queries: {
        "/akash.bme.v1.Query/Status": () => {
          throw new AbciError("sdk", 1, "internal");
        },
      },
    });
    await assert.rejects(queryBmeStatus(query(transport)), (error: unknown) => error instanceof ChainError && error.code === "QUERY_FAILED" && error.rawLog === "internal");
  });
});
