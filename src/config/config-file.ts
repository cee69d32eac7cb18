/**
 * The config file: `config.json` in the keystore's folder ($AKASH_HOME, else
 * $XDG_CONFIG_HOME/akash, else ~/.config/akash). A flat JSON object of settings, e.g.
 * `{"network": "sandbox", "gas-adjustment": 1.3}`. Every value is checked when the file is read,
 * and the file is replaced atomically (temporary file, fsync, rename), mode 0600 in a 0700 folder.
 */
import { errnoCode, PrivateFileError, writePrivateFile } from "../files/private-file.js";
import * as nodeFs from "node:fs/promises";
import { dirname, join } from "node:path";
import { InputError, UsageError } from "../errors.js";
import { keystorePath } from "../wallet/paths.js";
import { SETTING_KEYS, formatSetting, parseSetting, settingKeyProblem, type SettingKey, type SettingValue } from "./keys.js";

export const CONFIG_FILE = "config.json";

export type Env = Readonly<Record<string, string | undefined>>;

/** The settings stored in the file, already checked. */
export type ConfigValues = { readonly [K in SettingKey]?: SettingValue<K> };

/** The file operations used here; tests replace some to simulate failures. */
export type ConfigFs = Pick<typeof nodeFs, "open" | "readFile" | "rename" | "rm" | "mkdir">;

/** Far more than any real config; a bigger file is not ours. */
const MAX_CONFIG_BYTES = 64 * 1024;

/** Where the config file lives: beside the keystore (src/wallet/paths.ts). */
export function configPath(env: Env, home?: string): string {
  return join(dirname(keystorePath(env, home)), CONFIG_FILE);
}

/** Reads and checks the config file; a missing file is an empty config. */
export async function readConfigFile(path: string, fs: ConfigFs = nodeFs): Promise<ConfigValues> {
  return checkConfigDocument(await readConfigDocument(path, fs), path);
}

/** Checks the file's text; `path` is for messages only. */
export function parseConfigFile(text: string, path: string): ConfigValues {
  return checkConfigDocument(parseConfigDocument(text, path), path);
}

/**
 * The file as a JSON object, values unchecked: what `config set` and `unset` change, so that they
 * can repair a file with a bad value or an unknown key.
 */
export async function readConfigDocument(path: string, fs: ConfigFs = nodeFs): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await fs.readFile(path, "utf8");
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return {};
    throw ioError("read", path, error);
  }
  return parseConfigDocument(text, path);
}

function parseConfigDocument(text: string, path: string): Record<string, unknown> {
  if (text.length > MAX_CONFIG_BYTES) throw invalid(path, `it is larger than ${MAX_CONFIG_BYTES / 1024} KiB`);
  if (text.trim() === "") return {};
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw invalid(path, `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw invalid(path, "the top level is not a JSON object");
  return doc as Record<string, unknown>;
}

function checkConfigDocument(doc: Readonly<Record<string, unknown>>, path: string): ConfigValues {
  const values: Partial<Record<SettingKey, unknown>> = {};
  for (const [name, raw] of Object.entries(doc)) {
    const problem = settingKeyProblem(name);
    if (problem !== null) throw invalid(path, problem);
    const key = name as SettingKey;
    const parsed = parseSetting(key, fileValueText(key, raw, path), key);
    if (!parsed.ok) throw invalid(path, parsed.problem);
    values[key] = parsed.value;
  }
  return values as ConfigValues;
}

/** Values are strings as `config set` takes them; a number is fine for gas-adjustment, a list for endpoints. */
function fileValueText(key: SettingKey, raw: unknown, path: string): string {
  if (typeof raw === "string") return raw;
  if (typeof raw === "number" && key === "gas-adjustment" && Number.isFinite(raw)) return String(raw);
  if ((key === "node" || key === "rest") && Array.isArray(raw) && raw.every((item) => typeof item === "string")) {
    return raw.join(",");
  }
  throw invalid(path, `"${key}" must be a string${key === "gas-adjustment" ? " or a number" : ""}, not ${JSON.stringify(raw)}`);
}

/** A checked value as the file stores it: a number for gas-adjustment, else the text `config get` prints. */
export function fileValue<K extends SettingKey>(key: K, value: SettingValue<K>): string | number {
  return typeof value === "number" ? value : formatSetting(key, value);
}

/** The file's text: known keys in the documented order, then any others as they were. */
export function configFileText(doc: Readonly<Record<string, unknown>>): string {
  const ordered: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) if (doc[key] !== undefined) ordered[key] = doc[key];
  for (const [key, value] of Object.entries(doc)) if (!(key in ordered) && value !== undefined) ordered[key] = value;
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Writes checked values (see writeConfigDocument). */
export async function writeConfigFile(path: string, values: ConfigValues, fs: ConfigFs = nodeFs): Promise<void> {
  const doc: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const value = values[key];
    if (value !== undefined) doc[key] = fileValue(key, value as SettingValue<typeof key>);
  }
  await writeConfigDocument(path, doc, fs);
}

/**
 * Replaces the config file atomically: the new content goes to a temporary file in the same
 * folder (mode 0600), is flushed, and is renamed over the old one, so a crash leaves either the
 * old file or the new one. The folder is created 0700 if missing.
 */
export async function writeConfigDocument(path: string, doc: Readonly<Record<string, unknown>>, fs: ConfigFs = nodeFs): Promise<void> {
  try {
    await writePrivateFile(path, configFileText(doc), fs);
  } catch (error) {
    throw asTyped(error);
  }
}

/**
 * Sets one key from its command-line text; a bad key or value is a UsageError naming it. Other
 * entries are kept as they are, so setting a key also repairs a bad value in the file.
 */
export async function setConfigValue<K extends SettingKey>(
  path: string,
  key: K | string,
  raw: string,
  fs: ConfigFs = nodeFs,
): Promise<SettingValue<K>> {
  const settingKey = checkKey(key) as K;
  const parsed = parseSetting(settingKey, raw, settingKey);
  if (!parsed.ok) throw new UsageError(parsed.problem, { key: settingKey });
  const doc = await readConfigDocument(path, fs);
  await writeConfigDocument(path, { ...doc, [settingKey]: fileValue(settingKey, parsed.value) }, fs);
  return parsed.value;
}

/**
 * Removes one key; returns false (and writes nothing) when it was not set. A key the file has but
 * akash does not know can be removed too, to repair the file.
 */
export async function unsetConfigValue(path: string, key: string, fs: ConfigFs = nodeFs): Promise<boolean> {
  const doc = await readConfigDocument(path, fs);
  if (!Object.hasOwn(doc, key)) {
    checkKey(key);
    return false;
  }
  const next = { ...doc };
  delete next[key];
  await writeConfigDocument(path, next, fs);
  return true;
}

export function checkKey(key: string): SettingKey {
  const problem = settingKeyProblem(key);
  if (problem !== null) throw new UsageError(problem, { key });
  return key as SettingKey;
}

function invalid(path: string, why: string): InputError {
  return new InputError("CONFIG_INVALID", `config file ${path}: ${why}. Fix it, or change it with akash config set|unset`, { path });
}

function ioError(action: string, path: string, error: unknown): InputError {
  const code = errnoCode(error);
  const why = code ?? (error instanceof Error ? error.message : String(error));
  return new InputError("CONFIG_IO", `cannot ${action} ${path}: ${why}`, { path, ...(code ? { errno: code } : {}) });
}

function asTyped(error: unknown): Error {
  return error instanceof PrivateFileError ? ioError(error.action, error.path, error.cause) : (error as Error);
}
