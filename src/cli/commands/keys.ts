import type { Command } from "commander";
import { UsageError, WalletError } from "../../errors.js";
import type { KeyInfo, WalletOptions } from "../../wallet/wallet.js";
import type { Prompter } from "../prompts.js";
import { ExitCode, ExitStatus } from "../exit.js";
import { isInteractive, type CliIo } from "../io.js";
import { parseOutputFormat, renderData } from "../output.js";

// The wallet and the prompt library load inside the actions only, so `akash --help` and
// `akash sdl ...` never pay for them; BIP39 and HD derivation (cosmjs) load only when a command
// handles a mnemonic, so `keys list` and `keys show` stay fast.
type Wallet = typeof import("../../wallet/wallet.js");
type Bip39 = typeof import("../../wallet/mnemonic.js");

const PASSPHRASE_ENV = "AKASH_KEYRING_PASSPHRASE";

interface OutputOptions {
  output?: string;
}
interface AddOptions extends OutputOptions {
  force?: boolean;
  recover?: boolean;
  showMnemonic?: boolean;
}
interface ShowOptions extends OutputOptions {
  address?: boolean;
}
interface ConfirmOptions extends OutputOptions {
  yes?: boolean;
}

const KEYS_HELP = `
Examples:
  akash keys add main                     # a new 24-word key; prints its address
  akash keys import main < mnemonic.txt   # an existing mnemonic, piped (or asked on a terminal)
  akash keys list -o json
  akash keys show main --address
  akash keys export main --yes > backup.txt

Keys are kept in an encrypted keystore file, each mnemonic sealed with scrypt + AES-256-GCM
under your passphrase; names, addresses and public keys stay readable, so list and show need
no passphrase. Addresses use the HD path m/44'/118'/0'/0/0 and the prefix "akash".

Environment:
  AKASH_KEYRING_PASSPHRASE  the keystore passphrase (otherwise asked on the terminal)
  AKASH_MNEMONIC            a key held in memory only, for CI: no file is read or written
  AKASH_FROM                the name of the AKASH_MNEMONIC key (default "env")
  AKASH_HOME                the folder of keystore.json (default $XDG_CONFIG_HOME/akash,
                            else ~/.config/akash)

Exit codes: 0 ok, 2 usage error (also: a prompt was needed but there is no terminal),
5 wallet error (wrong passphrase, unknown or duplicate name, invalid mnemonic, damaged or
unprotected keystore), 130 interrupted or not confirmed.`;

