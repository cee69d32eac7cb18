/**
 * `akash lease status|logs|events DSEQ`: what the providers of a deployment's active leases say
 * about it. The leases and each provider's host_uri come from the chain; the requests go to the
 * provider's gateway with a JWT signed by the tenant's key (see src/provider). Everything a
 * provider sends is untrusted and escaped before it reaches the terminal; JSON output escapes it
 * as \u sequences.
 *
 * The chain and wallet wiring is injected (`OpenLeaseProviderContext`) so the command does not
 * depend on how the CLI builds its chain client; `defaultOpenContext` uses src/cli/chain-context.
 */
import type { Command } from "commander";
import { InputError, UsageError } from "../../errors.js";
import type { ClientCertificateStore, LeaseRef } from "../../provider/client.js";
import type { ProviderError } from "../../provider/errors.js";
import type { Es256kSigner } from "../../provider/jwt.js";
import type { ProviderCertificates } from "../../provider/tls.js";
import type { LeaseEvent, LeaseStatus, LogFrame } from "../../provider/types.js";
import { ExitCode, ExitStatus } from "../exit.js";
import type { CliIo } from "../io.js";
import { addNetworkOptions, NETWORK_OPTIONS_HELP, type NetworkOptionValues } from "../network-options.js";
import { renderData } from "../output.js";
import { printable } from "../../sdl/printable.js";

/** The chain lookups the commands need; `ChainClient` has this shape. */
export interface LeaseLookup extends ProviderCertificates {
  leases(filter: {
    readonly owner?: string;
    readonly dseq?: bigint;
    readonly gseq?: number;
    readonly oseq?: number;
    readonly provider?: string;
    readonly state?: "active";
  }): Promise<readonly { readonly id: LeaseRef & { readonly owner: string; readonly provider: string } }[]>;
  provider(owner: string): Promise<{ readonly owner: string; readonly hostUri: string } | null>;
}

/** What a lease command works with: the tenant, its signing key, the chain. */
export interface LeaseProviderContext {
  /** The tenant: owner of the leases and JWT issuer. */
  readonly owner: string;
  readonly signer?: Es256kSigner;
  readonly chain: LeaseLookup;
  /** The on-chain client certificate for mTLS, where `akash cert create` stored it. */
  readonly clientCertificates?: ClientCertificateStore;
}

export interface LeaseFlagValues extends NetworkOptionValues {
  from?: string;
  output?: string;
  gseq?: string;
  oseq?: string;
  provider?: string;
  timeout?: string;
}

export type OpenLeaseProviderContext = (io: CliIo, options: LeaseFlagValues) => Promise<LeaseProviderContext>;

interface LogFlags extends LeaseFlagValues {
  service?: string;
  tail?: string;
  follow?: boolean;
}

const HELP_COMMON = `
The deployment's active leases are read from the chain (narrow them with --gseq, --oseq,
--provider); each provider is asked over HTTPS after its TLS certificate is checked (web PKI, or
the certificate it published on chain). Requests carry a short-lived JWT signed by your key
(--from NAME, AKASH_FROM or AKASH_MNEMONIC), limited to this provider and this action.
${NETWORK_OPTIONS_HELP}

Exit codes: 0 ok, 1 no active lease for DSEQ, 2 usage error, 3 chain error, 4 provider error
(unreachable, untrusted certificate, refused, no deployment for the lease), 5 wallet error,
130 interrupted.`;

function leaseOptions(command: Command): Command {
  return addNetworkOptions(command)
    .argument("<dseq>", "the deployment sequence number")
    .option("--gseq <n>", "only the lease of this group")
    .option("--oseq <n>", "only the lease of this order")
    .option("--provider <address>", "only the lease with this provider")
    .option("--from <name>", "the key that owns the deployment (default: AKASH_FROM, the config's from, or the AKASH_MNEMONIC key)")
    .option("--timeout <seconds>", "per request to a provider", "30");
}

