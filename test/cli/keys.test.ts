import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { deriveAccount } from "../../src/wallet/derive.js";
import { generateMnemonic } from "../../src/wallet/mnemonic.js";
import type { CliRun } from "../helpers/cli.js";
import { ScriptedPrompter, isolatedEnv, runCliWith, tempHome, type RunOptions } from "../helpers/cli-stdin.js";
import { REPO_ROOT } from "../helpers/fixtures.js";
import { TEST_MNEMONIC } from "../wallet/fixtures.js";

const PASS = "Pp-secret-passphrase-42";
const TEST_ADDRESS = (await deriveAccount(TEST_MNEMONIC)).address;

/** A CI-like run (no terminal) in its own temporary home, with the passphrase in the environment. */
function ciEnv(home = tempHome(), extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return isolatedEnv(home, { AKASH_KEYRING_PASSPHRASE: PASS, ...extra });
}

/** An interactive terminal: no CI, no NO_COLOR; the prompter answers. */
function ttyEnv(home = tempHome(), extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { HOME: home, AKASH_HOME: join(home, "akash"), ...extra };
}

function keystoreOf(env: Record<string, string | undefined>): string {
  return join(env.AKASH_HOME ?? "", "keystore.json");
}

function run(argv: string[], options: RunOptions): Promise<CliRun> {
  return runCliWith(["keys", ...argv], options);
}

const ADDRESS = /^akash1[02-9ac-hj-np-z]{38}\n$/;

// --- Startup: --help never loads the wallet ----------------------------------------------------

test("main.ts and commands/keys.ts import no wallet, cosmjs or prompt code at top level", () => {
  for (const file of ["build/src/cli/main.js", "build/src/cli/commands/keys.js"]) {
    const text = readFileSync(join(REPO_ROOT, file), "utf8");
    const staticImports = [...text.matchAll(/^import\s(?!type\b)[^;]*?from\s+"([^"]+)"/gmu)].map((m) => m[1] ?? "");
    for (const specifier of staticImports) {
      assert.doesNotMatch(specifier, /wallet|@cosmjs|inquirer|prompts/u, `${file} imports ${specifier}`);
    }
  }
});

test("a cold `akash --help` and `akash keys list` of keystore keys load no cosmjs or prompt library", async () => {
  const dir = tempHome();
  const hooks = join(dir, "hooks.mjs");
  writeFileSync(
    hooks,
    "export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write(`LOAD ${r.url}\\n`); return r; }\n",
  );
  const register = join(dir, "register.mjs");
  writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const bin = join(REPO_ROOT, "bin", "akash.js");
  const env = { ...process.env, ...isolatedEnv(dir) };
  const help = await promisify(execFile)(process.execPath, ["--import", register, bin, "--help"], { env });
  assert.match(help.stdout, /keys/);
  const loaded = help.stderr.split("\n").filter((l) => l.startsWith("LOAD "));
  assert.ok(loaded.some((l) => l.includes("commands/keys.js")));
  assert.deepEqual(loaded.filter((l) => /wallet|@cosmjs|@inquirer|prompts/u.test(l)), []);
  const list = await promisify(execFile)(process.execPath, ["--import", register, bin, "keys", "list"], { env });
  assert.deepEqual(list.stderr.split("\n").filter((l) => /^LOAD .*(@cosmjs|@inquirer)/u.test(l)), []);
});

// --- Without a terminal (CI) ---------------------------------------------------------------------

test("keys add: prints the address on stdout; the mnemonic is not shown without a terminal", async () => {
  const env = ciEnv();
  const r = await run(["add", "main"], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, ADDRESS);
  assert.match(r.stderr, /Added key "main" to .*keystore\.json/);
  assert.match(r.stderr, /The new mnemonic was not shown \(stderr is not a terminal\)/);
  assert.match(r.stderr, /akash keys export main --yes > FILE/);
  if (process.platform !== "win32") assert.equal(statSync(keystoreOf(env)).mode & 0o777, 0o600);
  const exported = await run(["export", "main", "--yes"], { env });
  assert.equal(exported.code, 0, exported.stderr);
  assert.equal((await deriveAccount(exported.stdout.trim())).address, r.stdout.trim());
});

