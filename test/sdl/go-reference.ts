/**
 * The Go SDL reference (`sdl-ref`, built by ../shared/akash-go/build.sh sdl-ref DIR) as a batch
 * oracle: many SDL texts per process, one JSON line back per file. Nothing here is faked: the
 * verdicts are pkg.akt.dev/go/sdl's own (`sdl.ReadFile`, then DeploymentGroups, Manifest,
 * Version).
 *
 * Tests find the binary through AKASH_SDL_REF. Unset: skipped locally, a failure under CI=true.
 */
import { execFileSync, execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileSdl, manifestJson } from "../../src/sdl/compile.js";
import { goQuote } from "../../src/sdl/gojson.js";
import type { CompileResult } from "../../src/sdl/compile.js";

export interface GoVerdict {
  readonly file: string;
  readonly ok: boolean;
  readonly error?: string;
  /** Raw bytes as Go's encoding/json printed them. */
  readonly groups?: string;
  readonly manifest?: string;
  readonly version?: string;
}

interface SkipContext {
  skip(message?: string): void;
}

const BUILD_HINT = "build it with `nice -n 10 ../shared/akash-go/build.sh sdl-ref ~/.cache/akash-cli/sdl-ref` and set AKASH_SDL_REF=~/.cache/akash-cli/sdl-ref/sdl-ref";

/** The sdl-ref binary, or undefined after skipping the test (a thrown error under CI=true). */
export function requireGoReference(t: SkipContext): string | undefined {
  const path = process.env.AKASH_SDL_REF;
  if (path && existsSync(path)) return path;
  const why = path ? `AKASH_SDL_REF=${path} does not exist` : "AKASH_SDL_REF is not set";
  if (process.env.CI === "true" || process.env.CI === "1") throw new Error(`Go SDL reference missing: ${why}; ${BUILD_HINT}`);
  t.skip(`Go SDL reference not available (${why}); ${BUILD_HINT}`);
  return undefined;
}

/** Files per sdl-ref process: keeps argv far below ARG_MAX while amortising process start. */
const CHUNK = 2000;

/**
 * The raw `groups` and `manifest` members of one output line, byte for byte. The line is
 * `{"file":…,"ok":true,"groups":…,"manifest":…,"version":"…"}` (the struct's field order).
 */
function rawMembers(line: string): { groups: string; manifest: string } {
  const g = line.indexOf(',"groups":');
  const m = line.lastIndexOf(',"manifest":');
  const v = line.lastIndexOf(',"version":"');
  if (g < 0 || m < g || v < m) throw new Error(`unexpected sdl-ref output: ${line.slice(0, 200)}`);
  return { groups: line.slice(g + ',"groups":'.length, m), manifest: line.slice(m + ',"manifest":'.length, v) };
}

function parseLine(line: string): GoVerdict {
  const parsed = JSON.parse(line) as { file: string; ok: boolean; error?: string; version?: string };
  if (!parsed.ok) return { file: parsed.file, ok: false, error: parsed.error ?? "" };
  return { file: parsed.file, ok: true, ...rawMembers(line), version: parsed.version ?? "" };
}

function runChunk(binary: string, files: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary, files, { maxBuffer: 1 << 30, encoding: "utf8" }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

/** Go's verdict for each text, in order. Two sdl-ref processes at most run at once. */
export async function goVerdicts(binary: string, texts: readonly (string | Uint8Array)[]): Promise<GoVerdict[]> {
  const dir = mkdtempSync(join(tmpdir(), "sdl-ref-"));
  try {
    const files = texts.map((text, index) => {
      const file = join(dir, `${index}.yaml`);
      writeFileSync(file, text);
      return file;
    });
    const chunks: string[][] = [];
    for (let i = 0; i < files.length; i += CHUNK) chunks.push(files.slice(i, i + CHUNK));
    const outputs: string[] = [];
    for (let i = 0; i < chunks.length; i += 2) {
      outputs.push(...(await Promise.all(chunks.slice(i, i + 2).map((chunk) => runChunk(binary, chunk)))));
    }
    const verdicts = outputs.flatMap((out) => out.split("\n").filter((line) => line !== "").map(parseLine));
    if (verdicts.length !== texts.length) throw new Error(`sdl-ref answered ${verdicts.length} of ${texts.length} files`);
    return verdicts.map((verdict, index) => {
      if (verdict.file !== files[index]) throw new Error(`sdl-ref answered out of order at ${index}`);
      return { ...verdict, file: String(index) };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One text, synchronously (used while fast-check shrinks, where texts arrive one at a time). */
export function goVerdictSync(binary: string, text: string): GoVerdict {
  const dir = mkdtempSync(join(tmpdir(), "sdl-ref-"));
  try {
    const file = join(dir, "0.yaml");
    writeFileSync(file, text);
    const out = execFileSync(binary, [file], { encoding: "utf8", maxBuffer: 1 << 28 });
    return { ...parseLine(out.trim()), file: "0" };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * JSON as Go's encoding/json writes it: no whitespace, Go's string escaping, and keys in the
 * object's own order (Go's struct field order, when the object mirrors a Go struct).
 */
export function goMarshal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return goQuote(value);
  if (typeof value === "number" || typeof value === "boolean") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(goMarshal).join(",")}]`;
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === undefined) continue;
    parts.push(`${goQuote(key)}:${goMarshal(item)}`);
  }
  return `{${parts.join(",")}}`;
}

/** How our result differs from Go's verdict on the same text, or undefined when it agrees. */
export function disagreement(result: CompileResult, go: GoVerdict): string | undefined {
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (go.ok !== result.valid) {
    return go.ok
      ? `Go accepts, we reject:\n${errors.map((d) => `  ${d.line}:${d.column} ${d.code} ${d.message}${d.path ? ` (at ${d.path})` : ""}`).join("\n")}`
      : `Go rejects (${go.error ?? ""}), we accept`;
  }
  if (!go.ok) {
    if (errors.length === 0) return "Go rejects, we report no error";
    return errors.every((d) => d.line >= 1 && d.column >= 1) ? undefined : "an error without a position";
  }
  const output = result.output;
  if (!output) return "valid but no output";
  const groups = goMarshal(output.groups);
  if (groups !== go.groups) return `groups differ:\n  Go:  ${go.groups}\n  ours: ${groups}`;
  const manifest = goMarshal(output.manifest);
  if (manifest !== go.manifest) return `manifest differs:\n  Go:  ${go.manifest}\n  ours: ${manifest}`;
  if (output.version !== go.version) return `version differs: Go ${go.version}, ours ${output.version} (sorted manifest ${manifestJson(output.manifest)})`;
  return undefined;
}

/** Compile as `akash sdl validate` does, then compare. */
export function compareWithGo(text: string, go: GoVerdict): string | undefined {
  return disagreement(compileSdl(text, { file: "input.yaml" }), go);
}
