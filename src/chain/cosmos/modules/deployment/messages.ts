/**
 * Deployment module messages (`akash.deployment.v1beta4.Msg`, protocol.md §1.2) built from the
 * SDL compiler's output. Each builder checks what the chain's ValidateBasic and handler would
 * reject, so a doomed transaction is refused before a fee is paid, and returns a cosmjs
 * EncodeObject whose value is a chain-sdk message.
 */
import type { EncodeObject } from "@cosmjs/proto-signing";
import {
  MsgCloseDeployment,
  MsgCloseGroup,
  MsgCreateDeployment,
  MsgPauseGroup,
  MsgStartGroup,
  MsgUpdateDeployment,
} from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import { Source } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import type { DeploymentSpec, DepositSource } from "../../../types.js";
import { checkCoin, checkDseq, checkSeq, inputError, uint64, versionBytes } from "../../encoding.js";
import { TYPE_URL } from "../../registry.js";
import { toProtoGroupSpec } from "./groupspec.js";

/** Since the BME upgrade (Mainnet 17) deployments are priced and funded in ACT. */
export const ACT_DENOM = "uact";
export const AKT_DENOM = "uakt";

export interface MsgCreateDeploymentEncodeObject extends EncodeObject {
  readonly typeUrl: typeof TYPE_URL.MsgCreateDeployment;
  readonly value: MsgCreateDeployment;
}

/** Deposit sources for the chain: non-empty, no repeats (deposit ValidateBasic). */
export function depositSources(sources: readonly DepositSource[] | undefined): Source[] {
  const list = sources ?? ["balance"];
  if (list.length === 0 || new Set(list).size !== list.length || list.some((s) => s !== "balance" && s !== "grant")) {
    throw inputError(
      "INVALID_DEPOSIT_SOURCES",
      `deposit sources must be "balance", "grant" or both, each once; got ${JSON.stringify(list)}`,
      { sources: [...list] },
    );
  }
  return list.map((s) => (s === "balance" ? Source.balance : Source.grant));
}

function deploymentId(owner: string, dseq: bigint): { owner: string; dseq: bigint } {
  if (owner === "") throw inputError("INVALID_ADDRESS", "the deployment owner address is empty");
  return { owner, dseq: uint64(checkDseq(dseq)) };
}

export interface CreateDeploymentInput {
  readonly owner: string;
  readonly dseq: bigint;
  readonly spec: DeploymentSpec;
  readonly deposit: { readonly denom: string; readonly amount: string };
  readonly sources?: readonly DepositSource[];
}

/**
 * MsgCreateDeployment for a compiled SDL. Refused here, as the chain would refuse it:
 * - a deposit in uakt: since BME, CreateDeployment rejects AKT deposits outright ("AKT deposits
 *   are only allowed via AccountDeposit"), and the deposit denom must equal the price denom;
 * - prices in anything but uact (the handler's "unsupported denomination");
 * - `reclamation` (SDL 2.1): field 5 of MsgCreateDeployment exists only on v2.1 chains and
 *   chain-sdk 1.0.0-alpha.25 has no codec for it, so it cannot be sent, and dropping it silently
 *   would give the tenant a deployment without the guarantee they asked for.
 */
export function createDeploymentMsg(input: CreateDeploymentInput): MsgCreateDeploymentEncodeObject {
  const { spec } = input;
  if (spec.reclamation !== undefined) {
    throw inputError(
      "RECLAMATION_UNSUPPORTED",
      `the SDL asks for reclamation (min_window ${spec.reclamation.min_window}), which this version of akash cannot send yet ` +
        "(MsgCreateDeployment.reclamation needs a newer @akashnetwork/chain-sdk); remove `reclamation:` from the SDL to deploy without it",
      { minWindow: spec.reclamation.min_window },
    );
  }
  if (spec.groups.length === 0) throw inputError("NO_GROUPS", "the deployment has no groups");
  for (const group of spec.groups) {
    for (const unit of group.resources) {
      if (unit.price.denom !== ACT_DENOM) {
        throw inputError(
          "PRICE_DENOM",
          `group "${group.name}" is priced in ${unit.price.denom}; since the BME upgrade the chain accepts only ${ACT_DENOM} prices. ` +
            `Set \`denom: ${ACT_DENOM}\` in profiles.placement.*.pricing`,
          { group: group.name, denom: unit.price.denom },
        );
      }
    }
  }
  const deposit = checkCoin(input.deposit, "deployment deposit", { maxInt64: true });
  if (deposit.denom === AKT_DENOM) {
    throw inputError(
      "DEPOSIT_DENOM",
      `a new deployment cannot be funded in ${AKT_DENOM}: since the BME upgrade the chain rejects AKT deposits on create. ` +
        `Deposit ${ACT_DENOM} instead (mint it from AKT with \`akash act mint\`); AKT can still be added later as a fallback reserve with \`akash escrow deposit\``,
      { denom: deposit.denom },
    );
  }
  if (deposit.denom !== ACT_DENOM) {
    throw inputError("DEPOSIT_DENOM", `the deposit must be in ${ACT_DENOM}, the denomination the deployment is priced in; got ${deposit.denom}`, {
      denom: deposit.denom,
    });
  }
  const value = MsgCreateDeployment.fromPartial({
    id: deploymentId(input.owner, input.dseq),
    groups: spec.groups.map(toProtoGroupSpec),
    hash: versionBytes(spec.version),
    deposit: { amount: deposit, sources: depositSources(input.sources) },
  });
  return { typeUrl: TYPE_URL.MsgCreateDeployment, value };
}

/** MsgUpdateDeployment: a new manifest hash. Groups cannot change (the message has none). */
export function updateDeploymentMsg(input: { readonly owner: string; readonly dseq: bigint; readonly version: string }): EncodeObject {
  const value = MsgUpdateDeployment.fromPartial({ id: deploymentId(input.owner, input.dseq), hash: versionBytes(input.version) });
  return { typeUrl: TYPE_URL.MsgUpdateDeployment, value };
}

export function closeDeploymentMsg(input: { readonly owner: string; readonly dseq: bigint }): EncodeObject {
  return { typeUrl: TYPE_URL.MsgCloseDeployment, value: MsgCloseDeployment.fromPartial({ id: deploymentId(input.owner, input.dseq) }) };
}

export type GroupAction = "closeGroup" | "pauseGroup" | "startGroup";

const GROUP_CODECS = { closeGroup: MsgCloseGroup, pauseGroup: MsgPauseGroup, startGroup: MsgStartGroup } as const;
const GROUP_URLS = { closeGroup: TYPE_URL.MsgCloseGroup, pauseGroup: TYPE_URL.MsgPauseGroup, startGroup: TYPE_URL.MsgStartGroup } as const;

/** MsgCloseGroup, MsgPauseGroup or MsgStartGroup for one group of a deployment. */
export function groupMsg(action: GroupAction, input: { readonly owner: string; readonly dseq: bigint; readonly gseq: number }): EncodeObject {
  const id = { ...deploymentId(input.owner, input.dseq), gseq: checkSeq("gseq", input.gseq) };
  return { typeUrl: GROUP_URLS[action], value: GROUP_CODECS[action].fromPartial({ id }) };
}
