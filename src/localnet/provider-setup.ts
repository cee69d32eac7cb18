/**
 * The localnet's provider: its on-chain registration and server certificate (made once, with the
 * node's own CLI and the provider's key, as an operator would), and the command line that starts
 * the provider harness. The tenant side of the tool never uses the node's CLI.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LocalnetError } from "./errors.js";
import { endpoints, type LocalnetLayout, type LocalnetPorts } from "./layout.js";
import { probe } from "./probe.js";
import { nodeTool } from "./setup.js";

/** On-chain attributes of the localnet provider: what SDL placement and storage/GPU requests match. */
export const LOCALNET_PROVIDER_ATTRIBUTES: readonly { readonly key: string; readonly value: string }[] = [
  { key: "host", value: "akash-localnet" },
  { key: "region", value: "local" },
  { key: "tier", value: "community" },
  { key: "organization", value: "localnet" },
  { key: "capabilities/storage/1/class", value: "beta3" },
  { key: "capabilities/storage/1/persistent", value: "true" },
  { key: "capabilities/storage/2/class", value: "ram" },
  { key: "capabilities/storage/2/persistent", value: "false" },
  { key: "capabilities/gpu/vendor/nvidia/model/a100", value: "true" },
  { key: "capabilities/gpu/vendor/nvidia/model/a100/ram/80Gi", value: "true" },
  { key: "capabilities/gpu/vendor/nvidia/model/a100/interface/pcie", value: "true" },
  // An SDL GPU naming both ram and interface asks for exactly this combined key.
  { key: "capabilities/gpu/vendor/nvidia/model/a100/ram/80Gi/interface/pcie", value: "true" },
];

const GAS = ["--gas", "auto", "--gas-adjustment", "1.5", "--gas-prices", "0.025uakt"];

export function writeProviderFiles(layout: LocalnetLayout, ports: LocalnetPorts): void {
  const yaml = [
    `host: ${endpoints(ports).gateway}`,
    "info:",
    "  email: provider@localnet.invalid",
    "  website: https://localnet.invalid",
    "attributes:",
    ...LOCALNET_PROVIDER_ATTRIBUTES.flatMap((a) => [`  - key: "${a.key}"`, `    value: "${a.value}"`]),
    "",
  ].join("\n");
  writeFileSync(join(layout.providerHome, "provider.yaml"), yaml, { mode: 0o600 });
  // The provider's start-up loads a kubeconfig even though its cluster is synthetic; nothing dials it.
  const kubeconfig = join(layout.providerHome, "kubeconfig.yaml");
  if (!existsSync(kubeconfig)) {
    writeFileSync(
      kubeconfig,
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "  - name: synthetic",
        "    cluster:",
        "      server: https://127.0.0.1:1",
        "contexts:",
        "  - name: synthetic",
        "    context:",
        "      cluster: synthetic",
        "      user: synthetic",
        "current-context: synthetic",
        "users:",
        "  - name: synthetic",
        "    user:",
        "      token: synthetic",
        "",
      ].join("\n"),
      { mode: 0o600 },
    );
  }
}

interface TxOutput {
  readonly txhash?: string;
  readonly code?: number;
  readonly raw_log?: string;
}

async function waitForTx(rest: string, hash: string, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe(`${rest}/cosmos/tx/v1beta1/txs/${hash}`);
    if (result.ok && result.body) {
      const parsed = JSON.parse(result.body) as { tx_response?: { code?: number; raw_log?: string } };
      const code = parsed.tx_response?.code ?? 0;
      if (code !== 0) throw new LocalnetError("SETUP_TX_FAILED", `${what}: transaction ${hash} failed with code ${code}: ${parsed.tx_response?.raw_log ?? ""}`, { txHash: hash });
      return;
    }
    if (Date.now() > deadline) throw new LocalnetError("SETUP_TX_FAILED", `${what}: transaction ${hash} was not included within ${timeoutMs / 1000} s`, { txHash: hash });
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function parseTx(stdout: string, what: string): TxOutput {
  const line = stdout
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l.startsWith("{"));
  if (!line) throw new LocalnetError("SETUP_TX_FAILED", `${what}: the node's CLI printed no transaction result:\n${stdout.slice(0, 2000)}`);
  const parsed = JSON.parse(line) as TxOutput;
  if ((parsed.code ?? 0) !== 0) throw new LocalnetError("SETUP_TX_FAILED", `${what}: rejected with code ${parsed.code}: ${parsed.raw_log ?? ""}`, { txHash: parsed.txhash });
  return parsed;
}

export async function registerProvider(input: { nodeBinary: string; layout: LocalnetLayout; ports: LocalnetPorts; chainId: string }): Promise<void> {
  const { nodeBinary, layout, ports, chainId } = input;
  const urls = endpoints(ports);
  const common = ["--from", "provider", "--home", layout.providerHome, "--keyring-backend", "test", "--chain-id", chainId, "--node", `tcp://127.0.0.1:${ports.rpc}`];
  const tx = async (args: string[], what: string) => {
    const result = await nodeTool(nodeBinary, [...args, ...common, ...GAS, "--yes", "--output", "json"], what);
    const parsed = parseTx(result.stdout, what);
    if (parsed.txhash) await waitForTx(urls.rest, parsed.txhash, what);
  };
  await tx(["tx", "provider", "create", join(layout.providerHome, "provider.yaml")], "register the provider");
  await nodeTool(nodeBinary, ["tx", "cert", "generate", "server", "127.0.0.1", "localhost", ...common], "generate the provider's server certificate");
  await tx(["tx", "cert", "publish", "server"], "publish the provider's server certificate");
}

export function providerRunArgs(layout: LocalnetLayout, ports: LocalnetPorts, chainId: string, inventoryFile?: string): string[] {
  return [
    "run",
    "--home", layout.providerHome,
    "--from", "provider",
    "--keyring-backend", "test",
    "--chain-id", chainId,
    "--node", `tcp://127.0.0.1:${ports.rpc}`,
    ...GAS,
    "--cluster-k8s=false",
    "--kubeconfig", join(layout.providerHome, "kubeconfig.yaml"),
    "--deployment-network-policies-enabled=false",
    "--gateway-listen-address", `127.0.0.1:${ports.gateway}`,
    "--gateway-grpc-listen-address", `127.0.0.1:${ports.gatewayGrpc}`,
    "--deployment-ingress-static-hosts=true",
    "--deployment-ingress-domain", "ingress.localhost",
    "--bid-price-strategy", "scale",
    "--bid-price-cpu-scale", "0.1",
    "--bid-price-memory-scale", "0.0001",
    // The plain value prices ephemeral storage only; each persistent class needs its own.
    "--bid-price-storage-scale", "0.00001,beta2=0.00002,beta3=0.00002",
    "--bid-price-endpoint-scale", "0",
    "--bid-deposit", "500000uact",
    "--persistent-config-backend", "memory",
    "--manifest-timeout", "0",
    "--bid-timeout", "5m",
    ...(inventoryFile !== undefined ? ["--inventory", inventoryFile] : []),
  ];
}
