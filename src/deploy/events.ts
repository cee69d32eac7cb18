/**
 * What `akash deploy` reports while it works: one event per step, for a terminal renderer
 * (progress on stderr) or `-o jsonl` (one JSON line each). Amounts are strings; dseqs are decimal.
 */
import type { Coin } from "../chain/types.js";
import type { DeployStep } from "./records.js";

export interface LeaseSummary {
  readonly gseq: number;
  readonly oseq: number;
  readonly group: string;
  readonly provider: string;
  readonly hostUri: string;
  readonly pricePerBlock: string;
  readonly actPerHour: string;
  readonly actPerMonth: string;
}

export interface ServiceEndpoints {
  readonly name: string;
  readonly available: number;
  readonly total: number;
  readonly uris: readonly string[];
  readonly forwardedPorts: readonly { readonly host: string; readonly port: number; readonly externalPort: number; readonly proto: string }[];
}

export type DeployEvent =
  | { readonly type: "funds"; readonly spendable: readonly Coin[]; readonly deposit: Coin }
  | { readonly type: "mint"; readonly amount: Coin; readonly txHash: string }
  | { readonly type: "mint-arrived"; readonly balance: Coin }
  | { readonly type: "deployment-created"; readonly dseq: string; readonly txHash: string; readonly height: string; readonly deposit: Coin }
  | { readonly type: "bids"; readonly dseq: string; readonly gseq: number; readonly group: string; readonly count: number; readonly best?: string; readonly secondsLeft: number }
  | { readonly type: "bid-chosen"; readonly lease: LeaseSummary }
  | { readonly type: "leases-created"; readonly dseq: string; readonly txHash: string; readonly leases: readonly LeaseSummary[] }
  | { readonly type: "manifest-sent"; readonly dseq: string; readonly provider: string; readonly attempts: number }
  | { readonly type: "waiting"; readonly dseq: string; readonly provider: string; readonly ready: number; readonly total: number }
  | { readonly type: "ready"; readonly dseq: string; readonly provider: string; readonly services: readonly ServiceEndpoints[] }
  | { readonly type: "updated"; readonly dseq: string; readonly txHash: string; readonly version: string }
  | { readonly type: "cleanup"; readonly dseq: string; readonly reason: string }
  | { readonly type: "closed"; readonly dseq: string; readonly txHash: string; readonly refund: Coin | null }
  | { readonly type: "step"; readonly dseq: string; readonly step: DeployStep };

export type DeployReporter = (event: DeployEvent) => void;
