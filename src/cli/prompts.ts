/**
 * Every question `akash` asks a person. The only module that imports the prompt library
 * (@inquirer/password and @inquirer/confirm), and only when a question is actually asked. Prompts
 * draw on stderr, so stdout keeps carrying results only.
 */
import { ExitCode, ExitStatus } from "./exit.js";
import { isInteractive, type CliIo } from "./io.js";

export interface Prompter {
  /** Asks for a secret without echoing it; `validate` returns true or the reason to ask again. */
  readonly secret: (message: string, validate?: (value: string) => true | string) => Promise<string>;
  readonly confirm: (message: string, defaultAnswer: boolean) => Promise<boolean>;
  /** One of a list (arrow keys); optional so older test doubles need not provide it. */
  readonly choose?: <T>(message: string, choices: readonly PromptChoice<T>[]) => Promise<T>;
}

export interface PromptChoice<T> {
  readonly name: string;
  readonly value: T;
  /** Shown under the list for the highlighted choice. */
  readonly description?: string;
  /** A reason the choice cannot be taken, shown beside it. */
  readonly disabled?: string;
}

/** A CliIo that may bring its own prompter: tests answer questions this way instead of a terminal. */
export interface PromptIo extends CliIo {
  readonly prompter?: Prompter;
}

/**
 * The prompter to ask with, or null when nobody can be asked: stderr is not a terminal, CI is
 * set (`isInteractive`), or stdin is not a terminal (it may carry piped input). Callers
 * turn null into a UsageError naming the flag or environment variable to use instead.
 */
export function prompterFor(io: CliIo): Prompter | null {
  if (!isInteractive(io)) return null;
  const injected = (io as PromptIo).prompter;
  if (injected !== undefined) return injected;
  return process.stdin.isTTY ? terminalPrompter() : null;
}

/** Why `prompterFor(io)` returned null, for the error that names the flag or variable instead. */
export function whyNoPrompt(io: CliIo): string {
  const env = io.env;
  if (!io.stderrIsTTY) return "stderr is not a terminal";
  if (env.CI !== undefined && env.CI !== "" && env.CI !== "false" && env.CI !== "0") return "CI is set";
  return "stdin is not a terminal";
}

function terminalPrompter(): Prompter {
  const context = { input: process.stdin, output: process.stderr };
  return {
    secret: async (message, validate) => {
      const { default: password } = await import("@inquirer/password");
      // No Ctrl+T reveal: a secret typed here is never shown.
      return interruptible(password({ message, toggleMask: false, ...(validate ? { validate } : {}) }, context));
    },
    confirm: async (message, defaultAnswer) => {
      const { default: confirm } = await import("@inquirer/confirm");
      return interruptible(confirm({ message, default: defaultAnswer }, context));
    },
    choose: async <T>(message: string, choices: readonly PromptChoice<T>[]) => {
      const { default: select } = await import("@inquirer/select");
      const items = choices.map((c) => ({
        name: c.name,
        value: c.value,
        ...(c.description !== undefined ? { description: c.description } : {}),
        ...(c.disabled !== undefined ? { disabled: c.disabled } : {}),
      }));
      return interruptible(select<T>({ message, choices: items, pageSize: 12, loop: false }, context));
    },
  };
}

/** Ctrl+C at a prompt ends the command with exit code 130, not a stack trace. */
async function interruptible<T>(answer: Promise<T>): Promise<T> {
  try {
    return await answer;
  } catch (error) {
    if (error instanceof Error && (error.name === "ExitPromptError" || error.name === "AbortPromptError")) {
      throw new ExitStatus(ExitCode.interrupted);
    }
    throw error;
  }
}
