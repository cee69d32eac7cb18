import { compileSdl, type CompileOutput } from "../sdl/compile.js";
import type { LocatedDiagnostic } from "../sdl/diagnostics.js";
import type { CliIo } from "./io.js";

export interface FileResult {
  readonly file: string;
  readonly valid: boolean;
  readonly diagnostics: readonly LocatedDiagnostic[];
  /** Set when the file could not be read at all. */
  readonly readError?: string;
  readonly output?: CompileOutput;
}

async function readSource(file: string, io: CliIo): Promise<{ text: string } | { error: string }> {
  try {
    return { text: await io.readFile(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : String((error as Error).message);
    return { error: `cannot read ${file}: ${reason}` };
  }
}

export async function compileFile(file: string, io: CliIo): Promise<FileResult> {
  const source = await readSource(file, io);
  if ("error" in source) return { file, valid: false, diagnostics: [], readError: source.error };
  const result = await compileSdl(source.text, { file });
  return { file, valid: result.valid, diagnostics: result.diagnostics, ...(result.output ? { output: result.output } : {}) };
}

export async function validateFiles(files: readonly string[], io: CliIo): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for (const file of files) results.push(await compileFile(file, io));
  return results;
}
