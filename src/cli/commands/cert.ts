/**
 * `akash cert create|publish|revoke|list`: the client certificate for the mTLS fallback, for
 * providers that do not accept JWTs (protocol.md §4.5). `create` makes the key pair and
 * certificate locally (0600, beside the keystore); `publish` puts the certificate on chain;
 * `revoke` marks it revoked on chain; `list` shows the account's certificates on chain.
 */
import type { Command } from "commander";
import { InputError } from "../../errors.js";
import type { CliIo } from "../io.js";
import {
  EXIT_HELP_CHAIN,
  TX_HELP,
  accountFor,
  addQueryOptions,
  addTxOptions,
  openChain,
  printResult,
  runTx,
  txData,
  type QueryFlagValues,
  type TxFlagValues,
} from "../chain-context.js";

interface CreateOptions extends QueryFlagValues {
  overwrite?: boolean;
  validDays?: string;
}
interface ListOptions extends QueryFlagValues {
  state?: string;
  owner?: string;
}

async function paths(io: CliIo, address: string): Promise<string> {
  const { walletOptionsFromEnv } = await import("../../wallet/wallet.js");
  const { certificatePath } = await import("../../chain/certificate.js");
  return certificatePath(walletOptionsFromEnv(io.env).keystorePath, address);
}

