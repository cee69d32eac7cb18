/**
 * The networks `akash` knows by name, from the akash-network/net snapshot of 2026-06-08
 * (../shared/docs/protocol.md §5.6). Endpoint lists are in order of preference; the first one
 * that answers, is on the right chain and is not lagging is used (src/config/endpoints.ts), so
 * no single public endpoint is hard-wired.
 */

export const NETWORK_NAMES = ["mainnet", "sandbox", "testnet", "local"] as const;
export type NetworkName = (typeof NETWORK_NAMES)[number];

/** Denominations (protocol.md §5.4): AKT pays gas and fees; ACT prices and funds deployments. */
export const DENOMS = {
  /** Fees and gas: the only fee token nodes accept (protocol.md §5.1). */
  fee: "uakt",
  staking: "uakt",
  /** Deployment pricing and escrow deposits since the BME upgrade (protocol.md §6.1). */
  pricing: "uact",
} as const;

/**
 * Gas defaults (protocol.md §5.1). 0.025uakt is the Go CLI's and the TS SDK's default and is
 * accepted by every node configuration found (node defaults are 0.0025uakt, some generated
 * configs 0.025uakt). Gas is always simulated and multiplied by the adjustment: 1.5 is the Go
 * CLI default, at the top of the 1.3–1.5 range because deposits and unordered transactions use
 * more gas than simulated.
 */
export const DEFAULT_GAS_PRICES = `0.025${DENOMS.fee}`;
export const DEFAULT_GAS_ADJUSTMENT = 1.5;

export interface NetworkDefinition {
  readonly name: NetworkName;
  readonly chainId: string;
  readonly description: string;
  /** CometBFT RPC endpoints, in order of preference. */
  readonly rpc: readonly string[];
  /** REST (grpc-gateway) API endpoints, in order of preference. */
  readonly rest: readonly string[];
  /** gRPC endpoints as host:port. */
  readonly grpc: readonly string[];
  readonly gasPrices: string;
  readonly gasAdjustment: number;
  readonly faucet?: string;
  readonly explorer?: string;
}

export const NETWORKS: Readonly<Record<NetworkName, NetworkDefinition>> = {
  mainnet: {
    name: "mainnet",
    chainId: "akashnet-2",
    description: "Akash mainnet",
    rpc: [
      "https://rpc.akt.dev/rpc",
      "https://rpc.akashnet.net:443",
      "https://akash-rpc.polkachu.com:443",
      "https://rpc-akash.ecostake.com:443",
      "https://rpc.lavenderfive.com:443/akash",
    ],
    rest: [
      "https://rpc.akt.dev/rest",
      "https://api.akashnet.net:443",
      "https://akash-api.polkachu.com:443",
      "https://rest-akash.ecostake.com",
    ],
    grpc: ["akash.lavenderfive.com:443", "akash-grpc.publicnode.com:443"],
    gasPrices: DEFAULT_GAS_PRICES,
    gasAdjustment: DEFAULT_GAS_ADJUSTMENT,
  },
  sandbox: {
    name: "sandbox",
    chainId: "sandbox-2",
    description: "Akash sandbox (free test tokens; node v2.0.x in the 2026-06 snapshot)",
    rpc: ["https://rpc.sandbox-2.aksh.pw:443"],
    rest: ["https://api.sandbox-2.aksh.pw:443"],
    grpc: ["grpc.sandbox-2.aksh.pw:9090"],
    gasPrices: DEFAULT_GAS_PRICES,
    gasAdjustment: DEFAULT_GAS_ADJUSTMENT,
    faucet: "http://faucet.sandbox-2.aksh.pw/",
    explorer: "https://explorer.sandbox-2.aksh.pw/akash",
  },
  testnet: {
    name: "testnet",
    chainId: "testnet-oracle",
    description: "Akash BME/oracle testnet",
    rpc: ["https://testnetoraclerpc.akashnet.net:443"],
    rest: ["https://testnetoracleapi.akashnet.net"],
    grpc: ["grpc.oracle.akash.pub:30090"],
    gasPrices: DEFAULT_GAS_PRICES,
    gasAdjustment: DEFAULT_GAS_ADJUSTMENT,
    faucet: "https://oraclefaucet.dev.akash.pub/",
  },
  local: {
    name: "local",
    chainId: "akash-local",
    description: "a single-node Akash network on this machine",
    rpc: ["http://127.0.0.1:26657"],
    rest: ["http://127.0.0.1:1317"],
    grpc: ["127.0.0.1:9090"],
    gasPrices: DEFAULT_GAS_PRICES,
    gasAdjustment: DEFAULT_GAS_ADJUSTMENT,
  },
};

export const DEFAULT_NETWORK: NetworkName = "mainnet";

export function isNetworkName(value: string): value is NetworkName {
  return (NETWORK_NAMES as readonly string[]).includes(value);
}

export function networkDefinition(name: NetworkName): NetworkDefinition {
  return NETWORKS[name];
}
