/**
 * What the Cosmos adapter needs from a node, and nothing more: four calls that a CometBFT RPC
 * client (cosmjs `connectComet`), a gRPC-web proxy or a test double can each provide. Queries and
 * simulation both go through `abciQuery` with gRPC method paths, as cosmjs's QueryClient does.
 */

/** A failed ABCI query (or simulation): the node's code, codespace and log. */
export class AbciError extends Error {
  constructor(
    readonly codespace: string,
    readonly code: number,
    readonly log: string,
  ) {
    super(`${codespace} code ${code}: ${log}`);
    this.name = "AbciError";
  }
}

export interface BroadcastResult {
  /** CheckTx's answer: 0 means accepted into the mempool. */
  readonly code: number;
  readonly codespace: string;
  readonly log: string;
  /** Upper-case hex. */
  readonly hash: string;
}

export interface IncludedTx {
  readonly height: bigint;
  /** DeliverTx's answer: 0 means every message succeeded. */
  readonly code: number;
  readonly codespace: string;
  readonly log: string;
  readonly gasWanted: bigint;
  readonly gasUsed: bigint;
}

export interface NodeStatus {
  readonly chainId: string;
  readonly latestHeight: bigint;
  readonly catchingUp: boolean;
}

export interface CosmosTransport {
  status(): Promise<NodeStatus>;
  /** `path` is a gRPC method ("/akash.deployment.v1beta4.Query/Deployments"); throws AbciError on a non-zero code. */
  abciQuery(path: string, request: Uint8Array): Promise<Uint8Array>;
  broadcastTxSync(txBytes: Uint8Array): Promise<BroadcastResult>;
  /** The transaction once it is in a block, or null while it is not (yet). */
  getTx(hash: string): Promise<IncludedTx | null>;
  /**
   * Resolves with the latest height once a block above `height` exists. Without it the client
   * polls at a fixed interval (test doubles); the RPC transport watches the chain's blocks.
   */
  waitForBlock?(height: bigint, signal?: AbortSignal): Promise<bigint>;
  /** Average seconds per block over recent blocks, or undefined if the node cannot say. */
  averageBlockSeconds?(): Promise<number | undefined>;
}

export type AbciQuery = CosmosTransport["abciQuery"];
