import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { runCli } from "../helpers/cli.js";
import { main } from "../../src/cli/main.js";
import type { CliIo } from "../../src/cli/io.js";

/** The real bin in a child process (real stdin, files and devices). */
async function runBin(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, "bin", "akash.js"), ...argv], { env: { ...process.env, CI: "true" }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, stdout, stderr };
}
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
  // Go ignores an unknown key below the root: a warning, with what it probably meant.
  assert.ok(lines.some((l) => l.startsWith(`${invalid}:5:5: warning: unknown key \`expse\` is ignored`)), run.stderr);
  assert.ok(lines.some((l) => l.includes("did you mean `expose`?")), run.stderr);
  assert.ok(lines.some((l) => /:16:\d+: error: deployment `web` uses compute profile `wbe`/.test(l)), run.stderr);
  assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
});

test("sdl validate: all files are checked and the worst result decides the exit code", async () => {
  const run = await runCli(["sdl", "validate", example, invalid]);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /static-site\.yaml: valid/);
  assert.match(run.stdout, /invalid\.yaml: 1 error, 2 warnings/);
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
  const unknownKey = data.files[1]?.diagnostics.find((d) => d.code === "SDL4010");
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
  assert.match(text.stdout, /price cap per instance .* uact\/block ≈ [\d.]+ ACT\/month; ×\d+ ≈ [\d.]+ ACT\/month/);
  assert.match(text.stdout, /group total at the cap ≈ [\d.]+ ACT\/month/);
});

test("sdl compile of an invalid file exits 1; -o json prints an error document on stdout, text prints nothing there", async () => {
  const run = await runCli(["sdl", "compile", invalid, "-o", "json"]);
  assert.equal(run.code, 1);
  const doc = JSON.parse(run.stdout) as { error: { code: string; message: string; data: { diagnostics: { code: string; line: number }[] } } };
  assert.equal(doc.error.code, "SDL_INVALID");
  assert.deepEqual(doc.error.data.diagnostics.map((d) => [d.code, d.line]), [["SDL3001", 16]]);
  assert.match(run.stderr, /^akash: error: .*invalid\.yaml is invalid: 1 error$/m);
  const text = await runCli(["sdl", "compile", invalid]);
  assert.equal(text.code, 1);
  assert.equal(text.stdout, "");
});

test("-o json: usage errors are JSON documents on stdout too, exit code unchanged", async () => {
  const missing = await runCli(["sdl", "compile", join(scratch, "nope.yaml"), "-o", "json"]);
  assert.equal(missing.code, 2);
  assert.equal((JSON.parse(missing.stdout) as { error: { code: string } }).error.code, "USAGE");
  const flag = await runCli(["sdl", "validate", "--bogus", "-o", "json", example]);
  assert.equal(flag.code, 2);
  assert.equal((JSON.parse(flag.stdout) as { error: { code: string } }).error.code, "USAGE");
  assert.match(flag.stderr, /^akash: error: unknown option '--bogus'/m);
});

test("--strict (flag, AKASH_STRICT or config) turns warnings into errors, exit 1", async () => {
  const warned = join(scratch, "warned.yaml");
  writeFileSync(warned, readFileSync(example, "utf8").replace(/(image: .*)\n/, "$1\n    depends_on: [db]\n"));
  const plain = await runCli(["sdl", "validate", warned]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stderr, /warning: unknown key `depends_on` is ignored .*\[SDL4010\]\n  hint: providers start all services together/);
  const strict = await runCli(["sdl", "validate", "--strict", warned]);
  assert.equal(strict.code, 1);
  assert.match(strict.stderr, /error: unknown key `depends_on` is ignored/);
  assert.equal((await runCli(["sdl", "validate", warned], { CI: "true", AKASH_STRICT: "true" })).code, 1);
  assert.equal((await runCli(["sdl", "compile", "--strict", warned])).code, 1);
});

