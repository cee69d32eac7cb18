/**
 * Typed failures shared by the library and the CLI. Each carries a stable `code` for scripts,
 * a message for humans, and the data a script needs. Secrets never go into any of them.
 */
export class AkashError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly data: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The command line itself is wrong: unknown flag, missing argument, bad value. */
export class UsageError extends AkashError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super("USAGE", message, data);
  }
}

/** A file or value the user supplied is invalid (an SDL with errors, an unreadable file). */
export class InputError extends AkashError {}

/** A bug in this tool, not a user mistake. */
export class InternalError extends AkashError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("INTERNAL", message, {}, options);
  }
}
