/**
 * The ABCI translation table against raw logs as the node writes them. Each log is assembled
 * from the source that produces it:
 * - baseapp runMsgs wraps a handler error as "failed to execute message; message index: %d: <err>";
 * - errorsmod.Wrap(f) appends ": <registered description>"; fmt.Errorf("%w: …") prefixes it;
 * - registered descriptions and codes: cosmos-sdk types/errors; chain-sdk
 *   go/node/deployment/v1/errors.go, go/node/market/v1/errors.go, go/node/escrow/module/error.go,
 *   go/node/bme/v1/errors.go;
 * - handler behaviour: node x/deployment/handler/server.go (uakt deposit → ErrInvalidDeposit),
 *   x/escrow/keeper/keeper.go AuthorizeDeposits (`fmt.Errorf("%w: insufficient balance",
 *   mv1.ErrInvalidDeposit)`, market code 28), x/bme/keeper (ErrCircuitBreakerActive),
 *   x/auth/ante (sequence, fees, signatures), x/bank (spendable balance).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";

import { ChainError } from "../../../src/chain/errors.js";
import {
  TRANSLATED_FAILURES,
  coreLog,
  isSequenceMismatch,
  parseSequenceMismatch,
  translateAbciFailure,
  type AbciFailure,
  type FailureContext,
} from "../../../src/chain/cosmos/errors.js";
import { OWNER } from "../helpers.js";

const inMsg = (err: string, index = 0): string => `failed to execute message; message index: ${index}: ${err}`;

interface Case {
  readonly name: string;
  readonly failure: AbciFailure;
  readonly context?: FailureContext;
  readonly code: string;
  /** What the message must say (the plain sentence and the fix). */
  readonly says: RegExp;
}

