import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { runCli } from "../helpers/cli.js";
import { EXAMPLES_DIR, REPO_ROOT } from "../helpers/fixtures.js";

const example = join(EXAMPLES_DIR, "static-site.yaml");
const scratch = mkdtempSync(join(tmpdir(), "akash-cli-test-"));
const invalid = join(scratch, "invalid.yaml");
writeFileSync(
  invalid,
  [
    'version: "2.0"',
    "services:",
    "  web:",
    "    image: nginx:1.27.3",
    "    expse:",
    "      - port: 80",
    "profiles:",
    "  compute:",
    "    web:",
    "      resources: { cpu: { units: 0.5 }, memory: { size: 512Mi }, storage: { size: 1Gi } }",
    "  placement:",
    "    dc:",
    "      pricing: { web: { denom: uact, amount: 100 } }",
    "deployment:",
    "  web:",
    "    dc: { profile: wbe, count: 1 }",
    "",
  ].join("\n"),
);

test("sdl validate: a valid file exits 0", async () => {
  const run = await runCli(["sdl", "validate", example]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /static-site\.yaml: valid/);
});

test("sdl validate: an invalid file exits 1 with FILE:LINE:COL errors and hints", async () => {
  const run = await runCli(["sdl", "validate", invalid]);
  assert.equal(run.code, 1);
  const lines = run.stderr.split("\n");
  assert.ok(lines.some((l) => l.startsWith(`${invalid}:5:5: error: unknown key \`expse\``)), run.stderr);
  assert.ok(lines.some((l) => l.includes("did you mean `expose`?")), run.stderr);
  assert.ok(lines.some((l) => /:16:\d+: error: deployment `web` uses compute profile `wbe`/.test(l)), run.stderr);
  assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
});

test("sdl validate: all files are checked and the worst result decides the exit code", async () => {
  const run = await runCli(["sdl", "validate", example, invalid]);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /static-site\.yaml: valid/);
  assert.match(run.stdout, /invalid\.yaml: 2 errors/);
});

test("sdl validate -o json: results on stdout, parseable", async () => {
  const run = await runCli(["sdl", "validate", "-o", "json", example, invalid]);
  assert.equal(run.code, 1);
  const data = JSON.parse(run.stdout) as { valid: boolean; files: { file: string; valid: boolean; diagnostics: { code: string; line: number; column: number }[] }[] };
  assert.equal(data.valid, false);
  assert.deepEqual(
    data.files.map((f) => f.valid),
    [true, false],
  );
  const unknownKey = data.files[1]?.diagnostics.find((d) => d.code === "SDL2001");
  assert.ok(unknownKey && unknownKey.line === 5 && unknownKey.column === 5, JSON.stringify(data.files[1]));
});

test("sdl validate: a missing file or an unknown flag is a usage error (exit 2)", async () => {
  assert.equal((await runCli(["sdl", "validate", join(scratch, "nope.yaml")])).code, 2);
  assert.equal((await runCli(["sdl", "validate", "--bogus", example])).code, 2);
  assert.equal((await runCli(["sdl", "validate"])).code, 2);
  assert.equal((await runCli(["sdl", "compile", example, "-o", "xml"])).code, 2);
});

test("sdl compile -o json prints exactly groups, manifest and version", async () => {
  const run = await runCli(["sdl", "compile", example, "-o", "json"]);
  assert.equal(run.code, 0, run.stderr);
  const data = JSON.parse(run.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(data).sort(), ["groups", "manifest", "version"]);
  assert.match(String(data.version), /^[0-9a-f]{64}$/);
});

test("sdl compile -o yaml and the text summary", async () => {
  const yaml = await runCli(["sdl", "compile", example, "-o", "yaml"]);
  assert.equal(yaml.code, 0);
  assert.match(yaml.stdout, /^groups:/m);
  const text = await runCli(["sdl", "compile", example]);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /price cap .* uact\/block ≈ [\d.]+ ACT\/month/);
});

test("sdl compile of an invalid file exits 1 and prints nothing on stdout", async () => {
  const run = await runCli(["sdl", "compile", invalid, "-o", "json"]);
  assert.equal(run.code, 1);
  assert.equal(run.stdout, "");
});

test("sdl schema prints the JSON Schema", async () => {
  const run = await runCli(["sdl", "schema"]);
  assert.equal(run.code, 0);
  const schema = JSON.parse(run.stdout) as { $schema: string };
  assert.match(schema.$schema, /json-schema\.org/);
});

test("--help and --version exit 0", async () => {
  const help = await runCli(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Exit codes:/);
  const version = await runCli(["--version"]);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+/);
});

test("the installed bin runs without a TTY and without colour codes", async () => {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, "bin", "akash.js"), "sdl", "validate", example], {
    env: { ...process.env, CI: "true" },
  });
  assert.match(stdout, /valid/);
  assert.doesNotMatch(stdout + stderr, /\u001b\[/);
});