test("a directory stands for its *.yaml and *.yml files; - reads standard input", async () => {
  const dir = mkdtempSync(join(tmpdir(), "akash-sdl-dir-"));
  writeFileSync(join(dir, "a.yaml"), readFileSync(example, "utf8"));
  writeFileSync(join(dir, "b.yml"), readFileSync(example, "utf8"));
  writeFileSync(join(dir, "notes.txt"), "not an SDL");
  const run = await runCli(["sdl", "validate", dir]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(run.stdout.trim().split("\n"), [`${join(dir, "a.yaml")}: valid`, `${join(dir, "b.yml")}: valid`]);
  const child = execFile(process.execPath, [join(REPO_ROOT, "bin", "akash.js"), "sdl", "validate", "-"], { env: { ...process.env, CI: "true" } });
  child.stdin?.end(readFileSync(example));
  const out = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    let stdout = "";
    child.stdout?.on("data", (c: Buffer) => (stdout += c.toString()));
    child.on("close", (code) => resolve({ code, stdout }));
  });
  assert.equal(out.code, 0);
  assert.equal(out.stdout, "<stdin>: valid\n");
});

test("reading stops at the size limit: /dev/zero and an endless pipe end with the size error after one limit of bytes", async () => {
  const zero = await runBin(["sdl", "validate", "/dev/zero"]);
  assert.equal(zero.code, 1);
  assert.match(zero.stderr, /\/dev\/zero:1:1: error: file is more than 1048576 bytes; the limit is 1048576 bytes \[SDL1002\]/);
  // An endless writer: the CLI must stop reading (and exit) although the writer never ends.
  const child = spawn(process.execPath, [join(REPO_ROOT, "bin", "akash.js"), "sdl", "validate", "-"], { env: { ...process.env, CI: "true" } });
  let written = 0;
  const chunk = Buffer.alloc(64 * 1024, "a");
  const pump = (): void => {
    while (child.stdin.writable && !child.stdin.writableNeedDrain) {
      written += chunk.length;
      if (!child.stdin.write(chunk)) break;
    }
  };
  child.stdin.on("drain", pump);
  child.stdin.on("error", () => undefined);
  pump();
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  assert.equal(code, 1);
  assert.match(stderr, /<stdin>:1:1: error: file is more than 1048576 bytes/);
  // Counted work, not time: the writer got at most the limit plus the pipe's buffers through.
  assert.ok(written < 8 * 1024 * 1024, `wrote ${written} bytes before the CLI stopped reading`);
});

test("control characters from the file are escaped in every message, hint and path", async () => {
  const evil = join(scratch, "evil.yaml");
  writeFileSync(evil, readFileSync(example, "utf8").replace(/(image: .*)\n/, '$1\n    "\\e[31mred\\e]0;title\\a": 1\n').replace("denom: uact", 'denom: "u\\e[2Jx"'));
  const run = await runCli(["sdl", "validate", evil]);
  assert.doesNotMatch(run.stderr + run.stdout, /[\u0000-\u0008\u000b-\u001f\u007f]/);
  assert.match(run.stderr, /\\x1b\[31mred/);
});

test("every command group has --help with examples", async () => {
  for (const argv of [["sdl", "--help"], ["sdl", "validate", "--help"], ["sdl", "compile", "--help"], ["sdl", "schema", "--help"], ["keys", "--help"], ["config", "--help"]]) {
    const run = await runCli(argv);
    assert.equal(run.code, 0, argv.join(" "));
    assert.match(run.stdout, /Examples:\n  akash /, argv.join(" "));
  }
});

test("colour: only on a terminal; NO_COLOR and --no-color turn it off, FORCE_COLOR turns it on in a pipe", async () => {
  const colour = async (env: Record<string, string>, tty: boolean, argv: string[] = []): Promise<boolean> => {
    let stderr = "";
    const io: CliIo = { stdout: () => undefined, stderr: (t) => void (stderr += t), stderrIsTTY: tty, env, readFile: async (p) => readFileSync(p, "utf8") };
    await main(["sdl", "validate", invalid, ...argv], io);
    return stderr.includes("\u001b[");
  };
  assert.equal(await colour({}, true), true);
  assert.equal(await colour({ NO_COLOR: "1" }, true), false);
  assert.equal(await colour({}, true, ["--no-color"]), false);
  assert.equal(await colour({}, false), false);
  assert.equal(await colour({ FORCE_COLOR: "1" }, false), true);
  assert.equal(await colour({ FORCE_COLOR: "0" }, true), false);
  assert.equal(await colour({ CI: "true" }, true), false);
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