export function registerLeaseProviderCommands(lease: Command, io: CliIo, open: OpenLeaseProviderContext = defaultOpenContext): void {
  leaseOptions(lease.command("status"))
    .description("show what the provider reports for a lease: services ready, URIs, forwarded ports, IPs")
    .option("-o, --output <format>", "text, json or yaml", "text")
    .addHelpText("after", `\nExamples:\n  akash lease status 1234567\n  akash lease status 1234567 --gseq 2 -o json\n${HELP_COMMON}`)
    .action(async (dseqArg: string, options: LeaseFlagValues) => {
      const format = outputFormat(options.output, ["text", "json", "yaml"]);
      const targets = await resolveTargets(io, open, dseqArg, options);
      const results: { target: Target; status?: LeaseStatus; error?: ProviderError }[] = [];
      for (const target of targets) {
        try {
          results.push({ target, status: await target.client.leaseStatus(target.lease) });
        } catch (error) {
          if (!isProviderError(error) || targets.length === 1) throw error;
          results.push({ target, error });
        }
      }
      if (format === "text") io.stdout(results.map((r) => renderStatus(r.target, r.status, r.error)).join("\n"));
      else {
        const data = {
          dseq: targets[0]!.lease.dseq.toString(),
          leases: results.map((r) => ({ ...leaseData(r.target), ...(r.status ? { status: r.status } : { error: { code: r.error!.code, message: r.error!.message } }) })),
        };
        io.stdout(format === "json" ? `${jsonSafe(data, 2)}\n` : await renderData("yaml", printableDeep(data)));
      }
      const failed = results.find((r) => r.error);
      if (failed) throw failed.error;
    });

  leaseOptions(lease.command("logs"))
    .description("print the logs of a lease's services (over a websocket), optionally following them")
    .option("--service <names>", "only these services, separated by commas")
    .option("--tail <n>", "the last N lines of each service (default: all)")
    .option("-f, --follow", "keep streaming new lines until Ctrl-C")
    .option("-o, --output <format>", "text, or jsonl (one JSON object per line)", "text")
    .addHelpText("after", `\nExamples:\n  akash lease logs 1234567 --tail 100\n  akash lease logs 1234567 --service web,worker --follow\n  akash lease logs 1234567 -o jsonl | jq -r .message\n${HELP_COMMON}`)
    .action(async (dseqArg: string, options: LogFlags) => {
      const format = outputFormat(options.output, ["text", "jsonl"]);
      const services = options.service !== undefined ? parseServices(options.service) : undefined;
      const tail = options.tail !== undefined ? parseCount(options.tail, "--tail") : undefined;
      const targets = await resolveTargets(io, open, dseqArg, options);
      await streamAll(targets, (t, signal) =>
        t.client.logs(t.lease, { follow: options.follow === true, ...(tail !== undefined ? { tail } : {}), ...(services ? { services } : {}), signal }),
        (t, frame: LogFrame) =>
          io.stdout(format === "jsonl" ? `${jsonSafe({ ...leaseData(t), name: frame.name, message: frame.message })}\n` : `[${printable(frame.name)}] ${printable(frame.message)}\n`),
      );
    });

  leaseOptions(lease.command("events"))
    .description("print the (Kubernetes) events of a lease's deployment, optionally following them")
    .option("-f, --follow", "keep streaming new events until Ctrl-C")
    .option("-o, --output <format>", "text, or jsonl (one JSON object per line)", "text")
    .addHelpText("after", `\nExamples:\n  akash lease events 1234567\n  akash lease events 1234567 --follow -o jsonl\n${HELP_COMMON}`)
    .action(async (dseqArg: string, options: LogFlags) => {
      const format = outputFormat(options.output, ["text", "jsonl"]);
      const targets = await resolveTargets(io, open, dseqArg, options);
      await streamAll(targets, (t, signal) => t.client.events(t.lease, { follow: options.follow === true, signal }), (t, event: LeaseEvent) =>
        io.stdout(format === "jsonl" ? `${jsonSafe({ ...leaseData(t), ...event })}\n` : renderEvent(event)),
      );
    });
}

interface Target {
  readonly lease: LeaseRef;
  readonly provider: string;
  readonly hostUri: string;
  readonly client: import("../../provider/client.js").ProviderClient;
}

function leaseData(t: Target): Record<string, unknown> {
  return { dseq: t.lease.dseq.toString(), gseq: t.lease.gseq, oseq: t.lease.oseq, provider: t.provider, hostUri: t.hostUri };
}

