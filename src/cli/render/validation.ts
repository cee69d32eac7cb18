import { formatDiagnostic, type LocatedDiagnostic } from "../../sdl/diagnostics.js";
import type { CliIo } from "../io.js";
import { renderData, type OutputFormat } from "../output.js";
import type { FileResult } from "../sdl-files.js";

export function renderDiagnostics(diagnostics: readonly LocatedDiagnostic[], io: CliIo): void {
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
}

function count(diagnostics: readonly LocatedDiagnostic[], severity: "error" | "warning"): number {
  return diagnostics.filter((d) => d.severity === severity).length;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Diagnostics as scripts see them: plain data, no file contents. */
function diagnosticData(d: LocatedDiagnostic) {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    path: d.path,
    line: d.line,
    column: d.column,
    ...(d.hint ? { hint: d.hint } : {}),
  };
}

export async function renderValidation(results: readonly FileResult[], format: OutputFormat, io: CliIo): Promise<void> {
  if (format !== "text") {
    const data = {
      valid: results.every((r) => r.valid),
      files: results.map((r) => ({
        file: r.file,
        valid: r.valid,
        errors: r.readError ? 1 : count(r.diagnostics, "error"),
        warnings: count(r.diagnostics, "warning"),
        ...(r.readError ? { readError: r.readError } : {}),
        diagnostics: r.diagnostics.map(diagnosticData),
      })),
    };
    io.stdout(await renderData(format, data));
    for (const r of results) if (r.readError) io.stderr(`akash: error: ${r.readError}\n`);
    return;
  }
  for (const r of results) {
    if (r.readError) {
      io.stderr(`akash: error: ${r.readError}\n`);
      continue;
    }
    renderDiagnostics(r.diagnostics, io);
    const errors = count(r.diagnostics, "error");
    const warnings = count(r.diagnostics, "warning");
    const detail = errors > 0 ? plural(errors, "error") : "valid";
    io.stdout(`${r.file}: ${detail}${warnings > 0 ? `, ${plural(warnings, "warning")}` : ""}\n`);
  }
}
