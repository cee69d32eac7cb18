import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { MESSAGES } from "../../src/sdl/messages.js";
import { REPO_ROOT } from "../helpers/fixtures.js";

test("diagnostic codes follow the bands and warnings are SDL4xxx or deliberate", () => {
  for (const [code, entry] of Object.entries(MESSAGES)) {
    assert.match(code, /^SDL[1-4]\d{3}$/);
    if (code.startsWith("SDL4")) assert.equal(entry.severity, "warning", code);
  }
});

test("every message code used in src/ exists in the table, and every template's placeholders are filled", () => {
  const dir = join(REPO_ROOT, "src", "sdl");
  const used = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    for (const match of readFileSync(join(dir, file), "utf8").matchAll(/"(SDL\d{4})"/g)) used.add(match[1] as string);
  }
  for (const code of used) assert.ok(code in MESSAGES, `${code} is used but not defined`);
});
