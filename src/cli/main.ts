import { Command, CommanderError } from "commander";
import { AkashError } from "../errors.js";
import { ExitCode, exitCodeFor, ExitStatus } from "./exit.js";
import { processIo, type CliIo } from "./io.js";
import { registerConfigCommands } from "./commands/config.js";
import { registerKeysCommands } from "./commands/keys.js";
import { registerSdlCommands } from "./commands/sdl.js";
import { VERSION } from "./version.js";

export function buildProgram(io: CliIo): Command {
  const program = new Command("akash")
    .description(
      "Command-line tool for Akash Network tenants.\n" +
        "Describe a workload in an SDL file, check and compile it, and deploy it to the Akash marketplace.",
    )
    .version(VERSION, "-V, --version", "print the version")
    .option("--verbose", "show error causes and internal details")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText(
      "after",
      "\nExit codes: 0 ok, 1 invalid input, 2 usage error, 3 chain unreachable or rejected, 4 provider error,\n" +
        "5 wallet error, 6 timed out, 70 internal error, 130 interrupted.",
    );
  registerSdlCommands(program, io);
  registerKeysCommands(program, io);
  registerConfigCommands(program, io);
  for (const command of program.commands) inheritSettings(command, io);
  return program;
}

function inheritSettings(command: Command, io: CliIo): void {
  command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const sub of command.commands) inheritSettings(sub, io);
}

/** Runs the CLI and returns the exit code; the only place that decides it. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return ExitCode.ok;
  } catch (error) {
    return report(error, io, argv.includes("--verbose"));
  }
}

function report(error: unknown, io: CliIo, verbose: boolean): number {
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return ExitCode.ok;
    // `akash sdl` without a subcommand prints help; treat it as a usage error but say nothing more.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof ExitStatus) return error.exitCode;
  const code = exitCodeFor(error);
  if (error instanceof AkashError) {
    io.stderr(`akash: error: ${error.message}\n`);
    if (verbose && error.cause !== undefined) io.stderr(`  cause: ${String(error.cause)}\n`);
    return code;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`akash: internal error: ${message}\n`);
  if (verbose && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  else io.stderr("  This is a bug in akash; rerun with --verbose and report the output.\n");
  return code;
}