export function registerKeysCommands(program: Command, io: CliIo): void {
  const keys = program
    .command("keys")
    .description("manage the keys that sign transactions (an encrypted keystore, or AKASH_MNEMONIC)")
    .addHelpText("after", KEYS_HELP);

  keys
    .command("add")
    .description(
      "create a key with a new 24-word mnemonic and print its address;\n" +
        "the mnemonic is shown once on stderr (on a terminal, or with --show-mnemonic)",
    )
    .argument("<name>", "name for the key")
    .option("--recover", "restore from an existing mnemonic (piped on stdin, or asked on the terminal)")
    .option("--show-mnemonic", "print the new mnemonic on stderr even when it is not a terminal")
    .option("--force", "with --recover: add the key even if the keystore holds the same mnemonic under another name")
    .option("-o, --output <format>", "text (the address), json or yaml", "text")
    .action(async (name: string, options: AddOptions) => {
      const format = parseOutputFormat(options.output);
      const { wallet, walletOptions } = await loadWallet(io);
      await checkNewName(wallet, walletOptions, name);
      const bip39 = await import("../../wallet/mnemonic.js");
      const recovered = options.recover === true ? await readMnemonic(io, bip39) : undefined;
      const mnemonic = recovered ?? bip39.generateMnemonic();
      if (recovered !== undefined) await checkDuplicate(io, wallet, walletOptions, name, recovered, options.force === true);
      const passphrase = await newPassphrase(io, wallet);
      const key = await wallet.addKey(walletOptions, { name, mnemonic, passphrase, allowDuplicate: options.force === true });
      io.stderr(`Added key "${name}" to ${walletOptions.keystorePath}\n`);
      if (recovered === undefined) showNewMnemonic(io, name, mnemonic, options.showMnemonic === true);
      io.stdout(format === "text" ? `${key.address}\n` : await renderData(format, key));
    });

  keys
    .command("import")
    .description("add a key from an existing mnemonic, piped on stdin (or asked on the terminal)")
    .argument("<name>", "name for the key")
    .option("-o, --output <format>", "text (the address), json or yaml", "text")
    .option("--force", "add the key even if the keystore holds the same mnemonic under another name")
    .addHelpText("after", "\nExamples:\n  akash keys import main < mnemonic.txt\n  akash keys import backup --force < mnemonic.txt   # the same key under a second name")
    .action(async (name: string, options: OutputOptions & { force?: boolean }) => {
      const format = parseOutputFormat(options.output);
      const { wallet, walletOptions } = await loadWallet(io);
      await checkNewName(wallet, walletOptions, name);
      const mnemonic = await readMnemonic(io, await import("../../wallet/mnemonic.js"));
      await checkDuplicate(io, wallet, walletOptions, name, mnemonic, options.force === true);
      const passphrase = await newPassphrase(io, wallet);
      const key = await wallet.addKey(walletOptions, { name, mnemonic, passphrase, allowDuplicate: options.force === true });
      io.stderr(`Imported key "${name}" into ${walletOptions.keystorePath}\n`);
      io.stdout(format === "text" ? `${key.address}\n` : await renderData(format, key));
    });

  keys
    .command("list")
    .description("list the keys: name, address and source (keystore or env); no passphrase needed")
    .option("-o, --output <format>", "text (a table), json or yaml", "text")
    .action(async (options: OutputOptions) => {
      const format = parseOutputFormat(options.output);
      const { wallet, walletOptions } = await loadWallet(io);
      const list = await wallet.listKeys(walletOptions);
      if (format !== "text") {
        io.stdout(await renderData(format, list));
      } else if (list.length === 0) {
        io.stderr(`No keys (keystore: ${walletOptions.keystorePath}). Create one with: akash keys add NAME\n`);
      } else {
        io.stdout(renderKeyTable(list));
      }
    });

  keys
    .command("show")
    .description("show a key's address and public key; no passphrase needed")
    .argument("<name>", "the key")
    .option("--address", "print the address only")
    .option("-o, --output <format>", "text, json or yaml", "text")
    .action(async (name: string, options: ShowOptions) => {
      const format = parseOutputFormat(options.output);
      const { wallet, walletOptions } = await loadWallet(io);
      const key = await wallet.findKey(walletOptions, name);
      if (options.address === true) io.stdout(`${key.address}\n`);
      else io.stdout(format === "text" ? renderKey(key) : await renderData(format, key));
    });

  keys
    .command("export")
    .description(
      "print a key's mnemonic on stdout, after confirmation (asked on the terminal, or --yes);\n" +
        "anyone who sees the mnemonic controls the account",
    )
    .argument("<name>", "the key")
    .option("-y, --yes", "do not ask for confirmation (required without a terminal)")
    .option("-o, --output <format>", "text (the mnemonic), json or yaml", "text")
    .action(async (name: string, options: ConfirmOptions) => {
      const format = parseOutputFormat(options.output);
      const { wallet, walletOptions } = await loadWallet(io);
      const key = await wallet.findKey(walletOptions, name);
      await confirm(io, options.yes === true, {
        question: `Print the mnemonic of key "${name}" (${key.address})? Anyone who sees it controls the account.`,
        refusal: `refusing to print the mnemonic of "${name}" without confirmation`,
        declined: "nothing was printed",
      });
      const passphrase = key.source === "keystore" ? await existingPassphrase(io, name) : undefined;
      const mnemonic = await wallet.revealMnemonic(walletOptions, name, passphrase);
      io.stderr("Keep this mnemonic secret: anyone who has it controls the account.\n");
      io.stdout(format === "text" ? `${mnemonic}\n` : await renderData(format, { name, address: key.address, mnemonic }));
    });

  keys
    .command("delete")
    .description("delete a key from the keystore, after confirmation (asked on the terminal, or --yes)")
    .argument("<name>", "the key")
    .option("-y, --yes", "do not ask for confirmation (required without a terminal)")
    .option("-o, --output <format>", "text, json or yaml", "text")
    .action(async (name: string, options: ConfirmOptions) => {
      const format = parseOutputFormat(options.output);
      const { wallet, walletOptions } = await loadWallet(io);
      const key = await wallet.deleteKey(walletOptions, name, (found) =>
        confirm(io, options.yes === true, {
          question:
            `Delete key "${name}" (${found.address})? Without its mnemonic, ` +
            "funds on this address cannot be recovered.",
          refusal: `refusing to delete "${name}" without confirmation`,
          declined: "nothing was deleted",
        }),
      );
      const result = { name: key.name, address: key.address, deleted: true };
      io.stdout(format === "text" ? `Deleted key "${key.name}" (${key.address})\n` : await renderData(format, result));
    });
}

