/**
 * Offline signing and `--generate-only`:
 * - sign → verify: the signature recovers against the signer's public key over
 *   sha256(SignDoc bytes), and the TxRaw decodes (chain-sdk) to the body, auth info and fee we planned;
 * - the unsigned JSON has the Cosmos SDK's shape (proto names, every field, enums by name,
 *   custom types through their JSON), checked field by field against the compiler output.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Secp256k1, Secp256k1Signature, sha256 } from "@cosmjs/crypto";
import { AuthInfo, TxBody, TxRaw } from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import { PubKey } from "@akashnetwork/chain-sdk/private-types/cosmos.secp256k1";
import { MsgCreateDeployment } from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";

import { InputError } from "../../../src/errors.js";
import { closeLeaseMsg, createLeaseMsg } from "../../../src/chain/cosmos/modules/market/messages.js";
import { createDeploymentMsg } from "../../../src/chain/cosmos/modules/deployment/messages.js";
import { depositMsg } from "../../../src/chain/cosmos/modules/escrow/messages.js";
import { burnActMsg, mintActMsg } from "../../../src/chain/cosmos/modules/bme/messages.js";
import { akashRegistry } from "../../../src/chain/cosmos/registry.js";
import { generateOnly, signTx, simulationTxBytes, txHash } from "../../../src/chain/cosmos/tx.js";
import { OWNER, PROVIDER, compiledExamples, testSigner } from "../helpers.js";

const registry = akashRegistry();
const BID = { owner: OWNER, dseq: 900n, gseq: 1, oseq: 1, provider: PROVIDER, bseq: 0 };

describe("sign offline", () => {
  test("sign → verify against the public key; the TxRaw decodes to what was planned", async () => {
    const signer = await testSigner();
    const [account] = await signer.getAccounts();
    assert.ok(account);
    assert.equal(account.address, OWNER);
    const spec = compiledExamples()[0]?.output;
    assert.ok(spec);
    const messages = [createDeploymentMsg({ owner: OWNER, dseq: 900n, spec, deposit: { denom: "uact", amount: "5000000" } })];
    const plan = { messages, memo: "akash test", fee: [{ denom: "uakt", amount: "7500" }], gasLimit: 300_000n };
    const signed = await signTx(registry, plan, signer, OWNER, { chainId: "akashnet-2", accountNumber: 42n, sequence: 7n });

    // the signature verifies over sha256(SignDoc bytes) with the account's public key
    const signature = Secp256k1Signature.fromFixedLength(signed.signature);
    assert.ok(await Secp256k1.verifySignature(signature, sha256(signed.signDocBytes), account.pubkey));
    // …and not over another chain's SignDoc
    const otherChain = await signTx(registry, plan, signer, OWNER, { chainId: "sandbox-2", accountNumber: 42n, sequence: 7n });
    assert.ok(!(await Secp256k1.verifySignature(signature, sha256(otherChain.signDocBytes), account.pubkey)));

    // TxRaw → body, auth info, one signature; the hash is sha256 of the bytes, upper-case hex
    const raw = TxRaw.decode(signed.txBytes);
    assert.deepEqual(Buffer.from(raw.signatures[0] ?? []), Buffer.from(signed.signature));
    assert.equal(signed.txHash, txHash(signed.txBytes));
    assert.match(signed.txHash, /^[0-9A-F]{64}$/);

    const body = TxBody.decode(raw.bodyBytes);
    assert.equal(body.memo, "akash test");
    assert.equal(body.messages.length, 1);
    assert.equal(body.messages[0]?.typeUrl, "/akash.deployment.v1beta4.MsgCreateDeployment");
    const msg = MsgCreateDeployment.decode(body.messages[0]?.value ?? new Uint8Array());
    assert.deepEqual(Buffer.from(msg.hash), Buffer.from(spec.version, "hex"));

    const authInfo = AuthInfo.decode(raw.authInfoBytes);
    assert.equal(authInfo.fee?.gasLimit.toString(), "300000");
    assert.deepEqual(authInfo.fee?.amount, [{ denom: "uakt", amount: "7500" }]);
    const signerInfo = authInfo.signerInfos[0];
    assert.equal(signerInfo?.sequence.toString(), "7");
    assert.equal(signerInfo?.modeInfo?.single?.mode, 1); // SIGN_MODE_DIRECT
    assert.equal(signerInfo?.publicKey?.typeUrl, "/cosmos.crypto.secp256k1.PubKey");
    assert.deepEqual(Buffer.from(PubKey.decode(signerInfo?.publicKey?.value ?? new Uint8Array()).key), Buffer.from(account.pubkey));
  });

  test("several messages in one transaction (a lease per group) sign and verify", async () => {
    const signer = await testSigner();
    const [account] = await signer.getAccounts();
    assert.ok(account);
    const messages = [createLeaseMsg(BID), createLeaseMsg({ ...BID, gseq: 2 })];
    const signed = await signTx(registry, { messages, fee: [], gasLimit: 400_000n }, signer, OWNER, { chainId: "akashnet-2", accountNumber: 1n, sequence: 0n });
    assert.ok(await Secp256k1.verifySignature(Secp256k1Signature.fromFixedLength(signed.signature), sha256(signed.signDocBytes), account.pubkey));
    assert.deepEqual(TxBody.decode(TxRaw.decode(signed.txBytes).bodyBytes).messages.map((m) => m.typeUrl), ["/akash.market.v1beta5.MsgCreateLease", "/akash.market.v1beta5.MsgCreateLease"]);
  });

  test("the simulation tx carries the real body and signer info, an empty signature and no fee", async () => {
    const signer = await testSigner();
    const [account] = await signer.getAccounts();
    assert.ok(account);
    const raw = TxRaw.decode(simulationTxBytes(registry, { messages: [closeLeaseMsg(BID)] }, account.pubkey, 9n));
    assert.deepEqual(raw.signatures.map((s) => s.length), [0]);
    const authInfo = AuthInfo.decode(raw.authInfoBytes);
    assert.equal(authInfo.signerInfos[0]?.sequence.toString(), "9");
    assert.deepEqual(authInfo.fee?.amount, []);
  });

  test("an empty transaction is refused", async () => {
    const signer = await testSigner();
    await assert.rejects(signTx(registry, { messages: [], fee: [], gasLimit: 1n }, signer, OWNER, { chainId: "x", accountNumber: 0n, sequence: 0n }), InputError);
  });
});

describe("--generate-only JSON", () => {
  test("the envelope: body, auth_info, signatures, every field, proto names, 64-bit integers as strings", () => {
    const json = generateOnly({ messages: [closeLeaseMsg(BID)], memo: "m", fee: [{ denom: "uakt", amount: "5000" }], gasLimit: 200_000n }) as Record<string, unknown>;
    assert.deepStrictEqual(json, {
      body: {
        messages: [
          {
            "@type": "/akash.market.v1beta5.MsgCloseLease",
            id: { owner: OWNER, dseq: "900", gseq: 1, oseq: 1, provider: PROVIDER, bseq: 0 },
            reason: "lease_closed_owner",
          },
        ],
        memo: "m",
        timeout_height: "0",
        unordered: false,
        timeout_timestamp: null,
        extension_options: [],
        non_critical_extension_options: [],
      },
      auth_info: { signer_infos: [], fee: { amount: [{ denom: "uakt", amount: "5000" }], gas_limit: "200000", payer: "", granter: "" }, tip: null },
      signatures: [],
    });
    // compact JSON keeps that key order, as Go prints it
    assert.match(JSON.stringify(json), /^\{"body":\{"messages":\[\{"@type":"\/akash\.market\.v1beta5\.MsgCloseLease","id":\{"owner":/);
  });

  test("every other tenant message", () => {
    const messages = [
      createLeaseMsg(BID),
      depositMsg({ signer: OWNER, owner: PROVIDER, dseq: 5n, amount: { denom: "uakt", amount: "1000000" }, sources: ["grant", "balance"] }),
      mintActMsg(OWNER, { denom: "uakt", amount: "25000000" }),
      burnActMsg(OWNER, { denom: "uact", amount: "1000000" }),
    ];
    const json = generateOnly({ messages, fee: [], gasLimit: 1n }) as { body: { messages: unknown[] } };
    assert.deepStrictEqual(json.body.messages, [
      { "@type": "/akash.market.v1beta5.MsgCreateLease", bid_id: { owner: OWNER, dseq: "900", gseq: 1, oseq: 1, provider: PROVIDER, bseq: 0 } },
      {
        "@type": "/akash.escrow.v1.MsgAccountDeposit",
        signer: OWNER,
        id: { scope: "deployment", xid: `${PROVIDER}/5` },
        deposit: { amount: { denom: "uakt", amount: "1000000" }, sources: ["grant", "balance"] },
      },
      { "@type": "/akash.bme.v1.MsgMintACT", owner: OWNER, to: OWNER, coins_to_burn: { denom: "uakt", amount: "25000000" } },
      { "@type": "/akash.bme.v1.MsgBurnACT", owner: OWNER, to: OWNER, coins_to_burn: { denom: "uact", amount: "1000000" } },
    ]);
  });

  for (const example of compiledExamples()) {
    test(`MsgCreateDeployment for ${example.name}: group specs are the compiler's, in proto JSON`, () => {
      const { output } = example;
      const msg = createDeploymentMsg({ owner: OWNER, dseq: 12n, spec: output, deposit: { denom: "uact", amount: "5000000" } });
      const json = generateOnly({ messages: [msg], fee: [], gasLimit: 1n }) as { body: { messages: Record<string, unknown>[] } };
      const m = json.body.messages[0];
      assert.ok(m);
      assert.deepEqual(m.id, { owner: OWNER, dseq: "12" });
      assert.equal(m.hash, Buffer.from(output.version, "hex").toString("base64"));
      assert.deepEqual(m.deposit, { amount: { denom: "uact", amount: "5000000" }, sources: ["balance"] });
      // The compiler's Go encoding/json shape → jsonpb (OrigName, EmitDefaults): `size` is the proto
      // field `quantity`, empty lists are [], attributes always present, endpoint kinds by name.
      const KINDS = ["SHARED_HTTP", "RANDOM_PORT", "LEASED_IP"];
      const attrs = (list: readonly { key?: string; value?: string }[] | null | undefined) => (list ?? []).map((a) => ({ key: a.key ?? "", value: a.value ?? "" }));
      const expected = output.groups.map((g) => ({
        name: g.name,
        requirements: {
          signed_by: { all_of: g.requirements.signed_by.all_of ?? [], any_of: g.requirements.signed_by.any_of ?? [] },
          attributes: attrs(g.requirements.attributes),
        },
        resources: g.resources.map((u) => ({
          resource: {
            id: u.resource.id,
            cpu: { units: u.resource.cpu.units, attributes: attrs(u.resource.cpu.attributes) },
            memory: { quantity: u.resource.memory.size, attributes: attrs(u.resource.memory.attributes) },
            storage: (u.resource.storage ?? []).map((s) => ({ name: s.name, quantity: s.size, attributes: attrs(s.attributes) })),
            gpu: { units: u.resource.gpu.units, attributes: attrs(u.resource.gpu.attributes) },
            endpoints: (u.resource.endpoints ?? []).map((e) => ({ kind: KINDS[e.kind ?? 0], sequence_number: e.sequence_number })),
          },
          count: u.count,
          // LegacyDec's JSON: 18 decimals, exactly as the compiler prints prices
          price: u.price,
        })),
      }));
      assert.deepStrictEqual(JSON.parse(JSON.stringify(m.groups)), JSON.parse(JSON.stringify(expected)));
    });
  }
});
