import { WalletError } from "../errors.js";

/** The shortest passphrase a new key may be encrypted with, in characters. */
export const MIN_PASSPHRASE_LENGTH = 8;

/** Why `passphrase` may not encrypt a new key, or null when it may. Never quotes the passphrase. */
export function passphraseProblem(passphrase: string): string | null {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    return `the passphrase is too short: use at least ${MIN_PASSPHRASE_LENGTH} characters`;
  }
  return null;
}

/** `origin` names where the passphrase came from (such as AKASH_KEYRING_PASSPHRASE) for the message. */
export function checkNewPassphrase(passphrase: string, origin?: string): void {
  const problem = passphraseProblem(passphrase);
  if (problem !== null) {
    throw new WalletError("WEAK_PASSPHRASE", origin === undefined ? problem : `${origin}: ${problem}`);
  }
}
