/**
 * Robustness of `compileSdl` against hostile and broken input.
 *
 * Invariants checked for every input (see `violations`):
 * - compileSdl returns (never throws); no wall-clock limit is asserted (the work-count tests in
 *   "hang guard" bound the cost), only a generous kill timer for isolated inputs that could hang;
 * - `valid` is true exactly when there is no error diagnostic, and `output` is present exactly
 *   when valid (and then serialises to the manifest bytes without throwing);
 * - every diagnostic has a known code (SDL1xxx–SDL4xxx, SDL4xxx only as warnings), the caller's
 *   file name, a line and column inside the text (1-based, column at most one past the end of
 *   its line), and a non-empty message with no unfilled `{placeholder}`, no `[object Object]`,
 *   no `undefined` and no stack frame.
 *
 * Inputs: (1) malformed YAML and every valid input truncated at many offsets, (2) every node of
 * every valid input replaced, deleted, duplicated or renamed, (3) huge and odd numbers written
 * as text, (4) deep nesting, (5) unicode, BOM and line endings, (6) alias bombs and merge keys,
 * (7) oversized, empty and non-mapping documents. Random runs use fast-check with fixed seeds.
 * Inputs that could crash or hang the process run in a child process, killed after HANG_MS.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { isPair, isScalar, parse, parseAllDocuments, parseDocument, stringify, visit, type Scalar } from "yaml";
import { compileSdl, manifestJson } from "../../src/sdl/compile.js";
import { MESSAGES } from "../../src/sdl/messages.js";
import { resetWork, totalWork } from "../../src/sdl/work.js";
import { exampleFiles, validVectors } from "../helpers/fixtures.js";

/** Only a hang guard, never a performance assertion: real inputs compile in milliseconds. */
/** Kill timer for isolated inputs: a safety net against a real hang, never a speed assertion. */
const HANG_MS = 60_000;
const FILE = "robust.yaml";
const SEED = 0x5d1_2026;

// ---------------------------------------------------------------------------------------------
// Invariants

interface DiagnosticSummary {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly hint?: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly path: string;
}

interface RunSummary {
  readonly valid: boolean;
  readonly hasOutput: boolean;
  /** Undefined when the output serialises (or there is none), else the error. */
  readonly outputError?: string;
  readonly diagnostics: readonly DiagnosticSummary[];
  readonly ms: number;
  /** Set when compileSdl threw. */
  readonly thrown?: string;
}

