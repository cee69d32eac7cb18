import { formatDiagnostic, type LocatedDiagnostic } from "../../sdl/diagnostics.js";
import { useColor, type CliIo } from "../io.js";
import { renderData, type OutputFormat } from "../output.js";
import type { FileResult } from "../sdl-files.js";

type Paint = (text: string) => string;

/** Colour for a person at a terminal (or FORCE_COLOR); plain text for scripts, CI, NO_COLOR and --no-color. */
async function painters(io: CliIo): Promise<{ error: Paint; warning: Paint; dim: Paint }> {
  if (!useColor(io)) return { error: (t) => t, warning: (t) => t, dim: (t) => t };
  const { Chalk } = await import("chalk");
  // Our own decision, not chalk's: chalk would look at the stream and FORCE_COLOR again.
  const chalk = new Chalk({ level: 1 });
  return { error: chalk.red.bold, warning: chalk.yellow.bold, dim: chalk.dim };
}

export async function renderDiagnostics(diagnostics: readonly LocatedDiagnostic[], io: CliIo): Promise<void> {
  if (diagnostics.length === 0) return;
  const paint = await painters(io);
  for (const d of diagnostics) {
    const text = formatDiagnostic(d)
      .replace(/: (error|warning): /, (_, severity: "error" | "warning") => `: ${paint[severity](severity)}: `)
      .replace(/\n {2}hint: /, (m) => paint.dim(m));
    io.stderr(`${text}\n`);
  }
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
    await renderDiagnostics(r.diagnostics, io);
    const errors = count(r.diagnostics, "error");
    const warnings = count(r.diagnostics, "warning");
    const detail = errors > 0 ? plural(errors, "error") : "valid";
    io.stdout(`${r.file}: ${detail}${warnings > 0 ? `, ${plural(warnings, "warning")}` : ""}\n`);
  }
}
