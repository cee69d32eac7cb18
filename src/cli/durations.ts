import { UsageError } from "../errors.js";

/** A duration flag ("90s", "2m", "500ms"; a bare number is seconds) in milliseconds. */
export function parseDuration(value: string | undefined, fallbackMs: number, option: string): number {
  if (value === undefined) return fallbackMs;
  const match = /^(\d+)(ms|s|m)?$/.exec(value.trim());
  if (!match) throw new UsageError(`${option} must be a duration such as 90s or 2m, not ${JSON.stringify(value)}`, { option });
  const n = Number(match[1]);
  return match[2] === "ms" ? n : match[2] === "m" ? n * 60_000 : n * 1000;
}
