/**
 * `akash lease status|logs|events` driven in-process with an injected context: the chain lookups
 * are an in-memory stand-in (one active lease, the provider's host_uri and its certificate) and the
 * provider is the scripted gateway stand-in. Checks what reaches stdout: escaped provider text,
 * JSON/JSONL documents, and exit codes through the CLI's one mapping.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Command } from "commander";
import { registerLeaseProviderCommands, type LeaseProviderContext } from "../../src/cli/commands/lease-provider.js";
import { exitCodeFor } from "../../src/cli/exit.js";
import type { CliIo } from "../../src/cli/io.js";
import { deriveAccount, mnemonicSigner } from "../../src/wallet/derive.js";
import { TEST_MNEMONIC } from "../wallet/fixtures.js";
import { CertFactory, type TestCert } from "./certs.js";
import { GatewayStub, chainWith, json } from "./gateway-stub.js";

const PROVIDER = "akash1qufa3xzrf34qvwyejkhvnc4psf49fftaw0asmh";
const SERIAL = "99";
const ESC = "\u001b";

let certs: CertFactory;
let cert: TestCert;
let gw: GatewayStub;
let ctx: LeaseProviderContext;

before(async () => {
  certs = new CertFactory();
  cert = certs.selfSigned({ cn: PROVIDER, serial: SERIAL });
  gw = await new GatewayStub(cert).start();
  const owner = (await deriveAccount(TEST_MNEMONIC)).address;
  const onChain = chainWith(PROVIDER, SERIAL, cert.certPem);
  ctx = {
    owner,
    signer: await mnemonicSigner(TEST_MNEMONIC),
    chain: {
      certificates: onChain.certificates,
      leases: async (f) => (f.dseq === 5n ? [{ id: { owner, dseq: 5n, gseq: 1, oseq: 1, provider: PROVIDER } }] : []),
      provider: async (address) => (address === PROVIDER ? { owner: PROVIDER, hostUri: gw.url } : null),
    },
  };
});
after(async () => {
  await gw.stop();
  certs.dispose();
});

async function run(argv: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false, env: { CI: "true" }, readFile: async () => "" };
  const program = new Command("akash").exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerLeaseProviderCommands(program.command("lease").exitOverride(), io, async () => ctx);
  for (const c of program.commands) for (const s of c.commands) s.exitOverride();
  try {
    await program.parseAsync(argv, { from: "user" });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    return { stdout, stderr, code: exitCodeFor(error) };
  }
}

test("lease status: provider text is escaped in text output and \\u-escaped in JSON", async () => {
  gw.http = (_req, res) =>
    json(res, 200, {
      services: { web: { name: "web", available: 1, total: 1, uris: [`evil${ESC}]0;pwned\u0007.example`, "ok\u202egnp.example"], ready_replicas: 1 } },
      errors: [`bad\u009b31m`],
    });
  const text = await run(["lease", "status", "5"]);
  assert.equal(text.code, 0, text.stderr);
  assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/.test(text.stdout), JSON.stringify(text.stdout));
  assert.match(text.stdout, /web: 1\/1 ready/);
  assert.match(text.stdout, /evil\\x1b\]0;pwned\\x07\.example/);
  assert.match(text.stdout, /ok\\u202egnp\.example/, "bidi overrides are shown, not applied");
  const out = await run(["lease", "status", "5", "-o", "json"]);
  assert.ok(!/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/.test(out.stdout.replace(/\n/g, "")), "JSON carries them as \\u escapes");
  const doc = JSON.parse(out.stdout) as { dseq: string; leases: { provider: string; status: { services: { uris: string[] }[]; errors: string[] } }[] };
  assert.equal(doc.dseq, "5");
  assert.equal(doc.leases[0]?.provider, PROVIDER);
  assert.equal(doc.leases[0]?.status.services[0]?.uris[0], `evil${ESC}]0;pwned\u0007.example`, "lossless for scripts");
  assert.equal(doc.leases[0]?.status.errors[0], "bad\u009b31m");
});

test("lease logs: one line per frame, escaped; -o jsonl is one JSON object per line", async () => {
  gw.ws = (_req, ws) => {
    ws.send(JSON.stringify({ name: "web-0", message: `${ESC}[2Jcleared` }));
    ws.send(JSON.stringify({ name: "web-0", message: "plain" }), () => ws.terminate());
  };
  const text = await run(["lease", "logs", "5", "--tail", "5", "--service", "web"]);
  assert.equal(text.code, 0, text.stderr);
  assert.equal(text.stdout, "[web-0] \\x1b[2Jcleared\n[web-0] plain\n");
  assert.match(gw.requests.at(-1)?.path ?? "", /\/lease\/5\/1\/1\/logs\?follow=false&tail=5&service=web$/);
  const jsonl = await run(["lease", "logs", "5", "-o", "jsonl"]);
  const lines = jsonl.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(lines.map((l) => [l.dseq, l.gseq, l.oseq, l.provider, l.name, l.message]), [
    ["5", 1, 1, PROVIDER, "web-0", `${ESC}[2Jcleared`],
    ["5", 1, 1, PROVIDER, "web-0", "plain"],
  ]);
});

test("lease events: a provider error exits 4; no active lease exits 1; bad flags exit 2", async () => {
  gw.ws = (_req, ws) => ws.close(4001);
  const failed = await run(["lease", "events", "5"]);
  assert.equal(failed.code, 4);
  assert.equal((await run(["lease", "status", "6"])).code, 1);
  assert.equal((await run(["lease", "logs", "5", "--service", "Web Server"])).code, 2);
  assert.equal((await run(["lease", "logs", "5", "-o", "yaml"])).code, 2);
  assert.equal((await run(["lease", "status", "0"])).code, 2);
});
