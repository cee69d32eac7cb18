/**
 * The Cosmos adapter's wiring, over a scripted transport: account lookup, simulate × adjustment,
 * offline signing, broadcast, inclusion polling, the single retry on a sequence mismatch, and
 * failures translated at each stage. (That a real node accepts these transactions is for the
 * end-to-end tests against a local chain.)
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Secp256k1, Secp256k1Signature, sha256 } from "@cosmjs/crypto";
import { makeSignBytes } from "@cosmjs/proto-signing";
import { AuthInfo, BaseAccount, QueryAccountResponse, SimulateRequest, SimulateResponse, TxBody, TxRaw } from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import { MsgCreateDeployment } from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";

import { InputError } from "../../../src/errors.js";
import { ChainError } from "../../../src/chain/errors.js";
import { CosmosChainClient } from "../../../src/chain/cosmos/client.js";
import { ACCOUNT_PATH } from "../../../src/chain/cosmos/modules/auth/queries.js";
import { SIMULATE_PATH } from "../../../src/chain/cosmos/modules/tx/simulate.js";
import type { BroadcastResult, IncludedTx } from "../../../src/chain/cosmos/transport.js";
import { AbciError } from "../../../src/chain/cosmos/transport.js";
import { OWNER, PROVIDER, ScriptedTransport, compiledExamples, testSigner } from "../helpers.js";

const spec = compiledExamples()[0]?.output;
assert.ok(spec);
const DEPOSIT = { denom: "uact", amount: "5000000" };

function accountAnswer(sequence: () => bigint) {
  return () =>
    QueryAccountResponse.encode(
      QueryAccountResponse.fromPartial({
        account: { typeUrl: "/cosmos.auth.v1beta1.BaseAccount", value: BaseAccount.encode(BaseAccount.fromPartial({ address: OWNER, accountNumber: 42n, sequence: sequence() })).finish() },
      }),
    ).finish();
}

const simulated = (gasUsed: bigint) => () => SimulateResponse.encode(SimulateResponse.fromPartial({ gasInfo: { gasUsed, gasWanted: 0n } })).finish();
const accepted = (hash = ""): BroadcastResult => ({ code: 0, codespace: "", log: "", hash });
const included = (over: Partial<IncludedTx> = {}): IncludedTx => ({ height: 1001n, code: 0, codespace: "", log: "", gasWanted: 150_000n, gasUsed: 98_000n, ...over });

/** A clock that advances only when the client sleeps. */
function fakeClock() {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

function sequenceOf(txBytes: Uint8Array): string {
  return AuthInfo.decode(TxRaw.decode(txBytes).authInfoBytes).signerInfos[0]?.sequence.toString() ?? "";
}

describe("submitting", () => {
  test("create a deployment: dseq = height, simulate × 1.5, fee at 0.025uakt, signed for the node's chain, polled until included", async () => {
    const transport = new ScriptedTransport({
      status: { chainId: "testnet-1", latestHeight: 4242n, catchingUp: false },
      queries: { [ACCOUNT_PATH]: accountAnswer(() => 7n), [SIMULATE_PATH]: simulated(100_000n) },
      broadcast: () => accepted(),
      getTx: (_hash, attempt) => (attempt < 3 ? null : included()),
    });
    const clock = fakeClock();
    const client = new CosmosChainClient({ transport, signer: await testSigner(), ...clock });
    const result = await client.createDeployment({ spec, deposit: DEPOSIT });

    assert.equal(result.dseq, 4242n);
    assert.deepEqual(result.fee, [{ denom: "uakt", amount: "3750" }]);
    assert.equal(result.height, 1001n);
    assert.equal(transport.lookups.length, 3);
    assert.equal(clock.now(), 2000);

    const [txBytes] = transport.broadcasts;
    assert.ok(txBytes);
    const raw = TxRaw.decode(txBytes);
    const authInfo = AuthInfo.decode(raw.authInfoBytes);
    assert.equal(authInfo.fee?.gasLimit.toString(), "150000");
    assert.equal(sequenceOf(txBytes), "7");
    const message = TxBody.decode(raw.bodyBytes).messages[0];
    assert.equal(MsgCreateDeployment.decode(message?.value ?? new Uint8Array()).id?.dseq.toString(), "4242");
    // signed for chain "testnet-1", account 42
    const [account] = await (await testSigner()).getAccounts();
    assert.ok(account);
    const signBytes = makeSignBytes({ bodyBytes: raw.bodyBytes, authInfoBytes: raw.authInfoBytes, chainId: "testnet-1", accountNumber: 42n });
    assert.ok(await Secp256k1.verifySignature(Secp256k1Signature.fromFixedLength(raw.signatures[0] ?? new Uint8Array()), sha256(signBytes), account.pubkey));
    assert.equal(result.txHash, transport.lookups[0]);
  });

  test("a sequence mismatch at broadcast is retried once, with the fresh sequence", async () => {
    let sequence = 7n;
    const transport = new ScriptedTransport({
      queries: { [ACCOUNT_PATH]: accountAnswer(() => sequence), [SIMULATE_PATH]: simulated(80_000n) },
      broadcast: (_tx, attempt) => {
        if (attempt === 1) {
          sequence = 8n; // another transaction from this key landed meanwhile
          return { code: 32, codespace: "sdk", log: "account sequence mismatch, expected 8, got 7: incorrect account sequence", hash: "" };
        }
        return accepted();
      },
      getTx: () => included(),
    });
    const client = new CosmosChainClient({ transport, signer: await testSigner(), ...fakeClock() });
    await client.closeDeployment({ dseq: 5n });
    assert.deepEqual(transport.broadcasts.map(sequenceOf), ["7", "8"]);
  });

  test("out of gas in the block (the state moved after the simulation) is retried once, re-simulated with twice the margin", async () => {
    let sequence = 7n;
    const transport = new ScriptedTransport({
      queries: { [ACCOUNT_PATH]: accountAnswer(() => sequence), [SIMULATE_PATH]: simulated(80_000n) },
      broadcast: () => accepted(),
      getTx: (hash) => {
        if (transport.broadcasts.length === 1) {
          sequence = 8n; // a failed transaction still uses its sequence
          return included({ code: 11, codespace: "sdk", log: "out of gas in location: WriteFlat; gasWanted: 120000, gasUsed: 130001: out of gas", gasWanted: 120_000n, gasUsed: 130_001n });
        }
        void hash;
        return included();
      },
    });
    const client = new CosmosChainClient({ transport, signer: await testSigner(), ...fakeClock() });
    await client.closeDeployment({ dseq: 5n });
    const limits = transport.broadcasts.map((tx) => AuthInfo.decode(TxRaw.decode(tx).authInfoBytes).fee?.gasLimit.toString());
    assert.deepEqual(limits, ["120000", "240000"]);
    assert.deepEqual(transport.broadcasts.map(sequenceOf), ["7", "8"]);
  });

  test("out of gas with a fixed --gas is not retried: the user chose the limit", async () => {
    const transport = new ScriptedTransport({
      queries: { [ACCOUNT_PATH]: accountAnswer(() => 7n) },
      broadcast: () => accepted(),
      getTx: () => included({ code: 11, codespace: "sdk", log: "out of gas in location: WriteFlat; gasWanted: 1000, gasUsed: 1001: out of gas" }),
    });
    const client = new CosmosChainClient({ transport, signer: await testSigner(), ...fakeClock() });
    await assert.rejects(client.closeDeployment({ dseq: 5n }, { gas: 1000n }), (e: unknown) => e instanceof ChainError && e.code === "OUT_OF_GAS");
    assert.equal(transport.broadcasts.length, 1);
  });

  test("the retry uses the sequence the node expects when the committed account is behind its mempool", async () => {
    const transport = new ScriptedTransport({
      // The committed account stays at 7: the transaction at 7 is still waiting for its block.
      queries: { [ACCOUNT_PATH]: accountAnswer(() => 7n), [SIMULATE_PATH]: simulated(80_000n) },
      broadcast: (_tx, attempt) =>
        attempt === 1 ? { code: 32, codespace: "sdk", log: "account sequence mismatch, expected 8, got 7: incorrect account sequence", hash: "" } : accepted(),
      getTx: () => included(),
    });
    const client = new CosmosChainClient({ transport, signer: await testSigner(), ...fakeClock() });
    await client.closeDeployment({ dseq: 5n });
    assert.deepEqual(transport.broadcasts.map(sequenceOf), ["7", "8"]);
  });

  test("a simulation that meets a waiting transaction of the same key simulates at the expected sequence", async () => {
    const simulatedAt: string[] = [];
    const transport = new ScriptedTransport({
      queries: {
        [ACCOUNT_PATH]: accountAnswer(() => 7n),
        [SIMULATE_PATH]: (request) => {
          const tx = TxRaw.decode(SimulateRequest.decode(request).txBytes);
          const seq = AuthInfo.decode(tx.authInfoBytes).signerInfos[0]?.sequence.toString() ?? "";
          simulatedAt.push(seq);
          // As the node wraps it in a simulation: gRPC "unknown request" (sdk 6) around the mismatch.
          if (seq === "7") throw new AbciError("sdk", 6, "account sequence mismatch, expected 8, got 7: incorrect account sequence: unknown request");
          return simulated(80_000n)();
        },
      },
    });
    const client = new CosmosChainClient({ transport, signer: await testSigner(), ...fakeClock() });
    const estimate = await client.estimate([{ kind: "closeDeployment", dseq: 5n }]);
    assert.deepEqual(simulatedAt, ["7", "8"]);
    assert.equal(estimate.simulatedGas, 80_000n);
  });

  test("…but only once", async () => {
    const transport = new ScriptedTransport({
      queries: { [ACCOUNT_PATH]: accountAnswer(() => 7n), [SIMULATE_PATH]: simulated(80_000n) },
      broadcast: () => ({ code: 32, codespace: "sdk", log: "account sequence mismatch, expected 9, got 7: incorrect account sequence", hash: "" }),
    });
    const client = new CosmosChainClient({ transport, signer: await testSigner(), ...fakeClock() });
    await assert.rejects(client.closeDeployment({ dseq: 5n }), (error: unknown) => error instanceof ChainError && error.code === "SEQUENCE_MISMATCH");
    assert.equal(transport.broadcasts.length, 2);
  });

  test("a mismatch seen by the simulation is retried the same way", async () => {
    let simulations = 0;
    const transport = new ScriptedTransport({
      queries: {
        [ACCOUNT_PATH]: accountAnswer(() => (simulations === 0 ? 7n : 8n)),
        [SIMULATE_PATH]: () => {
          simulations += 1;
          if (simulations === 1) throw new AbciError("sdk", 32, "account sequence mismatch, expected 8, got 7: incorrect account sequence");
          return simulated(80_000n)();
        },
      },
      broadcast: () => accepted(),
      getTx: () => included(),
    });
    const client = new CosmosChainClient({ transport, signer: await testSigner(), ...fakeClock() });
    await client.mintAct({ amount: { denom: "uakt", amount: "25000000" } });
    assert.deepEqual(transport.broadcasts.map(sequenceOf), ["8"]);
  });

  test("CheckTx and DeliverTx failures become ChainErrors with the hash", async () => {
    const base = { queries: { [ACCOUNT_PATH]: accountAnswer(() => 7n), [SIMULATE_PATH]: simulated(80_000n) } };
    const rejected = new ScriptedTransport({ ...base, broadcast: () => ({ code: 13, codespace: "sdk", log: "insufficient fees; got: 1uakt required: 3000uakt: insufficient fee", hash: "" }) });
    await assert.rejects(new CosmosChainClient({ transport: rejected, signer: await testSigner(), ...fakeClock() }).closeDeployment({ dseq: 5n }), (error: unknown) => {
      assert.ok(error instanceof ChainError);
      assert.equal(error.code, "INSUFFICIENT_FEE");
      assert.equal(error.data.stage, "check");
      assert.match(error.txHash ?? "", /^[0-9A-F]{64}$/);
      return true;
    });
    assert.equal(rejected.lookups.length, 0);

    const failed = new ScriptedTransport({
      ...base,
      broadcast: () => accepted(),
      getTx: () => included({ code: 28, codespace: "market", log: "failed to execute message; message index: 0: deposit invalid: insufficient balance", height: 2002n }),
    });
    await assert.rejects(
      new CosmosChainClient({ transport: failed, signer: await testSigner(), ...fakeClock() }).depositEscrow({ dseq: 5n, amount: { denom: "uact", amount: "1000000" } }),
      (error: unknown) => {
        assert.ok(error instanceof ChainError);
        assert.equal(error.code, "INSUFFICIENT_ACT");
        assert.equal(error.data.height, "2002");
        assert.equal(error.data.stage, "deliver");
        return true;
      },
    );
  });

  test("a transaction not seen in a block in time: TX_NOT_CONFIRMED, with the hash to look up", async () => {
    const transport = new ScriptedTransport({
      queries: { [ACCOUNT_PATH]: accountAnswer(() => 7n), [SIMULATE_PATH]: simulated(80_000n) },
      broadcast: () => accepted(),
      getTx: () => null,
    });
    const client = new CosmosChainClient({ transport, signer: await testSigner(), confirmTimeoutMs: 5000, pollIntervalMs: 1000, ...fakeClock() });
    await assert.rejects(client.closeDeployment({ dseq: 5n }), (error: unknown) => error instanceof ChainError && error.code === "TX_NOT_CONFIRMED" && /look it up by hash/.test(error.message));
    assert.equal(transport.lookups.length, 6);
  });

  test("a fixed gas limit skips the simulation", async () => {
    const transport = new ScriptedTransport({ queries: { [ACCOUNT_PATH]: accountAnswer(() => 7n) }, broadcast: () => accepted(), getTx: () => included() });
    const client = new CosmosChainClient({ transport, signer: await testSigner(), ...fakeClock() });
    const result = await client.createLease({ bid: { owner: OWNER, dseq: 5n, gseq: 1, oseq: 1, provider: PROVIDER, bseq: 0 } }, { gas: 250_000n, gasPrice: "0.0025uakt" });
    assert.deepEqual(result.fee, [{ denom: "uakt", amount: "625" }]);
    assert.ok(!transport.queries.some((q) => q.path === SIMULATE_PATH));
  });
});

describe("refusals before the network", () => {
  test("a uakt deposit on create, a lease on someone else's bid, an empty transaction", async () => {
    const transport = new ScriptedTransport({});
    const client = new CosmosChainClient({ transport, signer: await testSigner() });
    await assert.rejects(client.createDeployment({ spec, deposit: { denom: "uakt", amount: "5000000" }, dseq: 9n }), (e: unknown) => e instanceof InputError && e.code === "DEPOSIT_DENOM");
    await assert.rejects(client.createLease({ bid: { owner: PROVIDER, dseq: 5n, gseq: 1, oseq: 1, provider: OWNER, bseq: 0 } }), (e: unknown) => e instanceof InputError && e.code === "INVALID_ADDRESS");
    await assert.rejects(client.submit([]), (e: unknown) => e instanceof InputError && e.code === "NO_MESSAGES");
    assert.equal(transport.queries.length + transport.broadcasts.length, 0);
  });

  test("a node on another chain, a syncing node for the dseq, an account the chain does not know", async () => {
    const other = new ScriptedTransport({ status: { chainId: "sandbox-2", latestHeight: 1n, catchingUp: false } });
    await assert.rejects(
      new CosmosChainClient({ transport: other, signer: await testSigner(), chainId: "akashnet-2" }).closeDeployment({ dseq: 5n }),
      (e: unknown) => e instanceof ChainError && e.code === "CHAIN_ID_MISMATCH",
    );
    const syncing = new ScriptedTransport({ status: { chainId: "testnet-1", latestHeight: 10n, catchingUp: true } });
    await assert.rejects(
      new CosmosChainClient({ transport: syncing, signer: await testSigner() }).createDeployment({ spec, deposit: DEPOSIT }),
      (e: unknown) => e instanceof ChainError && e.code === "NODE_SYNCING",
    );
    const unknown = new ScriptedTransport({
      queries: {
        [ACCOUNT_PATH]: () => {
          throw new AbciError("sdk", 22, `account ${OWNER} not found: key not found`);
        },
      },
    });
    await assert.rejects(
      new CosmosChainClient({ transport: unknown, signer: await testSigner() }).closeDeployment({ dseq: 5n }),
      (e: unknown) => e instanceof ChainError && e.code === "ACCOUNT_NOT_FOUND" && /send it some AKT/.test(e.message),
    );
  });
});

describe("generate-only", () => {
  test("with a fixed gas limit and no key: entirely offline", async () => {
    const transport = new ScriptedTransport({});
    const client = new CosmosChainClient({ transport, address: OWNER });
    const unsigned = await client.generate([{ kind: "createDeployment", dseq: 77n, spec, deposit: DEPOSIT }], { gas: 300_000n, memo: "ledger" });
    assert.equal(unsigned.gasLimit, 300_000n);
    assert.deepEqual(unsigned.fee, [{ denom: "uakt", amount: "7500" }]);
    const json = unsigned.json as { body: { memo: string; messages: { "@type": string }[] }; auth_info: { fee: { gas_limit: string } } };
    assert.equal(json.body.memo, "ledger");
    assert.equal(json.body.messages[0]?.["@type"], "/akash.deployment.v1beta4.MsgCreateDeployment");
    assert.equal(json.auth_info.fee.gas_limit, "300000");
    assert.equal(transport.queries.length, 0);
    await assert.rejects(client.submit([{ kind: "closeDeployment", dseq: 1n }]), /signing needs a signer/);
  });

  test("with gas auto it simulates, which needs the key's public key", async () => {
    await assert.rejects(
      new CosmosChainClient({ transport: new ScriptedTransport({}), address: OWNER }).generate([{ kind: "closeDeployment", dseq: 1n }]),
      (e: unknown) => e instanceof InputError && e.code === "INVALID_GAS",
    );
    const transport = new ScriptedTransport({ queries: { [ACCOUNT_PATH]: accountAnswer(() => 3n), [SIMULATE_PATH]: simulated(60_000n) } });
    const unsigned = await new CosmosChainClient({ transport, signer: await testSigner() }).generate([{ kind: "closeDeployment", dseq: 1n }]);
    assert.equal(unsigned.gasLimit, 90_000n);
    assert.equal(transport.broadcasts.length, 0);
  });
});
