/** The library behind the `akash` CLI: the same functions its commands call. */
export * from "./sdl/index.js";
export { AkashError, InputError, InternalError, UsageError } from "./errors.js";
