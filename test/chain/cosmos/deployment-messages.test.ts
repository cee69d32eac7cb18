/**
 * MsgCreateDeployment from compiled SDL, proven offline:
 * - every example: build, encode with our registry, decode with chain-sdk, and check every field
 *   against the compiler output (group specs, hash = the 32 bytes of `version`, deposit);
 * - the GroupSpec bytes equal what chain-sdk's own `generateManifest(...).groupSpecs` encode,
 *   directly where chain-sdk agrees with Go, and after the documented divergences
 *   (docs/chain-sdk-divergences.md, modelled in test/sdl/chain-sdk-oracle.ts) where it does not;
 * - every Go conformance vector's group specs survive toProto → bytes → fromProto unchanged;
 * - what the chain would reject is refused with a typed error before anything is signed.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { SDL, generateManifest } from "@akashnetwork/chain-sdk";
import { GroupSpec as ProtoGroupSpec, MsgCloseDeployment, MsgCloseGroup, MsgCreateDeployment, MsgPauseGroup, MsgStartGroup, MsgUpdateDeployment } from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import { Source } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import { Coin as ProtoCoin, DecCoin } from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";

import { InputError } from "../../../src/errors.js";
import { compileSdl } from "../../../src/sdl/compile.js";
import { DEFAULT_LIMITS, parseYaml } from "../../../src/sdl/parse.js";
import type { GroupSpec } from "../../../src/sdl/types.js";
import { UINT64_MAX, legacyDecAtomics } from "../../../src/chain/cosmos/encoding.js";
import { fromProtoGroupSpec, toProtoGroupSpec } from "../../../src/chain/cosmos/modules/deployment/groupspec.js";
import { closeDeploymentMsg, createDeploymentMsg, groupMsg, updateDeploymentMsg } from "../../../src/chain/cosmos/modules/deployment/messages.js";
import { akashRegistry } from "../../../src/chain/cosmos/registry.js";
import { requireVectors, validVectors } from "../../helpers/fixtures.js";
import { modelChainSdk } from "../../sdl/chain-sdk-oracle.js";
import { OWNER, compiledExamples } from "../helpers.js";

const registry = akashRegistry();
const UTF8 = new TextDecoder();
const DEPOSIT = { denom: "uact", amount: "5000000" };

/**
 * What Go's encoding/json prints for these group specs after a protobuf round trip: an empty
 * list is nil (null), and nil `omitempty` attribute lists disappear.
 */
function afterRoundTrip(groups: readonly GroupSpec[]): unknown {
  const nulled = JSON.parse(JSON.stringify(groups, (_key, value: unknown) => (Array.isArray(value) && value.length === 0 ? null : value))) as unknown;
  const strip = (node: unknown, parentKey: string): unknown => {
    if (Array.isArray(node)) return node.map((item) => strip(item, parentKey));
    if (node === null || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === "attributes" && value === null && parentKey !== "requirements") continue;
      out[key] = strip(value, key);
    }
    return out;
  };
  return strip(nulled, "");
}

describe("MsgCreateDeployment for every example SDL", () => {
  for (const example of compiledExamples()) {
    test(example.name, () => {
      const { output } = example;
      const msg = createDeploymentMsg({ owner: OWNER, dseq: 1234567n, spec: output, deposit: DEPOSIT });
      assert.equal(msg.typeUrl, "/akash.deployment.v1beta4.MsgCreateDeployment");

      const bytes = registry.encode(msg);
      const decoded = MsgCreateDeployment.decode(bytes);

      assert.equal(decoded.id?.owner, OWNER);
      assert.equal(decoded.id?.dseq.toString(), "1234567");
      assert.equal(decoded.hash.length, 32);
      assert.deepEqual(Buffer.from(decoded.hash), Buffer.from(output.version, "hex"));
      assert.deepEqual(decoded.deposit?.amount, { denom: "uact", amount: "5000000" });
      assert.deepEqual(decoded.deposit?.sources, [Source.balance]);

      // Field by field against the compiler output.
      assert.equal(decoded.groups.length, output.groups.length);
      output.groups.forEach((group, g) => {
        const spec = decoded.groups[g];
        assert.ok(spec);
        assert.equal(spec.name, group.name);
        assert.deepEqual(spec.requirements?.signedBy?.allOf, group.requirements.signed_by.all_of ?? []);
        assert.deepEqual(spec.requirements?.signedBy?.anyOf, group.requirements.signed_by.any_of ?? []);
        assert.deepEqual(
          spec.requirements?.attributes,
          (group.requirements.attributes ?? []).map((a) => ({ key: a.key ?? "", value: a.value ?? "" })),
        );
        assert.equal(spec.resources.length, group.resources.length);
        group.resources.forEach((unit, u) => {
          const got = spec.resources[u];
          assert.ok(got?.resource);
          const r = got.resource;
          assert.equal(r.id, unit.resource.id);
          // ResourceValue.val: the UTF-8 bytes of the decimal string (math.Int's binary form).
          assert.equal(UTF8.decode(r.cpu?.units?.val), unit.resource.cpu.units.val);
          assert.equal(UTF8.decode(r.memory?.quantity?.val), unit.resource.memory.size.val);
          assert.equal(UTF8.decode(r.gpu?.units?.val), unit.resource.gpu.units.val);
          assert.deepEqual(
            r.storage.map((s) => [s.name, UTF8.decode(s.quantity?.val)]),
            (unit.resource.storage ?? []).map((s) => [s.name, s.size.val]),
          );
          assert.deepEqual(
            r.endpoints.map((e) => [e.kind, e.sequenceNumber]),
            (unit.resource.endpoints ?? []).map((e) => [e.kind ?? 0, e.sequence_number]),
          );
          assert.equal(got.count, unit.count);
          assert.equal(got.price?.denom, unit.price.denom);
          // On the wire a DecCoin amount is LegacyDec: the decimal × 10^18 as an integer string.
          // Coin has the same field layout without chain-sdk's LegacyDec conversion, so it shows the raw string.
          const wire = ProtoCoin.decode(DecCoin.encode(got.price ?? { denom: "", amount: "" }).finish());
          assert.equal(wire.amount, legacyDecAtomics(unit.price.amount)?.toString());
        });
      });

      // And as a whole: decoding gives back exactly the compiler's group specs (Go's view of them).
      assert.deepStrictEqual(decoded.groups.map(fromProtoGroupSpec), afterRoundTrip(output.groups));
    });
  }
});