test("keys add --show-mnemonic: the mnemonic once, on stderr, with a warning; stdout has only the address", async () => {
  const env = ciEnv();
  const r = await run(["add", "main", "--show-mnemonic"], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, ADDRESS);
  const shown = /\n {2}((?:[a-z]+ ){23}[a-z]+)\n/u.exec(r.stderr)?.[1];
  assert.ok(shown, r.stderr);
  assert.equal(r.stderr.split(shown).length, 2, "shown exactly once");
  assert.match(r.stderr, /Write down this mnemonic/);
  assert.equal((await deriveAccount(shown)).address, r.stdout.trim());
});

test("keys add -o json: the key's public data, never the mnemonic", async () => {
  const r = await run(["add", "main", "-o", "json", "--show-mnemonic"], { env: ciEnv() });
  assert.equal(r.code, 0, r.stderr);
  const key = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(key).sort(), ["address", "createdAt", "name", "pubkey", "source"]);
  assert.equal(key.source, "keystore");
  assert.equal(Buffer.from(String(key.pubkey), "base64").length, 33);
});

test("keys add --recover and keys import read the mnemonic from stdin", async () => {
  const env = ciEnv();
  const recovered = await run(["add", "a", "--recover"], { env, stdin: `${TEST_MNEMONIC}\n` });
  assert.equal(recovered.code, 0, recovered.stderr);
  assert.equal(recovered.stdout, `${TEST_ADDRESS}\n`);
  assert.doesNotMatch(recovered.stderr, /Write down|not shown/);
  // The same mnemonic under a second name: refused before any passphrase is asked, unless --force.
  const again = await run(["import", "b", "-o", "yaml"], { env, stdin: TEST_MNEMONIC });
  assert.equal(again.code, 5);
  assert.match(again.stderr, /^akash: error: this mnemonic is already in the keystore as "a" \(akash1[0-9a-z]+\); use that name, or pass --force/m);
  const imported = await run(["import", "b", "-o", "yaml", "--force"], { env, stdin: TEST_MNEMONIC });
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stderr, /^warning: the keystore already holds this key as "a"/m);
  assert.match(imported.stdout, new RegExp(`^name: b\\naddress: ${TEST_ADDRESS}\\n`));
});

test("keys import: no stdin and no terminal, or empty stdin, is a usage error", async () => {
  const env = ciEnv();
  const none = await run(["import", "a"], { env });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no mnemonic: pipe it on stdin.*cannot ask: stderr is not a terminal/);
  const empty = await run(["import", "a"], { env, stdin: "\n" });
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /stdin is empty/);
  assert.ok(!existsSync(keystoreOf(env)));
});

test("keys add: without AKASH_KEYRING_PASSPHRASE and without a terminal, a usage error naming it", async () => {
  const env = isolatedEnv(tempHome());
  const r = await run(["add", "main"], { env });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /set AKASH_KEYRING_PASSPHRASE \(cannot ask: stderr is not a terminal\)/);
  assert.equal(r.stdout, "");
  assert.ok(!existsSync(keystoreOf(env)));
});

test("keys add: a short AKASH_KEYRING_PASSPHRASE, a bad name, a taken name", async () => {
  const env = ciEnv();
  const short = await run(["add", "main"], { env: { ...env, AKASH_KEYRING_PASSPHRASE: "1234567" } });
  assert.equal(short.code, 5);
  assert.match(short.stderr, /AKASH_KEYRING_PASSPHRASE: the passphrase is too short: use at least 8 characters/);
  const badName = await run(["add", "my key"], { env });
  assert.equal(badName.code, 2);
  assert.match(badName.stderr, /invalid key name "my key"/);
  assert.equal((await run(["add", "main"], { env })).code, 0);
  const before = readFileSync(keystoreOf(env), "utf8");
  const dup = await run(["add", "main", "--recover"], { env, stdin: TEST_MNEMONIC });
  assert.equal(dup.code, 5);
  assert.match(dup.stderr, /a key named "main" already exists/);
  assert.equal(readFileSync(keystoreOf(env), "utf8"), before);
});

