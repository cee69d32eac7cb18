import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { UsageError } from "../errors.js";

/**
 * Input larger than the reader's limit. Reading stops as soon as the limit is passed, so
 * `/dev/zero` or an endless pipe costs one limit's worth of bytes, not all of them.
 */
export class InputTooLarge extends UsageError {
  constructor(
    readonly source: string,
    readonly limit: number,
    /** The full size when known (a regular file), else undefined: only "more than the limit" is known. */
    readonly size?: number,
  ) {
    super(size === undefined ? `${source} is larger than the limit of ${limit} bytes` : `${source} is ${size} bytes; the limit is ${limit} bytes`, {
      source,
      limit,
      ...(size === undefined ? {} : { size }),
    });
  }
}

/** Reads a file descriptor until EOF or until more than `limit` bytes have arrived. */
function readBounded(fd: number, source: string, limit: number): Buffer {
  const stat = fstatSync(fd);
  if (stat.isFile() && stat.size > limit) throw new InputTooLarge(source, limit, stat.size);
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, Math.min(chunk.length, limit + 1 - total), null);
    } catch (error) {
      // A non-blocking pipe with nothing ready yet: wait for it without spinning the CPU hot.
      if ((error as NodeJS.ErrnoException).code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if ((error as NodeJS.ErrnoException).code === "EOF") break;
      throw error;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
    total += n;
    if (total > limit) throw new InputTooLarge(source, limit);
  }
  return Buffer.concat(chunks, total);
}

/** Reads at most `limit` bytes of a file (or throws InputTooLarge). */
export function readFileBounded(path: string, limit: number): string {
  const fd = openSync(path, "r");
  try {
    return readBounded(fd, path, limit).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/** Everything the CLI touches outside itself, passed in so tests can drive commands in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stderrIsTTY: boolean;
  /** `--no-color` was given. */
  readonly noColor?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A file's text; with `maxBytes`, throws InputTooLarge as soon as the file proves larger. */
  readonly readFile: (path: string, maxBytes?: number) => Promise<string>;
  /**
   * All of standard input as text, or null when stdin is a terminal (nothing is piped: prompt
   * instead). Reading stops past `maxBytes` (default 64 KiB) with InputTooLarge. Optional so
   * existing test doubles need not provide it; absent means null.
   */
  readonly readStdin?: (maxBytes?: number) => Promise<string | null>;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    // Synchronous on purpose: SDL files are small, and awaiting each read of a 200-file
    // `sdl validate` cost more than the validation itself.
    readFile: async (path, maxBytes) => readFileBounded(path, maxBytes ?? Number.MAX_SAFE_INTEGER),
    readStdin: async (maxBytes = 64 * 1024) => {
      if (process.stdin.isTTY) return null;
      // Never buffer an unbounded stream: stop one byte past the limit.
      const limit = maxBytes;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of process.stdin) {
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
        size += buffer.length;
        if (size > limit) {
          process.stdin.destroy();
          throw new InputTooLarge("standard input", limit);
        }
        chunks.push(buffer);
      }
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}

function ciSet(env: CliIo["env"]): boolean {
  return env.CI !== undefined && env.CI !== "" && env.CI !== "false" && env.CI !== "0";
}

/**
 * Prompts (and spinners) only for a person at a terminal: stderr a terminal and CI unset.
 * NO_COLOR says nothing about prompts: it turns off colour only (see useColor).
 */
export function isInteractive(io: CliIo): boolean {
  if (ciSet(io.env)) return false;
  return io.stderrIsTTY;
}

/** Set by `--no-color` anywhere on the command line (main.ts strips nothing; commands read it here). */
export function noColorFlag(argv: readonly string[]): boolean {
  return argv.includes("--no-color");
}

/**
 * Colour on stderr, by the conventions of no-color.org and force-color.org: `--no-color` or a
 * non-empty NO_COLOR turn it off; a FORCE_COLOR other than "0"/"false" turns it on even in a pipe;
 * otherwise colour only on a terminal outside CI.
 */
export function useColor(io: CliIo): boolean {
  const env = io.env;
  if (io.noColor === true) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  return isInteractive(io);
}