async function loadWallet(io: CliIo): Promise<{ wallet: Wallet; walletOptions: WalletOptions }> {
  const wallet = await import("../../wallet/wallet.js");
  return { wallet, walletOptions: wallet.walletOptionsFromEnv(io.env) };
}

/** A bad name is a usage error (exit 2); a taken one a wallet error, reported before any prompt. */
async function checkNewName(wallet: Wallet, walletOptions: WalletOptions, name: string): Promise<void> {
  const problem = wallet.keyNameProblem(name);
  if (problem !== null) throw new UsageError(problem, { argument: "name" });
  await wallet.assertNewKeyName(walletOptions, name);
}

/** A mnemonic piped on stdin, else asked hidden on the terminal; validated before any passphrase is asked. */
async function readMnemonic(io: CliIo, bip39: Bip39): Promise<string> {
  const piped = io.readStdin === undefined ? null : await io.readStdin();
  if (piped !== null) {
    if (piped.trim() === "") {
      throw new UsageError("stdin is empty: pipe the mnemonic in, e.g. akash keys import NAME < mnemonic.txt", {
        input: "stdin",
      });
    }
    return bip39.parseMnemonic(piped, "the mnemonic on stdin");
  }
  const { prompter, whyNot } = await loadPrompter(io);
  if (prompter === null) {
    throw new UsageError(`no mnemonic: pipe it on stdin, e.g. akash keys import NAME < mnemonic.txt (cannot ask: ${whyNot})`, {
      input: "stdin",
    });
  }
  const typed = await prompter.secret("Mnemonic (12 to 24 words, hidden):", (value) => bip39.mnemonicProblem(value) ?? true);
  return bip39.parseMnemonic(typed, "the mnemonic");
}

/** For a new key: AKASH_KEYRING_PASSPHRASE, else asked twice on the terminal. */
async function newPassphrase(io: CliIo, wallet: Wallet): Promise<string> {
  const fromEnv = io.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== "") {
    wallet.checkNewPassphrase(fromEnv, PASSPHRASE_ENV);
    return fromEnv;
  }
  const { prompter, whyNot } = await loadPrompter(io);
  if (prompter === null) {
    throw new UsageError(`a passphrase is needed to encrypt the key: set ${PASSPHRASE_ENV} (cannot ask: ${whyNot})`, {
      env: PASSPHRASE_ENV,
    });
  }
  for (let attempt = 1; attempt <= 3; attempt++) {
    const first = await prompter.secret(
      `New keystore passphrase (at least ${wallet.MIN_PASSPHRASE_LENGTH} characters):`,
      (value) => wallet.passphraseProblem(value) ?? true,
    );
    const second = await prompter.secret("Repeat the passphrase:");
    if (first === second) return first;
    io.stderr("The passphrases do not match.\n");
  }
  throw new WalletError("PASSPHRASE_MISMATCH", "the passphrases did not match three times; nothing was saved");
}

