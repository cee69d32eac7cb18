/**
 * The registry holds every tenant message of protocol.md Appendix A, each under the type URL the
 * chain registers, with chain-sdk's codec; and chain-sdk's codecs load under this Node version.
 */
import { test } from "node:test";
import assert from "node:assert/strict";

import { TENANT_MESSAGES, TYPE_URL, akashRegistry } from "../../../src/chain/cosmos/registry.js";

/** protocol.md Appendix A, tenant rows (provider-only and Cosmos authz/feegrant rows left out). */
const APPENDIX_A = [
  "/akash.deployment.v1beta4.MsgCreateDeployment",
  "/akash.deployment.v1beta4.MsgUpdateDeployment",
  "/akash.deployment.v1beta4.MsgCloseDeployment",
  "/akash.deployment.v1beta4.MsgCloseGroup",
  "/akash.deployment.v1beta4.MsgPauseGroup",
  "/akash.deployment.v1beta4.MsgStartGroup",
  "/akash.market.v1beta5.MsgCreateLease",
  "/akash.market.v1beta5.MsgCloseLease",
  "/akash.escrow.v1.MsgAccountDeposit",
  "/akash.bme.v1.MsgMintACT",
  "/akash.bme.v1.MsgBurnACT",
  "/akash.bme.v1.MsgBurnMint",
  "/akash.cert.v1.MsgCreateCertificate",
  "/akash.cert.v1.MsgRevokeCertificate",
];

test("every Appendix A tenant type URL exists in chain-sdk and is registered", () => {
  const registry = akashRegistry();
  const urls = Object.values(TENANT_MESSAGES).map(([url]) => url);
  assert.deepEqual([...urls].sort(), [...APPENDIX_A].sort());
  for (const url of APPENDIX_A) {
    const type = registry.lookupType(url);
    assert.ok(type, `${url} is not registered`);
    // the URL is the codec's own $type: they cannot drift apart
    assert.equal(`/${(type as unknown as { $type: string }).$type}`, url);
  }
});

test("TYPE_URL names each message", () => {
  assert.equal(TYPE_URL.MsgCreateLease, "/akash.market.v1beta5.MsgCreateLease");
  assert.equal(TYPE_URL.MsgAccountDeposit, "/akash.escrow.v1.MsgAccountDeposit");
});
