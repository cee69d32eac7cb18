/**
 * The check every chain command makes before its first transaction: choose an RPC endpoint with
 * failover, confirm it serves the expected chain, and read the node's version and discovery info,
 * so a wrong network or an incompatible node is reported before anything is signed.
 */
import { selectEndpoint, type NodeStatus, type ProbeOptions } from "./endpoints.js";
import type { NetworkName } from "./networks.js";
import { nodeInfo, type Discovery } from "./node-info.js";
import type { ResolvedSettings } from "./settings.js";
import { printable } from "../sdl/printable.js";

/** The Akash node major version this tool speaks (protocol.md §0.2: mainnet runs v2.1). */
export const SUPPORTED_NODE_MAJOR = 2;

export interface NetworkCheck {
  readonly network: NetworkName;
  readonly chainId: string;
  /** The RPC endpoint chosen. */
  readonly rpc: string;
  readonly status: NodeStatus;
  /** The Akash node version (discovery's, else /abci_info's). */
  readonly version?: string;
  readonly discovery: Discovery;
  /** Endpoints skipped and other remarks, one line each, for stderr. */
  readonly notes: readonly string[];
}

export async function checkNetwork(settings: ResolvedSettings, options: ProbeOptions = {}): Promise<NetworkCheck> {
  const chainId = settings.values["chain-id"];
  const network = settings.values.network;
  const label = chainId === settings.network.chainId ? `${network} (${chainId})` : `chain ${chainId}`;
  const selection = await selectEndpoint(settings.values.node, { ...options, chainId, pinned: settings.nodePinned, label });
  // The network's public REST endpoints belong to other operators than a node the user chose:
  // discovery is asked only where the user also chose REST endpoints, or of the network's own.
  const askRest = !settings.nodePinned || settings.restPinned;
  const info = await nodeInfo(selection.url, {
    ...options,
    rest: askRest ? settings.values.rest : [],
    restMissingReason: "not asked: set a REST endpoint for the chosen node (--rest, AKASH_REST or akash config set rest)",
    chainId,
    restPinned: settings.restPinned,
    status: selection.status,
  });
  const notes = [...selection.notes, ...info.notes];
  const versionNote = nodeVersionNote(info.version);
  if (versionNote !== null) notes.push(versionNote);
  const skewNote = clockSkewNote(info.status.latestBlockTime, (options.clock ?? Date.now)());
  if (skewNote !== null) notes.push(skewNote);
  return {
    network,
    chainId,
    rpc: selection.url,
    status: info.status,
    ...(info.version !== undefined ? { version: info.version } : {}),
    discovery: info.discovery,
    notes,
  };
}

/** A remark when the node's major version is not the one this tool speaks; null when it is (or unknown). */
export function nodeVersionNote(version: string | undefined): string | null {
  if (version === undefined) return null;
  const match = /^v?(\d+)\.(\d+)/u.exec(version);
  if (match === null) return null;
  const major = Number(match[1]);
  if (major === SUPPORTED_NODE_MAJOR) return null;
  return `the node runs Akash ${version}, but akash is built for v${SUPPORTED_NODE_MAJOR}.x; transactions may be rejected`;
}

/** Beyond this, a block "from the future" means one of the two clocks is wrong. */
export const MAX_CLOCK_SKEW_SECONDS = 30;

/**
 * A warning when the node's latest block is dated in the future by more than
 * MAX_CLOCK_SKEW_SECONDS: this computer's clock (or the node's) is wrong, which makes lag checks,
 * timeouts and certificate validity unreliable. Null otherwise (or when the time is unreadable).
 */
export function clockSkewNote(latestBlockTime: string, nowMs: number): string | null {
  const blockMs = Date.parse(latestBlockTime);
  if (Number.isNaN(blockMs)) return null;
  const ahead = Math.floor((blockMs - nowMs) / 1000);
  if (ahead <= MAX_CLOCK_SKEW_SECONDS) return null;
  return `clock skew: the node's latest block is dated ${ahead} s in the future (${printable(latestBlockTime)}); this computer's clock is probably behind (or the node's ahead): fix the time (NTP), or lag checks and certificate times will be wrong`;
}
