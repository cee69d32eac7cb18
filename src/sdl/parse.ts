import { Composer, Lexer, Parser, isAlias, isCollection, isMap, isPair, isScalar, isSeq, type Alias, type CST, type Document, type Node as YamlNode } from "yaml";
import { diagnostic, lineStartsOf, positionOf, quoted, type Diagnostic, type Span } from "./diagnostics.js";
import { pointerToDisplay } from "./paths.js";
import { WORK } from "./work.js";

export interface ParseLimits {
  /** Largest accepted file, in bytes. Real SDLs are a few KiB. */
  readonly maxBytes: number;
  /** Most nodes the document may expand to once aliases are resolved. */
  readonly maxNodes: number;
  /** Deepest nesting of mappings and sequences. */
  readonly maxDepth: number;
}

/**
 * YAML errors reported per file. A broken megabyte can hold half a million of them; past the
 * first few the rest are noise, and creating, locating and sorting them all takes seconds.
 */
const MAX_YAML_ERRORS = 100;

export const DEFAULT_LIMITS: ParseLimits = { maxBytes: 1024 * 1024, maxNodes: 20_000, maxDepth: 64 };

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

  const separator = /[\u0085\u2028\u2029]/.exec(text);
  if (separator) {
    const names: Record<string, string> = { "\u0085": "U+0085 (NEXT LINE)", "\u2028": "U+2028 (LINE SEPARATOR)", "\u2029": "U+2029 (PARAGRAPH SEPARATOR)" };
    diagnostics.push(
      diagnostic("SDL1009", { character: names[separator[0]] ?? "a line separator" }, {
        path: "",
        span: { start: separator.index, end: separator.index + 1 },
        hint: "remove it, or write it as an escape inside double quotes (\"\\u2028\")",
      }),
    );
    return { value: undefined, locations, diagnostics };
  }

  let docs: Document.Parsed[];
  try {
    // The yaml package lexes and parses without recursion but composes nodes recursively; it
    // catches the stack overflow of a deeply nested input, yet carries on composing at the
    // edge of the stack, where V8 can abort the whole process ("RegExpCompiler Allocation
    // failed"). So nesting is measured before anything recurses: flow brackets as they are
    // lexed (a megabyte of `[` would otherwise cost seconds of parsing), then the token tree.
    const parser = new Parser();
    const tokens: CST.Token[] = [];
    let flowDepth = 0;
    let tooDeep: number | undefined;
    for (const lexeme of new Lexer().lex(text)) {
      WORK.lexemes++;
      if (lexeme === "[" || lexeme === "{") {
        // The outermost flow collection may be the root (depth 0): depth = flowDepth - 1 at least.
        if (++flowDepth > limits.maxDepth + 1) {
          tooDeep = parser.offset;
          break;
        }
      } else if (lexeme === "]" || lexeme === "}") flowDepth = Math.max(0, flowDepth - 1);
      for (const token of parser.next(lexeme)) tokens.push(token);
    }
    if (tooDeep === undefined) {
      for (const token of parser.end()) tokens.push(token);
      tooDeep = deepestToken(tokens, limits.maxDepth);
    }
    if (tooDeep !== undefined) {
      diagnostics.push(diagnostic("SDL1004", { limit: limits.maxDepth }, { path: "", span: { start: tooDeep, end: tooDeep } }));
      return { value: undefined, locations, diagnostics };
    }
    const keyless = keylessEntry(tokens);
    if (keyless !== undefined) {
      // libyaml: "did not find expected key"; the yaml package reads it as an empty key.
      diagnostics.push(diagnostic("SDL1001", { detail: "a `:` with no key before it" }, { path: "", span: { start: keyless, end: keyless + 1 }, hint: "write the key before the `:`, or remove the line" }));
      return { value: undefined, locations, diagnostics };
    }
    // Duplicate keys are found in convert() below: the yaml package's own check compares each
    // key with every earlier one, which is quadratic in the size of a mapping.
    const composer = new Composer({ uniqueKeys: false, prettyErrors: false, strict: true });
    docs = Array.from(composer.compose(tokens)) as Document.Parsed[];
  } catch (error) {
    diagnostics.push(stackOverflowOrRethrow(error, limits));
    return { value: undefined, locations, diagnostics };
  }

  const nonEmpty = docs.filter((doc) => doc.contents !== null || doc.errors.length > 0);
  const doc = nonEmpty[0];
  if (nonEmpty.length > 1) {
    // yaml.v3 (Go) reads the first document and never looks at the rest.
    const second = nonEmpty[1];
    diagnostics.push(
      diagnostic("SDL4006", { count: nonEmpty.length - 1 }, { path: "", span: spanOf(second?.contents, whole), hint: "remove everything from the second `---` on, or split it into its own file" }),
    );
  }
  if (!doc) return { value: null, locations, diagnostics };

  // A tab where libyaml expects indentation (even on an otherwise blank line) is an error for Go;
  // the yaml package often lets it through, or reports several errors for it. One error, at it.
  const tab = indentationTab(text, doc);
  if (tab !== undefined) {
    diagnostics.push(diagnostic("SDL1001", { detail: "a tab character in the indentation; YAML indents with spaces only" }, { path: "", span: { start: tab, end: tab + 1 }, hint: "replace the tab with spaces" }));
    return { value: undefined, locations, diagnostics };
  }

  // libyaml (under Go's yaml.v3) refuses unknown directives and %YAML versions other than 1.1
  // and 1.2; the yaml package only warns about them.
  const fatal = [...doc.errors, ...doc.warnings.filter((warning) => warning.code === "BAD_DIRECTIVE")].sort((a, b) => a.pos[0] - b.pos[0]);
  for (const error of fatal.slice(0, MAX_YAML_ERRORS)) {
    const [start, end] = error.pos;
    const detail = error.message.split("\n")[0] ?? error.message;
    // An unclosed quote or bracket is reported where the file ends or the next key starts; the
    // place to fix is where it opened.
    const opener = /Missing closing ["']quote/.test(detail) ? unclosedQuote(text, start) : /end with a [\]}]/.test(detail) ? unclosedBracket(text, start) : undefined;
    const span = opener === undefined ? { start, end } : { start: opener, end: opener + 1 };
    diagnostics.push(diagnostic("SDL1001", { detail: cleanYamlMessage(detail) }, { path: "", span }));
  }
  const firstUnreported = fatal[MAX_YAML_ERRORS];
  if (firstUnreported) {
    const at = { start: firstUnreported.pos[0], end: firstUnreported.pos[0] };
    diagnostics.push(diagnostic("SDL1001", { detail: `${fatal.length - MAX_YAML_ERRORS} more errors from here on are not shown` }, { path: "", span: at }));
  }
  if (fatal.length > 0) return { value: undefined, locations, diagnostics };

  let starts: number[] | undefined;
  const positionText = (offset: number): string => {
    starts ??= lineStartsOf(text);
    const { line, column } = positionOf(starts, offset);
    return `line ${line}, column ${column}`;
  };
  const aliases = resolveAliases(doc.contents);
  const reportedDuplicates = new Set<number>();
  let nodeCount = 0;
  const convert = (node: unknown, pointer: string, depth: number, keySpan: Span | undefined, aliasDepth: number): unknown => {
    WORK.nodes++;
    if (++nodeCount > limits.maxNodes) {
      throw new LimitExceeded(diagnostic("SDL1003", { limit: limits.maxNodes }, { path: pointerToDisplay(pointer), span: keySpan ?? whole }));
    }
    if (depth > limits.maxDepth) {
      throw new LimitExceeded(diagnostic("SDL1004", { limit: limits.maxDepth }, { path: pointerToDisplay(pointer), span: keySpan ?? whole }));
    }
    if (isAlias(node)) {
      const target = aliases.get(node);
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
      const firstAt = new Map<string, number>();
      const merges: { value: unknown; keySpan: Span }[] = [];
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const key = scalarKey(keyNode);
        if (key === undefined) {
          throw new LimitExceeded(diagnostic("SDL1007", {}, { path: pointerToDisplay(pointer), span: spanOf(keyNode, span) }));
        }
        // yaml.v3 rejects a key written twice in one mapping (`<<` included), comparing the text.
        if (explicit.has(key) || (key === "<<" && merges.length > 0)) {
          const keySpanHere = spanOf(keyNode, span);
          if (!reportedDuplicates.has(keySpanHere.start)) {
            reportedDuplicates.add(keySpanHere.start);
            if (reportedDuplicates.size <= MAX_YAML_ERRORS) {
              const first = firstAt.get(key);
              const where = first === undefined ? "" : ` (first at ${positionText(first)})`;
              diagnostics.push(diagnostic("SDL1001", { detail: `duplicate key \`${quoted(key)}\`${where}; YAML keys must be unique` }, { path: pointerToDisplay(pointer), span: keySpanHere, hint: "keep one of them" }));
            } else if (reportedDuplicates.size === MAX_YAML_ERRORS + 1) {
              diagnostics.push(diagnostic("SDL1001", { detail: "more duplicate keys from here on are not shown" }, { path: pointerToDisplay(pointer), span: keySpanHere }));
            }
          }
          continue;
        }
        if (!firstAt.has(key)) firstAt.set(key, spanOf(keyNode, span).start);
        if (isScalar(keyNode) && keyNode.value === "<<" && keyNode.type === "PLAIN") {
          merges.push({ value: pair.value, keySpan: spanOf(keyNode, span) });
          continue;
        }
        explicit.add(key);
        const childPointer = `${pointer}/${escapePointerToken(key)}`;
        setOwn(result, key, convert(pair.value, childPointer, depth + 1, spanOf(keyNode, span), aliasDepth));
        if (pair.value === null) locations.set(childPointer, { value: spanOf(keyNode, span), key: spanOf(keyNode, span) });
      }
      // yaml.v3 semantics: keys written in the mapping win over merged ones; earlier merges win over later.
      for (const merge of merges) {
        const sources = isSeq(merge.value) ? merge.value.items : [merge.value];
        for (const source of sources) {
          // Go: "map merge requires map or sequence of maps as the value" (an unknown alias is
          // left to convert(), which reports it by name).
          const target = isAlias(source) ? aliases.get(source) : source;
          if (!isMap(target) && !(isAlias(source) && target === undefined)) {
            throw new LimitExceeded(
              diagnostic("SDL1001", { detail: "a merge key `<<` needs a mapping, an alias of one, or a list of those" }, { path: pointerToDisplay(pointer), span: spanOf(source as YamlNode | null, merge.keySpan) }),
            );
          }
          const merged = convert(source, `${pointer}/<<`, depth + 1, span, aliasDepth);
          if (merged === null || typeof merged !== "object" || Array.isArray(merged)) continue;
          for (const [key, value] of Object.entries(merged)) {
            if (explicit.has(key)) continue;
            explicit.add(key);
            setOwn(result, key, value);
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
      if (value === null || value === undefined) return null;
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
      if (typeof value === "bigint") return Number(value);
      if (value instanceof Date) return source ?? value.toISOString();
      // yaml.v3 decodes !!binary into a string field as the decoded bytes.
      if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
      // Anything else a tag produced (`!!merge <<` is a Symbol): the text as written, like Go.
      return source ?? String(value);
    }
    locations.set(pointer, { value: span, ...(keySpan ? { key: keySpan } : {}) });
    return null;
  };

  try {
    const value = convert(doc.contents, "", 0, undefined, 0);
    if (reportedDuplicates.size > 0) return { value: undefined, locations, diagnostics };
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

/**
 * `target[key] = value`, except that `__proto__` becomes an ordinary own key (as it is in Go)
 * instead of replacing the object's prototype and vanishing from the data.
 */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * What each alias refers to: the last node before it, in document order, that carries its
 * anchor. One pass over the tree; `Alias.resolve` walks the whole document for every alias,
 * which is quadratic in the number of aliases.
 */
function resolveAliases(root: unknown): Map<Alias, YamlNode> {
  const anchors = new Map<string, YamlNode>();
  const resolved = new Map<Alias, YamlNode>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) resolved.set(node, target);
      continue;
    }
    if (isPair(node)) {
      stack.push(node.value, node.key);
      continue;
    }
    if (isScalar(node) || isCollection(node)) {
      if (node.anchor) anchors.set(node.anchor, node);
      if (isCollection(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
  return resolved;
}

/**
 * Offset of the first token nested deeper than `maxDepth` collections (keys count too: the
 * composer recurses into them as well), or undefined. Walks the CST with an explicit stack.
 */
function deepestToken(tokens: readonly CST.Token[], maxDepth: number): number | undefined {
  const stack: { token: CST.Token; depth: number }[] = [];
  for (const token of tokens) if (token.type === "document" && token.value) stack.push({ token: token.value, depth: 0 });
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { token, depth } = entry;
    if (depth > maxDepth) return token.offset;
    if (token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection") continue;
    for (const item of token.items) {
      if ("key" in item && item.key) stack.push({ token: item.key, depth: depth + 1 });
      if (item.value) stack.push({ token: item.value, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Offset of the first block-mapping entry written as a bare `: value` (no key and no `?`), which
 * libyaml (Go) rejects and the yaml package reads as an empty key; undefined when there is none.
 */
function keylessEntry(tokens: readonly CST.Token[]): number | undefined {
  const stack: CST.Token[] = [];
  for (const token of tokens) if (token.type === "document" && token.value) stack.push(token.value);
  for (let token = stack.pop(); token; token = stack.pop()) {
    if (token.type === "block-map") {
      for (const item of token.items) {
        const explicit = item.start.some((t) => t.type === "explicit-key-ind");
        const colon = item.sep?.find((t) => t.type === "map-value-ind");
        if (!item.key && !explicit && colon) return colon.offset;
        if (item.value) stack.push(item.value);
      }
    } else if (token.type === "block-seq") {
      for (const item of token.items) if (item.value) stack.push(item.value);
    }
  }
  return undefined;
}

/**
 * Offset of the first tab in a line's leading whitespace outside the places libyaml allows one
 * (inside a quoted, block or multi-line scalar, or a flow collection); undefined when there is none.
 */
function indentationTab(text: string, doc: Document.Parsed): number | undefined {
  if (!/^[ ]*\t/m.test(text)) return undefined;
  const allowed: [number, number][] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.key, node.value);
      continue;
    }
    if (isScalar(node)) {
      if (node.range && (node.type !== "PLAIN" || text.slice(node.range[0], node.range[1]).includes("\n"))) allowed.push([node.range[0], node.range[2]]);
      continue;
    }
    if (isCollection(node)) {
      if (node.flow && node.range) allowed.push([node.range[0], node.range[2]]);
      for (const item of node.items) stack.push(item);
    }
  }
  const pattern = /^[ ]*\t/gm;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const at = match.index + match[0].length - 1;
    if (!allowed.some(([start, end]) => at > start && at < end)) return at;
  }
  return undefined;
}

/** Offset of the quote that opens a scalar still unclosed at `before`, if any. */
function unclosedQuote(text: string, before: number): number | undefined {
  let open: number | undefined;
  let quote = "";
  let comment = false;
  for (let i = 0; i < Math.min(before, text.length); i++) {
    const c = text[i];
    if (comment) {
      if (c === "\n") comment = false;
    } else if (quote === "") {
      if (c === "#" && (i === 0 || /\s/.test(text[i - 1] ?? ""))) comment = true;
      else if ((c === '"' || c === "'") && (i === 0 || /[\s:\-[{,?]/.test(text[i - 1] ?? ""))) {
        quote = c;
        open = i;
      }
    } else if (quote === '"' && c === "\\") i++;
    else if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else quote = "";
    }
  }
  return quote === "" ? undefined : open;
}

/** Offset of the innermost `[` or `{` still open at `before` (outside quotes and comments), if any. */
function unclosedBracket(text: string, before: number): number | undefined {
  const stack: number[] = [];
  let quote = "";
  let comment = false;
  for (let i = 0; i < Math.min(before, text.length); i++) {
    const c = text[i];
    if (comment) {
      if (c === "\n") comment = false;
    } else if (quote !== "") {
      if (quote === '"' && c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === "#" && (i === 0 || /\s/.test(text[i - 1] ?? ""))) comment = true;
    else if ((c === '"' || c === "'") && (i === 0 || /[\s:\-[{,?]/.test(text[i - 1] ?? ""))) quote = c;
    else if (c === "[" || c === "{") stack.push(i);
    else if ((c === "]" || c === "}") && stack.length > 0) stack.pop();
  }
  return stack[stack.length - 1];
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
