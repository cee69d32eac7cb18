import { readFile } from "node:fs/promises";
import { main } from "../../src/cli/main.js";
import type { CliIo } from "../../src/cli/io.js";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output, as a script in CI would see it. */
export async function runCli(argv: string[], env: Record<string, string | undefined> = { CI: "true" }): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stderrIsTTY: false,
    env,
    readFile: (path) => readFile(path, "utf8"),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