export function registerCertCommands(program: Command, io: CliIo): void {
  const cert = program
    .command("cert")
    .description("the client certificate for mTLS with providers that do not accept JWTs (legacy fallback)")
    .addHelpText(
      "after",
      "\nThe certificate and its private key are kept in certs/<address>.pem beside the keystore (mode 0600):\n" +
        "anyone who reads that file can act as this account towards providers.\n\n" +
        "Examples:\n  akash cert create && akash cert publish --yes\n  akash cert list\n  akash cert revoke --yes\n" +
        `${TX_HELP}\n\n${EXIT_HELP_CHAIN}`,
    );

  addQueryOptions(
    cert
      .command("create")
      .description("make a new key pair and self-signed client certificate (ECDSA P-256) for the account; nothing is sent")
      .option("--overwrite", "replace an existing local certificate")
      .option("--valid-days <days>", "validity in days", "365"),
  )
    .addHelpText("after", "\nExamples:\n  akash cert create --from main && akash cert publish --from main --yes")
    .action(async (options: CreateOptions) => {
      const ctx = await openChain(io, options, "query");
      const address = accountFor(ctx, undefined);
      const path = await paths(io, address);
      const store = await import("../../chain/certificate.js");
      const existing = await store.loadClientCertificate(path).catch((error: unknown) => {
        if (options.overwrite === true) return null;
        throw new InputError("CERTIFICATE_DAMAGED", `${path} cannot be read as a client certificate (${error instanceof Error ? error.message : String(error)}); move it away or pass --overwrite`, { path });
      });
      if (existing && options.overwrite !== true) {
        throw new InputError("CERTIFICATE_EXISTS", `a client certificate for ${address} already exists in ${path} (serial ${existing.serial}); pass --overwrite to replace it`, { path });
      }
      const days = Number(options.validDays ?? "365");
      if (!Number.isInteger(days) || days < 1 || days > 3650) throw new InputError("INVALID_VALIDITY", "--valid-days must be a whole number from 1 to 3650", {});
      const created = store.createClientCertificate(address, { validSeconds: days * 86400 });
      await store.saveClientCertificate(path, created);
      await printResult(ctx, { address, serial: created.serial, notBefore: created.notBefore.toISOString(), notAfter: created.notAfter.toISOString(), path }, () =>
        `Created client certificate ${created.serial} for ${address}, valid until ${created.notAfter.toISOString()}, in ${path}.\nPublish it with: akash cert publish\n`,
      );
    });

  addTxOptions(cert.command("publish").description("publish the local client certificate on chain, so providers accept it"))
    .addHelpText("after", "\nExamples:\n  akash cert publish --from main --yes")
    .action(async (options: TxFlagValues) => {
      const ctx = await openChain(io, options, "tx");
      const address = accountFor(ctx, undefined);
      const path = await paths(io, address);
      const { loadClientCertificate } = await import("../../chain/certificate.js");
      const local = await loadClientCertificate(path);
      if (!local) throw new InputError("CERTIFICATE_MISSING", `no client certificate for ${address} in ${path}; create one with: akash cert create`, { path });
      const outcome = await runTx(ctx, [{ kind: "createCertificate", certPem: local.certPem, pubkeyPem: local.pubkeyPem }], { summary: `publish client certificate ${local.serial} for ${address}` });
      if (outcome.kind !== "submitted") return;
      const onChain = await ctx.client.certificates({ owner: address, serial: local.serial });
      await printResult(ctx, { address, serial: local.serial, state: onChain[0]?.state ?? "unknown", ...txData(outcome.result) }, () =>
        `Published client certificate ${local.serial} (state ${onChain[0]?.state ?? "unknown"}); tx ${outcome.result.txHash}.\n`,
      );
    });

  addTxOptions(cert.command("revoke").description("revoke a certificate on chain (default: the local one)").argument("[serial]", "the certificate's serial (decimal)"))
    .addHelpText("after", "\nExamples:\n  akash cert revoke --yes\n  akash cert revoke 1733086000000000 --yes")
    .action(async (serialArg: string | undefined, options: TxFlagValues) => {
      const ctx = await openChain(io, options, "tx");
      const address = accountFor(ctx, undefined);
      let serial = serialArg;
      if (serial === undefined) {
        const { loadClientCertificate } = await import("../../chain/certificate.js");
        const local = await loadClientCertificate(await paths(io, address));
        if (!local) throw new InputError("CERTIFICATE_MISSING", "no local client certificate: give the SERIAL to revoke (akash cert list shows them)", {});
        serial = local.serial;
      }
      const existing = await ctx.client.certificates({ owner: address, serial });
      if (existing.length === 0) {
        const { ChainError } = await import("../../chain/errors.js");
        throw new ChainError("CERTIFICATE_NOT_FOUND", `${address} has no certificate ${serial} on chain; \`akash cert list\` shows them`, { serial });
      }
      const outcome = await runTx(ctx, [{ kind: "revokeCertificate", serial }], { summary: `revoke certificate ${serial} of ${address}` });
      if (outcome.kind !== "submitted") return;
      const after = await ctx.client.certificates({ owner: address, serial });
      await printResult(ctx, { address, serial, state: after[0]?.state ?? "unknown", ...txData(outcome.result) }, () => `Revoked certificate ${serial} (state ${after[0]?.state ?? "unknown"}); tx ${outcome.result.txHash}.\n`);
    });

  addQueryOptions(
    cert
      .command("list")
      .description("list the account's certificates on chain")
      .option("--state <state>", "valid or revoked")
      .option("--owner <address>", "whose certificates (default: the --from key's account)"),
  )
    .addHelpText("after", "\nExamples:\n  akash cert list --from main")
    .action(async (options: ListOptions) => {
      const ctx = await openChain(io, options, "query");
      const owner = accountFor(ctx, options.owner, "--owner ADDRESS");
      const state = options.state === "valid" || options.state === "revoked" ? options.state : undefined;
      const list = await ctx.client.certificates({ owner, ...(state ? { state } : {}) });
      const { X509Certificate } = await import("node:crypto");
      const { loadClientCertificate } = await import("../../chain/certificate.js");
      const local = await loadClientCertificate(await paths(io, owner)).catch(() => null);
      const rows = list.map((c) => {
        let notAfter = "";
        try {
          notAfter = new Date(new X509Certificate(c.certPem).validTo).toISOString();
        } catch {
          notAfter = "unreadable";
        }
        return { serial: c.serial, state: c.state, notAfter, local: local?.serial === c.serial };
      });
      if (ctx.format === "text" && rows.length === 0) {
        io.stderr(`No certificates on chain for ${owner}.\n`);
        return;
      }
      const { table } = await import("../render/table.js");
      await printResult(ctx, { owner, certificates: rows }, () => table([["SERIAL", "STATE", "VALID UNTIL", "LOCAL KEY"], ...rows.map((r) => [r.serial, r.state, r.notAfter, r.local ? "yes" : "-"])]));
    });
}