describe("GroupSpec bytes against chain-sdk's generateManifest", () => {
  for (const example of compiledExamples()) {
    test(example.name, () => {
      const data = SDL.fromString(example.text, "beta3", "mainnet").data;
      const generated = generateManifest(data as unknown as Parameters<typeof generateManifest>[0], "mainnet");
      assert.ok(generated.ok, "chain-sdk rejected the example");
      const theirs = generated.value.groupSpecs.map((g) => Buffer.from(ProtoGroupSpec.encode(g).finish()));
      const ours = example.output.groups.map((g) => Buffer.from(ProtoGroupSpec.encode(toProtoGroupSpec(g)).finish()));

      const model = modelChainSdk(parseYaml(example.text, DEFAULT_LIMITS).value, example.output);
      const modelled = (model.expected.groups as GroupSpec[]).map((g) => Buffer.from(ProtoGroupSpec.encode(toProtoGroupSpec(g)).finish()));
      // Our encoder applied to what chain-sdk produces (Go's groups with chain-sdk's documented
      // divergences) gives chain-sdk's bytes exactly: same field numbers, ResourceValue bytes, LegacyDec.
      assert.deepEqual(modelled, theirs);
      const groupsDiverge = JSON.stringify(model.expected.groups) !== JSON.stringify(example.output.groups);
      if (groupsDiverge) {
        // examples/gpu-llm-inference.yaml (volume and GPU attribute order) and examples/ip-lease.yaml
        // (endpoint order): chain-sdk's group specs are not Go's, so neither are its bytes.
        assert.notDeepEqual(ours, theirs);
      } else {
        assert.deepEqual(ours, theirs);
      }
    });
  }

  test("the agreeing and diverging examples are the ones docs/chain-sdk-divergences.md lists", () => {
    const diverging = compiledExamples()
      .filter((e) => JSON.stringify(modelChainSdk(parseYaml(e.text, DEFAULT_LIMITS).value, e.output).expected.groups) !== JSON.stringify(e.output.groups))
      .map((e) => e.name);
    assert.deepEqual(diverging, ["gpu-llm-inference.yaml", "ip-lease.yaml"]);
  });
});

describe("Go conformance vectors", () => {
  test("every valid vector's Go group specs survive toProto → bytes → fromProto", (t) => {
    if (!requireVectors(t)) return;
    const vectors = validVectors();
    assert.ok(vectors.length >= 15);
    for (const vector of vectors) {
      const groups = vector.groupSpecs as GroupSpec[];
      const back = groups.map((g) => fromProtoGroupSpec(ProtoGroupSpec.decode(ProtoGroupSpec.encode(toProtoGroupSpec(g)).finish())));
      assert.deepStrictEqual(back, afterRoundTrip(groups), vector.name);
    }
  });
});