async function resolveTargets(io: CliIo, open: OpenLeaseProviderContext, dseqArg: string, options: LeaseFlagValues): Promise<Target[]> {
  const { parseDseq, parseSeqArg } = await import("../chain-context.js");
  const dseq = parseDseq(dseqArg);
  const gseq = options.gseq !== undefined ? parseSeqArg(options.gseq, "--gseq") : undefined;
  const oseq = options.oseq !== undefined ? parseSeqArg(options.oseq, "--oseq") : undefined;
  const timeout = options.timeout !== undefined ? Number(options.timeout) : 30;
  if (!(timeout > 0 && timeout <= 600)) throw new UsageError(`--timeout must be a number of seconds from 1 to 600, not ${JSON.stringify(options.timeout)}`, { option: "--timeout" });
  const ctx = await open(io, options);
  const leases = await ctx.chain.leases({
    owner: ctx.owner,
    dseq,
    state: "active",
    ...(gseq !== undefined ? { gseq } : {}),
    ...(oseq !== undefined ? { oseq } : {}),
    ...(options.provider !== undefined ? { provider: options.provider } : {}),
  });
  if (leases.length === 0) {
    const narrowed = [gseq !== undefined ? `gseq ${gseq}` : "", oseq !== undefined ? `oseq ${oseq}` : "", options.provider ? `provider ${options.provider}` : ""].filter(Boolean).join(", ");
    throw new InputError("NO_ACTIVE_LEASE", `deployment ${dseq} of ${ctx.owner} has no active lease${narrowed ? ` (${narrowed})` : ""}; \`akash deployment get ${dseq}\` shows its state`, { dseq: dseq.toString() });
  }
  const { ProviderClient } = await import("../../provider/client.js");
  const clientCertificate = (await ctx.clientCertificates?.clientCertificate(ctx.owner)) ?? undefined;
  const targets: Target[] = [];
  for (const { id } of leases) {
    const record = await ctx.chain.provider(id.provider);
    if (record === null) throw new InputError("PROVIDER_NOT_FOUND", `provider ${id.provider} of lease ${dseq}/${id.gseq}/${id.oseq} is not registered on chain`, { provider: id.provider });
    const client = new ProviderClient({
      hostUri: record.hostUri,
      provider: id.provider,
      auth: { owner: ctx.owner, ...(ctx.signer ? { signer: ctx.signer } : {}), ...(clientCertificate ? { clientCertificate } : {}) },
      certificates: ctx.chain,
      timeoutMs: Math.round(timeout * 1000),
    });
    targets.push({ lease: { dseq, gseq: id.gseq, oseq: id.oseq }, provider: id.provider, hostUri: record.hostUri, client });
  }
  return targets;
}

/**
 * Runs one stream per lease at the same time and prints frames as they come. Ctrl-C closes them
 * all and ends with exit code 130; the first failure closes the others and is thrown.
 */
