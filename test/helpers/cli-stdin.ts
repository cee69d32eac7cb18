import { mkdtempSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import type { PromptIo, Prompter } from "../../src/cli/prompts.js";
import type { CliRun } from "./cli.js";

/** A fresh folder for HOME and AKASH_HOME: tests never touch the real ~/.config. */
export function tempHome(prefix = "akash-keys-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The environment of a CI run with its own empty home: no terminal, no real config. */
export function isolatedEnv(home: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { CI: "true", HOME: home, AKASH_HOME: join(home, "akash"), ...extra };
}

/** One scripted answer: text for a secret, a boolean for a confirmation. */
export type Answer = string | boolean;

/**
 * A prompter that answers from a script and records every question. Like the real prompt, a
 * `validate` failure asks again (taking the next answer) and its message is recorded.
 */
export class ScriptedPrompter implements Prompter {
  readonly asked: string[] = [];
  readonly rejections: string[] = [];

  constructor(private readonly answers: Answer[]) {}

  readonly secret = async (message: string, validate?: (value: string) => true | string): Promise<string> => {
    for (;;) {
      this.asked.push(message);
      const answer = this.next(message);
      if (typeof answer !== "string") throw new Error(`expected a text answer for: ${message}`);
      const verdict = validate?.(answer) ?? true;
      if (verdict === true) return answer;
      this.rejections.push(verdict);
    }
  };

  readonly confirm = async (message: string): Promise<boolean> => {
    this.asked.push(message);
    const answer = this.next(message);
    if (typeof answer !== "boolean") throw new Error(`expected a yes/no answer for: ${message}`);
    return answer;
  };

  get unused(): number {
    return this.answers.length;
  }

  private next(message: string): Answer {
    const answer = this.answers.shift();
    if (answer === undefined) throw new Error(`no scripted answer left for: ${message}`);
    return answer;
  }
}

export interface RunOptions {
  readonly env: Record<string, string | undefined>;
  /** Piped standard input; null or absent: stdin is a terminal (nothing piped). */
  readonly stdin?: string | null;
  /** Answers on a terminal: stderr counts as a TTY and this prompter answers. */
  readonly prompter?: Prompter;
}

/** Runs the CLI in-process like test/helpers/cli.ts, with stdin and (optionally) a terminal. */
export async function runCliWith(argv: string[], options: RunOptions): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: PromptIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stderrIsTTY: options.prompter !== undefined,
    env: options.env,
    readFile: (path) => readFile(path, "utf8"),
    readStdin: async () => options.stdin ?? null,
    ...(options.prompter ? { prompter: options.prompter } : {}),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
