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
  ctx.report("SDL2008", { found: JSON.stringify(source ?? typeName(root.version)) }, ["version"], { hint: 'write version: "2.0" (or "2.1" for IP endpoints, TEE and reclamation)' });
  return undefined;
}

/**
 * Go reads the version with semver.ParseTolerant ("2", "v2.0", "2.0.0" all mean 2.0.0). Only the
 * spellings of 2.0.0 and 2.1.0 are accepted here; Go would also take any later version as 2.1.
 */
function goSemver(text: string): SdlVersion | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const [major, minor = "0", patch = "0"] = match.slice(1).map((part) => (part === undefined ? undefined : String(Number(part))));
  if (major !== "2" || patch !== "0") return undefined;
  return minor === "0" ? "2.0" : minor === "1" ? "2.1" : undefined;
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

/** Parse, check and compile SDL text: the whole pipeline `akash sdl compile` runs. */
export function compileSdl(text: string, options: CompileOptions = {}): CompileResult {
  const file = options.file ?? "<input>";
  const parsed = parseYaml(text, options.limits ?? DEFAULT_LIMITS);
  if (hasErrors(parsed.diagnostics)) {
    return { valid: false, diagnostics: locate(parsed.diagnostics, file, text) };
  }
  const result = compileDocument(parsed.value, parsed.locations);
  const diagnostics = locate([...parsed.diagnostics, ...result.diagnostics], file, text);
  const valid = !hasErrors(diagnostics);
  return { valid, diagnostics, ...(valid && result.output ? { output: result.output } : {}) };
}
