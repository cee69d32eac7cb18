/**
 * Market module messages a tenant sends (`akash.market.v1beta5.Msg`, protocol.md §1.3):
 * accept a bid (MsgCreateLease) and close a lease (MsgCloseLease). Closing a bid is the
 * provider's (its signer is the provider), so there is no builder for it.
 */
import type { EncodeObject } from "@cosmjs/proto-signing";
import { MsgCloseLease, MsgCreateLease } from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import { LeaseClosedReason } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import type { BidId, LeaseId } from "../../../types.js";
import { checkDseq, checkSeq, inputError, uint64 } from "../../encoding.js";
import { TYPE_URL } from "../../registry.js";

function bidId(id: BidId, what: string) {
  if (id.owner === "" || id.provider === "") throw inputError("INVALID_ADDRESS", `${what}: owner and provider must both be set`);
  // ValidateBasic: a tenant cannot lease from itself (market ErrSameAccount).
  if (id.owner === id.provider) {
    throw inputError("SELF_LEASE", `${what}: the provider ${id.provider} is the deployment owner itself; an account cannot lease from itself`, {
      provider: id.provider,
    });
  }
  return {
    owner: id.owner,
    dseq: uint64(checkDseq(id.dseq)),
    gseq: checkSeq("gseq", id.gseq),
    oseq: checkSeq("oseq", id.oseq),
    provider: id.provider,
    // CreateBid rejects any bseq but 0 today; the field is kept for the future.
    bseq: checkSeq("bseq", id.bseq, 0),
  };
}

/** Accept a bid: the lease starts paying the provider from the deployment's escrow. */
export function createLeaseMsg(bid: BidId): EncodeObject {
  return { typeUrl: TYPE_URL.MsgCreateLease, value: MsgCreateLease.fromPartial({ bidId: bidId(bid, "create lease") }) };
}

/**
 * Close a lease. The handler records `lease_closed_owner` whatever reason is sent; we send that.
 * If the group is still open the chain immediately opens a new order for it (protocol.md §1.3):
 * close the group or the deployment to stop re-listing.
 */
export function closeLeaseMsg(lease: LeaseId): EncodeObject {
  const value = MsgCloseLease.fromPartial({ id: bidId(lease, "close lease"), reason: LeaseClosedReason.lease_closed_owner });
  return { typeUrl: TYPE_URL.MsgCloseLease, value };
}