describe("refused before signing", () => {
  const spec = compiledExamples()[0]?.output;
  assert.ok(spec);

  function refused(fn: () => unknown, code: string, pattern?: RegExp): void {
    assert.throws(fn, (error: unknown) => {
      assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
      assert.equal(error.code, code);
      if (pattern) assert.match(error.message, pattern);
      return true;
    });
  }

  test("a uakt deposit on create says why and what to do", () => {
    refused(
      () => createDeploymentMsg({ owner: OWNER, dseq: 1n, spec, deposit: { denom: "uakt", amount: "5000000" } }),
      "DEPOSIT_DENOM",
      /cannot be funded in uakt.*BME.*uact.*akash act mint.*escrow deposit/s,
    );
  });

  test("a deposit in another denom, or not a positive whole number, or beyond int64", () => {
    refused(() => createDeploymentMsg({ owner: OWNER, dseq: 1n, spec, deposit: { denom: "ibc/ABC", amount: "5" } }), "DEPOSIT_DENOM");
    refused(() => createDeploymentMsg({ owner: OWNER, dseq: 1n, spec, deposit: { denom: "uact", amount: "0" } }), "INVALID_AMOUNT");
    refused(() => createDeploymentMsg({ owner: OWNER, dseq: 1n, spec, deposit: { denom: "uact", amount: "1.5" } }), "INVALID_AMOUNT");
    refused(() => createDeploymentMsg({ owner: OWNER, dseq: 1n, spec, deposit: { denom: "uact", amount: (1n << 63n).toString() } }), "INVALID_AMOUNT");
    refused(() => createDeploymentMsg({ owner: OWNER, dseq: 1n, spec, deposit: { denom: "u", amount: "5" } }), "INVALID_DENOM");
  });

  test("prices in uakt", () => {
    const text = compiledExamples()[0]?.text.replace(/denom: uact/g, "denom: uakt") ?? "";
    const uakt = compileSdl(text).output;
    assert.ok(uakt);
    refused(() => createDeploymentMsg({ owner: OWNER, dseq: 1n, spec: uakt, deposit: DEPOSIT }), "PRICE_DENOM", /priced in uakt.*denom: uact/);
  });

  test("reclamation, which chain-sdk 1.0.0-alpha.25 cannot encode", () => {
    refused(
      () => createDeploymentMsg({ owner: OWNER, dseq: 1n, spec: { ...spec, reclamation: { min_window: "1h" } }, deposit: DEPOSIT }),
      "RECLAMATION_UNSUPPORTED",
      /min_window 1h.*remove `reclamation:`/,
    );
  });

  test("dseq 0 or beyond uint64, a bad version, bad deposit sources", () => {
    refused(() => createDeploymentMsg({ owner: OWNER, dseq: 0n, spec, deposit: DEPOSIT }), "INVALID_DSEQ");
    refused(() => createDeploymentMsg({ owner: OWNER, dseq: UINT64_MAX + 1n, spec, deposit: DEPOSIT }), "INVALID_DSEQ");
    refused(() => createDeploymentMsg({ owner: OWNER, dseq: 1n, spec: { ...spec, version: "abc" }, deposit: DEPOSIT }), "INVALID_VERSION");
    refused(() => createDeploymentMsg({ owner: OWNER, dseq: 1n, spec, deposit: DEPOSIT, sources: [] }), "INVALID_DEPOSIT_SOURCES");
    refused(() => createDeploymentMsg({ owner: OWNER, dseq: 1n, spec, deposit: DEPOSIT, sources: ["balance", "balance"] }), "INVALID_DEPOSIT_SOURCES");
  });

  test("grant sources are kept in the order given", () => {
    const msg = createDeploymentMsg({ owner: OWNER, dseq: 1n, spec, deposit: DEPOSIT, sources: ["grant", "balance"] });
    assert.deepEqual(MsgCreateDeployment.decode(registry.encode(msg)).deposit?.sources, [Source.grant, Source.balance]);
  });
});

describe("dseq and the other deployment messages", () => {
  test("dseq round-trips across the whole uint64 range", () => {
    const spec = compiledExamples()[0]?.output;
    assert.ok(spec);
    for (const dseq of [1n, 26_063_777n, (1n << 53n) + 1n, (1n << 63n) - 1n, 1n << 63n, UINT64_MAX]) {
      const decoded = MsgCreateDeployment.decode(registry.encode(createDeploymentMsg({ owner: OWNER, dseq, spec, deposit: DEPOSIT })));
      assert.equal(decoded.id?.dseq.toString(), dseq.toString());
      assert.equal(MsgCloseDeployment.decode(registry.encode(closeDeploymentMsg({ owner: OWNER, dseq }))).id?.dseq.toString(), dseq.toString());
    }
  });

  test("update carries only the new hash; close and group messages only ids", () => {
    const version = "ab".repeat(32);
    const update = MsgUpdateDeployment.decode(registry.encode(updateDeploymentMsg({ owner: OWNER, dseq: 42n, version })));
    assert.deepEqual({ owner: update.id?.owner, dseq: update.id?.dseq.toString(), hash: Buffer.from(update.hash).toString("hex") }, { owner: OWNER, dseq: "42", hash: version });

    const codecs = { closeGroup: MsgCloseGroup, pauseGroup: MsgPauseGroup, startGroup: MsgStartGroup } as const;
    for (const action of ["closeGroup", "pauseGroup", "startGroup"] as const) {
      const msg = groupMsg(action, { owner: OWNER, dseq: 42n, gseq: 2 });
      assert.equal(msg.typeUrl, `/akash.deployment.v1beta4.Msg${action[0]?.toUpperCase()}${action.slice(1)}`);
      const id = codecs[action].decode(registry.encode(msg)).id;
      assert.deepEqual({ owner: id?.owner, dseq: id?.dseq.toString(), gseq: id?.gseq }, { owner: OWNER, dseq: "42", gseq: 2 });
    }
    assert.throws(() => groupMsg("closeGroup", { owner: OWNER, dseq: 42n, gseq: 0 }), /gseq must be an integer from 1/);
  });
});