test("keys list: a table (name, address, source); -o json and -o yaml; an empty keystore", async () => {
  const env = ciEnv();
  const empty = await run(["list"], { env });
  assert.equal(empty.code, 0);
  assert.equal(empty.stdout, "");
  assert.match(empty.stderr, /No keys .*akash keys add NAME/);
  assert.equal((await run(["list", "-o", "json"], { env })).stdout, "[]\n");
  await run(["import", "main"], { env, stdin: TEST_MNEMONIC });
  const withEnvKey = { ...env, AKASH_MNEMONIC: generateMnemonic(), AKASH_FROM: "ci" };
  const table = await run(["list"], { env: withEnvKey });
  assert.equal(table.code, 0, table.stderr);
  const lines = table.stdout.trimEnd().split("\n");
  assert.match(lines[0] ?? "", /^NAME\s+ADDRESS\s+SOURCE$/);
  assert.match(lines[1] ?? "", /^ci\s+akash1\S+\s+env$/);
  assert.match(lines[2] ?? "", new RegExp(`^main\\s+${TEST_ADDRESS}\\s+keystore$`));
  const json = JSON.parse((await run(["list", "-o", "json"], { env: withEnvKey })).stdout) as { name: string; source: string }[];
  assert.deepEqual(json.map((k) => [k.name, k.source]), [["ci", "env"], ["main", "keystore"]]);
  const yaml = await run(["list", "-o", "yaml"], { env });
  assert.match(yaml.stdout, /^- name: main\n {2}address: akash1/);
});

test("keys show: text, --address, -o json; a missing key is a wallet error", async () => {
  const env = ciEnv();
  await run(["import", "main"], { env, stdin: TEST_MNEMONIC });
  const text = await run(["show", "main"], { env });
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`^name: +main\\naddress: +${TEST_ADDRESS}\\npubkey: +\\S+\\nsource: +keystore\\ncreated: `));
  assert.equal((await run(["show", "main", "--address"], { env })).stdout, `${TEST_ADDRESS}\n`);
  const json = JSON.parse((await run(["show", "main", "-o", "json"], { env })).stdout) as Record<string, unknown>;
  assert.equal(json.address, TEST_ADDRESS);
  const missing = await run(["show", "nope"], { env });
  assert.equal(missing.code, 5);
  assert.match(missing.stderr, /^akash: error: no key named "nope" in .*; `akash keys list` shows the keys\n$/);
  assert.equal(missing.stdout, "");
});

test("keys export: refuses without --yes and no terminal; --yes prints the mnemonic on stdout", async () => {
  const env = ciEnv();
  await run(["import", "main"], { env, stdin: TEST_MNEMONIC });
  const refused = await run(["export", "main"], { env });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /refusing to print the mnemonic of "main" without confirmation: pass --yes/);
  assert.equal(refused.stdout, "");
  const exported = await run(["export", "main", "--yes"], { env });
  assert.equal(exported.code, 0, exported.stderr);
  assert.equal(exported.stdout, `${TEST_MNEMONIC}\n`);
  assert.match(exported.stderr, /Keep this mnemonic secret/);
  const json = JSON.parse((await run(["export", "main", "-y", "-o", "json"], { env })).stdout) as Record<string, unknown>;
  assert.deepEqual(json, { name: "main", address: TEST_ADDRESS, mnemonic: TEST_MNEMONIC });
});

test("keys export: a wrong passphrase is exit 5 WRONG_PASSPHRASE, no stack trace; none at all is a usage error", async () => {
  const env = ciEnv();
  await run(["import", "main"], { env, stdin: TEST_MNEMONIC });
  const wrong = await run(["export", "main", "--yes", "--verbose"], { env: { ...env, AKASH_KEYRING_PASSPHRASE: "not-the-passphrase" } });
  assert.equal(wrong.code, 5);
  assert.equal(wrong.stderr, 'akash: error: wrong passphrase for key "main"\n');
  assert.equal(wrong.stdout, "");
  const none = await run(["export", "main", "--yes"], { env: { ...env, AKASH_KEYRING_PASSPHRASE: undefined } });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /key "main" is encrypted: set AKASH_KEYRING_PASSPHRASE/);
});

