/**
 * `akash sdl validate` and `akash sdl compile` as a CI job runs them (CI=true, no stdin, no TTY)
 * on the nastiest inputs from test/sdl/robustness.test.ts: each run must end with exit code 1,
 * report `FILE:LINE:COL: error: MESSAGE` first on stderr with LINE:COL inside the file, and never
 * print a stack trace or an internal error. A hang guard kills a run after 15 s.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/fixtures.js";

const BIN = join(REPO_ROOT, "bin", "akash.js");
const HANG_MS = 15_000;

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

function akash(args: readonly string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: "true" };
  delete env.FORCE_COLOR;
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, HANG_MS);
    child.stdout.setEncoding("utf8").on("data", (c: string) => void (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => void (stderr += c));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** A deterministic byte soup: invalid UTF-8, NULs, control characters and YAML indicators. */
function garbage(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = 0x2545f491;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

const VALID = readFileSync(join(REPO_ROOT, "examples", "static-site.yaml"), "utf8");
const LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ..."bcdefghi".split("").map((name, i) => `${name}: &${name} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(",")}]`),
].join("\n");

/** File name → contents. Every one is an invalid SDL. */
const NASTY: Record<string, string | Buffer> = {
  "deep-brackets.yaml": "[".repeat(10_000),
  "deep-sequences.yaml": `${"- ".repeat(10_000)}x\n`,
  "billion-laughs.yaml": LAUGHS,
  "self-reference.yaml": `${VALID}x-loop: &loop {a: *loop}\n`,
  "truncated.yaml": VALID.slice(0, VALID.indexOf("www.example.com") + 5).replace("- www.", '- "www.'),
  "truncated-flow.yaml": `${VALID.slice(0, VALID.indexOf("profiles:"))}profiles: {compute: {web: {resources: [`,
  "oversized.yaml": `${VALID}#${"x".repeat(1024 * 1024)}\n`,
  "tabs.yaml": VALID.replace("    image:", "\timage:"),
  "duplicate-keys.yaml": `${VALID}deployment: {}\n`,
  "bom-crlf-broken.yaml": `\ufeff${VALID.replace("image: nginx:1.27.3-alpine", 'image: "nginx:1.27.3-alpine').replace(/\n/g, "\r\n")}`,
  "unicode.yaml": VALID.replace(/\bweb\b/g, "😀\u202e").replace("version:", "\u2028version:"),
  "garbage.yaml": garbage(4096),
  "nul-bytes.yaml": `version: "2.0"\u0000\nservices:\u0000 {}\n`,
  "empty.yaml": "",
  "comments-only.yaml": "# nothing here\n# at all\n",
  "bare-scalar.yaml": "hello\n",
  "top-level-list.yaml": "- version: '2.0'\n",
  "huge-numbers.yaml": VALID.replace("count: 2", "count: 99999999999999999999999").replace("amount: 100", "amount: 1e309").replace("units: 0.25", "units: .inf"),
  "shadowing-keys.yaml": 'version: "2.0"\nservices:\n  toString: {}\n  __proto__: {}\n',
};

let dir = "";

