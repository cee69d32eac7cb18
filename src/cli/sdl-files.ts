import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { compileSdl, type CompileOutput, type CompileOptions } from "../sdl/compile.js";
import { diagnostic, locate, type LocatedDiagnostic } from "../sdl/diagnostics.js";
import { DEFAULT_LIMITS } from "../sdl/parse.js";
import { InputTooLarge, type CliIo } from "./io.js";

export interface FileResult {
  readonly file: string;
  readonly valid: boolean;
  readonly diagnostics: readonly LocatedDiagnostic[];
  /** Set when the file could not be read at all. */
  readonly readError?: string;
  readonly output?: CompileOutput;
}

/** How `-` is shown in diagnostics. */
export const STDIN_NAME = "<stdin>";

async function readSource(file: string, io: CliIo): Promise<{ text: string } | { error: string } | { tooLarge: InputTooLarge }> {
  const limit = DEFAULT_LIMITS.maxBytes;
  try {
    if (file === "-") {
      const text = io.readStdin === undefined ? null : await io.readStdin(limit);
      if (text === null) return { error: "cannot read standard input (`-`): it is a terminal; pipe the SDL in, e.g. `akash sdl validate - < deploy.yaml`" };
      return { text };
    }
    return { text: await io.readFile(file, limit) };
  } catch (error) {
    if (error instanceof InputTooLarge) return { tooLarge: error };
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : String((error as Error).message);
    return { error: `cannot read ${file}: ${reason}` };
  }
}

export async function compileFile(file: string, io: CliIo, options: Pick<CompileOptions, "strict"> = {}): Promise<FileResult> {
  const source = await readSource(file, io);
  const shown = file === "-" ? STDIN_NAME : file;
  if ("error" in source) return { file: shown, valid: false, diagnostics: [], readError: source.error };
  if ("tooLarge" in source) {
    const { size, limit } = source.tooLarge;
    const d = diagnostic("SDL1002", { size: size === undefined ? `more than ${limit}` : size, limit }, { path: "", span: { start: 0, end: 0 }, hint: "an SDL file is a few KiB; is this the right file?" });
    return { file: shown, valid: false, diagnostics: locate([d], shown, "") };
  }
  const result = compileSdl(source.text, { file: shown, ...options });
  return { file: shown, valid: result.valid, diagnostics: result.diagnostics, ...(result.output ? { output: result.output } : {}) };
}

/**
 * The files a command line names: a directory stands for every `*.yaml` and `*.yml` directly in
 * it (sorted, not recursive); `-` is standard input. An empty directory is a read error.
 */
export function expandArguments(args: readonly string[]): { files: string[]; errors: string[] } {
  const files: string[] = [];
  const errors: string[] = [];
  for (const arg of args) {
    let isDirectory = false;
    try {
      isDirectory = arg !== "-" && statSync(arg).isDirectory();
    } catch {
      // Unreadable or missing: reported when read, with the reason.
    }
    if (!isDirectory) {
      files.push(arg);
      continue;
    }
    const found = readdirSync(arg, { withFileTypes: true })
      .filter((entry) => !entry.isDirectory() && /\.ya?ml$/i.test(entry.name))
      .map((entry) => join(arg, entry.name))
      .sort();
    if (found.length === 0) errors.push(`${arg}: no *.yaml or *.yml files in this directory`);
    files.push(...found);
  }
  return { files, errors };
}

export async function validateFiles(args: readonly string[], io: CliIo, options: Pick<CompileOptions, "strict"> = {}): Promise<FileResult[]> {
  const { files, errors } = expandArguments(args);
  const results: FileResult[] = errors.map((error) => ({ file: error.split(":")[0] ?? "", valid: false, diagnostics: [], readError: `cannot read ${error}` }));
  for (const file of files) results.push(await compileFile(file, io, options));
  return results;
}