function summarise(text: string): RunSummary {
  const start = performance.now();
  try {
    const result = compileSdl(text, { file: FILE });
    const ms = performance.now() - start;
    let outputError: string | undefined;
    if (result.output) {
      try {
        manifestJson(result.output.manifest);
        JSON.stringify(result.output);
      } catch (error) {
        outputError = String(error);
      }
    }
    return { valid: result.valid, hasOutput: result.output !== undefined, ...(outputError ? { outputError } : {}), diagnostics: result.diagnostics, ms };
  } catch (error) {
    return { valid: false, hasOutput: false, diagnostics: [], ms: performance.now() - start, thrown: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

const PLACEHOLDER = new RegExp(
  `\\{(${[...new Set(Object.values(MESSAGES).flatMap((m) => [...m.template.matchAll(/\{(\w+)\}/g)].map((x) => x[1])))].join("|")})\\}`,
);

/** One broken invariant: `kind` names it without input-specific detail, so sweeps can group by it. */
interface Problem {
  readonly kind: string;
  readonly detail: string;
}

const show = (problems: readonly Problem[]): string[] => problems.map((p) => `${p.kind}: ${p.detail}`);

/** Everything wrong with one result (empty when all invariants hold). */
function violations(text: string, run: RunSummary): Problem[] {
  if (run.thrown !== undefined) return [{ kind: "compileSdl threw", detail: run.thrown.split("\n").slice(0, 3).join(" | ") }];
  const found: Problem[] = [];
  const add = (kind: string, detail: string): void => void found.push({ kind, detail });
  const errors = run.diagnostics.filter((d) => d.severity === "error");
  if (run.valid !== (errors.length === 0)) add("valid flag disagrees with diagnostics", `valid=${run.valid} with ${errors.length} error(s)`);
  if (run.valid && !run.hasOutput) add("valid but no output", `diagnostics: ${run.diagnostics.map((d) => `${d.code} ${d.severity}`).join(", ")}`);
  if (!run.valid && run.hasOutput) add("invalid but output present", "");
  if (run.outputError !== undefined) add("output does not serialise", run.outputError);
  // A lone CR is a line break too (as for yaml.v3, and the compiler).
  const lines = text.replace(/\r(?!\n)/g, "\n").split("\n");
  for (const d of run.diagnostics) {
    const where = `${d.code}${d.path ? ` at ${d.path}` : ""}`;
    if (!/^SDL[1-4]\d{3}$/.test(d.code)) add("unknown code", d.code);
    if (d.severity !== "error" && d.severity !== "warning") add(`${d.code} bad severity`, d.severity);
    if (d.code.startsWith("SDL4") && d.severity !== "warning") add(`${d.code} is an error`, where);
    if (d.file !== FILE) add(`${d.code} wrong file`, JSON.stringify(d.file));
    const lineText = lines[d.line - 1];
    if (!Number.isInteger(d.line) || d.line < 1 || lineText === undefined) add(`${d.code} line out of bounds`, `${where}: line ${d.line} outside 1..${lines.length}`);
    else if (!Number.isInteger(d.column) || d.column < 1 || d.column > lineText.length + 1) {
      add(`${d.code} column out of bounds`, `${where}: column ${d.column} outside 1..${lineText.length + 1} on line ${d.line}`);
    }
    if (d.message.trim() === "") add(`${d.code} empty message`, where);
    for (const [what, value] of [["message", d.message], ["hint", d.hint ?? ""]] as const) {
      if (value.includes("[object Object]")) add(`${d.code} ${what} contains [object Object]`, `${where}: ${value}`);
      if (PLACEHOLDER.test(value)) add(`${d.code} ${what} has an unfilled placeholder`, `${where}: ${value}`);
      if (/\n\s+at /.test(value)) add(`${d.code} ${what} contains a stack trace`, where);
      if (/\bundefined\b/.test(value) && !text.includes("undefined")) add(`${d.code} ${what} says undefined`, `${where}: ${value}`);
    }
  }
  return found;
}

function excerpt(text: string, max = 400): string {
  const shown = text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
  return JSON.stringify(shown);
}

interface Expect {
  /** The input is certainly not a valid SDL. */
  readonly invalid?: boolean;
  /** Some error diagnostic's code matches (e.g. /^SDL1/ for YAML and limits). */
  readonly code?: RegExp;
  /** Every error diagnostic's code matches. */
  readonly allErrors?: RegExp;
}

function expectationFailures(run: RunSummary, expect: Expect): Problem[] {
  if (run.thrown !== undefined) return [];
  const found: Problem[] = [];
  const errors = run.diagnostics.filter((d) => d.severity === "error");
  // Whether a file is valid is Go's call, checked by the differential tests (go-reference.test.ts)
  // against sdl-ref itself; here only YAML syntax and input limits (SDL1xxx, which Go rejects
  // too) are asserted, plus the invariants above.
  if (!(expect.code?.source.startsWith("^SDL1") ?? false)) return found;
  if (expect.invalid && run.valid) found.push({ kind: "accepted as valid", detail: `diagnostics: ${run.diagnostics.map((d) => d.code).join(", ") || "none"}` });
  else if (expect.invalid && errors.length === 0) found.push({ kind: "no error diagnostic", detail: "" });
  const code = expect.code;
  if (code && !errors.some((d) => code.test(d.code))) found.push({ kind: `no error with code ${code}`, detail: `got ${errors.map((d) => d.code).join(", ") || "none"}` });
  const all = expect.allErrors;
  if (all) for (const d of errors) if (!all.test(d.code)) found.push({ kind: `unexpected ${d.code}`, detail: d.message });
  return found;
}

function problemsOf(text: string, run: RunSummary, expect: Expect = {}): string[] {
  return show([...violations(text, run), ...expectationFailures(run, expect)]);
}

/** Compiles in-process and asserts the invariants plus `expect`. */
function check(text: string, expect: Expect = {}, label = ""): RunSummary {
  const run = summarise(text);
  assert.deepEqual(problemsOf(text, run, expect), [], `${label ? `${label}: ` : ""}input ${excerpt(text)}\ndiagnostics: ${JSON.stringify(run.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`))}`);
  return run;
}

/**
 * Runs many inputs and reports each kind of violation once, with the shortest input that shows
 * it. `group` (e.g. the mutated field) splits expectation failures by where they happen.
 */
class Sweep {
  private readonly failures = new Map<string, { label: string; detail: string; text: string; count: number }>();
  runs = 0;

  add(text: string, label: string, expect: Expect = {}, group = ""): RunSummary {
    this.runs++;
    const run = summarise(text);
    const problems = [...violations(text, run), ...expectationFailures(run, expect).map((p) => ({ ...p, kind: group ? `${p.kind} [${group}]` : p.kind }))];
    for (const problem of problems) {
      const known = this.failures.get(problem.kind);
      if (!known) this.failures.set(problem.kind, { label, detail: problem.detail, text, count: 1 });
      else {
        known.count++;
        if (text.length < known.text.length) Object.assign(known, { label, detail: problem.detail, text });
      }
    }
    return run;
  }

  assertClean(): void {
    const report = [...this.failures].map(([kind, f]) => `- ${kind} (${f.count}×), e.g. ${f.label}${f.detail ? `\n  ${f.detail}` : ""}\n  shortest input: ${excerpt(f.text, 300)}`);
    assert.equal(report.length, 0, `${report.length} kind(s) of violation in ${this.runs} runs:\n${report.join("\n")}`);
  }
}

/** Whether the yaml package itself finds a syntax error (an independent look at the text). */
/**
 * A syntax error in what Go reads: the first document (yaml.v3 never looks further), with a lone
 * CR taken for a line break, as libyaml does.
 */
function yamlSyntaxError(text: string): boolean {
  const docs = parseAllDocuments(text.replace(/\r(?!\n)/g, "\n"), { uniqueKeys: true, strict: true });
  const first = docs.find((doc) => doc.contents !== null || doc.errors.length > 0);
  return first !== undefined && first.errors.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Valid inputs

interface Valid {
  readonly name: string;
  readonly text: string;
  readonly data: unknown;
}

const VALID: readonly Valid[] = [...exampleFiles().map((file) => ({ name: file.slice(file.lastIndexOf("/examples/") + 1), file })), ...validVectors().map((v) => ({ name: v.name, file: v.input }))].map(
  ({ name, file }) => {
    const text = readFileSync(file, "utf8");
    return { name, text, data: parse(text) as unknown };
  },
);

/** A small valid SDL for the targeted cases. */
const MINI = `version: "2.0"
services:
  web:
    image: nginx:1.27.3
    expose:
      - port: 80
        as: 80
        to:
          - global: true
profiles:
  compute:
    web:
      resources:
        cpu:
          units: 0.5
        memory:
          size: 512Mi
        storage:
          size: 1Gi
  placement:
    dcloud:
      pricing:
        web:
          denom: uact
          amount: 100
deployment:
  web:
    dcloud:
      profile: web
      count: 1
`;

/** MINI with one line replaced (the first line containing `from`). */
function mini(from: string, to: string): string {
  assert.ok(MINI.includes(from), `MINI has no ${from}`);
  return MINI.replace(from, to);
}

type Path = readonly (string | number)[];

function nodePaths(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) nodePaths(child, [...path, Array.isArray(value) ? Number(key) : key], out);
  }
  return out;
}

describe("baseline", () => {
  test("the valid inputs (examples/ and the Go vectors) compile cleanly", () => {
    assert.ok(VALID.length >= 6, "expected examples/*.yaml at least");
    for (const input of VALID) {
      const run = check(input.text, {}, input.name);
      assert.equal(run.valid, true, `${input.name} should be valid`);
    }
    assert.equal(check(MINI).valid, true);
  });
});

// ---------------------------------------------------------------------------------------------
// (1) Malformed YAML

describe("(1) malformed YAML", () => {
  const SYNTAX = /^SDL1/;
  const cases: [string, string, number?][] = [
    ["unclosed double quote", mini("image: nginx:1.27.3", 'image: "nginx:1.27.3')],
    ["unclosed single quote", mini("image: nginx:1.27.3", "image: 'nginx:1.27.3")],
    ["unclosed flow sequence", mini("- global: true", "- global: [true")],
    ["unclosed flow mapping", mini("units: 0.5", "units: {a: 0.5")],
    ["stray closing bracket", mini("units: 0.5", "units: 0.5]")],
    ["inconsistent indentation", mini("    image: nginx:1.27.3", "     image: nginx:1.27.3"), 5],
    ["dedented child", mini("    expose:", "  expose:\n      - port: 81")],
    ["tab indentation", mini("    image: nginx:1.27.3", "\timage: nginx:1.27.3"), 4],
    ["tab before a nested key", "version: '2.0'\nservices:\n\tweb: {}\n", 3],
    ["duplicate top-level key", `${MINI}version: "2.1"\n`, 31],
    ["duplicate nested key", mini("    image: nginx:1.27.3", "    image: nginx:1.27.3\n    image: nginx:1.27.4"), 5],
    ["duplicate key in a flow mapping", mini("units: 0.5", "{units: 0.5, units: 1}")],
    ["duplicate key differing only in quoting", mini("      count: 1", '      count: 1\n      "count": 2'), 31],
    ["duplicate merge keys", "a: &a {x: 1}\nb:\n  <<: *a\n  <<: *a\n", 4],
    ["stray dash in a mapping", mini("    image: nginx:1.27.3", "    image: nginx:1.27.3\n    -")],
    ["key: value: value", mini("image: nginx:1.27.3", "image: nginx: 1.27.3")],
    ["mapping then sequence at one level", "version: '2.0'\n- services\n", 2],
    ["anchor without a name", mini("image: nginx:1.27.3", "image: & nginx")],
    ["alias without a name", mini("image: nginx:1.27.3", "image: *")],
    ["unknown alias", mini("image: nginx:1.27.3", "image: *nope"), 4],
    ["alias with properties", mini("image: nginx:1.27.3", "image: &a !!str *b")],
    ["bad escape in a double-quoted string", mini("image: nginx:1.27.3", 'image: "nginx\\q"')],
    ["block scalar with bad indentation", mini("image: nginx:1.27.3", "image: |\n  nginx\n   x\n  y: 1")],
    ["reserved indicator", mini("image: nginx:1.27.3", "image: @nginx")],
    ["directive after content", `${MINI}%YAML 1.2\n`],
    ["mapping key longer than 1024 characters", `${"k".repeat(2000)}: 1\n`],
    ["a lone quote", '"'],
    ["a lone bracket", "["],
    ["a lone brace", "{"],
    ["a lone colon and dash", ":\n-\n"],
    ["tab only", "\t"],
  ];
  for (const [name, text, line] of cases) {
    test(name, () => {
      const run = check(text, { invalid: true });
      const errors = run.diagnostics.filter((d) => d.severity === "error");
      if (yamlSyntaxError(text)) assert.ok(errors.some((d) => SYNTAX.test(d.code)), `a YAML error must be reported as SDL1xxx, got ${errors.map((d) => d.code)}`);
      if (line !== undefined) assert.ok(errors.some((d) => d.line === line), `expected an error on line ${line}, got ${errors.map((d) => `${d.line}:${d.column} ${d.code}`)}`);
    });
  }

  test("random YAML token soup (fast-check)", () => {
    const token = fc.constantFrom(
      "a", "1", " ", "  ", "\n", "\t", ":", "-", "?", "[", "]", "{", "}", ",", "#", "&a", "*a", "!", "!!", "|", ">", "'", '"', "%", "@", "`",
      "\\", "<<", "---", "...", "\r", "\u2028", "\u0085", "\ufeff", "\u0000", "😀", "\ud800", "0x", "1e9", ".inf", "~", "version", '"2.0"',
      "- ", ": ", "? ", "!!str ", "!!map ", "!!set ", "!!omap ", "!!binary ", "!<tag:x> ", "%YAML 1.2\n", "%TAG ! !foo\n", "services:\n  web:\n    image: x\n",
    );
    fc.assert(
      fc.property(fc.string({ unit: token, maxLength: 300, size: "max" }), (text) => {
        assert.deepEqual(problemsOf(text, summarise(text), yamlSyntaxError(text) ? { invalid: true, code: /^SDL1/ } : {}), [], excerpt(text));
      }),
      { seed: SEED, includeErrorInReport: true, numRuns: 3000 },
    );
  });

  test("each valid input truncated at every line boundary and every 13th offset", () => {
    const sweep = new Sweep();
    for (const input of VALID) {
      const offsets = new Set<number>();
      for (let i = 0; i < input.text.length; i += 13) offsets.add(i);
      for (let i = input.text.indexOf("\n"); i !== -1; i = input.text.indexOf("\n", i + 1)) offsets.add(i).add(i + 1);
      for (const offset of offsets) {
        const text = input.text.slice(0, offset);
        sweep.add(text, `${input.name} cut at ${offset}`, yamlSyntaxError(text) ? { invalid: true, code: /^SDL1/ } : {});
      }
    }
    sweep.assertClean();
  });

  test("random truncations of CRLF and BOM variants (fast-check)", () => {
    const variant = fc.constantFrom<(t: string) => string>((t) => t, (t) => t.replace(/\n/g, "\r\n"), (t) => `\ufeff${t}`);
    fc.assert(
      fc.property(fc.nat({ max: VALID.length - 1 }), variant, fc.double({ min: 0, max: 1, noNaN: true }), (index, transform, at) => {
        const full = transform((VALID[index] as Valid).text);
        const text = full.slice(0, Math.floor(full.length * at));
        assert.deepEqual(problemsOf(text, summarise(text), yamlSyntaxError(text) ? { invalid: true, code: /^SDL1/ } : {}), [], excerpt(text));
      }),
      { seed: SEED, includeErrorInReport: true, numRuns: 400 },
    );
  });

  test("line-level damage to every valid input: tabs, stray indicators, duplicated and dropped lines (fast-check)", () => {
    const damage: Record<string, (line: string) => string | null> = {
      tab: (l) => `\t${l}`,
      dash: (l) => `- ${l}`,
      "trailing colon": (l) => `${l}:`,
      "leading colon": (l) => `: ${l}`,
      duplicate: (l) => `${l}\n${l}`,
      drop: () => null,
      "open quote": (l) => `${l} "`,
      "open single quote": (l) => l.replace(/: /, ": '"),
      "open bracket": (l) => `${l} [`,
      "open brace": (l) => l.replace(/: /, ": {"),
      "close bracket": (l) => `${l}]`,
      dedent: (l) => l.replace(/^ /, ""),
      indent: (l) => ` ${l}`,
      "deep indent": (l) => `       ${l}`,
      "explicit key": (l) => `? ${l}`,
      "block scalar": (l) => l.replace(/: .*/, ": |"),
      anchor: (l) => l.replace(/: /, ": &x "),
      alias: (l) => l.replace(/: .*/, ": *x"),
      merge: (l) => l.replace(/^(\s*)(\S.*)$/, "$1<<: *x\n$1$2"),
      directive: (l) => `%${l}`,
      "document start": (l) => `---\n${l}`,
      "document end": (l) => `...\n${l}`,
      "comment glued": (l) => l.replace(/: /, ":#"),
      tag: (l) => l.replace(/: /, ": !"),
      "unknown tag": (l) => l.replace(/: /, ": !!nope "),
    };
    const names = Object.keys(damage);
    fc.assert(
      fc.property(fc.nat({ max: VALID.length - 1 }), fc.nat(), fc.constantFrom(...names), (index, lineSeed, name) => {
        const lines = (VALID[index] as Valid).text.split("\n");
        const at = lineSeed % lines.length;
        const replaced = (damage[name] as (l: string) => string | null)(lines[at] as string);
        if (replaced === null) lines.splice(at, 1);
        else lines[at] = replaced;
        const text = lines.join("\n");
        assert.deepEqual(problemsOf(text, summarise(text), yamlSyntaxError(text) ? { invalid: true, code: /^SDL1/ } : {}), [], `${name} at line ${at + 1}: ${excerpt(text)}`);
      }),
      { seed: SEED, includeErrorInReport: true, numRuns: 1500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// (2) Wrong types at every path

type Mutation = { readonly name: string; readonly apply: (parent: Record<string | number, unknown>, key: string | number) => boolean };

const REPLACEMENTS: readonly [string, unknown][] = [
  ["a mapping", { a: { b: 1 } }],
  ["an empty mapping", {}],
  ["a list", [1, [2]]],
  ["an empty list", []],
  ["null", null],
  ["true", true],
  ["false", false],
  ["a huge number", 1e23],
  ["infinity", Infinity],
  ["2^64", 2 ** 64],
  ["-1", -1],
  ["-0.5", -0.5],
  ["1.5", 1.5],
  ["0", 0],
  ["an empty string", ""],
  ["a string", "x"],
  ["a long string", "x".repeat(5000)],
];

const MUTATIONS: readonly Mutation[] = [
  ...REPLACEMENTS.map(([name, value]): Mutation => ({
    name: `replace with ${name}`,
    apply: (parent, key) => {
      parent[key] = structuredClone(value);
      return true;
    },
  })),
  {
    name: "delete",
    apply: (parent, key) => {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      return true;
    },
  },
  {
    name: "duplicate the list item",
    apply: (parent, key) => {
      if (!Array.isArray(parent)) return false;
      parent.splice(Number(key), 0, structuredClone(parent[Number(key)]));
      return true;
    },
  },
  ...(
    [
      ["rename with a typo", (k: string) => `${k.slice(0, -1)}${k.endsWith("x") ? "y" : "x"}`],
      ["rename to upper case", (k: string) => k.toUpperCase()],
      ["rename to __proto__", () => "__proto__"],
      ["rename to toString", () => "toString"],
      ["rename to constructor", () => "constructor"],
    ] as const
  ).map(([name, rename]): Mutation => ({
    name,
    apply: (parent, key) => {
      if (Array.isArray(parent) || typeof key !== "string") return false;
      const renamed = rename(key);
      if (renamed === key || Object.hasOwn(parent, renamed)) return false;
      const entries = Object.entries(parent).map(([k, v]): [string, unknown] => [k === key ? renamed : k, v]);
      for (const k of Object.keys(parent)) delete parent[k];
      for (const [k, v] of entries) Object.defineProperty(parent, k, { value: v, enumerable: true, writable: true, configurable: true });
      return true;
    },
  })),
];

/** Applies a mutation at `path` of a copy of `data`; undefined when it does not apply there. */
function mutate(data: unknown, path: Path, mutation: Mutation): string | undefined {
  if (path.length === 0) {
    const holder: Record<string, unknown> = { root: structuredClone(data) };
    if (!mutation.name.startsWith("replace")) return undefined;
    mutation.apply(holder, "root");
    return stringify(holder.root);
  }
  const copy = structuredClone(data) as Record<string | number, unknown>;
  let parent = copy;
  for (const token of path.slice(0, -1)) parent = parent[token] as Record<string | number, unknown>;
  if (!mutation.apply(parent, path[path.length - 1] as string | number)) return undefined;
  return stringify(copy);
}

/** Keys whose name is fixed by the SDL format, under parents that are not user-named dictionaries. */
const FIXED_KEYS = new Set(["version", "services", "profiles", "deployment", "image", "expose", "port", "to", "global", "resources", "cpu", "memory", "units", "size", "pricing", "denom", "amount", "profile", "count", "compute", "placement"]);
const DICTIONARY_PARENTS = [/^services$/, /^profiles\.(compute|placement)$/, /^profiles\.placement\.[^.]+\.(pricing|attributes)$/, /^deployment(\.[^.]+)?$/, /\.params\.storage$/, /^endpoints$/, /\.attributes$/];

/**
 * Mutations that make any SDL invalid, by the key they hit: wrong types and out-of-range values
 * for required fields, unknown (misspelled) fixed keys, a broken or missing version.
 */
function mustReject(path: Path, mutation: Mutation): boolean {
  const key = path[path.length - 1];
  if (typeof key !== "string") return false;
  const parent = path.slice(0, -1).join(".");
  const fixedKey = FIXED_KEYS.has(key) && !DICTIONARY_PARENTS.some((p) => p.test(parent));
  if (path.length === 1 && ["version", "services", "profiles", "deployment"].includes(key)) return mutation.name !== "duplicate the list item";
  if (fixedKey && mutation.name.startsWith("rename")) return true;
  const value = REPLACEMENTS.find(([name]) => mutation.name === `replace with ${name}`)?.[1];
  if (!mutation.name.startsWith("replace") || !fixedKey) return false;
  const isNonScalar = value !== null && typeof value === "object";
  switch (key) {
    case "count":
    case "port":
      return isNonScalar || value === true || value === "" || value === "x" || (typeof value === "number" && (value < 1 || !Number.isInteger(value) || value > 65535));
    case "units":
      if (path[path.length - 2] !== "cpu") return false;
      return isNonScalar || value === true || value === "" || value === "x" || (typeof value === "number" && (value <= 0 || value > 384 || !Number.isFinite(value)));
    case "size":
      return isNonScalar || value === true || value === "" || value === "x" || (typeof value === "number" && (value < 0 || !Number.isFinite(value) || value >= 2 ** 64));
    case "amount":
      return isNonScalar || value === true || value === "" || value === "x" || (typeof value === "number" && (value <= 0 || !Number.isFinite(value) || value > 1e7));
    case "image":
    case "denom":
    case "profile":
      return isNonScalar || value === "";
    default:
      return false;
  }
}

describe("(2) wrong types at every path", () => {
  test("every node of every valid input, three rotating mutations each: invariants hold", () => {
    const sweep = new Sweep();
    let counter = 0;
    for (const input of VALID) {
      for (const path of nodePaths(input.data)) {
        for (let k = 0; k < 3; k++) {
          const mutation = MUTATIONS[(counter * 7 + k * 11) % MUTATIONS.length] as Mutation;
          const text = mutate(input.data, path, mutation);
          if (text === undefined) continue;
          sweep.add(text, `${input.name}: ${mutation.name} at ${path.join(".") || "(root)"}`);
        }
        counter++;
      }
    }
    assert.ok(sweep.runs > 2000, `only ${sweep.runs} mutations ran`);
    sweep.assertClean();
  });

  test("mutations that break a required field or misspell a fixed key are rejected, never with SDL1xxx (except the root)", () => {
    const sweep = new Sweep();
    for (const input of VALID) {
      for (const path of nodePaths(input.data)) {
        for (const mutation of MUTATIONS) {
          if (!mustReject(path, mutation)) continue;
          const text = mutate(input.data, path, mutation);
          if (text === undefined) continue;
          const parentKey = path[path.length - 2];
          const field = typeof parentKey === "string" && FIXED_KEYS.has(parentKey) ? path.slice(-2).join(".") : String(path[path.length - 1]);
          sweep.add(text, `${input.name}: ${mutation.name} at ${path.join(".")}`, { invalid: true, allErrors: /^SDL[23]/ }, `${mutation.name} at ….${field}`);
        }
      }
    }
    sweep.assertClean();
  });

  test("the root replaced by anything but a mapping is SDL1005", () => {
    for (const [name, value] of REPLACEMENTS) {
      if (value !== null && typeof value === "object" && !Array.isArray(value)) continue;
      const run = check(stringify(value), { invalid: true, code: /^SDL1005$/ }, name);
      assert.equal(run.diagnostics[0]?.line, 1);
    }
  });

  test("random mutation of random nodes (fast-check)", () => {
    const inputs = VALID.map((input) => ({ input, paths: nodePaths(input.data) }));
    fc.assert(
      fc.property(fc.nat({ max: inputs.length - 1 }), fc.nat(), fc.nat({ max: MUTATIONS.length - 1 }), (index, pathSeed, mutationIndex) => {
        const { input, paths } = inputs[index] as (typeof inputs)[number];
        const path = paths[pathSeed % paths.length] as Path;
        const mutation = MUTATIONS[mutationIndex] as Mutation;
        const text = mutate(input.data, path, mutation);
        if (text === undefined) return;
        const expect: Expect = mustReject(path, mutation) ? { invalid: true } : {};
        assert.deepEqual(problemsOf(text, summarise(text), expect), [], `${mutation.name} at ${path.join(".")}: ${excerpt(text)}`);
      }),
      { seed: SEED, includeErrorInReport: true, numRuns: 2000 },
    );
  });

  // Minimal reproductions of what the sweeps found, one per bug.
  test("a mapping or list where CPU units belong is rejected", () => {
    check(mini("units: 0.5", "units: {}"), { invalid: true, code: /^SDL[23]/ });
    check(mini("units: 0.5", "units: []"), { invalid: true, code: /^SDL[23]/ });
  });

  test("a mapping or list where a price amount belongs is rejected", () => {
    check(mini("amount: 100", "amount: {}"), { invalid: true, code: /^SDL[23]/ });
    check(mini("amount: 100", "amount: [1]"), { invalid: true, code: /^SDL[23]/ });
  });

  test("a schema finding Go does not enforce and a semantic warning on one field are both warnings", () => {
    // `to: [{service: Foo_bar}]` breaks the service-name pattern (Go: fine) and names an unknown service.
    const text = mini("          - global: true\n", "          - global: true\n      - port: 81\n        to:\n          - service: Foo_bar\n");
    const run = check(text);
    assert.equal(run.valid, true);
    assert.deepEqual(run.diagnostics.map((d) => d.code).sort(), ["SDL3006", "SDL4014"]);
  });

  test("values that are mappings or lists are described in messages, not printed as [object Object]", () => {
    check(mini("- global: true", "- global: {}"), { invalid: true });
    check(`${MINI.replace('version: "2.0"', 'version: "2.1"')}endpoints:\n  ep:\n    kind: {}\n`, { invalid: true });
    check(mini("        storage:\n          size: 1Gi", "        storage:\n          - size: 1Gi\n            attributes:\n              class: {}\n              persistent: true"), { invalid: true });
    check(mini("          - global: true", "          - global: true\n        proto: [tcp]"), { invalid: true });
  });

  test("a mapping key that shadows an Object.prototype member (toString, __proto__, constructor) does not crash", () => {
    for (const name of ["toString", "valueOf", "__proto__", "constructor", "hasOwnProperty"]) {
      check(`version: "2.0"\nservices:\n  ${name}: {}\n`, { invalid: true }, name);
      check(MINI.replace(/\bweb\b/g, name), {}, `${name} everywhere`);
      check(MINI.replace("  web:\n    image", `  ${name}:\n    image`), { invalid: true }, `${name} as the service only`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// (3) Huge and odd numbers

const NUMBER_FORMS = [
  "1e309", "-1e309", "99999999999999999999999", "-99999999999999999999999", "18446744073709551616", "4294967296",
  "-0", "-0.0", "-1", "0", ".inf", "-.inf", "+.inf", ".nan", ".NaN", "NaN", "Infinity", "-Infinity", "nan", "inf",
  "0x1F", "0xFFFFFFFFFFFFFFFFFFFF", "0o17", "017", "0b101", "1_000", "+12", "1e-400", "5e-324", "0.0000000000000000001",
  "1.", ".5", "1e3", "1E+3", "'1e309'", '"NaN"', '".inf"', "~", "null", "yes", "off", "2001-12-14", "!!float 1", '!!int "x"',
  "!!str 12", "!!binary aGk=", "!!timestamp 2001-12-14", "!!bool maybe", "!!null x",
];
/** Forms that are never a valid count, port, CPU units, size or amount. */
const BAD_FORMS = new Set(["1e309", "-1e309", "99999999999999999999999", "-99999999999999999999999", "-0", "-0.0", "-1", ".inf", "-.inf", "+.inf", ".nan", ".NaN", "NaN", "Infinity", "-Infinity", "'1e309'", '"NaN"', '".inf"']);
const NUMERIC_KEYS = new Set(["count", "port", "as", "units", "size", "amount", "max_body_size", "read_timeout", "send_timeout", "next_tries", "next_timeout", "version", "ram"]);

/** Source ranges of the values of numeric-looking keys, with the key and its parent key. */
function numericValueRanges(text: string): { key: string; parent: string; start: number; end: number }[] {
  const doc = parseDocument(text);
  const ranges: { key: string; parent: string; start: number; end: number }[] = [];
  visit(doc, {
    Pair(_, pair, path) {
      if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value)) return;
      const key = String((pair.key as Scalar).value);
      if (!NUMERIC_KEYS.has(key)) return;
      const parentPair = [...path].reverse().find((p) => isPair(p));
      const parent = parentPair && isPair(parentPair) && isScalar(parentPair.key) ? String(parentPair.key.value) : "";
      const range = (pair.value as Scalar).range;
      if (range) ranges.push({ key, parent, start: range[0], end: range[1] });
    },
  });
  return ranges;
}

describe("(3) huge numbers, -0, NaN-like strings, .inf, hex and octal", () => {
  test("every numeric field of every valid input, written in every odd form", () => {
    const sweep = new Sweep();
    for (const input of VALID) {
      for (const { key, parent, start, end } of numericValueRanges(input.text)) {
        for (const form of NUMBER_FORMS) {
          const text = `${input.text.slice(0, start)}${form}${input.text.slice(end)}`;
          const certain = BAD_FORMS.has(form) && (["count", "port", "size", "amount"].includes(key) || (key === "units" && parent === "cpu"));
          sweep.add(text, `${input.name}: ${parent}.${key} = ${form}`, certain ? { invalid: true, allErrors: /^SDL[23]/ } : {}, `${parent}.${key} = ${form}`);
        }
      }
    }
    assert.ok(sweep.runs > 1000, `only ${sweep.runs} runs`);
    sweep.assertClean();
  });

  test("version written as a number or special float is rejected with SDL2008", () => {
    for (const form of ["2.10", "1e309", ".inf", ".nan", "0x2", "-0", "99999999999999999999999"]) {
      check(mini('version: "2.0"', `version: ${form}`), { invalid: true, code: /^SDL2008$/ }, form);
    }
    // Go's semver.ParseTolerant reads these as 2.0.0: accepted, with a warning (SDL4005).
    for (const form of ["2", "2.0"]) check(mini('version: "2.0"', `version: ${form}`), {}, form);
  });

  test("a reclamation window beyond Go's int64 nanoseconds is rejected (SDL3026)", () => {
    const v21 = (window: string): string => `${MINI.replace('version: "2.0"', 'version: "2.1"')}reclamation:\n  min_window: ${window}\n`;
    check(v21("720h"));
    check(v21("9223372036s"));
    for (const window of ["9223372037s", "2562048h", "99999999999999999999999h", `${"9".repeat(5000)}s`, "-9223372037s", "1e309h", ".inf"]) {
      check(v21(window), { invalid: true, code: /^SDL3026$/ }, window);
    }
  });

  test("diagnostic messages stay short when the offending value is huge", () => {
    const long = "9".repeat(100_000);
    const tooLong: string[] = [];
    for (const [what, text, expect] of [
      ["CPU units", mini("units: 0.5", `units: ${long}`), { invalid: true }],
      ["memory size", mini("size: 512Mi", `size: ${long}Zi`), { invalid: true }],
      ["price amount", mini("amount: 100", `amount: ${long}`), { invalid: true }],
      ["image without a tag (a warning)", mini("image: nginx:1.27.3", `image: ${"x".repeat(100_000)}`), {}],
      ["service name", MINI.replace(/\bweb\b/g, `w${"_".repeat(100_000)}`), { invalid: true }],
    ] as const) {
      const run = check(text, expect, what);
      for (const d of run.diagnostics) if (d.message.length > 2000) tooLong.push(`${what}: ${d.code} message is ${d.message.length} characters: ${d.message.slice(0, 100)}…`);
    }
    assert.deepEqual(tooLong, []);
  });

  test("huge numbers in list positions and as mapping keys", () => {
    check(mini("          - global: true", "          - global: true\n        accept: [1e309, 99999999999999999999999, .nan]"), { invalid: true });
    check(mini("  web:\n    image", "  99999999999999999999999:\n    image"), { invalid: true });
    check(mini("  web:\n    image", "  1e309:\n    image"), { invalid: true });
    check(mini("  web:\n    image", "  .inf:\n    image"), { invalid: true });
  });
});

// ---------------------------------------------------------------------------------------------
// Isolation: a child process per input, killed after HANG_MS (guards crashes, aborts and hangs)

interface Isolated {
  readonly timedOut: boolean;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly run?: RunSummary;
}

const COMPILE_URL = new URL("../../src/sdl/compile.js", import.meta.url).href;
const CHILD = `
import { compileSdl, manifestJson } from ${JSON.stringify(COMPILE_URL)};
let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) input += chunk;
const text = JSON.parse(input);
const start = performance.now();
let summary;
try {
  const r = compileSdl(text, { file: ${JSON.stringify(FILE)} });
  let outputError;
  if (r.output) { try { manifestJson(r.output.manifest); JSON.stringify(r.output); } catch (e) { outputError = String(e); } }
  summary = { valid: r.valid, hasOutput: r.output !== undefined, outputError, diagnostics: [...r.diagnostics.filter((d) => d.severity === "error").slice(0, 200), ...r.diagnostics.filter((d) => d.severity !== "error").slice(0, 200)], ms: performance.now() - start };
} catch (e) {
  summary = { valid: false, hasOutput: false, diagnostics: [], ms: performance.now() - start, thrown: String(e && e.stack || e) };
}
process.stdout.write(JSON.stringify(summary));
`;

function compileIsolated(text: string): Promise<Isolated> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", CHILD], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, HANG_MS + 1500); // + process start-up and module loading
    child.stdout.setEncoding("utf8").on("data", (c: string) => void (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => void (stderr += c));
    child.on("error", reject);
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      let run: RunSummary | undefined;
      try {
        run = stdout ? (JSON.parse(stdout) as RunSummary) : undefined;
      } catch {
        run = undefined;
      }
      resolveRun({ timedOut, exitCode, signal, stderr, ...(run ? { run } : {}) });
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(JSON.stringify(text));
  });
}

async function checkIsolated(text: string, expect: Expect = {}): Promise<RunSummary> {
  const result = await compileIsolated(text);
  assert.equal(result.timedOut, false, `compileSdl did not finish within ${HANG_MS} ms (hang guard) on ${excerpt(text, 200)}`);
  assert.equal(result.signal, null, `the process died with ${result.signal}: ${result.stderr.slice(0, 500)}`);
  assert.equal(result.exitCode, 0, `the process exited with ${result.exitCode}: ${result.stderr.slice(0, 800)}`);
  assert.equal(result.stderr, "", "nothing on stderr");
  const run = result.run;
  assert.ok(run, "a result");
  assert.deepEqual(problemsOf(text, run, expect), [], `input ${excerpt(text, 200)}\ndiagnostics: ${JSON.stringify(run.diagnostics.slice(0, 5).map((d) => `${d.line}:${d.column} ${d.code} ${d.message.slice(0, 120)}`))}`);
  return run;
}

// ---------------------------------------------------------------------------------------------
// (4) Deep nesting

const DEEP = 10_000;
const deepCases: [string, string][] = [
  ["10k unclosed [", "[".repeat(DEEP)],
  ["10k balanced [ ]", `${"[".repeat(DEEP)}${"]".repeat(DEEP)}`],
  ["10k unclosed {", "{".repeat(DEEP)],
  ["10k nested flow mappings {a: …}", `${"{a: ".repeat(DEEP)}1${"}".repeat(DEEP)}`],
  ["10k [ as a value inside a valid SDL", MINI.replace("units: 0.5", `units: ${"[".repeat(DEEP)}${"]".repeat(DEEP)}`)],
  ["10k { as a mapping key", `? ${"{".repeat(DEEP)}\n: 1\n`],
  ["10k compact block sequences (- - - …)", `${"- ".repeat(DEEP)}x\n`],
  ["10k explicit keys (? ? ? …)", `${"? ".repeat(DEEP)}x\n`],
  ["1000 nested block mappings", Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i)}a:`).join("\n")],
  ["1000 nested block sequences", Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i * 2)}-`).join("\n")],
  ["100k [ (close to the size limit)", "[".repeat(100_000)],
  ["nesting built from 200 chained aliases", ["a0: &a0 [x]", ...Array.from({ length: 200 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}]`)].join("\n")],
];

describe("(4) deep nesting", { concurrency: 2 }, () => {
  for (const [name, text] of deepCases) {
    test(name, async () => {
      await checkIsolated(text, { invalid: true, code: /^SDL1/ });
    });
  }

  test("nesting up to the limit is not a limit error; one level more is SDL1004", () => {
    const run = check(`a: ${"[".repeat(60)}${"]".repeat(60)}\n`, { invalid: true });
    assert.ok(!run.diagnostics.some((d) => d.code === "SDL1004"), "60 levels are within the limit");
    check(`a: ${"[".repeat(70)}${"]".repeat(70)}\n`, { invalid: true, code: /^SDL1004$/ });
  });
});

// ---------------------------------------------------------------------------------------------
// (5) Unicode, BOM and line endings

describe("(5) unicode, BOM and line endings", () => {
  const hashOf = (text: string): string | undefined => compileSdl(text).output?.version;

  test("a BOM at the start and CRLF line endings do not change a valid SDL or its manifest version", () => {
    for (const input of VALID) {
      const want = hashOf(input.text);
      for (const [name, text] of [
        ["BOM", `\ufeff${input.text}`],
        ["CRLF", input.text.replace(/\n/g, "\r\n")],
        ["BOM + CRLF", `\ufeff${input.text.replace(/\n/g, "\r\n")}`],
      ] as const) {
        const run = check(text, {}, `${input.name} ${name}`);
        assert.equal(run.valid, true, `${input.name} with ${name} should stay valid`);
        assert.equal(hashOf(text), want, `${input.name} with ${name}: same manifest version`);
      }
    }
  });

  const texts: [string, string, Expect][] = [
    ["emoji in a value", mini("image: nginx:1.27.3", "image: nginx:1.27.3-😀"), {}],
    ["emoji as a service name", MINI.replace(/\bweb\b/g, "😀"), { invalid: true }],
    ["RTL override in a value", mini("image: nginx:1.27.3", "image: nginx:\u202e1.27.3"), {}],
    ["RTL override in a key", mini("image: nginx:1.27.3", "im\u202eage: nginx:1.27.3"), { invalid: true }],
    ["RTL text as a service name", MINI.replace(/\bweb\b/g, "שירות"), { invalid: true }],
    ["U+2028 in a quoted value", mini("image: nginx:1.27.3", 'image: "nginx\u20281.27.3"'), {}],
    ["U+2029 in a plain value", mini("image: nginx:1.27.3", "image: nginx\u20291.27.3"), {}],
    // yaml.v3 reads NEL, LS and PS as line breaks, the yaml package does not (test/sdl/go-parity.test.ts):
    // only the invariants are asserted here.
    ["U+2028 as the only line break", MINI.replace(/\n/g, "\u2028"), {}],
    ["U+0085 (NEL) as the only line break", MINI.replace(/\n/g, "\u0085"), {}],
    ["U+2029 in the middle of a key", mini("    image:", "    ima\u2029ge:"), { invalid: true }],
    ["raw NUL in a value", mini("image: nginx:1.27.3", "image: nginx\u0000:1.27.3"), {}],
    ["raw NUL at the start", `\u0000${MINI}`, { invalid: true }],
    ["escaped NUL in a value", mini("image: nginx:1.27.3", 'image: "nginx\\0:1.27.3"'), {}],
    ["lone high surrogate escape", mini("image: nginx:1.27.3", 'image: "\\ud800"'), {}],
    ["lone low surrogate escape", mini("image: nginx:1.27.3", 'image: "nginx\\udc00"'), {}],
    ["lone surrogate escape as a key", mini("    image: nginx:1.27.3", '    "\\ud800": 1\n    image: nginx:1.27.3'), { invalid: true }],
    ["lone surrogate escape as a service name", MINI.replace(/\bweb:/g, '"\\udfff":').replace("profile: web", 'profile: "\\udfff"'), { invalid: true }],
    ["raw lone surrogate in a value", mini("image: nginx:1.27.3", "image: nginx\ud800"), {}],
    ["BOM in the middle", mini("services:", "\ufeffservices:"), {}],
    ["BOM only", "\ufeff", { invalid: true, code: /^SDL1005$/ }],
    ["zero-width spaces in a key", mini("    image:", "    im\u200bage:"), { invalid: true }],
    // yaml.v3 also reads a lone CR as a line break, the yaml package does not: invariants only.
    ["lone CR line endings", MINI.replace(/\n/g, "\r"), {}],
    ["mixed CRLF and LF", MINI.split("\n").map((l, i) => (i % 2 ? `${l}\r` : l)).join("\n"), {}],
    ["CRLF with a syntax error", mini("image: nginx:1.27.3", 'image: "nginx').replace(/\n/g, "\r\n"), { invalid: true, code: /^SDL1/ }],
    ["invalid UTF-8 decoded to U+FFFD", Buffer.from([...Buffer.from(MINI.slice(0, 40)), 0xff, 0xfe, 0xc3, ...Buffer.from(MINI.slice(40))]).toString("utf8"), {}],
    ["C1 control characters", mini("image: nginx:1.27.3", "image: nginx\u0080\u009f"), {}],
    ["private-use and non-characters", mini("image: nginx:1.27.3", "image: \ue000\uffff\ufffe"), {}],
  ];
  for (const [name, text, expect] of texts) {
    test(name, () => {
      check(text, expect);
    });
  }

  test("diagnostic columns count UTF-16 units on the right line after astral characters", () => {
    const text = `# 😀😀😀\nversion: "2.0"\nservices:\n  web:\n    image: "😀\n`;
    const run = check(text, { invalid: true, code: /^SDL1001$/ });
    assert.ok(run.diagnostics.every((d) => d.line >= 5), `expected the error at the open quote, got ${run.diagnostics.map((d) => `${d.line}:${d.column}`)}`);
  });

  test("random unicode soup inserted into valid inputs (fast-check)", () => {
    const soup = fc.string({ unit: fc.constantFrom("😀", "\u202e", "\u2028", "\u2029", "\u0000", "\ufeff", "\ud800", "\udc00", "\r", "\t", "é", "\u0085", "\u00a0", ":", "-", "#", "'", '"', "\\", "&", "*", "!", "|", ">", "%", "@", "`", "[", "{", ",", " ", "\n"), maxLength: 12 });
    fc.assert(
      fc.property(fc.nat({ max: VALID.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), soup, (index, at, inserted) => {
        const base = (VALID[index] as Valid).text;
        const offset = Math.floor(base.length * at);
        const text = `${base.slice(0, offset)}${inserted}${base.slice(offset)}`;
        assert.deepEqual(problemsOf(text, summarise(text)), [], excerpt(text));
      }),
      { seed: SEED, includeErrorInReport: true, numRuns: 1500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// (6) Aliases and merge keys

const LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ..."bcdefghi".split("").map((name, i) => `${name}: &${name} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(",")}]`),
].join("\n");

describe("(6) alias bombs, self-reference and merge keys", { concurrency: 2 }, () => {
  const isolatedCases: [string, string, Expect][] = [
    ["billion laughs (9 levels of 9)", LAUGHS, { invalid: true, code: /^SDL1003$/ }],
    ["billion laughs under services", `version: "2.0"\nservices:\n  ${LAUGHS.replace(/\n/g, "\n  ")}\n`, { invalid: true, code: /^SDL1003$/ }],
    ["quadratic blow-up: 1000 aliases of a 1000-item list", `a: &a [${Array(1000).fill("x").join(",")}]\nb: [${Array(1000).fill("*a").join(",")}]\n`, { invalid: true, code: /^SDL1003$/ }],
    ["merge-key bomb", ["a0: &a0 {k: 1}", ...Array.from({ length: 30 }, (_, i) => `a${i + 1}: &a${i + 1} {<<: [*a${i}, *a${i}], k${i}: [*a${i}, *a${i}, *a${i}]}`)].join("\n"), { invalid: true, code: /^SDL1003$/ }],
    ["100k aliases of one scalar", `a: &a 1\nb: [${Array(100_000).fill("*a").join(",")}]\n`, { invalid: true, code: /^SDL1/ }],
    ["30k anchors", Array.from({ length: 30_000 }, (_, i) => `k${i}: &a${i} ${i}`).join("\n"), { invalid: true }],
  ];
  for (const [name, text, expect] of isolatedCases) {
    test(name, async () => {
      await checkIsolated(text, expect);
    });
  }

  const cases: [string, string, Expect][] = [
    ["self-referencing sequence", "&a [*a]", { invalid: true, code: /^SDL1/ }],
    ["self-referencing mapping", "a: &a\n  b: *a\n", { invalid: true, code: /^SDL1/ }],
    ["self-referencing inside a valid SDL", mini("    image: nginx:1.27.3", "    image: nginx:1.27.3\n    loop: &loop {x: *loop}"), { invalid: true, code: /^SDL1/ }],
    ["merge of the enclosing mapping", "a: &a\n  <<: *a\n", { invalid: true, code: /^SDL1/ }],
    ["mutually recursive anchors", "a: &a {b: &b {a: *a}}\n", { invalid: true, code: /^SDL1/ }],
    ["alias before its anchor", "a: *x\nb: &x 1\n", { invalid: true, code: /^SDL1008$/ }],
    ["unknown alias as a merge source", "b:\n  <<: *nope\n", { invalid: true, code: /^SDL1008$/ }],
    ["merge of a scalar", "a: &a 1\nb:\n  <<: *a\n", { invalid: true, code: /^SDL1/ }],
    ["merge of null", "b:\n  <<:\n  c: 1\n", { invalid: true, code: /^SDL1/ }],
    ["merge of a list of scalars", "b:\n  <<: [1, 2]\n", { invalid: true, code: /^SDL1/ }],
    ["merge of an alias to a list", "a: &a [{x: 1}]\nb:\n  <<: *a\n", { invalid: true, code: /^SDL1/ }],
    ["merge key used as a mapping key", "? <<\n: {x: 1}\n", { invalid: true }],
    ["alias as a mapping key", "a: &k version\n*k : '2.0'\n", { invalid: true }],
    ["anchor on an alias", "a: &a 1\nb: &b *a\n", { invalid: true, code: /^SDL1/ }],
  ];
  for (const [name, text, expect] of cases) {
    test(name, () => {
      check(text, expect);
    });
  }

  test("a valid SDL written with anchors, aliases and merge keys compiles to the same manifest", () => {
    const plain = compileSdl(MINI).output?.version;
    assert.ok(plain);
    const merged = mini("        cpu:\n          units: 0.5\n", "        <<: {cpu: {units: 0.5}}\n");
    assert.equal(check(merged).valid, true);
    assert.equal(compileSdl(merged).output?.version, plain);
    const aliased = mini("      profile: web", "      profile: *name").replace("  web:\n    image", "  &name web:\n    image");
    assert.equal(check(aliased).valid, true);
    assert.equal(compileSdl(aliased).output?.version, plain);
  });
});

// ---------------------------------------------------------------------------------------------
// (7) Size limits and documents that are not an SDL mapping

describe("(7) oversized, empty and non-mapping documents", { concurrency: 2 }, () => {
  const oneMiB = 1024 * 1024;
  const isolated: [string, () => string, RegExp][] = [
    ["1 MiB + 1 byte", () => `${MINI}#${"x".repeat(oneMiB - MINI.length)}`, /^SDL1002$/],
    ["over 1 MiB in UTF-8 but under 1 Mi UTF-16 units", () => `${MINI}#${"é".repeat(oneMiB / 2 + 10)}`, /^SDL1002$/],
    ["10 MiB of brackets", () => "[".repeat(10 * oneMiB), /^SDL1002$/],
    ["just under 1 MiB of comments after a broken SDL", () => `${MINI.replace("count: 1", "count: 0")}${"# comment\n".repeat((oneMiB - MINI.length) / 10 - 1)}`, /^SDL[23]/],
    ["just under 1 MiB of one long line", () => `version: "${"x".repeat(oneMiB - 20)}"`, /^SDL/],
    ["1 MiB of [ (nesting found while lexing)", () => "[".repeat(oneMiB), /^SDL1004$/],
    ["1 MiB of { (nesting found while lexing)", () => "{".repeat(oneMiB), /^SDL1004$/],
    ["512 KiB of double quotes (a quarter of a million YAML errors)", () => '"'.repeat(oneMiB / 2), /^SDL1001$/],
    ["512 KiB of anchors without nodes", () => "&a ".repeat(oneMiB / 6), /^SDL1001$/],
    ["512 KiB of one duplicated key", () => "a:\n".repeat(oneMiB / 6), /^SDL1001$/],
    ["512 KiB of block sequence items", () => "- a\n".repeat(oneMiB / 8), /^SDL1/],
  ];
  for (const [name, make, code] of isolated) {
    test(name, async () => {
      const text = make();
      const run = await checkIsolated(text, { invalid: true, code });
      if (code.source.includes("1002")) assert.deepEqual([run.diagnostics[0]?.line, run.diagnostics[0]?.column], [1, 1]);
    });
  }

  const cases: [string, string, RegExp][] = [
    ["empty file", "", /^SDL1005$/],
    ["only whitespace", "   \n\n  \n", /^SDL1005$/],
    ["only comments", "# one\n# two\n   # three\n", /^SDL1005$/],
    ["only a document marker", "---\n", /^SDL1005$/],
    ["only a document end marker", "...\n", /^SDL1005$/],
    ["a bare scalar", "hello", /^SDL1005$/],
    ["a bare number", "2.0", /^SDL1005$/],
    ["a bare null", "~", /^SDL1005$/],
    ["a quoted string", '"version: 2.0"', /^SDL1005$/],
    ["a list at the top level", "- version: '2.0'\n- services: {}\n", /^SDL1005$/],
    ["a flow list at the top level", "[1, 2, 3]", /^SDL1005$/],
    ["a block scalar at the top level", "|\n  version: 2.0\n", /^SDL1005$/],
    ["an empty document then an SDL", `---\n---\n${MINI}`, /^SDL/],
    ["a broken document then an SDL", `[\n---\n${MINI}`, /^SDL1/],
    ["directives only", "%YAML 1.2\n---\n", /^SDL1005$/],
    ["an unsupported YAML version directive", `%YAML 9.9\n---\n${MINI}`, /^SDL/],
  ];
  for (const [name, text, code] of cases) {
    test(name, () => {
      const run = check(text, { invalid: true, code });
      const error = run.diagnostics.find((d) => code.test(d.code));
      assert.ok(error && error.line >= 1 && error.column >= 1);
    });
  }
  // yaml.v3 reads the first document and never looks at the rest (checked against Go in
  // go-reference.test.ts): valid, with a warning at the second document.
  for (const [name, text] of [
    ["two documents", `${MINI}---\n${MINI}`],
    ["an SDL then a scalar document", `${MINI}--- hello\n`],
    ["an SDL then a broken document", `${MINI}---\n[\n`],
  ] as const) {
    test(name, () => {
      const run = check(text);
      assert.equal(run.valid, true);
      const warning = run.diagnostics.find((d) => d.code === "SDL4006");
      assert.ok(warning && warning.severity === "warning" && warning.line > 1);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Inputs whose size makes a quadratic step a hang (checked with the hang guard)

/**
 * Complexity, by counted work (src/sdl/work.ts: lexemes, nodes, schema findings, edit-distance
 * cells, diagnostics), never by the clock: doubling the input at most about doubles the work.
 */
describe("work grows near-linearly with the input (counted, not timed)", () => {
  const namesOf = (prefix: string, n: number): string => Array.from({ length: n }, (_, i) => `  ${prefix}-${i}: {}`).join("\n");
  const builders: [string, (n: number) => string][] = [
    ["distinct keys in one mapping", (n) => Array.from({ length: n }, (_, i) => `k${i}: 1`).join("\n")],
    ["services that are not mappings", (n) => `version: "2.0"\nservices:\n${Array.from({ length: n }, (_, i) => ` s${i}: 1`).join("\n")}`],
    ["aliases", (n) => `a: &a 1\nb: [${Array(n).fill("*a").join(",")}]\n`],
    ["deployment entries naming none of the services (did-you-mean)", (n) => `version: "2.0"\nservices:\n${namesOf("service", n / 10)}\nprofiles: {}\ndeployment:\n${namesOf("deploy", n / 10)}\n`],
    ["one long deployment name next to one long service name", (n) => `version: "2.0"\nservices:\n  ? ${"a".repeat(n)}\n  : {image: x}\nprofiles: {}\ndeployment:\n  ? ${"b".repeat(n)}\n  : {}\n`],
    ["hosts in accept", (n) => mini("          - global: true", `          - global: true\n        accept: [${Array.from({ length: n / 10 }, (_, i) => `h${i}.example.com`).join(",")}]`)],
    ["env entries with invalid names", (n) => mini("    image: nginx:1.27.3", `    image: nginx:1.27.3\n    env:\n${Array.from({ length: n / 10 }, (_, i) => `      - "${i}bad=1"`).join("\n")}`)],
  ];
  const workFor = (text: string): number => {
    resetWork();
    compileSdl(text, { file: FILE });
    return totalWork();
  };
  for (const [name, build] of builders) {
    test(name, () => {
      const small = workFor(build(4000));
      const large = workFor(build(8000));
      assert.ok(small > 0, "no work counted");
      // n log n at worst (names grow a digit longer): a quadratic step would give 4.
      assert.ok(large <= small * 3, `work ${small} -> ${large} when the input doubles (ratio ${(large / small).toFixed(2)})`);
    });
  }
});

describe("hang guard: no crash or hang on inputs that would make a quadratic step explode", { concurrency: 2 }, () => {
  const names = (prefix: string, n: number): string => Array.from({ length: n }, (_, i) => `  ${prefix}-${i}: {}`).join("\n");
  const cases: [string, string, Expect][] = [
    ["100k distinct keys in one mapping (duplicate-key check)", Array.from({ length: 100_000 }, (_, i) => `k${i}: 1`).join("\n"), { invalid: true }],
    ["100k services that are not mappings (100k schema errors)", `version: "2.0"\nservices:\n${Array.from({ length: 100_000 }, (_, i) => ` s${i}: 1`).join("\n")}`.slice(0, 1024 * 1024 - 10), { invalid: true }],
    ["50k aliases (alias resolution)", `a: &a 1\nb: [${Array(50_000).fill("*a").join(",")}]\n`, { invalid: true }],
    ["6000 deployment entries naming none of 6000 services (did-you-mean)", `version: "2.0"\nservices:\n${names("service", 6000)}\nprofiles: {}\ndeployment:\n${names("deploy", 6000)}\n`, { invalid: true }],
    ["a 60k-character deployment name next to a 60k-character service name (edit distance)", `version: "2.0"\nservices:\n  ? ${"a".repeat(60_000)}\n  : {image: x}\nprofiles: {}\ndeployment:\n  ? ${"b".repeat(60_000)}\n  : {}\n`, { invalid: true }],
    ["a 200k-character endpoint name (endpoint-name pattern backtracking)", `version: "2.1"\nservices: {}\nprofiles: {}\ndeployment: {}\nendpoints:\n  ? ${"a".repeat(200_000)}!\n  : {kind: ip}\n`, { invalid: true }],
    ["50k hosts in accept", mini("          - global: true", `          - global: true\n        accept: [${Array.from({ length: 50_000 }, (_, i) => `h${i}.example.com`).join(",")}]`), {}],
    ["5000 env entries with invalid names", mini("    image: nginx:1.27.3", `    image: nginx:1.27.3\n    env:\n${Array.from({ length: 5000 }, (_, i) => `      - "${i}bad=1"`).join("\n")}`), { invalid: true }],
  ];
  for (const [name, text, expect] of cases) {
    test(name, async () => {
      await checkIsolated(text, expect);
    });
  }
});
