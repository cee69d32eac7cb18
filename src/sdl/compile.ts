import { CheckContext, asObject, type JsonObject } from "./check-context.js";
import { checkSdl } from "./check.js";
import { diagnostic, hasErrors, locate, type Diagnostic, type LocatedDiagnostic } from "./diagnostics.js";
import { sha256Hex } from "./gojson.js";
import { writeManifestJson } from "./manifest-json.js";
import { lower } from "./lower.js";
import type { SdlModel, SdlVersion } from "./model.js";
import { DEFAULT_LIMITS, parseYaml, type NodeLocation, type ParseLimits } from "./parse.js";
import { checkSchema } from "./schema.js";
import type { GroupSpec, Manifest, Reclamation } from "./types.js";

export interface CompileOutput {
  readonly groups: GroupSpec[];
  readonly manifest: Manifest;
  /** Hex SHA-256 of the manifest as sorted JSON: the deployment's on-chain `hash`. */
  readonly version: string;
  readonly reclamation?: Reclamation;
}

export interface CompileOptions {
  /** Shown in diagnostics. */
  readonly file?: string;
  readonly limits?: ParseLimits;
  /**
   * Warnings fail like errors (`--strict`): each keeps its code and becomes an error, so a file
   * that only has warnings is invalid.
   */
  readonly strict?: boolean;
}

export interface CompileResult {
  readonly valid: boolean;
  readonly diagnostics: LocatedDiagnostic[];
  /** Present only when there are no errors. */
  readonly output?: CompileOutput;
}

/** The manifest version: SHA-256 over the sorted Go JSON of the manifest. */
export function manifestVersion(manifest: Manifest): string {
  return sha256Hex(writeManifestJson(manifest));
}

/** The exact bytes to send to providers (and that the version hash covers). */
export function manifestJson(manifest: Manifest): string {
  return writeManifestJson(manifest);
}

function versionOf(root: JsonObject, locations: ReadonlyMap<string, NodeLocation>, ctx: CheckContext): SdlVersion | undefined {
  if (!("version" in root)) {
    ctx.report("SDL2002", { key: "version" }, [], {});
    return undefined;
  }
  const text = ctx.text(["version"], root.version);
  // `version: 2.0` unquoted is the number 2 to YAML but the text "2.0" to Go, which reads it as a string.
  const source = locations.get("/version")?.source ?? text;
  if (source === "2.0" || source === "2.1") return source;
  const equivalent = source === undefined ? undefined : goSemver(source);
  if (equivalent) {
    ctx.report("SDL4005", { found: JSON.stringify(source ?? ""), version: equivalent }, ["version"]);
    return equivalent;
  }
  ctx.report("SDL2008", { found: JSON.stringify(source ?? typeName(root.version)) }, ["version"], { hint: 'write version: "2.0", or "2.1" (needed for TEE and reclamation; shared resource units)' });
  return undefined;
}

/**
 * Go reads the version with semver.ParseTolerant ("2", "v2.0", " 2.0.0 " all mean 2.0.0), then
 * uses the 2.0 rules for exactly 2.0.0 and the 2.1 rules for anything from 2.1.0 up ("3.0"
 * included); everything else is unsupported.
 */
function goSemver(text: string): SdlVersion | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.exec(text.trim());
  if (!match) return undefined;
  const [, majorText, minorText, patchText, pre, build] = match;
  // A short version ("2.1-rc1") may not carry pre-release or build data.
  if ((minorText === undefined || patchText === undefined) && (pre !== undefined || build !== undefined)) return undefined;
  const [major, minor, patch] = [majorText, minorText ?? "0", patchText ?? "0"].map(Number) as [number, number, number];
  if (major === 2 && minor === 0 && patch === 0 && pre === undefined) return "2.0";
  const cmp = major !== 2 ? major - 2 : minor !== 1 ? minor - 1 : patch;
  if (cmp > 0 || (cmp === 0 && pre === undefined)) return "2.1";
  return undefined;
}

function typeName(value: unknown): string {
  return Array.isArray(value) ? "a list" : value === null ? "null" : typeof value;
}

/**
 * Checks an already-parsed SDL document and lowers it. `locations` maps JSON pointers to source
 * spans; without it diagnostics carry paths but no positions.
 */
