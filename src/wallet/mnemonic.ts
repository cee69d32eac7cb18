import { randomBytes } from "node:crypto";
import { Bip39, EnglishMnemonic } from "@cosmjs/crypto";
import { WalletError } from "../errors.js";

/** The word counts BIP39 defines; new keys get 24 words (256 bits of entropy). */
export const MNEMONIC_LENGTHS: readonly number[] = [12, 15, 18, 21, 24];
const WORDS = new Set(EnglishMnemonic.wordlist);

/** A fresh 24-word BIP39 mnemonic from the operating system's CSPRNG. */
export function generateMnemonic(): string {
  return Bip39.encode(randomBytes(32)).toString();
}

/** Lower case, NFKD, single spaces: how a mnemonic is stored and hashed into a seed. */
export function normalizeMnemonic(text: string): string {
  return text.normalize("NFKD").trim().toLowerCase().split(/\s+/u).filter((w) => w !== "").join(" ");
}

/**
 * Why `text` is not a valid English BIP39 mnemonic, or null when it is. The message gives word
 * positions (1-based) and counts, never the words themselves: even a mistyped word is most of a
 * real one.
 */
export function mnemonicProblem(text: string): string | null {
  const normalized = normalizeMnemonic(text);
  if (normalized === "") return "the mnemonic is empty";
  const words = normalized.split(" ");
  const unknown = words.flatMap((word, i) => (WORDS.has(word) ? [] : [i + 1]));
  if (unknown.length > 0) {
    const list = unknown.length === 1 ? `word ${unknown[0]} is` : `words ${joinPositions(unknown)} are`;
    return `${list} not in the BIP39 English word list (check the spelling)`;
  }
  if (!MNEMONIC_LENGTHS.includes(words.length)) {
    return `a mnemonic has 12, 15, 18, 21 or 24 words, but this one has ${words.length}`;
  }
  try {
    new EnglishMnemonic(normalized);
  } catch {
    return "the mnemonic's checksum does not match: a word is wrong or two words are swapped";
  }
  return null;
}

/**
 * The normalized mnemonic, or a WalletError INVALID_MNEMONIC. `origin` says where it came from
 * ("the mnemonic on stdin", "AKASH_MNEMONIC") and starts the message.
 */
export function parseMnemonic(text: string, origin = "the mnemonic"): string {
  const problem = mnemonicProblem(text);
  if (problem !== null) throw new WalletError("INVALID_MNEMONIC", `${origin}: ${problem}`, { origin });
  return normalizeMnemonic(text);
}

function joinPositions(positions: readonly number[]): string {
  if (positions.length <= 2) return positions.join(" and ");
  return `${positions.slice(0, -1).join(", ")} and ${positions[positions.length - 1]}`;
}
