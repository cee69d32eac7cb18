import { Command, CommanderError } from "commander";
import { AkashError } from "../errors.js";
import { ExitCode, exitCodeFor, ExitStatus } from "./exit.js";
import { processIo, type CliIo } from "./io.js";
import { registerConfigCommands } from "./commands/config.js";
import { registerKeysCommands } from "./commands/keys.js";
import { registerSdlCommands } from "./commands/sdl.js";
import { registerLocalnetCommands } from "./commands/localnet.js";
import { registerDeployCommands } from "./commands/deploy.js";
import { registerDeploymentCommands } from "./commands/deployment.js";
import { registerBidCommands } from "./commands/bid.js";
import { registerLeaseCommands } from "./commands/lease.js";
import { registerEscrowCommands } from "./commands/escrow.js";
import { registerBalanceCommand } from "./commands/balance.js";
import { registerActCommands } from "./commands/act.js";
import { registerProviderCommands } from "./commands/provider.js";
import { registerCertCommands } from "./commands/cert.js";
import { VERSION } from "./version.js";
import { printable } from "../sdl/printable.js";

export function buildProgram(io: CliIo): Command {
  const program = new Command("akash")
    .description(
      "Command-line tool for Akash Network tenants.\n" +
        "Describe a workload in an SDL file, check and compile it, and deploy it to the Akash marketplace.",
    )
    .version(VERSION, "-V, --version", "print the version")
    .option("--verbose", "show error causes and internal details")
    .option("--no-color", "no colour on stderr (also NO_COLOR=1; FORCE_COLOR=1 forces it)")
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
  registerLocalnetCommands(program, io);
  registerDeployCommands(program, io);
  registerDeploymentCommands(program, io);
  registerBidCommands(program, io);
  registerLeaseCommands(program, io);
  registerEscrowCommands(program, io);
  registerBalanceCommand(program, io);
  registerActCommands(program, io);
  registerProviderCommands(program, io);
  registerCertCommands(program, io);
  for (const command of program.commands) inheritSettings(command, io);
  return program;
}

function inheritSettings(command: Command, io: CliIo): void {
  // One error prefix everywhere: commander's own "error: ..." becomes "akash: error: ...".
  command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(`akash: ${text}`) });
  for (const sub of command.commands) inheritSettings(sub, io);
}

/** Runs the CLI and returns the exit code; the only place that decides it. */
export async function main(argv: readonly string[], processIoValue: CliIo = processIo()): Promise<number> {
  const io: CliIo = argv.includes("--no-color") ? { ...processIoValue, noColor: true } : processIoValue;
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return ExitCode.ok;
  } catch (error) {
    return report(error, io, argv.includes("--verbose"), jsonOutputRequested(argv));
  }
}

/** `-o json`, `-ojson`, `--output json` or `--output=json` on the command line. */
function jsonOutputRequested(argv: readonly string[]): boolean {
  return argv.some((arg, i) => ((arg === "-o" || arg === "--output") && argv[i + 1] === "json") || arg === "-ojson" || arg === "--output=json");
}

/**
 * The one place a failure is reported: `akash: error: MESSAGE` on stderr and, under `-o json`,
 * also `{"error": {"code", "message", "data"}}` on stdout, so a script reading stdout always gets
 * a JSON document. The exit code does not depend on the format.
 */
function report(error: unknown, io: CliIo, verbose: boolean, json: boolean): number {
  const emit = (code: string, message: string, data: unknown = {}): void => {
    if (json) io.stdout(`${JSON.stringify({ error: { code, message, data } }, null, 2)}\n`);
  };
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return ExitCode.ok;
    // `akash sdl` without a subcommand prints help; treat it as a usage error but say nothing more.
    if (error.exitCode === 0) return ExitCode.ok;
    emit("USAGE", error.message.replace(/^error: /, ""), { reason: error.code });
    return ExitCode.usage;
  }
  if (error instanceof ExitStatus) return error.exitCode;
  const code = exitCodeFor(error);
  if (error instanceof AkashError) {
    // Our messages may span lines (a deploy failure lists each bid); every line is escaped and the
    // continuation lines are indented, so nothing in them can pass for another command's output.
    const [first = "", ...rest] = printable(error.message, true).split("\n");
    io.stderr(`akash: error: ${first}\n${rest.map((line) => `  ${line}\n`).join("")}`);
    if (verbose && error.cause !== undefined) io.stderr(`  cause: ${printable(String(error.cause))}\n`);
    emit(error.code, error.message, error.data);
    return code;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`akash: error: internal error: ${printable(message)}\n`);
  if (verbose && error instanceof Error && error.stack) io.stderr(`${printable(error.stack, true)}\n`);
  else io.stderr("  This is a bug in akash; rerun with --verbose and report the output.\n");
  emit("INTERNAL", message);
  return code;
}
