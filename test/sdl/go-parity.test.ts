/**
 * Places where our compiler disagrees with the Go reference, found while building the chain-sdk
 * differential test. These tests state what Go does and FAIL until src/ follows it.
 *
 * 1. The IP endpoint port-collision rule (SDL3012). Go (v2.go and v2_1.go validate(), both
 *    versions alike) builds the key `fmt.Sprintf("%s-%d-%s", to.IP, expose.As, expose.Proto)` from
 *    `as` as written (0 when absent, not the port) and `proto` as written ("" when absent, "tcp"
 *    and "TCP" distinct), checks it once per deployed (service, placement) pair, and rejects ANY
 *    repeat, including one by the same service. Ours normalises the protocol, visits each service
 *    once and only reports a clash between two different services.
 *
 * 2. Unicode line breaks in YAML. yaml.v3 (Go's parser, a libyaml port) treats U+0085 (NEL),
 *    U+2028 (LS) and U+2029 (PS) as line breaks; the `yaml` package (YAML 1.2) treats them as
 *    ordinary characters. Outcomes below were produced with gopkg.in/yaml.v3 v3.0.1, decoding
 *    into []string as v2Service.Env does.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";

import { compileSdl } from "../../src/sdl/compile.js";

function codes(text: string): string[] {
  return compileSdl(text)
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => d.code);
}

const COMPUTE = `profiles:
  compute:
    web:
      resources: {cpu: {units: 1}, memory: {size: 1Gi}, storage: {size: 1Gi}}
  placement:
    dc:
      pricing: {web: {denom: uact, amount: 100}}
    dc2:
      pricing: {web: {denom: uact, amount: 100}}
`;

describe("Go parity: IP endpoint port collisions (SDL3012)", () => {
  test("one service, two exposes on one IP without `as`: Go rejects (both keys are edge-0-)", () => {
    // Go: SDL invalid: IP endpoint "edge" port: 81 protocol:  specified by service "web" already in use by "web"
    const text = `version: "2.1"
services:
  web:
    image: nginx:1.27.3
    expose:
      - port: 80
        to: [{global: true, ip: edge}]
      - port: 81
        to: [{global: true, ip: edge}]
${COMPUTE}deployment:
  web: {dc: {profile: web, count: 1}}
endpoints:
  edge: {kind: ip}
`;
    assert.ok(codes(text).includes("SDL3012"), `expected SDL3012, got ${JSON.stringify(codes(text))}`);
  });

  test("two services, same port, `proto: tcp` vs no proto: Go accepts (keys edge-0-tcp and edge-0-)", () => {
    const text = `version: "2.1"
services:
  api:
    image: node:18.20.4
    expose: [{port: 80, proto: tcp, to: [{global: true, ip: edge}]}]
  web:
    image: nginx:1.27.3
    expose: [{port: 80, to: [{global: true, ip: edge}]}]
${COMPUTE}deployment:
  api: {dc: {profile: web, count: 1}}
  web: {dc: {profile: web, count: 1}}
endpoints:
  edge: {kind: ip}
`;
    assert.deepEqual(codes(text), []);
  });

  test("a service with an IP endpoint deployed to two placements: Go rejects (the second placement repeats the key)", () => {
    // Go: SDL invalid: IP endpoint "edge" port: 80 protocol:  specified by service "web" already in use by "web"
    const text = `version: "2.1"
services:
  web:
    image: nginx:1.27.3
    expose: [{port: 80, as: 80, to: [{global: true, ip: edge}]}]
${COMPUTE}deployment:
  web: {dc: {profile: web, count: 1}, dc2: {profile: web, count: 1}}
endpoints:
  edge: {kind: ip}
`;
    assert.ok(codes(text).includes("SDL3012"), `expected SDL3012, got ${JSON.stringify(codes(text))}`);
  });
});

describe("Go parity: U+0085, U+2028 and U+2029 are line breaks to yaml.v3", () => {
  const withEnv = (item: string): string => `version: "2.0"
services:
  web:
    image: nginx:1.27.3
    env:
      - ${item}
    expose: [{port: 80, to: [{global: true}]}]
${COMPUTE}deployment:
  web: {dc: {profile: web, count: 1}}
`;
  const env = (text: string): readonly string[] | null | undefined => compileSdl(text).output?.manifest[0]?.services?.[0]?.env;

  test("inside a plain scalar they end the line: yaml.v3 fails with `could not find expected ':'`", () => {
    for (const item of ["A=x\u2028y", "A=x\u0085y"]) {
      assert.ok(codes(withEnv(item)).includes("SDL1009"), `${JSON.stringify(item)}: expected a YAML syntax error, got ${JSON.stringify(codes(withEnv(item)))}`);
    }
  });

  // Inside double quotes yaml.v3 folds or trims around them in ways YAML 1.2 parsers do not; we
  // refuse the raw characters with a located error instead of guessing (escapes are fine).
  test("raw NEL/LS/PS anywhere are refused with a located error; escaped ones are kept", () => {
    for (const item of ['"A=x\u0085y"', '"a \u2028b"', "A=ok # comment \u2029"]) {
      const result = compileSdl(withEnv(item));
      const error = result.diagnostics.find((d) => d.code === "SDL1009");
      assert.ok(error, `${JSON.stringify(item)}: expected SDL1009, got ${JSON.stringify(result.diagnostics.map((d) => d.code))}`);
      assert.equal(error.line, 6);
    }
    assert.deepEqual(env(withEnv('"A=a\\u2028b"')), ["A=a\u2028b"]);
  });
});
