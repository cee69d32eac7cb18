import { readFileSync } from "node:fs";
import { UsageError } from "../errors.js";

/** Everything the CLI touches outside itself, passed in so tests can drive commands in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stderrIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: (path: string) => Promise<string>;
  /**
   * All of standard input as text, or null when stdin is a terminal (nothing is piped: prompt
   * instead). Optional so existing test doubles need not provide it; absent means null.
   */
  readonly readStdin?: () => Promise<string | null>;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    // Synchronous on purpose: SDL files are small, and awaiting each read of a 200-file
    // `sdl validate` cost more than the validation itself.
    readFile: async (path) => readFileSync(path, "utf8"),
    readStdin: async () => {
      if (process.stdin.isTTY) return null;
      // Stdin carries a mnemonic at most; refuse to buffer an unbounded stream.
      const limit = 64 * 1024;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of process.stdin) {
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
        size += buffer.length;
        if (size > limit) throw new UsageError(`standard input is larger than ${limit / 1024} KiB; pipe only the mnemonic`);
        chunks.push(buffer);
      }
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}

/** Colour, spinners and prompts only for a person at a terminal. */
export function isInteractive(io: CliIo): boolean {
  const env = io.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.CI !== undefined && env.CI !== "" && env.CI !== "false" && env.CI !== "0") return false;
  return io.stderrIsTTY;
}