before(() => {
  dir = mkdtempSync(join(tmpdir(), "akash-robustness-"));
  for (const [name, contents] of Object.entries(NASTY)) writeFileSync(join(dir, name), contents);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const LOCATED = /^(.+):(\d+):(\d+): (error|warning): /;

/** Asserts the stderr contract for one file's run and that every location lies inside the file. */
function assertReport(run: Run, file: string): void {
  assert.equal(run.timedOut, false, `no answer within ${HANG_MS} ms`);
  assert.equal(run.signal, null, `killed by ${run.signal}`);
  assert.ok(!run.stderr.includes("    at "), `stack frames on stderr:\n${run.stderr.slice(0, 1500)}`);
  assert.ok(!/internal error/i.test(run.stderr), `internal error:\n${run.stderr.slice(0, 1500)}`);
  assert.ok(!run.stderr.includes("\u001b["), "no colour codes under CI");
  assert.equal(run.code, 1, `exit code (stderr: ${run.stderr.slice(0, 600)})`);
  const lines = run.stderr.split("\n").filter((l) => l !== "");
  assert.match(lines[0] ?? "", /^.+:\d+:\d+: error: /, `first stderr line: ${JSON.stringify(lines[0])}`);
  // A lone CR is a line break too (as for Go's yaml.v3 and the compiler).
  const text = readFileSync(file, "utf8").split(/\r\n|\r|\n/);
  for (const line of lines) {
    const m = LOCATED.exec(line);
    if (!m && line.startsWith("akash: error: ") && line === lines[lines.length - 1]) continue;
    if (!m) {
      assert.match(line, /^ {2}hint: /, `unexpected stderr line ${JSON.stringify(line.slice(0, 200))}`);
      continue;
    }
    assert.equal(m[1], file, "diagnostics name the file as given");
    const lineNo = Number(m[2]);
    const column = Number(m[3]);
    const lineText = text[lineNo - 1];
    assert.ok(lineNo >= 1 && lineText !== undefined, `line ${lineNo} outside 1..${text.length}: ${line.slice(0, 200)}`);
    assert.ok(column >= 1 && column <= lineText.length + 1, `column ${column} outside 1..${lineText.length + 1}: ${line.slice(0, 200)}`);
  }
}

describe("akash sdl validate on hostile files (CI=true, no stdin)", { concurrency: 2 }, () => {
  for (const name of Object.keys(NASTY)) {
    test(name, async () => {
      const file = join(dir, name);
      const run = await akash(["sdl", "validate", file]);
      assertReport(run, file);
      assert.match(run.stdout, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: \\d+ errors?`), `summary on stdout: ${run.stdout.slice(0, 300)}`);
    });
  }

  test("all of them in one run", async () => {
    const files = Object.keys(NASTY).map((name) => join(dir, name));
    const run = await akash(["sdl", "validate", ...files]);
    assert.equal(run.timedOut, false);
    assert.equal(run.code, 1);
    assert.ok(!run.stderr.includes("    at ") && !/internal error/i.test(run.stderr), run.stderr.slice(0, 1500));
    assert.match(run.stderr.split("\n")[0] ?? "", /^.+:\d+:\d+: error: /);
    for (const file of files) assert.ok(run.stdout.includes(`${file}: `), `a summary line for ${file}`);
  });

  test("-o json describes every file as invalid with located diagnostics", async () => {
    const files = Object.keys(NASTY).map((name) => join(dir, name));
    const run = await akash(["sdl", "validate", "-o", "json", ...files]);
    assert.equal(run.code, 1, run.stderr.slice(0, 600));
    assert.ok(!run.stderr.includes("    at ") && !/internal error/i.test(run.stderr), run.stderr.slice(0, 1500));
    const data = JSON.parse(run.stdout) as { valid: boolean; files: { file: string; valid: boolean; errors: number; diagnostics: { line: number; column: number; message: string }[] }[] };
    assert.equal(data.valid, false);
    assert.equal(data.files.length, files.length);
    for (const entry of data.files) {
      assert.equal(entry.valid, false, entry.file);
      assert.ok(entry.errors >= 1, entry.file);
      for (const d of entry.diagnostics) assert.ok(d.line >= 1 && d.column >= 1 && d.message.length > 0, `${entry.file}: ${JSON.stringify(d)}`);
    }
  });
});

describe("akash sdl compile -o json on hostile files", { concurrency: 2 }, () => {
  for (const name of ["deep-brackets.yaml", "billion-laughs.yaml", "oversized.yaml", "garbage.yaml", "truncated.yaml", "huge-numbers.yaml", "shadowing-keys.yaml"]) {
    test(name, async () => {
      const file = join(dir, name);
      const run = await akash(["sdl", "compile", file, "-o", "json"]);
      assertReport(run, file);
      const doc = JSON.parse(run.stdout) as { error: { code: string; data: { diagnostics: unknown[] } } };
      assert.equal(doc.error.code, "SDL_INVALID", "a JSON error document on stdout for an invalid SDL");
      assert.ok(doc.error.data.diagnostics.length >= 1);
    });
  }
});
