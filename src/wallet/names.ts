import { WalletError } from "../errors.js";

/** Key names: what `akash keys add NAME` accepts. Plain, so they are safe in file names and shells. */
export const KEY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Why `name` is not a valid key name, or null when it is. */
export function keyNameProblem(name: string): string | null {
  if (KEY_NAME_PATTERN.test(name)) return null;
  return (
    `invalid key name ${JSON.stringify(name)}: use 1 to 64 letters, digits, ".", "_" or "-", ` +
    "starting with a letter or digit"
  );
}

export function checkKeyName(name: string): void {
  const problem = keyNameProblem(name);
  if (problem !== null) throw new WalletError("INVALID_KEY_NAME", problem, { name });
}