export function compileDocument(
  value: unknown,
  locations: ReadonlyMap<string, NodeLocation> = new Map(),
): { diagnostics: Diagnostic[]; model?: SdlModel; output?: CompileOutput } {
  const ctx = new CheckContext(locations);
  const root = asObject(value);
  if (!root) {
    ctx.diagnostics.push(diagnostic("SDL1005", { found: typeName(value) }, { path: "", span: { start: 0, end: 0 } }));
    return { diagnostics: ctx.diagnostics };
  }
  const version = versionOf(root, locations, ctx);
  checkSchema(version ? { ...root, version } : root, ctx);
  const model = checkSdl(root, version ?? "2.0", ctx);
  const diagnostics = preferSemantic(ctx.diagnostics);
  if (!version || !model || ctx.failed) return { diagnostics };
  const { groups, manifest } = lower(model);
  const output: CompileOutput = {
    groups,
    manifest,
    version: manifestVersion(manifest),
    ...(model.reclamation ? { reclamation: { min_window: model.reclamation.minWindow } } : {}),
  };
  return { diagnostics, model, output };
}

/**
 * When a schema error and a semantic rule flag the same spot, the semantic message names the
 * rule (and often the fix); the schema's generic wording would only repeat it.
 */
function preferSemantic(diagnostics: Diagnostic[]): Diagnostic[] {
  const semantic = new Set(
    diagnostics.filter((d) => d.severity === "error" && (d.code.startsWith("SDL3") || d.code === "SDL2008") && d.span).map((d) => d.span?.start),
  );
  return diagnostics.filter((d) => !(d.code.startsWith("SDL2") && d.code !== "SDL2008" && d.span && semantic.has(d.span.start)));
}

/**
 * The text with every continuation line of a multi-line quoted scalar indented by `extra`
 * spaces more, and a function mapping an offset in the new text back to the original; undefined
 * when there is no multi-line quoted scalar.
 */
function reindentQuotedScalars(text: string, extra = 64): { text: string; back: (offset: number) => number } | undefined {
  const inserts: number[] = []; // original offsets where `extra` spaces were inserted
  let quote = "";
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (comment) {
      if (c === "\n") comment = false;
      continue;
    }
    if (quote === "") {
      if (c === "#" && (i === 0 || /\s/.test(text[i - 1] ?? ""))) comment = true;
      else if ((c === '"' || c === "'") && /(^|[\s:\-[{,?])$/.test(text.slice(Math.max(0, i - 1), i))) quote = c;
      continue;
    }
    if (quote === '"' && c === "\\") i++;
    else if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else quote = "";
    } else if (c === "\n") inserts.push(i + 1);
  }
  if (inserts.length === 0) return undefined;
  let out = "";
  let last = 0;
  for (const at of inserts) {
    out += text.slice(last, at) + " ".repeat(extra);
    last = at;
  }
  out += text.slice(last);
  const back = (offset: number): number => {
    let shifted = 0;
    for (const at of inserts) {
      if (offset >= at + shifted + extra) shifted += extra;
      else if (offset >= at + shifted) return at;
      else break;
    }
    return offset - shifted;
  };
  return { text: out, back };
}

/** Parse, check and compile SDL text: the whole pipeline `akash sdl compile` runs. */
export function compileSdl(input: string, options: CompileOptions = {}): CompileResult {
  const file = options.file ?? "<input>";
  // libyaml (under Go's yaml.v3) takes a lone CR for a line break, as old Mac files have them;
  // the yaml package does not. One character for one keeps every offset.
  const text = input.includes("\r") ? input.replace(/\r(?!\n)/g, "\n") : input;
  let parsed = parseYaml(text, options.limits ?? DEFAULT_LIMITS);
  let shift: ((d: Diagnostic) => Diagnostic) | undefined;
  if (hasErrors(parsed.diagnostics)) {
    // libyaml reads a multi-line quoted scalar whose continuation lines are not indented past
    // the parent; the yaml package does not. Indenting those lines changes nothing in the value
    // (leading blanks of continuation lines are folded away), so retry with them indented.
    const retry = reindentQuotedScalars(text);
    const second = retry && parseYaml(retry.text, options.limits ?? DEFAULT_LIMITS);
    if (retry && second && !hasErrors(second.diagnostics)) {
      parsed = second;
      shift = (d) => ({ ...d, ...(d.span ? { span: { start: retry.back(d.span.start), end: retry.back(d.span.end) } } : {}) });
    } else {
      return { valid: false, diagnostics: locate(parsed.diagnostics, file, text) };
    }
  }
  const result = compileDocument(parsed.value, parsed.locations);
  const found = [...parsed.diagnostics, ...result.diagnostics];
  let diagnostics = locate(shift ? found.map(shift) : found, file, text);
  if (options.strict) diagnostics = diagnostics.map((d) => (d.severity === "warning" ? { ...d, severity: "error", hint: `${d.hint ? `${d.hint}; ` : ""}an error because of --strict` } : d));
  const valid = !hasErrors(diagnostics);
  return { valid, diagnostics, ...(valid && result.output ? { output: result.output } : {}) };
}
