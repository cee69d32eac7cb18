import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { ErrorObject } from "ajv";
import type { CheckContext, PathTokens } from "./check-context.js";
import { suggest } from "./suggest.js";
import { quoted } from "./diagnostics.js";
import { WORK } from "./work.js";
import { pointerTokens } from "./paths.js";

const SCHEMA_URL = new URL("../../../schemas/sdl-lint.schema.json", import.meta.url);

/** The lint schema as shipped in `schemas/` (the compiler's warnings come from it). */
export async function sdlLintSchemaText(): Promise<string> {
  return readFile(SCHEMA_URL, "utf8");
}

/**
 * The schema for editors (`akash sdl schema`): what it flags as an error, the CLI rejects too.
 * Derived from the lint schema by dropping every constraint Go does not enforce (unknown keys
 * below the root, required keys, patterns, enums, ranges, lengths) and widening types the way
 * yaml.v3 converts (a number where text belongs, `yes` where a bool belongs, null anywhere);
 * descriptions and completions stay.
 */
export async function sdlSchemaText(): Promise<string> {
  return `${JSON.stringify(editorSchema(JSON.parse(await sdlLintSchemaText()) as SchemaNode), null, 2)}\n`;
}

/** The mappings Go reads key by key and rejects unknown keys in (paths in the lint schema). */
const STRICT_MAPPINGS = new Set(["", "/definitions/cpu/properties/attributes", "/definitions/storageAttributes", "/definitions/gpu", "/definitions/gpuAttributes"]);
const DROPPED = new Set(["required", "pattern", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "propertyNames", "patternErrorMessage", "format", "not", "if", "then", "else", "uniqueItems"]);

export function editorSchema(node: SchemaNode, path = ""): SchemaNode {
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key)) continue;
    if (key === "additionalProperties" && value === false) {
      if (STRICT_MAPPINGS.has(path)) out[key] = false;
      continue;
    }
    if (key === "type") {
      const types = new Set(Array.isArray(value) ? (value as string[]) : [String(value)]);
      if (types.has("string")) ["number", "boolean"].forEach((t) => types.add(t));
      if (types.has("integer")) types.add("number");
      if (types.has("boolean")) types.add("string");
      // Go reads cpu attributes key by key: a scalar there is no attribute at all.
      if (path === "/definitions/cpu/properties/attributes") ["string", "number", "boolean"].forEach((t) => types.add(t));
      types.add("null");
      out[key] = [...types];
      continue;
    }
    const name = key === "oneOf" ? "anyOf" : key;
    const here = `${path}/${key}`;
    if (Array.isArray(value)) out[name] = value.map((v, i) => (isNode(v) ? editorSchema(v, `${here}/${i}`) : v));
    else if (isNode(value) && (key === "properties" || key === "definitions" || key === "patternProperties")) {
      out[name] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isNode(v) ? editorSchema(v, `${here}/${k}`) : v]));
    } else if (isNode(value)) out[name] = editorSchema(value, here);
    else out[name] = value;
  }
  return out;
}

interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const require = createRequire(import.meta.url);
const PRECOMPILED = new URL("./schema-validator.cjs", import.meta.url);
let compiled: Validator | undefined;
let schemaJson: Record<string, unknown> | undefined;

function schema(): Record<string, unknown> {
  schemaJson ??= JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as Record<string, unknown>;
  return schemaJson;
}

/**
 * The build turns the schema into standalone code (scripts/build-schema-validator.mjs) so start-up
 * does not pay for ajv's compiler; a plain `tsc` build falls back to compiling at first use.
 */
function validator(): Validator {
  if (compiled) return compiled;
  if (existsSync(PRECOMPILED)) {
    compiled = require(PRECOMPILED.pathname) as Validator;
  } else {
    const { Ajv } = require("ajv") as typeof import("ajv");
    compiled = new Ajv({ allErrors: true, strict: false, messages: false }).compile(schema()) as Validator;
  }
  return compiled;
}

type SchemaNode = Record<string, unknown>;

