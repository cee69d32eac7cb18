/** Domain intents (src/chain/client.ts) → the Akash messages that carry them, signed by `signer`. */
import type { EncodeObject } from "@cosmjs/proto-signing";
import type { TxIntent } from "../client.js";
import { inputError } from "./encoding.js";
import { burnActMsg, mintActMsg } from "./modules/bme/messages.js";
import { closeDeploymentMsg, createDeploymentMsg, groupMsg, updateDeploymentMsg } from "./modules/deployment/messages.js";
import { depositMsg } from "./modules/escrow/messages.js";
import { closeLeaseMsg, createLeaseMsg } from "./modules/market/messages.js";
import { createCertificateMsg, revokeCertificateMsg } from "./modules/cert/messages.js";

function ownBid(signer: string, owner: string, what: string): void {
  if (owner !== signer) {
    throw inputError("INVALID_ADDRESS", `${what}: the deployment belongs to ${owner}, but transactions are signed by ${signer}; only the owner can do this`, {
      owner,
      signer,
    });
  }
}

export function intentMessage(signer: string, intent: TxIntent): EncodeObject {
  switch (intent.kind) {
    case "createDeployment":
      return createDeploymentMsg({
        owner: signer,
        dseq: intent.dseq,
        spec: intent.spec,
        deposit: intent.deposit,
        ...(intent.sources ? { sources: intent.sources } : {}),
      });
    case "updateDeployment":
      return updateDeploymentMsg({ owner: signer, dseq: intent.dseq, version: intent.version });
    case "closeDeployment":
      return closeDeploymentMsg({ owner: signer, dseq: intent.dseq });
    case "closeGroup":
    case "pauseGroup":
    case "startGroup":
      return groupMsg(intent.kind, { owner: signer, dseq: intent.dseq, gseq: intent.gseq });
    case "depositEscrow":
      return depositMsg({
        signer,
        owner: intent.owner ?? signer,
        dseq: intent.dseq,
        amount: intent.amount,
        ...(intent.sources ? { sources: intent.sources } : {}),
      });
    case "createLease":
      ownBid(signer, intent.bid.owner, "create lease");
      return createLeaseMsg(intent.bid);
    case "closeLease":
      ownBid(signer, intent.lease.owner, "close lease");
      return closeLeaseMsg(intent.lease);
    case "mintAct":
      return mintActMsg(signer, intent.amount);
    case "burnAct":
      return burnActMsg(signer, intent.amount);
    case "createCertificate":
      return createCertificateMsg(signer, intent.certPem, intent.pubkeyPem);
    case "revokeCertificate":
      return revokeCertificateMsg(signer, intent.serial);
  }
}

/** The denomination of the deposit a set of intents carries, for error messages. */
export function depositDenom(intents: readonly TxIntent[]): string | undefined {
  for (const intent of intents) {
    if (intent.kind === "createDeployment") return intent.deposit.denom;
    if (intent.kind === "depositEscrow") return intent.amount.denom;
    if (intent.kind === "mintAct" || intent.kind === "burnAct") return intent.amount.denom;
  }
  return undefined;
}
