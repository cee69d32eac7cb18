import type { Command } from "commander";
import { InputError, UsageError } from "../../errors.js";
import { ExitCode, ExitStatus } from "../exit.js";
import type { CliIo } from "../io.js";
import { parseOutputFormat, renderData } from "../output.js";

interface OutputOptions {
  output?: string;
  strict?: boolean;
}

/**
 * `--strict`, else AKASH_STRICT, else the config file's `strict`. The full settings loader (and
 * its checks) runs only when one of the two is set, so a plain `sdl validate` starts fast.
 */
async function strictMode(io: CliIo, flag: boolean | undefined): Promise<boolean> {
  if (flag) return true;
  const fromEnv = io.env.AKASH_STRICT;
  if (fromEnv === undefined || fromEnv === "") {
    const { existsSync, readFileSync } = await import("node:fs");
    const { dirname, join } = await import("node:path");
    const { keystorePath } = await import("../../wallet/paths.js");
    const file = join(dirname(keystorePath(io.env)), "config.json");
    if (!existsSync(file) || !readFileSync(file, "utf8").includes('"strict"')) return false;
  }
  const { loadSettings } = await import("../../config/settings.js");
  return (await loadSettings({ env: io.env })).values.strict;
}

const STRICT_HELP = "warnings fail like errors, exit code 1 (for CI; also AKASH_STRICT=true or `akash config set strict true`)";

export function registerSdlCommands(program: Command, io: CliIo): void {
  const sdl = program
    .command("sdl")
    .description("check, compile and inspect SDL files (the YAML that describes a deployment)")
    .addHelpText("after", "\nExamples:\n  akash sdl validate deploy.yaml\n  akash sdl compile -o json deploy.yaml\n  akash sdl schema > sdl.schema.json");

  sdl
    .command("validate")
    .description(
      "check SDL files with the rules of the Go reference the chain and providers run: a file is\n" +
        "valid exactly when Go accepts it; what Go lets through but is likely a mistake is a warning.\n" +
        "Reports all problems at once as FILE:LINE:COL: error|warning: MESSAGE on stderr",
    )
    .argument("<file...>", "SDL files; a directory means its *.yaml and *.yml files; - reads standard input")
    .option("-o, --output <format>", "text, json or yaml (results on stdout)", "text")
    .option("--strict", STRICT_HELP)
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  akash sdl validate deploy.yaml\n" +
        "  akash sdl validate deploy/                 # every *.yaml and *.yml in the folder\n" +
        "  cat deploy.yaml | akash sdl validate -\n" +
        "  akash sdl validate --strict -o json deploy.yaml | jq .files[0].diagnostics\n" +
        "\nExit codes: 0 all files valid, 1 some file invalid (or has warnings, with --strict), 2 usage error (bad flag, unreadable file).",
    )
    .action(async (files: string[], options: OutputOptions) => {
      const format = parseOutputFormat(options.output);
      const strict = await strictMode(io, options.strict);
      const { validateFiles } = await import("../sdl-files.js");
      const { renderValidation } = await import("../render/validation.js");
      const results = await validateFiles(files, io, { strict });
      await renderValidation(results, format, io);
      if (results.some((r) => r.readError !== undefined)) throw new ExitStatus(ExitCode.usage);
      if (results.some((r) => !r.valid)) throw new ExitStatus(ExitCode.invalidInput);
    });

  sdl
    .command("compile")
    .description(
      "compile an SDL file into deployment group specs, the provider manifest and its version hash;\n" +
        "-o json prints {groups, manifest, version} exactly as the Go reference produces them",
    )
    .argument("<file>", "SDL file to compile; - reads standard input")
    .option("-o, --output <format>", "text (summary), json or yaml", "text")
    .option("--strict", STRICT_HELP)
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  akash sdl compile deploy.yaml              # summary: groups, resources, prices per instance and per group\n" +
        "  akash sdl compile -o json deploy.yaml | jq -r .version\n" +
        "\nExit codes: 0 compiled, 1 the SDL is invalid (errors on stderr; with -o json also an error document on stdout), 2 usage error.",
    )
    .action(async (file: string, options: OutputOptions) => {
      const format = parseOutputFormat(options.output);
      const strict = await strictMode(io, options.strict);
      const { compileFile } = await import("../sdl-files.js");
      const { renderDiagnostics } = await import("../render/validation.js");
      const result = await compileFile(file, io, { strict });
      if (result.readError !== undefined) throw new UsageError(result.readError, { file });
      await renderDiagnostics(result.diagnostics, io);
      if (!result.output || !result.valid) {
        const errors = result.diagnostics.filter((d) => d.severity === "error");
        throw new InputError("SDL_INVALID", `${result.file} is invalid: ${errors.length} error${errors.length === 1 ? "" : "s"}${format === "text" ? " (above)" : ""}`, {
          file: result.file,
          diagnostics: errors.map((d) => ({ code: d.code, message: d.message, path: d.path, line: d.line, column: d.column, ...(d.hint ? { hint: d.hint } : {}) })),
        });
      }
      if (format === "text") {
        const { renderCompileSummary } = await import("../render/compile-summary.js");
        io.stdout(renderCompileSummary(result.file, result.output));
      } else {
        io.stdout(await renderData(format, result.output));
      }
    });

  sdl
    .command("schema")
    .description("print the JSON Schema for SDL files (for editors and other tools)")
    .addHelpText(
      "after",
      "\nExamples:\n  akash sdl schema > sdl.schema.json\n" +
        "\nEditors with the YAML language server check and complete SDL files when the file starts with:\n" +
        "  # yaml-language-server: $schema=<path or URL of the schema>\n" +
        "Save the schema with: akash sdl schema > sdl.schema.json",
    )
    .action(async () => {
      const { sdlSchemaText } = await import("../../sdl/schema.js");
      io.stdout(await sdlSchemaText());
    });
}
