import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { ErrorObject } from "ajv";
import type { CheckContext, PathTokens } from "./check-context.js";
import { suggest } from "./suggest.js";
import { pointerTokens } from "./paths.js";

const SCHEMA_URL = new URL("../../../schemas/sdl.schema.json", import.meta.url);

/** The JSON Schema as shipped in `schemas/`, for `akash sdl schema` and editors. */
export async function sdlSchemaText(): Promise<string> {
  return readFile(SCHEMA_URL, "utf8");
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

/**
 * Runs the JSON Schema and reports each violation at its YAML location. Semantic rules with a
 * better message of their own (endpoint names) are left to the checker.
 */
export function checkSchema(value: unknown, ctx: CheckContext): void {
  const validate = validator();
  if (validate(value)) return;
  for (const raw of simplify(validate.errors ?? [])) {
    const error = { ...raw, data: dataAt(value, raw.instancePath) };
    const path: PathTokens = pointerTokens(error.instancePath);
    const params = error.params as Record<string, unknown>;
    const here = (): SchemaNode[] => schemasAt(error.instancePath);
    switch (error.keyword) {
      case "additionalProperties": {
        if (path.length === 1 && path[0] === "endpoints") break;
        const key = String(params.additionalProperty);
        const known = [...new Set(here().flatMap((n) => (isNode(n.properties) ? Object.keys(n.properties) : [])))];
        ctx.report("SDL2001", { key }, [...path, key], { onKey: true, hint: suggest(key, known) ?? (known.length > 0 ? `allowed keys: ${known.join(", ")}` : undefined) });
        break;
      }
      case "required":
        ctx.report("SDL2002", { key: String(params.missingProperty) }, path, { onKey: true });
        break;
      case "type":
        ctx.report("SDL2003", { expected: String(params.type).split(",").map(article).join(" or "), found: typeName(error.data) }, path);
        break;
      case "enum":
      case "const": {
        const allowed = (params.allowedValues as unknown[] | undefined) ?? [params.allowedValue];
        ctx.report("SDL2004", { allowed: allowed.map(show).join(", "), found: show(error.data) }, path, { hint: typeof error.data === "string" ? suggest(error.data, allowed.map(String)) : undefined });
        break;
      }
      case "pattern": {
        // propertyNames reports its pattern against the whole mapping; the key is reported below.
        if (typeof error.data !== "string") break;
        const described = here().find((n) => n.pattern === params.pattern && typeof n.patternErrorMessage === "string");
        const format = described ? String(described.patternErrorMessage) : `pattern ${String(params.pattern)}`;
        ctx.report("SDL2005", { value: show(error.data), format }, path);
        break;
      }
      case "propertyNames": {
        const name = String(params.propertyName);
        ctx.report("SDL2005", { value: JSON.stringify(name), format: "lowercase letters, digits and `-`, starting with a letter" }, [...path, name], { onKey: true });
        break;
      }
      case "minimum":
      case "maximum":
      case "exclusiveMinimum":
      case "exclusiveMaximum":
        ctx.report("SDL2006", { comparison: String(params.comparison), limit: String(params.limit), found: show(error.data) }, path);
        break;
      case "minLength":
        ctx.report("SDL2007", { detail: params.limit === 1 ? "must not be empty" : `must be at least ${String(params.limit)} characters long` }, path);
        break;
      case "maxLength":
        ctx.report("SDL2007", { detail: `must be at most ${String(params.limit)} characters long` }, path);
        break;
      case "minItems":
        ctx.report("SDL2007", { detail: `must have at least ${String(params.limit)} item(s)` }, path);
        break;
      case "minProperties":
        ctx.report("SDL2007", { detail: `must have at least ${String(params.limit)} key(s)` }, path);
        break;
      case "not":
        // Every `not` in the schema (zero CPU, zero GPU units, zero price) has a semantic rule
        // with a clearer message.
        break;
      default:
        ctx.report("SDL2007", { detail: `fails schema rule \`${error.keyword}\`` }, path);
    }
  }
}
