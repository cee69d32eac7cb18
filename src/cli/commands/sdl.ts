import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import { ExitCode, ExitStatus } from "../exit.js";
import type { CliIo } from "../io.js";
import { parseOutputFormat, renderData } from "../output.js";

interface OutputOptions {
  output?: string;
}

export function registerSdlCommands(program: Command, io: CliIo): void {
  const sdl = program
    .command("sdl")
    .description("check, compile and inspect SDL files (the YAML that describes a deployment)");

  sdl
    .command("validate")
    .description(
      "check SDL files against the schema and every rule the chain and providers apply;\n" +
        "reports all problems at once as FILE:LINE:COL: error: MESSAGE on stderr",
    )
    .argument("<file...>", "SDL files to check")
    .option("-o, --output <format>", "text, json or yaml (results on stdout)", "text")
    .addHelpText("after", "\nExit codes: 0 all files valid, 1 some file invalid, 2 usage error (bad flag, unreadable file).")
    .action(async (files: string[], options: OutputOptions) => {
      const format = parseOutputFormat(options.output);
      const { validateFiles } = await import("../sdl-files.js");
      const { renderValidation } = await import("../render/validation.js");
      const results = await validateFiles(files, io);
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
    .argument("<file>", "SDL file to compile")
    .option("-o, --output <format>", "text (summary), json or yaml", "text")
    .addHelpText("after", "\nExit codes: 0 compiled, 1 the SDL is invalid (errors on stderr), 2 usage error.")
    .action(async (file: string, options: OutputOptions) => {
      const format = parseOutputFormat(options.output);
      const { compileFile } = await import("../sdl-files.js");
      const { renderDiagnostics } = await import("../render/validation.js");
      const result = await compileFile(file, io);
      if (result.readError !== undefined) throw new UsageError(result.readError, { file });
      await renderDiagnostics(result.diagnostics, io);
      if (!result.output) throw new ExitStatus(ExitCode.invalidInput);
      if (format === "text") {
        const { renderCompileSummary } = await import("../render/compile-summary.js");
        io.stdout(renderCompileSummary(file, result.output));
      } else {
        io.stdout(await renderData(format, result.output));
      }
    });

  sdl
    .command("schema")
    .description("print the JSON Schema for SDL files (for editors and other tools)")
    .addHelpText(
      "after",
      "\nEditors with the YAML language server check and complete SDL files when the file starts with:\n" +
        "  # yaml-language-server: $schema=<path or URL of the schema>\n" +
        "Save the schema with: akash sdl schema > sdl.schema.json",
    )
    .action(async () => {
      const { sdlSchemaText } = await import("../../sdl/schema.js");
      io.stdout(await sdlSchemaText());
    });
}