/** For an existing key: AKASH_KEYRING_PASSPHRASE, else asked once on the terminal. */
async function existingPassphrase(io: CliIo, name: string): Promise<string> {
  const fromEnv = io.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const { prompter, whyNot } = await loadPrompter(io);
  if (prompter === null) {
    throw new UsageError(`key "${name}" is encrypted: set ${PASSPHRASE_ENV} (cannot ask for its passphrase: ${whyNot})`, {
      env: PASSPHRASE_ENV,
    });
  }
  return prompter.secret(`Passphrase for key "${name}":`);
}

interface ConfirmText {
  readonly question: string;
  readonly refusal: string;
  readonly declined: string;
}

/** `--yes`, or a yes on the terminal; without a terminal a UsageError naming --yes. */
async function confirm(io: CliIo, yes: boolean, text: ConfirmText): Promise<void> {
  if (yes) return;
  const { prompter, whyNot } = await loadPrompter(io);
  if (prompter === null) {
    throw new UsageError(`${text.refusal}: pass --yes (cannot ask: ${whyNot})`, { option: "--yes" });
  }
  if (!(await prompter.confirm(text.question, false))) {
    io.stderr(`Cancelled: ${text.declined}.\n`);
    throw new ExitStatus(ExitCode.interrupted);
  }
}

/**
 * Before any passphrase is asked: the same mnemonic already stored under another name is an
 * error (KEY_EXISTS) unless --force, and then a warning.
 */
async function checkDuplicate(io: CliIo, wallet: typeof import("../../wallet/wallet.js"), walletOptions: WalletOptions, name: string, mnemonic: string, force: boolean): Promise<void> {
  const existing = await wallet.keysWithMnemonic(walletOptions, mnemonic);
  if (existing.length === 0) return;
  const first = existing[0] as KeyInfo;
  if (!force) {
    throw new WalletError("KEY_EXISTS", `this mnemonic is already in the keystore as "${first.name}" (${first.address}); use that name, or pass --force to add it as "${name}" too`, {
      name,
      existing: first.name,
      address: first.address,
    });
  }
  io.stderr(`warning: the keystore already holds this key as ${existing.map((k) => `"${k.name}"`).join(", ")} (${first.address}); adding it as "${name}" too (--force)\n`);
}

async function loadPrompter(io: CliIo): Promise<{ prompter: Prompter; whyNot?: never } | { prompter: null; whyNot: string }> {
  const { prompterFor, whyNoPrompt } = await import("../prompts.js");
  const prompter = prompterFor(io);
  return prompter === null ? { prompter, whyNot: whyNoPrompt(io) } : { prompter };
}

/** The one time a new mnemonic is shown: on stderr, and only to a person at a terminal or on request. */
function showNewMnemonic(io: CliIo, name: string, mnemonic: string, requested: boolean): void {
  if (!requested && !isInteractive(io)) {
    io.stderr(
      "The new mnemonic was not shown (stderr is not a terminal). Back it up now, somewhere only you\n" +
        `can read: akash keys export ${name} --yes > FILE (or pass --show-mnemonic next time)\n`,
    );
    return;
  }
  io.stderr(
    "\nWrite down this mnemonic and keep it somewhere safe, offline. It is the only way to recover\n" +
      "the key, and anyone who has it controls the account. It is not shown again.\n\n" +
      `  ${mnemonic}\n\n`,
  );
}

function renderKeyTable(keys: readonly KeyInfo[]): string {
  const rows = [["NAME", "ADDRESS", "SOURCE"], ...keys.map((k) => [k.name, k.address, k.source])];
  const widths = [0, 1].map((col) => Math.max(...rows.map((row) => (row[col] ?? "").length)));
  return rows.map((row) => `${row.map((cell, i) => cell.padEnd(i < 2 ? (widths[i] ?? 0) : 0)).join("  ")}\n`).join("");
}

function renderKey(key: KeyInfo): string {
  const lines = [
    ["name", key.name],
    ["address", key.address],
    ["pubkey", key.pubkey],
    ["source", key.source],
    ...(key.createdAt === undefined ? [] : [["created", key.createdAt]]),
  ];
  return lines.map(([label, value]) => `${`${label}:`.padEnd(9)}${value}\n`).join("");
}
