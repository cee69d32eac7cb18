import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { test } from "node:test";
import { compileSdl } from "../../src/sdl/compile.js";
import { exampleFiles } from "../helpers/fixtures.js";

test("every example validates cleanly: no errors, no warnings, priced in uact", async (t) => {
  const files = exampleFiles();
  assert.ok(files.length >= 6);
  for (const file of files) {
    await t.test(basename(file), () => {
      const text = readFileSync(file, "utf8");
      assert.match(text, /^# yaml-language-server: \$schema=\.\.\/schemas\/sdl\.schema\.json$/m);
      const result = compileSdl(text, { file });
      assert.deepEqual(result.diagnostics, []);
      for (const group of result.output?.groups ?? []) {
        for (const unit of group.resources) assert.equal(unit.price.denom, "uact");
      }
    });
  }
});