const CASES: readonly Case[] = [
  {
    name: "sequence mismatch at CheckTx (x/auth/ante sigverify)",
    failure: { codespace: "sdk", code: 32, log: "account sequence mismatch, expected 8, got 7: incorrect account sequence" },
    code: "SEQUENCE_MISMATCH",
    says: /expects 8, the transaction had 7.*retry/,
  },
  {
    name: "fee deduction without enough AKT (ante DeductFees over bank)",
    failure: { codespace: "sdk", code: 5, log: "spendable balance 1200uakt is smaller than 7500uakt: insufficient funds: insufficient funds" },
    code: "INSUFFICIENT_FUNDS",
    says: /not enough AKT.*send AKT to this account/,
  },
  {
    name: "MsgMintACT burning more uakt than the account has (bank SendCoinsFromAccountToModule)",
    failure: { codespace: "sdk", code: 5, log: inMsg("spendable balance 2000000uakt is smaller than 25000000uakt: insufficient funds") },
    context: { depositDenom: "uakt" },
    code: "INSUFFICIENT_FUNDS",
    says: /not enough AKT/,
  },
  {
    name: "MsgBurnACT burning more uact than the account has",
    failure: { codespace: "sdk", code: 5, log: inMsg("spendable balance 100uact is smaller than 500000uact: insufficient funds") },
    code: "INSUFFICIENT_ACT",
    says: /not enough ACT.*akash act mint/,
  },
  {
    name: "create deployment without enough uact (escrow AuthorizeDeposits → market ErrInvalidDeposit)",
    failure: { codespace: "market", code: 28, log: inMsg("deposit invalid: insufficient balance") },
    context: { depositDenom: "uact" },
    code: "INSUFFICIENT_ACT",
    says: /not enough ACT.*mint it from AKT with `akash act mint`/,
  },
  {
    name: "uakt top-up without enough uakt",
    failure: { codespace: "market", code: 28, log: inMsg("deposit invalid: insufficient balance") },
    context: { depositDenom: "uakt" },
    code: "INSUFFICIENT_FUNDS",
    says: /not enough AKT/,
  },
  {
    name: "uakt deposit on create (deployment ErrInvalidDeposit)",
    failure: { codespace: "deployment", code: 20, log: inMsg("Deposit invalid") },
    context: { depositDenom: "uakt" },
    code: "DEPOSIT_REJECTED",
    says: /cannot be funded in uakt.*BME.*deposit uact.*akash act mint/,
  },
  {
    name: "deposit below the minimum (params.ValidateDeposit)",
    failure: { codespace: "deployment", code: 20, log: inMsg("Deposit invalid") },
    context: { depositDenom: "uact" },
    code: "DEPOSIT_REJECTED",
    says: /minimum.*500000uact/,
  },
  {
    name: "fee below min-gas-prices (x/auth/ante fee)",
    failure: { codespace: "sdk", code: 13, log: "insufficient fees; got: 100uakt required: 5000uakt: insufficient fee" },
    code: "INSUFFICIENT_FEE",
    says: /requires at least 5000uakt.*--gas-prices/,
  },
  {
    name: "out of gas in DeliverTx",
    failure: { codespace: "sdk", code: 11, log: "out of gas in location: WriteFlat; gasWanted: 200000, gasUsed: 204512: out of gas" },
    code: "OUT_OF_GAS",
    says: /limit 200000, used 204512.*--gas-adjustment/,
  },
  {
    name: "wrong chain id or account number (ante sigverify)",
    failure: {
      codespace: "sdk",
      code: 4,
      log: "signature verification failed; please verify account number (42) and chain-id (akashnet-2): (unable to verify single signer signature): unauthorized",
    },
    code: "SIGNATURE_REJECTED",
    says: /signature.*chain id/,
  },
  {
    name: "an account the chain has never seen (ante GetSignerAcc)",
    failure: { codespace: "sdk", code: 9, log: `account ${OWNER} does not exist: unknown address` },
    code: "ACCOUNT_NOT_FOUND",
    says: /does not exist on chain yet.*send it some AKT/,
  },
  {
    name: "the same tx twice",
    failure: { codespace: "sdk", code: 19, log: "tx already in mempool" },
    code: "TX_IN_MEMPOOL",
    says: /already waiting.*instead of sending it again/,
  },
  {
    name: "a field the node does not know (reclamation sent to a v2.0 node)",
    failure: { codespace: "sdk", code: 2, log: 'errUnknownField "*v1beta4.MsgCreateDeployment": {TagNum: 5, WireType:"bytes"}: tx parse error' },
    code: "TX_REJECTED_FORMAT",
    says: /does not understand part of this transaction.*chain version/,
  },
  {
    name: "dseq already used",
    failure: { codespace: "deployment", code: 3, log: inMsg("Deployment exists") },
    code: "DEPLOYMENT_EXISTS",
    says: /already exists.*--dseq/,
  },
  {
    name: "update with an unchanged manifest",
    failure: { codespace: "deployment", code: 10, log: inMsg("Invalid: deployment hash") },
    code: "HASH_UNCHANGED",
    says: /nothing to update/,
  },
  {
    name: "close a closed deployment",
    failure: { codespace: "deployment", code: 5, log: inMsg("Deployment closed") },
    code: "DEPLOYMENT_CLOSED",
    says: /closed.*create a new one/,
  },
  {
    name: "prices not in uact",
    failure: { codespace: "deployment", code: 24, log: inMsg("invalid price: unsupported denomination") },
    code: "PRICE_REJECTED",
    says: /unsupported denomination.*denom: uact/,
  },
  {
    name: "accept a bid whose order was already leased",
    failure: { codespace: "market", code: 13, log: inMsg("bid: order not open") },
    code: "ORDER_NOT_OPEN",
    says: /no longer open/,
  },
  {
    name: "accept a bid that is no longer open",
    failure: { codespace: "market", code: 12, log: inMsg("bid not open") },
    code: "BID_NOT_OPEN",
    says: /pick another open bid/,
  },
  {
    name: "accept a bid on an overdrawn deployment (escrow PaymentCreate)",
    failure: { codespace: "escrow", code: 4, log: inMsg("account overdrawn") },
    code: "ESCROW_OVERDRAWN",
    says: /ran out of funds.*create a new deployment/,
  },
  {
    name: "accept a bid the escrow has no funds for in its denom",
    failure: { codespace: "escrow", code: 5, log: inMsg("invalid denomination") },
    code: "ESCROW_DENOM",
    says: /deposit uact/,
  },
  {
    name: "mint ACT while the circuit breaker is tripped",
    failure: { codespace: "bme", code: 6, log: inMsg("circuit breaker is active") },
    code: "BME_HALTED",
    says: /minting is halted.*akash act status/,
  },
  {
    name: "mint ACT with an unhealthy oracle",
    failure: { codespace: "bme", code: 5, log: inMsg("oracle is unhealthy") },
    code: "ORACLE_UNHEALTHY",
    says: /oracle is unhealthy/,
  },
  {
    name: "anything not in the table",
    failure: { codespace: "wasm", code: 99, log: inMsg("some new failure") },
    code: "TX_FAILED",
    says: /the chain rejected the transaction: some new failure \(wasm code 99\)/,
  },
];