function isNode(value: unknown): value is SchemaNode {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A schema node with its $ref followed and its allOf/anyOf/oneOf branches spread out. */
function expand(node: SchemaNode, out: SchemaNode[] = [], depth = 0): SchemaNode[] {
  if (depth > 16) return out;
  const ref = node.$ref;
  if (typeof ref === "string" && ref.startsWith("#/")) {
    let target: unknown = schema();
    for (const token of pointerTokens(ref.slice(1))) target = isNode(target) ? target[token] : undefined;
    if (isNode(target)) expand(target, out, depth + 1);
  }
  out.push(node);
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    const branches = node[key];
    if (Array.isArray(branches)) for (const branch of branches) if (isNode(branch)) expand(branch, out, depth + 1);
  }
  return out;
}

/**
 * The schema nodes that describe the value at an instance path. Standalone validators report
 * schema paths relative to each referenced definition, so the path through the document is
 * the reliable way back to the schema (for allowed keys and format messages).
 */
function schemasAt(instancePath: string): SchemaNode[] {
  let nodes = expand(schema());
  for (const token of pointerTokens(instancePath)) {
    const next: SchemaNode[] = [];
    for (const node of nodes) {
      const properties = node.properties;
      const patterns = node.patternProperties;
      if (isNode(properties) && isNode(properties[token])) next.push(properties[token] as SchemaNode);
      else if (isNode(patterns) && Object.entries(patterns).some(([re, sub]) => new RegExp(re, "u").test(token) && isNode(sub) && next.push(sub))) continue;
      else if (isNode(node.additionalProperties)) next.push(node.additionalProperties);
      if (/^\d+$/.test(token) && isNode(node.items)) next.push(node.items);
    }
    nodes = next.flatMap((n) => expand(n));
  }
  return nodes;
}

