import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { compareBytes, goQuote, sortedGoJson } from "../../src/sdl/gojson.js";

test("strings are escaped the way Go's encoding/json does", () => {
  assert.equal(goQuote("a<b>&c"), '"a\\u003cb\\u003e\\u0026c"');
  assert.equal(goQuote("x\u2028y\u2029"), '"x\\u2028y\\u2029"');
  assert.equal(goQuote("tab\tnl\ncr\r\u0001\u001f"), '"tab\\tnl\\ncr\\r\\u0001\\u001f"');
  assert.equal(goQuote('q"b\\'), '"q\\"b\\\\"');
  assert.equal(goQuote("é漢😀"), '"é漢😀"', "non-ASCII stays raw UTF-8");
  assert.equal(goQuote("\ud800x"), '"\ufffdx"', "a lone surrogate (invalid UTF-8 in Go) becomes U+FFFD");
});

test("objects are written with keys sorted at every depth and no whitespace", () => {
  assert.equal(sortedGoJson({ b: 1, a: { d: [true, null], c: "x" } }), '{"a":{"c":"x","d":[true,null]},"b":1}');
  assert.equal(sortedGoJson([]), "[]");
  assert.equal(sortedGoJson({ k: undefined, j: 0 }), '{"j":0}');
});

test("byte order matches Go's sort.Strings for any Unicode, including astral characters", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (a, b) => {
      const expected = Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
      assert.equal(Math.sign(compareBytes(a, b)), expected);
    }),
    { seed: 42, numRuns: 2000 },
  );
});