describe("translateAbciFailure", () => {
  for (const c of CASES) {
    test(c.name, () => {
      const error = translateAbciFailure({ ...c.failure, txHash: "ABC123", height: 77n }, c.context);
      assert.ok(error instanceof ChainError);
      assert.equal(error.code, c.code);
      assert.match(error.message, c.says);
      assert.match(error.message, /\[tx ABC123\]/);
      // the raw log is kept, in data only, unchanged
      assert.equal(error.rawLog, c.failure.log);
      assert.equal(error.data.codespace, c.failure.codespace);
      assert.equal(error.data.abciCode, c.failure.code);
      assert.equal(error.txHash, "ABC123");
      assert.equal(error.data.height, "77");
      // the message is a sentence for a person, not the log
      assert.ok(!error.message.includes("failed to execute message"));
    });
  }

  test("every table entry is keyed codespace/code and every case above hits a distinct rule or the fallback", () => {
    for (const key of TRANSLATED_FAILURES) assert.match(key, /^(sdk|deployment|market|escrow|bme)\/\d+$/);
    const hit = new Set(CASES.map((c) => `${c.failure.codespace}/${c.failure.code}`).filter((k) => TRANSLATED_FAILURES.includes(k)));
    assert.ok(hit.size >= 20, `only ${hit.size} rules exercised`);
  });

  test("a long raw log is capped, and a query failure is QUERY_FAILED", () => {
    const error = translateAbciFailure({ codespace: "sdk", code: 22, log: `account ${OWNER} not found: key not found${"x".repeat(10_000)}` }, { stage: "query" });
    assert.equal(error.code, "QUERY_FAILED");
    assert.ok((error.rawLog ?? "").length <= 4001);
    assert.match(error.message, /the chain rejected the query/);
  });
});

describe("sequence mismatch detection", () => {
  test("by code, and by text as the Go client does", () => {
    const log = "account sequence mismatch, expected 12, got 11: incorrect account sequence";
    assert.ok(isSequenceMismatch({ codespace: "sdk", code: 32, log }));
    assert.ok(isSequenceMismatch({ codespace: "", code: 1, log: `rpc error: ${log}` }));
    assert.ok(!isSequenceMismatch({ codespace: "sdk", code: 5, log: "insufficient funds" }));
    assert.deepEqual(parseSequenceMismatch(log), { expected: 12n, got: 11n });
    assert.equal(parseSequenceMismatch("nothing"), undefined);
  });

  test("coreLog strips baseapp's wrapper and keeps the first line", () => {
    assert.equal(coreLog(inMsg("Deposit invalid", 3)), "Deposit invalid");
    assert.equal(coreLog("panic: boom\nstack trace"), "panic: boom");
  });
});
