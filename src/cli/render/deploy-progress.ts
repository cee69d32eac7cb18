/**
 * How `akash deploy` shows its progress: plain lines on stderr (one per step; the bid count only
 * when it changes), or one JSON line per event on stdout for `-o jsonl`. Provider-supplied text
 * (host URIs, service URIs) is escaped before it reaches a terminal.
 */
import type { DeployEvent } from "../../deploy/events.js";
import type { CliIo } from "../io.js";
import { safe } from "./table.js";

export function progressReporter(io: CliIo, mode: "text" | "jsonl" | "quiet"): (event: DeployEvent) => void {
  const lastBids = new Map<number, string>();
  return (event) => {
    if (mode === "jsonl") {
      io.stdout(`${JSON.stringify({ ...event, at: new Date().toISOString() }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}\n`);
      return;
    }
    if (mode === "quiet") return;
    const line = describe(event, lastBids);
    if (line !== null) io.stderr(`${line}\n`);
  };
}

function describe(event: DeployEvent, lastBids: Map<number, string>): string | null {
  switch (event.type) {
    case "funds":
      return `Balance: ${event.spendable.map((c) => `${c.amount}${c.denom}`).join(", ") || "nothing"}; deposit ${event.deposit.amount}${event.deposit.denom}`;
    case "mint":
      return `Minting ACT: burning ${event.amount.amount}${event.amount.denom} (tx ${event.txHash}); waiting for the ACT to arrive…`;
    case "mint-arrived":
      return `ACT arrived: ${event.balance.amount}${event.balance.denom}`;
    case "deployment-created":
      return `Deployment ${event.dseq} created at height ${event.height} (tx ${event.txHash}); ${event.deposit.amount}${event.deposit.denom} locked in escrow`;
    case "bids": {
      const key = `${event.count}/${event.best ?? ""}`;
      if (lastBids.get(event.gseq) === key) return null;
      lastBids.set(event.gseq, key);
      return `Group ${safe(event.group)}: ${event.count} bid${event.count === 1 ? "" : "s"}${event.best ? `, best ${event.best}/block` : ""} (${event.secondsLeft} s left)`;
    }
    case "bid-chosen":
      return `Group ${safe(event.lease.group)}: chose ${event.lease.provider} (${safe(event.lease.hostUri)}) at ${event.lease.pricePerBlock}/block ≈ ${Number(event.lease.actPerMonth).toFixed(2)} ACT/month`;
    case "leases-created":
      return `Leases created (tx ${event.txHash})`;
    case "manifest-sent":
      return `Manifest accepted by ${event.provider}${event.attempts > 1 ? ` after ${event.attempts} attempts` : ""}`;
    case "waiting":
      return null;
    case "ready":
      return `Services ready at ${event.provider}`;
    case "updated":
      return `Deployment ${event.dseq} updated to manifest ${event.version.slice(0, 12)}… (tx ${event.txHash})`;
    case "cleanup":
      return `Closing deployment ${event.dseq} so its deposit comes back (${safe(event.reason)})`;
    case "closed":
      return `Deployment ${event.dseq} closed (tx ${event.txHash})${event.refund ? `; ${event.refund.amount}${event.refund.denom} returned from escrow` : ""}`;
    case "step":
      return null;
  }
}