test("keys delete: refuses without --yes and no terminal; --yes deletes; the env key cannot be deleted", async () => {
  const env = ciEnv();
  await run(["import", "main"], { env, stdin: TEST_MNEMONIC });
  const refused = await run(["delete", "main"], { env });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /pass --yes/);
  const deleted = await run(["delete", "main", "--yes", "-o", "json"], { env });
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.deepEqual(JSON.parse(deleted.stdout), { name: "main", address: TEST_ADDRESS, deleted: true });
  assert.equal((await run(["show", "main"], { env })).code, 5);
  const envKey = await run(["delete", "env", "--yes"], { env: { ...env, AKASH_MNEMONIC: TEST_MNEMONIC } });
  assert.equal(envKey.code, 5);
  assert.match(envKey.stderr, /comes from AKASH_MNEMONIC/);
});

test("AKASH_MNEMONIC: list, show and export work with no keystore file and no passphrase", async () => {
  const home = tempHome();
  const env = isolatedEnv(home, { AKASH_MNEMONIC: TEST_MNEMONIC });
  const list = await run(["list", "-o", "json"], { env });
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual(JSON.parse(list.stdout), [
    { name: "env", address: TEST_ADDRESS, pubkey: (await deriveAccount(TEST_MNEMONIC)).pubkey, source: "env" },
  ]);
  assert.equal((await run(["show", "env", "--address"], { env })).stdout, `${TEST_ADDRESS}\n`);
  assert.equal((await run(["show", "deployer", "--address"], { env: { ...env, AKASH_FROM: "deployer" } })).stdout, `${TEST_ADDRESS}\n`);
  assert.equal((await run(["export", "env", "--yes"], { env })).stdout, `${TEST_MNEMONIC}\n`);
  assert.ok(!existsSync(join(home, "akash")), "no keystore folder created");
});

test("an unprotected keystore is refused with the chmod to run; a damaged one without quoting it", { skip: process.platform === "win32" }, async () => {
  const env = ciEnv();
  await run(["import", "main"], { env, stdin: TEST_MNEMONIC });
  chmodSync(keystoreOf(env), 0o644);
  const open = await run(["list"], { env });
  assert.equal(open.code, 5);
  assert.match(open.stderr, /can be read or changed by other users \(mode 0644\); refusing to use it\. Run: chmod 600 /);
  writeFileSync(keystoreOf(env), "{ not json", { mode: 0o600 });
  chmodSync(keystoreOf(env), 0o600);
  const damaged = await run(["list", "--verbose"], { env });
  assert.equal(damaged.code, 5);
  assert.match(damaged.stderr, /^akash: error: keystore .* is damaged: it is not valid JSON\. Restore it from a backup/);
  assert.doesNotMatch(damaged.stderr, /not json|\n\s+at /);
});

// --- On a terminal (scripted answers) -------------------------------------------------------------

test("tty: keys add asks for the passphrase twice and shows the new mnemonic once on stderr", async () => {
  const prompter = new ScriptedPrompter([PASS, PASS]);
  const r = await run(["add", "main"], { env: ttyEnv(), prompter });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(prompter.asked, ["New keystore passphrase (at least 8 characters):", "Repeat the passphrase:"]);
  const shown = /\n {2}((?:[a-z]+ ){23}[a-z]+)\n/u.exec(r.stderr)?.[1];
  assert.ok(shown);
  assert.equal(r.stderr.split(shown).length, 2);
  assert.equal((await deriveAccount(shown)).address, r.stdout.trim());
});