function dataAt(value: unknown, instancePath: string): unknown {
  let node = value;
  for (const token of pointerTokens(instancePath)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return "nothing (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

function article(type: string): string {
  const names: Record<string, string> = {
    object: "a mapping",
    array: "a list",
    string: "a string",
    number: "a number",
    integer: "a whole number",
    boolean: "true or false",
    null: "nothing",
  };
  return names[type] ?? type;
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || typeof value !== "object") return String(value);
  return Array.isArray(value) ? "a list" : "a mapping";
}

/**
 * Drops the noise ajv reports for alternatives (oneOf/anyOf), keeping what explains the failure.
 * ajv reports each branch's errors before the combinator's own error; branches reached through
 * $ref carry the referenced schema path, so branches are recognised by instance path: a type
 * mismatch on the same node means "wrong branch", an error deeper inside means "right branch,
 * wrong content".
 */
function simplify(errors: readonly ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const result: ErrorObject[] = [];
  errors.forEach((error, index) => {
    if (error.keyword !== "oneOf" && error.keyword !== "anyOf") return;
    const preceding = errors.slice(0, index).filter((e) => !dropped.has(e));
    const mismatches = preceding.filter((e) => e.keyword === "type" && e.instancePath === error.instancePath);
    // A `not` fails vacuously on a value of the wrong type, so it says nothing about the branch.
    const deeper = preceding.some(
      (e) => e.instancePath.startsWith(`${error.instancePath}/`) || (e.instancePath === error.instancePath && e.keyword !== "type" && e.keyword !== "not"),
    );
    dropped.add(error);
    for (const e of mismatches) dropped.add(e);
    if (!deeper && mismatches.length > 0) {
      const types = [...new Set(mismatches.flatMap((e) => String((e.params as { type: string }).type).split(",")))];
      result.push({ ...error, keyword: "type", params: { type: types.join(",") } });
    }
  });
  return [...errors.filter((e) => !dropped.has(e) && e.keyword !== "if"), ...result];
}

/** The YAML 1.1 booleans yaml.v3 still reads into a Go `bool` field. */
const YAML11_TRUE = new Set(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON"]);
const YAML11_FALSE = new Set(["n", "N", "no", "No", "NO", "off", "Off", "OFF"]);

/**
 * What Go's yaml.v3 makes of a value the schema calls the wrong type, decoding it into a field
 * of the schema's type: `undefined` when it fails (a decode error: Go rejects the file), else
 * the value Go reads, in words.
 */
function goDecoded(expected: readonly string[], data: unknown): string | undefined {
  if (data === null || data === undefined) return "empty";
  const scalar = typeof data === "string" || typeof data === "number" || typeof data === "boolean";
  if (expected.includes("string") && scalar) return JSON.stringify(String(data));
  if ((expected.includes("integer") || expected.includes("number")) && typeof data === "number" && Number.isFinite(data)) return String(Math.trunc(data));
  if (expected.includes("boolean") && typeof data === "string") {
    if (YAML11_TRUE.has(data)) return "true";
    if (YAML11_FALSE.has(data)) return "false";
  }
  return undefined;
}

/**
 * Mappings Go reads key by key and rejects an unknown key in: the document root, cpu attributes,
 * `gpu` and `gpu.attributes`. Everywhere else yaml.v3 skips unknown keys.
 */
function strictMapping(path: PathTokens): boolean {
  if (path.length === 0) return true;
  const [a, b, , d, e, f, g] = path;
  if (a !== "profiles" || b !== "compute" || d !== "resources") return false;
  if (e === "cpu") return f === "attributes" && path.length === 6;
  if (e === "storage") return path[path.length - 1] === "attributes" && path.length <= 7;
  if (e === "gpu") return path.length === 5 || (f === "attributes" && path.length === 6 && g === undefined);
  return false;
}

/** What the unknown key probably meant, and what happens to it. */
function unknownKeyHint(key: string, path: PathTokens, known: readonly string[]): string {
  const where = path.length >= 2 && path[0] === "services" ? path[1] : undefined;
  const specific: Record<string, string> = {
    depends_on: "providers start all services together; a service that needs another must retry until it answers",
    environment: "did you mean `env`? (a list of NAME=value); as written, no variable is set",
    volumes: "SDL volumes are declared in the compute profile (`resources.storage`) and mounted with `params.storage`; as written, nothing is mounted",
    ports: "SDL uses `expose` (port, as, to); as written, nothing is exposed",
    restart: "providers always restart containers; as written, it has no effect",
    labels: "as written, it has no effect",
    servcie: `did you mean \`service\`? as written, this target is ignored${where !== undefined ? ` and \`${quoted(String(where))}\` will not be reachable through it` : ""}`,
  };
  if (path[path.length - 1] === "vendor" && path.includes("gpu")) {
    return "only `nvidia` is read: with no nvidia models listed, this profile asks for any NVIDIA GPU (vendor/nvidia/model/*), not this vendor";
  }
  const fixed = Object.hasOwn(specific, key) ? specific[key] : undefined;
  if (fixed) return fixed;
  const guess = suggest(key, known);
  if (guess) return `${guess} as written, it is ignored`;
  return known.length > 0 ? `it is ignored; allowed keys here: ${known.join(", ")}` : "it is ignored";
}

/**
 * Runs the JSON Schema and reports each violation at its YAML location. Go (pkg.akt.dev/go/sdl)
 * checks its schema only softly, so a violation is an error only where Go's YAML decoding fails
 * too (a mapping where a number belongs, text where a number belongs); everything else is a
 * warning (SDL4010–SDL4014) saying what providers will do with it. Semantic rules with a better
 * message of their own (endpoint names) are left to the checker.
 */
export function checkSchema(value: unknown, ctx: CheckContext): void {
  const validate = validator();
  if (validate(value)) return;
  WORK.schemaErrors += validate.errors?.length ?? 0;
  for (const raw of simplify(validate.errors ?? [])) {
    const error = { ...raw, data: dataAt(value, raw.instancePath) };
    const path: PathTokens = pointerTokens(error.instancePath);
    const params = error.params as Record<string, unknown>;
    const here = (): SchemaNode[] => schemasAt(error.instancePath);
    const beyondGo = (detail: string, hint?: string): void => ctx.report("SDL4014", { detail }, path, { hint });
    switch (error.keyword) {
      case "additionalProperties": {
        if (path.length === 1 && path[0] === "endpoints") break;
        const key = String(params.additionalProperty);
        const known = [...new Set(here().flatMap((n) => (isNode(n.properties) ? Object.keys(n.properties) : [])))];
        if (strictMapping(path) && !(path.length === 0 && key === "include")) {
          ctx.report("SDL2001", { key }, [...path, key], { onKey: true, hint: suggest(key, known) ?? (known.length > 0 ? `allowed keys: ${known.join(", ")}` : undefined) });
        } else {
          ctx.report("SDL4010", { key }, [...path, key], { onKey: true, hint: unknownKeyHint(key, path, known) });
        }
        break;
      }
      case "required":
        ctx.report("SDL4013", { key: String(params.missingProperty) }, path, { onKey: true });
        break;
      case "type": {
        const expected = String(params.type).split(",");
        // Go reads cpu attributes key by key from a mapping node; a scalar there has no keys.
        const cpuAttributes = path.length === 6 && path[4] === "cpu" && path[5] === "attributes";
        const scalar = error.data !== null && typeof error.data !== "object";
        const decoded = cpuAttributes && scalar ? `no attributes` : goDecoded(expected, error.data);
        const words = expected.map(article).join(" or ");
        if (decoded === undefined) ctx.report("SDL2003", { expected: words, found: typeName(error.data) }, path);
        else if (decoded === "empty") ctx.report("SDL4011", { expected: words }, path, { onKey: true, hint: "providers read an empty value as absent (zero, empty or false); remove the key or give it a value" });
        else ctx.report("SDL4012", { expected: words, found: typeName(error.data), value: decoded }, path);
        break;
      }
      case "enum":
      case "const": {
        const allowed = (params.allowedValues as unknown[] | undefined) ?? [params.allowedValue];
        beyondGo(`must be one of ${allowed.map(show).join(", ")}, found ${quoted(show(error.data))}`, typeof error.data === "string" ? suggest(error.data, allowed.map(String)) : undefined);
        break;
      }
      case "pattern": {
        // propertyNames reports its pattern against the whole mapping; the key is reported below.
        if (typeof error.data !== "string") break;
        const described = here().find((n) => n.pattern === params.pattern && typeof n.patternErrorMessage === "string");
        const format = described ? String(described.patternErrorMessage) : `pattern ${String(params.pattern)}`;
        beyondGo(`${quoted(show(error.data))} does not match the expected format (${format})`);
        break;
      }
      case "propertyNames": {
        const name = String(params.propertyName);
        ctx.report("SDL4014", { detail: `${quoted(JSON.stringify(name))} does not match the expected format (lowercase letters, digits and \`-\`, starting with a letter)` }, [...path, name], { onKey: true });
        break;
      }
      case "minimum":
      case "maximum":
      case "exclusiveMinimum":
      case "exclusiveMaximum":
        // Go decodes these numbers into unsigned integers: a negative or infinite one fails to decode.
        if (typeof error.data === "number" && !Number.isFinite(error.data)) {
          ctx.report("SDL2003", { expected: "a whole number", found: show(error.data) }, path);
          break;
        }
        if (typeof error.data === "number" && error.data < 0 && Number(params.limit) >= 0 && (error.keyword === "minimum" || error.keyword === "exclusiveMinimum")) {
          ctx.report("SDL2006", { comparison: String(params.comparison), limit: String(params.limit), found: show(error.data) }, path);
          break;
        }
        beyondGo(`must be ${String(params.comparison)} ${String(params.limit)}, found ${quoted(show(error.data))}`);
        break;
      case "minLength":
        beyondGo(params.limit === 1 ? "must not be empty" : `must be at least ${String(params.limit)} characters long`);
        break;
      case "maxLength":
        beyondGo(`must be at most ${String(params.limit)} characters long`);
        break;
      case "minItems":
        beyondGo(`must have at least ${String(params.limit)} item(s)`);
        break;
      case "minProperties":
        beyondGo(`must have at least ${String(params.limit)} key(s)`);
        break;
      case "not":
        // Every `not` in the schema (zero CPU, zero GPU units, zero price) has a semantic rule
        // with a clearer message.
        break;
      default:
        beyondGo(`fails schema rule \`${error.keyword}\``);
    }
  }
}
