import { parseAllDocuments, isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode } from "yaml";
import { diagnostic, type Diagnostic, type Span } from "./diagnostics.js";
import { pointerToDisplay } from "./paths.js";

export interface ParseLimits {
  /** Largest accepted file, in bytes. Real SDLs are a few KiB. */
  readonly maxBytes: number;
  /** Most nodes the document may expand to once aliases are resolved. */
  readonly maxNodes: number;
  /** Deepest nesting of mappings and sequences. */
  readonly maxDepth: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxBytes: 1024 * 1024, maxNodes: 100_000, maxDepth: 64 };

/** Where a node sits in the source. `key` is set for mapping values. */
export interface NodeLocation {
  readonly value: Span;
  readonly key?: Span;
  /** Source text of a scalar, as written (unquoted), when it differs from its parsed value. */
  readonly source?: string;
}

export interface ParsedYaml {
  /** Plain JSON-like data: objects, arrays, strings, numbers, booleans, null. */
  readonly value: unknown;
  /** Keyed by JSON pointer (`/services/web/image`), the same paths ajv reports. */
  readonly locations: ReadonlyMap<string, NodeLocation>;
  readonly diagnostics: readonly Diagnostic[];
}

class LimitExceeded extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

function spanOf(node: YamlNode | null | undefined, fallback: Span): Span {
  const range = node?.range;
  return range ? { start: range[0], end: range[1] } : fallback;
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * Parses YAML into plain data plus a location for every node. Aliases and `<<` merge keys
 * are expanded the way Go's yaml.v3 does, with limits that stop alias bombs and deep nesting.
 */
export function parseYaml(text: string, limits: ParseLimits = DEFAULT_LIMITS): ParsedYaml {
  const diagnostics: Diagnostic[] = [];
  const locations = new Map<string, NodeLocation>();
  const whole: Span = { start: 0, end: text.length };

  const size = Buffer.byteLength(text, "utf8");
  if (size > limits.maxBytes) {
    diagnostics.push(diagnostic("SDL1002", { size, limit: limits.maxBytes }, { path: "", span: { start: 0, end: 0 } }));
    return { value: undefined, locations, diagnostics };
  }

  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false, strict: true }) as Document.Parsed[];
  } catch (error) {
    diagnostics.push(stackOverflowOrRethrow(error, limits));
    return { value: undefined, locations, diagnostics };
  }
  if (!Array.isArray(docs)) docs = [];

  const nonEmpty = docs.filter((doc) => doc.contents !== null || doc.errors.length > 0);
  const doc = nonEmpty[0];
  if (nonEmpty.length > 1) {
    const second = nonEmpty[1];
    diagnostics.push(
      diagnostic("SDL1006", { count: nonEmpty.length }, { path: "", span: spanOf(second?.contents, whole) }),
    );
  }
  if (!doc) return { value: null, locations, diagnostics };

  for (const error of doc.errors) {
    const [start, end] = error.pos;
    const detail = error.message.split("\n")[0] ?? error.message;
    diagnostics.push(diagnostic("SDL1001", { detail: cleanYamlMessage(detail) }, { path: "", span: { start, end } }));
  }
  if (doc.errors.length > 0) return { value: undefined, locations, diagnostics };

  let nodeCount = 0;
  const convert = (node: unknown, pointer: string, depth: number, keySpan: Span | undefined, aliasDepth: number): unknown => {
    if (++nodeCount > limits.maxNodes) {
      throw new LimitExceeded(diagnostic("SDL1003", { limit: limits.maxNodes }, { path: pointerToDisplay(pointer), span: keySpan ?? whole }));
    }
    if (depth > limits.maxDepth) {
      throw new LimitExceeded(diagnostic("SDL1004", { limit: limits.maxDepth }, { path: pointerToDisplay(pointer), span: keySpan ?? whole }));
    }
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) {
        throw new LimitExceeded(diagnostic("SDL1008", { name: node.source }, { path: pointerToDisplay(pointer), span: spanOf(node, whole) }));
      }
      if (aliasDepth > limits.maxDepth) {
        throw new LimitExceeded(diagnostic("SDL1004", { limit: limits.maxDepth }, { path: pointerToDisplay(pointer), span: spanOf(node, whole) }));
      }
      const value = convert(target, pointer, depth, keySpan, aliasDepth + 1);
      // Point at the alias itself, not at the anchored node elsewhere in the file.
      locations.set(pointer, { value: spanOf(node as YamlNode, whole), ...(keySpan ? { key: keySpan } : {}) });
      return value;
    }
    const span = spanOf(node as YamlNode, keySpan ?? whole);
    if (isMap(node)) {
      const result: Record<string, unknown> = {};
      const explicit = new Set<string>();
      const merges: unknown[] = [];
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        if (isScalar(keyNode) && keyNode.value === "<<" && keyNode.type === "PLAIN") {
          merges.push(pair.value);
          continue;
        }
        const key = scalarKey(keyNode);
        if (key === undefined) {
          throw new LimitExceeded(diagnostic("SDL1007", {}, { path: pointerToDisplay(pointer), span: spanOf(keyNode, span) }));
        }
        explicit.add(key);
        const childPointer = `${pointer}/${escapePointerToken(key)}`;
        result[key] = convert(pair.value, childPointer, depth + 1, spanOf(keyNode, span), aliasDepth);
        if (pair.value === null) locations.set(childPointer, { value: spanOf(keyNode, span), key: spanOf(keyNode, span) });
      }
      // yaml.v3 semantics: keys written in the mapping win over merged ones; earlier merges win over later.
      for (const merge of merges) {
        const sources = isSeq(merge) ? merge.items : [merge];
        for (const source of sources) {
          const merged = convert(source, `${pointer}/<<`, depth + 1, span, aliasDepth);
          if (merged === null || typeof merged !== "object" || Array.isArray(merged)) continue;
          for (const [key, value] of Object.entries(merged)) {
            if (explicit.has(key)) continue;
            explicit.add(key);
            result[key] = value;
            const from = locations.get(`${pointer}/<<`);
            if (from) locations.set(`${pointer}/${escapePointerToken(key)}`, from);
          }
        }
      }
      locations.set(pointer, { value: span, ...(keySpan ? { key: keySpan } : {}) });
      return result;
    }
    if (isSeq(node)) {
      const result = node.items.map((item, index) => convert(item, `${pointer}/${index}`, depth + 1, undefined, aliasDepth));
      locations.set(pointer, { value: span, ...(keySpan ? { key: keySpan } : {}) });
      return result;
    }
    if (isScalar(node)) {
      const value = node.value;
      const source = (node as { source?: string }).source;
      const location: NodeLocation = {
        value: span,
        ...(keySpan ? { key: keySpan } : {}),
        ...(typeof source === "string" && source !== value ? { source } : {}),
      };
      locations.set(pointer, location);
      if (typeof value === "bigint") return Number(value);
      if (value instanceof Date) return source ?? value.toISOString();
      if (value instanceof Uint8Array) return source ?? "";
      return value ?? null;
    }
    locations.set(pointer, { value: span, ...(keySpan ? { key: keySpan } : {}) });
    return null;
  };

  try {
    const value = convert(doc.contents, "", 0, undefined, 0);
    return { value, locations, diagnostics };
  } catch (error) {
    if (error instanceof LimitExceeded) {
      diagnostics.push(error.diagnostic);
      return { value: undefined, locations, diagnostics };
    }
    diagnostics.push(stackOverflowOrRethrow(error, limits));
    return { value: undefined, locations, diagnostics };
  }
}

function scalarKey(node: YamlNode | null): string | undefined {
  if (node === null) return "";
  if (!isScalar(node)) return undefined;
  const source = (node as { source?: string }).source;
  if (node.value === null) return source ?? "";
  if (typeof node.value === "string") return node.value;
  // Go decodes `80: x` into a string-keyed map as "80": keep the text as written.
  return source ?? String(node.value);
}

function stackOverflowOrRethrow(error: unknown, limits: ParseLimits): Diagnostic {
  if (error instanceof RangeError) {
    return diagnostic("SDL1004", { limit: limits.maxDepth }, { path: "", span: { start: 0, end: 0 } });
  }
  throw error;
}

function cleanYamlMessage(message: string): string {
  return message.replace(/ at line \d+, column \d+:?$/, "").trim();
}