async function streamAll<T>(
  targets: readonly Target[],
  open: (t: Target, signal: AbortSignal) => AsyncIterable<T>,
  print: (t: Target, frame: T) => void,
): Promise<void> {
  const controller = new AbortController();
  let interrupted = false;
  const onSigint = (): void => {
    interrupted = true;
    controller.abort();
  };
  process.once("SIGINT", onSigint);
  try {
    await Promise.all(
      targets.map(async (t) => {
        try {
          for await (const frame of open(t, controller.signal)) print(t, frame);
        } catch (error) {
          if (!controller.signal.aborted) controller.abort();
          throw error;
        }
      }),
    );
  } catch (error) {
    if (interrupted) throw new ExitStatus(ExitCode.interrupted);
    throw error;
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
}

function renderStatus(t: Target, status: LeaseStatus | undefined, error: ProviderError | undefined): string {
  const lines = [`Lease ${t.lease.dseq}/${t.lease.gseq}/${t.lease.oseq} at ${t.provider} (${printable(t.hostUri)})`];
  if (error) return `${lines[0]}\n  error: ${printable(error.message)}\n`;
  if (!status) return `${lines[0]}\n`;
  if (status.services.length === 0) lines.push("  no services reported");
  for (const s of status.services) {
    lines.push(`  ${printable(s.name)}: ${s.readyReplicas}/${s.total} ready, ${s.available} available`);
    for (const uri of s.uris) lines.push(`    ${printable(uri)}`);
  }
  if (status.forwardedPorts.length > 0) {
    lines.push("  forwarded ports:");
    for (const p of status.forwardedPorts) lines.push(`    ${printable(p.service)} ${p.port}/${printable(p.proto)} -> ${printable(p.host)}:${p.externalPort}`);
  }
  if (status.ips.length > 0) {
    lines.push("  leased IPs:");
    for (const ip of status.ips) lines.push(`    ${printable(ip.service)} ${ip.port}/${printable(ip.protocol)} -> ${printable(ip.ip)}:${ip.externalPort}`);
  }
  for (const e of status.errors) lines.push(`  provider error: ${printable(e)}`);
  return `${lines.join("\n")}\n`;
}

function renderEvent(e: LeaseEvent): string {
  const object = e.object.kind || e.object.name ? ` ${printable(e.object.kind)}/${printable(e.object.name)}` : "";
  return `${printable(e.type)} ${printable(e.reason)}${object}: ${printable(e.note)}\n`;
}

/** JSON with the characters JSON.stringify leaves raw but a terminal may act on (C1, DEL, bidi overrides, U+2028/9) as \u escapes. */
export function jsonSafe(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), indent);
  return text.replace(/[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function printableDeep(value: unknown): unknown {
  if (typeof value === "string") return printable(value);
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(printableDeep);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [printable(k), printableDeep(v)]));
  return value;
}

function isProviderError(error: unknown): error is ProviderError {
  return error instanceof Error && error.name === "ProviderError";
}

function outputFormat<F extends string>(value: string | undefined, allowed: readonly F[]): F {
  const format = value ?? "text";
  if ((allowed as readonly string[]).includes(format)) return format as F;
  throw new UsageError(`unknown output format ${JSON.stringify(format)}; use one of: ${allowed.join(", ")}`, { option: "--output" });
}

function parseCount(raw: string, name: string): number {
  if (!/^\d{1,9}$/.test(raw)) throw new UsageError(`${name} must be a whole number of lines, not ${JSON.stringify(raw.slice(0, 40))}`, { option: name });
  return Number(raw);
}

function parseServices(raw: string): string[] {
  const names = raw.split(",").map((s) => s.trim());
  if (names.some((n) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n))) {
    throw new UsageError(`--service takes service names separated by commas (lowercase letters, digits, "-"), not ${JSON.stringify(raw.slice(0, 80))}`, { option: "--service" });
  }
  return [...new Set(names)];
}

/** The CLI's chain client and the --from key (src/cli/chain-context). */
export async function defaultOpenContext(io: CliIo, options: LeaseFlagValues): Promise<LeaseProviderContext> {
  const { openChain } = await import("../chain-context.js");
  // "tx" so that openChain picks the key exactly as every command does (--from, AKASH_FROM, the
  // config, AKASH_MNEMONIC, localnet test keys) and builds its signer; nothing is ever submitted
  // here, so --yes only skips the transaction confirmation that never comes. --timeout here is per
  // provider request; the chain client keeps its own default.
  const ctx = await openChain(io, { ...options, output: "text", timeout: undefined, yes: true }, "tx");
  if (ctx.address === undefined || ctx.signer === undefined) throw new UsageError("no key: pass --from NAME (see akash keys list), or set AKASH_MNEMONIC", { option: "--from" });
  const { walletOptionsFromEnv } = await import("../../wallet/wallet.js");
  const { certificatePath, loadClientCertificate } = await import("../../chain/certificate.js");
  const keystorePath = walletOptionsFromEnv(io.env).keystorePath;
  // The mTLS fallback: the client certificate `akash cert create` stored beside the keystore, if any.
  const clientCertificates = { clientCertificate: (address: string) => loadClientCertificate(certificatePath(keystorePath, address)) };
  return { owner: ctx.address, signer: ctx.signer, chain: ctx.client, clientCertificates };
}
