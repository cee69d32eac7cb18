/**
 * Where a localnet lives and which ports it uses. Everything listens on 127.0.0.1; a port offset
 * lets several localnets (parallel CI jobs, a developer's and a test run's) share one machine.
 */
import { join } from "node:path";

export const LOCALNET_CHAIN_ID = "akash-local";
export const LOCALNET_MONIKER = "akash-localnet";

export interface LocalnetPorts {
  readonly p2p: number;
  readonly rpc: number;
  readonly abci: number;
  readonly rest: number;
  readonly grpc: number;
  readonly gateway: number;
  readonly gatewayGrpc: number;
}

export function localnetPorts(offset = 0): LocalnetPorts {
  return {
    p2p: 26656 + offset,
    rpc: 26657 + offset,
    abci: 26658 + offset,
    rest: 1317 + offset,
    grpc: 9090 + offset,
    gateway: 8443 + offset,
    gatewayGrpc: 8444 + offset,
  };
}

export interface LocalnetLayout {
  readonly home: string;
  /** Written last by a successful `init`: a folder without it is not a usable localnet. */
  readonly stateFile: string;
  readonly nodeHome: string;
  readonly providerHome: string;
  readonly logDir: string;
  readonly runDir: string;
  readonly nodeLog: string;
  readonly providerLog: string;
  readonly nodePidFile: string;
  readonly providerPidFile: string;
  readonly lockFile: string;
  /** Per-account leases for parallel test files (one file per reserved tenant). */
  readonly reservationDir: string;
}

export function localnetLayout(home: string): LocalnetLayout {
  const runDir = join(home, "run");
  const logDir = join(home, "logs");
  return {
    home,
    stateFile: join(home, "localnet.json"),
    nodeHome: join(home, "node"),
    providerHome: join(home, "provider"),
    logDir,
    runDir,
    nodeLog: join(logDir, "node.log"),
    providerLog: join(logDir, "provider.log"),
    nodePidFile: join(runDir, "node.pid"),
    providerPidFile: join(runDir, "provider.pid"),
    lockFile: join(runDir, "lock"),
    reservationDir: join(runDir, "reserved"),
  };
}

export function endpoints(ports: LocalnetPorts) {
  return {
    rpc: `http://127.0.0.1:${ports.rpc}`,
    rest: `http://127.0.0.1:${ports.rest}`,
    grpc: `127.0.0.1:${ports.grpc}`,
    gateway: `https://127.0.0.1:${ports.gateway}`,
  };
}