test("tty: a short passphrase is asked again; a mismatch is asked again; three mismatches give up", async () => {
  const short = new ScriptedPrompter(["short", PASS, PASS]);
  assert.equal((await run(["add", "a"], { env: ttyEnv(), prompter: short })).code, 0);
  assert.deepEqual(short.rejections, ["the passphrase is too short: use at least 8 characters"]);

  const once = new ScriptedPrompter([PASS, "something-else", PASS, PASS]);
  const retried = await run(["add", "a"], { env: ttyEnv(), prompter: once });
  assert.equal(retried.code, 0, retried.stderr);
  assert.match(retried.stderr, /The passphrases do not match\./);

  const env = ttyEnv();
  const never = new ScriptedPrompter([PASS, "x-1-xxxxxx", PASS, "x-2-xxxxxx", PASS, "x-3-xxxxxx"]);
  const failed = await run(["add", "a"], { env, prompter: never });
  assert.equal(failed.code, 5);
  assert.match(failed.stderr, /the passphrases did not match three times; nothing was saved/);
  assert.ok(!existsSync(keystoreOf(env)));
});

test("tty: keys add --recover asks for the mnemonic hidden, and names a mistyped word by position", async () => {
  const typo = TEST_MNEMONIC.replace(/^abandon abandon abandon/, "abandon abandon abadon");
  const prompter = new ScriptedPrompter([typo, TEST_MNEMONIC, PASS, PASS]);
  const r = await run(["add", "main", "--recover"], { env: ttyEnv(), prompter });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${TEST_ADDRESS}\n`);
  assert.equal(prompter.asked[0], "Mnemonic (12 to 24 words, hidden):");
  assert.deepEqual(prompter.rejections, ["word 3 is not in the BIP39 English word list (check the spelling)"]);
  assert.doesNotMatch(r.stderr, /Write down/);
});

test("tty: export asks to confirm (no: exit 130, nothing printed), then for the passphrase", async () => {
  const env = ttyEnv();
  await run(["import", "main"], { env: { ...env, AKASH_KEYRING_PASSPHRASE: PASS }, stdin: TEST_MNEMONIC });
  const declined = await run(["export", "main"], { env, prompter: new ScriptedPrompter([false]) });
  assert.equal(declined.code, 130);
  assert.equal(declined.stdout, "");
  assert.match(declined.stderr, /Cancelled: nothing was printed/);
  const prompter = new ScriptedPrompter([true, PASS]);
  const accepted = await run(["export", "main"], { env, prompter });
  assert.equal(accepted.code, 0, accepted.stderr);
  assert.equal(accepted.stdout, `${TEST_MNEMONIC}\n`);
  assert.match(prompter.asked[0] ?? "", new RegExp(`^Print the mnemonic of key "main" \\(${TEST_ADDRESS}\\)\\?`));
  assert.equal(prompter.asked[1], 'Passphrase for key "main":');
  const wrong = await run(["export", "main"], { env, prompter: new ScriptedPrompter([true, "wrong-passphrase"]) });
  assert.equal(wrong.code, 5);
  assert.equal(wrong.stderr, 'akash: error: wrong passphrase for key "main"\n');
});

test("tty: delete asks to confirm", async () => {
  const env = ttyEnv();
  await run(["import", "main"], { env: { ...env, AKASH_KEYRING_PASSPHRASE: PASS }, stdin: TEST_MNEMONIC });
  assert.equal((await run(["delete", "main"], { env, prompter: new ScriptedPrompter([false]) })).code, 130);
  assert.equal((await run(["show", "main"], { env })).code, 0);
  const r = await run(["delete", "main"], { env, prompter: new ScriptedPrompter([true]) });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `Deleted key "main" (${TEST_ADDRESS})\n`);
});

test("a terminal under CI=true is not asked: the usage error names the variable or flag", async () => {
  const prompter = new ScriptedPrompter([PASS, PASS, true]);
  const add = await run(["add", "main"], { env: ttyEnv(tempHome(), { CI: "true" }), prompter });
  assert.equal(add.code, 2);
  assert.match(add.stderr, /set AKASH_KEYRING_PASSPHRASE \(cannot ask: CI is set\)/);
  const exp = await run(["export", "env"], { env: ttyEnv(tempHome(), { CI: "true", AKASH_MNEMONIC: TEST_MNEMONIC }), prompter });
  assert.equal(exp.code, 2);
  assert.match(exp.stderr, /pass --yes \(cannot ask: CI is set\)/);
  assert.equal(prompter.asked.length, 0);
});

test("NO_COLOR turns off colour only: a person at a terminal is still asked", async () => {
  const prompter = new ScriptedPrompter([true]);
  const env = ttyEnv(tempHome(), { NO_COLOR: "1", AKASH_MNEMONIC: TEST_MNEMONIC });
  const exp = await run(["export", "env"], { env, prompter });
  assert.equal(exp.code, 0, exp.stderr);
  assert.equal(prompter.asked.length, 1);
});

// --- Secrets never leak ------------------------------------------------------------------------------

/** Every run of every keys command, with where the mnemonic may legitimately appear. */
interface Observed {
  readonly label: string;
  readonly run: CliRun;
  readonly mnemonicOnStdout?: boolean;
  readonly mnemonicOnStderr?: boolean;
}

/** True when `text` holds the passphrase or any three consecutive words of the mnemonic. */
function leaks(text: string, mnemonic: string, passphrase: string): string | null {
  if (text.includes(passphrase)) return "the passphrase";
  const words = mnemonic.split(" ");
  for (let i = 0; i + 3 <= words.length; i++) {
    const run = words.slice(i, i + 3).join(" ");
    if (text.includes(run)) return `mnemonic words ${i + 1}-${i + 3}`;
  }
  return null;
}

test("secrets: no mnemonic or passphrase in any output except export --yes stdout and add --show-mnemonic stderr", async () => {
  const mnemonic = generateMnemonic();
  const words = mnemonic.split(" ");
  const typo = [...words.slice(0, 9), `${words[9]}q`, ...words.slice(10)].join(" ");
  const home = tempHome();
  const env = ciEnv(home);
  const wrongPass = { ...env, AKASH_KEYRING_PASSPHRASE: "wrong-passphrase-9" };
  const observed: Observed[] = [];
  const observe = async (label: string, argv: string[], options: RunOptions, allowed: Partial<Observed> = {}) => {
    const r = await run([...argv, "--verbose"], options);
    observed.push({ label, run: r, ...allowed });
    return r;
  };

  // Successes.
  assert.equal((await observe("import", ["import", "main"], { env, stdin: mnemonic })).code, 0);
  assert.equal((await observe("add --recover", ["add", "copy2", "--recover", "--force"], { env, stdin: `  ${mnemonic}  \n` })).code, 0);
  const generated = await observe("add --show-mnemonic", ["add", "fresh", "--show-mnemonic"], { env }, { mnemonicOnStderr: true });
  assert.equal(generated.code, 0);
  assert.equal((await observe("add", ["add", "fresh2"], { env })).code, 0);
  assert.equal((await observe("add -o json", ["add", "fresh3", "-o", "json"], { env })).code, 0);
  for (const format of ["text", "json", "yaml"]) {
    assert.equal((await observe(`list -o ${format}`, ["list", "-o", format], { env })).code, 0);
    assert.equal((await observe(`show -o ${format}`, ["show", "main", "-o", format], { env })).code, 0);
  }
  assert.equal((await observe("show --address", ["show", "main", "--address"], { env })).code, 0);
  const exported = await observe("export --yes", ["export", "main", "--yes"], { env }, { mnemonicOnStdout: true });
  assert.equal(exported.stdout, `${mnemonic}\n`);
  const exportedJson = await observe("export --yes -o json", ["export", "main", "--yes", "-o", "json"], { env }, { mnemonicOnStdout: true });
  assert.equal(exportedJson.code, 0);
  assert.equal((await observe("delete --yes", ["delete", "copy2", "--yes"], { env })).code, 0);
  // The env key: list, show, export.
  const withEnv = { ...env, AKASH_MNEMONIC: mnemonic, AKASH_FROM: "ci" };
  assert.equal((await observe("env list", ["list", "-o", "json"], { env: withEnv })).code, 0);
  assert.equal((await observe("env show", ["show", "ci"], { env: withEnv })).code, 0);
  assert.equal((await observe("env export", ["export", "ci", "--yes"], { env: withEnv }, { mnemonicOnStdout: true })).code, 0);

  // Error paths.
  const errors: [string, string[], RunOptions, number][] = [
    ["wrong passphrase", ["export", "main", "--yes"], { env: wrongPass }, 5],
    ["export without --yes", ["export", "main"], { env }, 2],
    ["export missing key", ["export", "nope", "--yes"], { env }, 5],
    ["duplicate name via import", ["import", "main"], { env, stdin: mnemonic }, 5],
    ["duplicate name via add --recover", ["add", "main", "--recover"], { env, stdin: mnemonic }, 5],
    ["typo on import", ["import", "typo"], { env, stdin: typo }, 5],
    ["typo on add --recover", ["add", "typo", "--recover"], { env, stdin: typo }, 5],
    ["typo in AKASH_MNEMONIC", ["list"], { env: { ...env, AKASH_MNEMONIC: typo } }, 5],
    ["short word count", ["import", "short"], { env, stdin: words.slice(0, 11).join(" ") }, 5],
    ["bad checksum", ["import", "swap"], { env, stdin: [...words.slice(0, 22), words[23], words[22]].join(" ") }, 5],
    ["weak passphrase", ["import", "weak"], { env: { ...env, AKASH_KEYRING_PASSPHRASE: "short" }, stdin: mnemonic }, 5],
    ["no passphrase", ["import", "nopass", "--force"], { env: { ...env, AKASH_KEYRING_PASSPHRASE: undefined }, stdin: mnemonic }, 2],
    ["missing key show", ["show", "nope"], { env }, 5],
    ["missing key delete", ["delete", "nope", "--yes"], { env }, 5],
    ["delete env key", ["delete", "ci", "--yes"], { env: withEnv }, 5],
    ["bad output format", ["export", "main", "--yes", "-o", "xml"], { env }, 2],
  ];
  for (const [label, argv, options, code] of errors) {
    const r = await observe(label, argv, options);
    assert.equal(r.code, code, `${label}: ${r.stderr}`);
    assert.equal(r.stdout, "", `${label}: nothing on stdout`);
    assert.doesNotMatch(r.stderr, /\n\s+at /, `${label}: no stack trace`);
  }
  // A corrupt keystore holding the mnemonic in clear (say, a half-written hand edit) is not quoted.
  const keystore = keystoreOf(env);
  writeFileSync(keystore, `{"version": 1, "keys": [{"note": "${mnemonic}", "pass": "${PASS}"`, { mode: 0o600 });
  for (const [label, argv] of [["corrupt list", ["list"]], ["corrupt show", ["show", "main"]], ["corrupt export", ["export", "main", "--yes"]], ["corrupt add", ["add", "x"]]] as const) {
    const r = await observe(label, [...argv], { env });
    assert.equal(r.code, 5, `${label}: ${r.stderr}`);
    assert.match(r.stderr, /is damaged: it is not valid JSON/);
  }

  for (const { label, run: r, mnemonicOnStdout, mnemonicOnStderr } of observed) {
    const checks: [string, string, boolean][] = [
      ["stdout", r.stdout, mnemonicOnStdout === true],
      ["stderr", r.stderr, mnemonicOnStderr === true],
    ];
    for (const [stream, text, mnemonicAllowed] of checks) {
      assert.ok(!text.includes(PASS) && !text.includes("wrong-passphrase-9"), `${label}: passphrase on ${stream}`);
      if (mnemonicAllowed) continue;
      for (const secret of [mnemonic, typo]) {
        const leak = leaks(text, secret, PASS);
        assert.equal(leak, null, `${label}: ${leak} on ${stream}:\n${text}`);
      }
    }
  }
  // The one-time display is of the new key's own mnemonic, not of any other.
  assert.equal(leaks(generated.stderr, mnemonic, PASS), null);
});
