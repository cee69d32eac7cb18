/**
 * The localnet's accounts. Their mnemonics are PUBLIC TEST MNEMONICS: derived from a fixed label,
 * printed in this source, identical on every machine. They hold tokens only on a localnet's
 * genesis; never send real funds to them, and never use them on any other network (the CLI
 * resolves `--from local…` to these only when the network is `local`).
 */
import { Bip39, sha256 } from "@cosmjs/crypto";
import { deriveAccount } from "../wallet/derive.js";

/** Tenant accounts beyond `tenant`, so parallel test files each sign with their own sequence. */
export const EXTRA_TENANTS = 12;

export type LocalnetRole = "validator" | "provider" | "tenant";

export interface LocalnetAccountSpec {
  /** Key name: "validator", "provider", "tenant", "tenant-1" … */
  readonly name: string;
  readonly role: LocalnetRole;
  /** Genesis balances. */
  readonly coins: readonly { readonly denom: string; readonly amount: string }[];
}

export interface LocalnetAccount extends LocalnetAccountSpec {
  readonly mnemonic: string;
  readonly address: string;
}

const AKT = (n: number) => ({ denom: "uakt", amount: `${n}000000` });
const ACT = (n: number) => ({ denom: "uact", amount: `${n}000000` });

export const LOCALNET_ACCOUNT_SPECS: readonly LocalnetAccountSpec[] = [
  { name: "validator", role: "validator", coins: [AKT(1_000_000)] },
  { name: "provider", role: "provider", coins: [AKT(100_000), ACT(100_000)] },
  { name: "tenant", role: "tenant", coins: [AKT(100_000), ACT(100_000)] },
  ...Array.from({ length: EXTRA_TENANTS }, (_, i): LocalnetAccountSpec => ({
    name: `tenant-${i + 1}`,
    role: "tenant",
    coins: [AKT(100_000), ACT(100_000)],
  })),
];

/** Self-delegated by the validator in its gentx. */
export const VALIDATOR_STAKE = { denom: "uakt", amount: "100000000000" };

/** A 24-word mnemonic from SHA-256 of a fixed label: reproducible, and public by construction. */
export function localnetMnemonic(name: string): string {
  return Bip39.encode(sha256(new TextEncoder().encode(`akash localnet public test account: ${name}`))).toString();
}

export async function localnetAccounts(): Promise<LocalnetAccount[]> {
  return Promise.all(
    LOCALNET_ACCOUNT_SPECS.map(async (spec) => {
      const mnemonic = localnetMnemonic(spec.name);
      const { address } = await deriveAccount(mnemonic);
      return { ...spec, mnemonic, address };
    }),
  );
}

/**
 * On the `local` network, `--from local` is the tenant and `--from local-NAME` any localnet account
 * (`local-provider`, `local-tenant-3`). Returns the account name, or null when `from` is not one.
 */
export function localnetKeyName(from: string): string | null {
  if (from === "local") return "tenant";
  if (!from.startsWith("local-")) return null;
  const name = from.slice("local-".length);
  return LOCALNET_ACCOUNT_SPECS.some((spec) => spec.name === name) ? name : null;
}
