/**
 * Shared fixtures for the chain tests: the SDL examples compiled, a signer over the public BIP39
 * test mnemonic, and a scripted CosmosTransport that records what it was sent.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { OfflineDirectSigner } from "@cosmjs/proto-signing";

import type { CompileOutput } from "../../src/sdl/compile.js";
import { compileSdl } from "../../src/sdl/compile.js";
import { mnemonicSigner } from "../../src/wallet/derive.js";
import { AbciError, type BroadcastResult, type CosmosTransport, type IncludedTx, type NodeStatus } from "../../src/chain/cosmos/transport.js";
import { exampleFiles } from "../helpers/fixtures.js";
import { TEST_MNEMONIC } from "../wallet/fixtures.js";

/** The address of TEST_MNEMONIC on m/44'/118'/0'/0/0 with prefix akash. */
export const OWNER = "akash19rl4cm2hmr8afy4kldpxz3fka4jguq0a3mq6x0";
export const PROVIDER = "akash1qurswpc8qurswpc8qurswpc8qurswpc87g2aem";

export interface CompiledExample {
  readonly name: string;
  readonly text: string;
  readonly output: CompileOutput;
}

export function compiledExamples(): CompiledExample[] {
  return exampleFiles().map((file) => {
    const text = readFileSync(file, "utf8");
    const result = compileSdl(text, { file });
    assert.ok(result.output, `${file} should compile`);
    return { name: basename(file), text, output: result.output };
  });
}

let signer: Promise<OfflineDirectSigner> | undefined;

export function testSigner(): Promise<OfflineDirectSigner> {
  signer ??= mnemonicSigner(TEST_MNEMONIC);
  return signer;
}

export type QueryHandler = (request: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** A CosmosTransport driven by a script: query handlers by path, broadcast and getTx answers in turn. */
export class ScriptedTransport implements CosmosTransport {
  readonly queries: { path: string; request: Uint8Array }[] = [];
  readonly broadcasts: Uint8Array[] = [];
  readonly lookups: string[] = [];

  constructor(
    readonly script: {
      status?: NodeStatus;
      queries?: Record<string, QueryHandler>;
      broadcast?: (txBytes: Uint8Array, attempt: number) => BroadcastResult;
      getTx?: (hash: string, attempt: number) => IncludedTx | null;
    },
  ) {}

  async status(): Promise<NodeStatus> {
    return this.script.status ?? { chainId: "testnet-1", latestHeight: 1000n, catchingUp: false };
  }

  async abciQuery(path: string, request: Uint8Array): Promise<Uint8Array> {
    this.queries.push({ path, request });
    const handler = this.script.queries?.[path];
    if (!handler) throw new AbciError("sdk", 6, `unknown query path ${path}`);
    return handler(request);
  }

  async broadcastTxSync(txBytes: Uint8Array): Promise<BroadcastResult> {
    this.broadcasts.push(txBytes);
    if (!this.script.broadcast) throw new Error("unexpected broadcast");
    return this.script.broadcast(txBytes, this.broadcasts.length);
  }

  async getTx(hash: string): Promise<IncludedTx | null> {
    this.lookups.push(hash);
    return this.script.getTx ? this.script.getTx(hash, this.lookups.length) : null;
  }
}
