/** YAML errors point where the fix goes: one error per problem, at the right line and column. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compileSdl } from "../../src/sdl/compile.js";
import { BASE } from "./go-reference-corpus.js";

function errors(text: string): string[] {
  return compileSdl(text).diagnostics.filter((d) => d.severity === "error").map((d) => `${d.line}:${d.column} ${d.message}`);
}

const at = (line: string): string => BASE.replace("    image: nginx:1.27.3\n", `    ${line}\n`);

test("an unclosed quote or bracket is reported where it opens, not where the file ends", () => {
  assert.deepEqual(errors(at('image: "nginx:1.27.3')), ['4:12 YAML syntax error: Missing closing "quote']);
  assert.deepEqual(errors(at("image: 'nginx:1.27.3")), ["4:12 YAML syntax error: Missing closing 'quote"]);
  const bracket = errors(at("command: [sh, -c"));
  assert.ok(bracket.length >= 1 && bracket[0]?.startsWith("4:14 "), JSON.stringify(bracket));
});

test("one tab is one error, at the tab", () => {
  assert.deepEqual(errors(BASE.replace("      count: 1\n", "\tcount: 1\n")), ["29:1 YAML syntax error: a tab character in the indentation; YAML indents with spaces only"]);
  assert.deepEqual(errors(BASE.replace("profiles:\n", "  \t\nprofiles:\n")), ["9:3 YAML syntax error: a tab character in the indentation; YAML indents with spaces only"]);
  // Inside a block scalar a tab is content, not indentation.
  assert.deepEqual(errors(at("image: nginx:1.27.3\n    args:\n      - |\n        a\n        \tb")), []);
});

test("a duplicate key names both positions", () => {
  assert.deepEqual(errors(at("image: nginx:1.27.3\n    image: nginx:1.27.4")), ["5:5 YAML syntax error: duplicate key `image` (first at line 4, column 5); YAML keys must be unique"]);
});
