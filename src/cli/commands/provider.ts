/**
 * `akash provider list|get ADDR`: registered providers, what they advertise, who audited them,
 * and (for `get`) the live status from the provider's gateway (`GET {host_uri}/status`, which
 * needs no authentication). The gateway's TLS certificate is checked by src/provider's verifier
 * (web PKI, else the provider's certificate published on chain); a gateway that fails the check
 * is reported as untrusted and its answer is not shown.
 */
import type { Command } from "commander";
import { ChainError } from "../../chain/errors.js";
import { InternalError } from "../../errors.js";
import type { AuditedAttributes, Provider } from "../../chain/types.js";
import type { CliIo } from "../io.js";
import { EXIT_HELP_CHAIN, addQueryOptions, openChain, printResult, type QueryFlagValues } from "../chain-context.js";

interface GetOptions extends QueryFlagValues {
  status?: boolean;
  statusTimeout?: string;
}

interface GatewayStatus {
  readonly reachable: boolean;
  readonly trust?: string;
  readonly error?: string;
  readonly leases?: number;
  readonly orders?: number;
  readonly deployments?: number;
  readonly clusterPublicHostname?: string;
  readonly raw?: unknown;
}

export function registerProviderCommands(program: Command, io: CliIo): void {
  const provider = program
    .command("provider")
    .description("registered providers: where they are, what they offer, who audited them")
    .addHelpText("after", `\nExamples:\n  akash provider list\n  akash provider get akash1... -o json\n\n${EXIT_HELP_CHAIN}`);

  addQueryOptions(provider.command("list").description("list the providers registered on chain, with their audits"))
    .addHelpText("after", `\nExamples:\n  akash provider list\n  akash provider list -o json\n\n${EXIT_HELP_CHAIN}`)
    .action(async (options: QueryFlagValues) => {
      const ctx = await openChain(io, options, "query");
      const providers = await ctx.client.providers();
      providers.sort((a, b) => (a.owner < b.owner ? -1 : 1));
      const audits = await Promise.all(providers.map((p) => ctx.client.auditedAttributes(p.owner).catch((): AuditedAttributes[] => [])));
      const rows = providers.map((p, i) => ({ ...p, auditedBy: [...new Set((audits[i] ?? []).map((a) => a.auditor))] }));
      if (ctx.format === "text" && rows.length === 0) {
        io.stderr("No providers are registered on this chain.\n");
        return;
      }
      const { table, safe } = await import("../render/table.js");
      await printResult(ctx, rows, () =>
        table([
          ["PROVIDER", "HOST", "AUDITED BY", "ATTRIBUTES"],
          ...rows.map((r) => [r.owner, safe(r.hostUri), r.auditedBy.join(",") || "-", r.attributes.map((a) => `${safe(a.key)}=${safe(a.value)}`).join(",") || "-"]),
        ]),
      );
    });

  addQueryOptions(
    provider
      .command("get")
      .description("show one provider: host, attributes, audits, and its gateway's live status when reachable")
      .argument("<address>", "the provider's account address")
      .option("--no-status", "do not contact the provider's gateway")
      .option("--status-timeout <seconds>", "how long to wait for the gateway", "5"),
  )
    .addHelpText(
      "after",
      "\nThe status comes from GET {host_uri}/status (unauthenticated). Its TLS certificate is accepted when it\n" +
        "passes web-PKI checks or matches the provider's certificate published on chain; otherwise the status\n" +
        "is reported as untrusted and not shown.\n\nExamples:\n  akash provider get akash1... -o yaml\n\n" +
        EXIT_HELP_CHAIN,
    )
    .action(async (address: string, options: GetOptions) => {
      const ctx = await openChain(io, options, "query");
      const found = await ctx.client.provider(address);
      if (!found) throw new ChainError("PROVIDER_NOT_FOUND", `${address} is not a registered provider on this chain; \`akash provider list\` shows who is`, { provider: address });
      const audits = await ctx.client.auditedAttributes(address).catch((): AuditedAttributes[] => []);
      const timeoutMs = Math.max(100, Math.round(Number(options.statusTimeout ?? "5") * 1000) || 5000);
      const status = options.status === false ? undefined : await gatewayStatus(found, ctx.client, timeoutMs);
      const data = { ...found, audits, ...(status ? { status } : {}) };
      await printResult(ctx, data, () => renderProvider(found, audits, status));
    });
}

async function gatewayStatus(provider: Provider, certificates: { certificates(filter: { owner: string; serial?: string }): Promise<readonly { serial: string; state: string; certPem: string }[]> }, timeoutMs: number): Promise<GatewayStatus> {
  const { ProviderClient } = await import("../../provider/client.js");
  const refuse = {
    // /status needs no authentication; the client insists on a credential, so this one refuses to be used.
    signEs256k: async (): Promise<Uint8Array> => {
      throw new InternalError("provider status is unauthenticated; nothing should be signed");
    },
  };
  try {
    const client = new ProviderClient({ hostUri: provider.hostUri, provider: provider.owner, auth: { owner: provider.owner, signer: refuse }, certificates, timeoutMs });
    const status = await client.status({ signal: AbortSignal.timeout(timeoutMs) });
    return {
      reachable: true,
      trust: "verified",
      ...(status.leases !== undefined ? { leases: status.leases } : {}),
      ...(status.orders !== undefined ? { orders: status.orders } : {}),
      ...(status.deployments !== undefined ? { deployments: status.deployments } : {}),
      ...(status.clusterPublicHostname ? { clusterPublicHostname: status.clusterPublicHostname } : {}),
      raw: status.raw,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { reachable: false, error: message.slice(0, 300) };
  }
}

function renderProvider(p: Provider, audits: readonly AuditedAttributes[], status: GatewayStatus | undefined): string {
  // Everything here came from the chain or the provider: escape before printing.
  const safe = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const lines = [
    `provider:   ${p.owner}`,
    `host:       ${safe(p.hostUri)}`,
    ...(p.info.email || p.info.website ? [`contact:    ${[p.info.email, p.info.website].filter(Boolean).map(safe).join(", ")}`] : []),
    `attributes: ${p.attributes.map((a) => `${safe(a.key)}=${safe(a.value)}`).join(", ") || "-"}`,
    `audited by: ${audits.length === 0 ? "nobody" : audits.map((a) => `${a.auditor} (${a.attributes.map((x) => `${safe(x.key)}=${safe(x.value)}`).join(", ")})`).join("; ")}`,
  ];
  if (status) {
    lines.push(
      status.reachable
        ? `status:     reachable (TLS ${status.trust}); ${status.leases ?? "?"} active leases, ${status.orders ?? "?"} open orders, ${status.deployments ?? "?"} manifests`
        : `status:     not available: ${safe(status.error ?? "unknown")}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
