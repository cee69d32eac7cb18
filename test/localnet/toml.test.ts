import assert from "node:assert/strict";
import { test } from "node:test";
import { setTomlValue, setTomlValues } from "../../src/localnet/toml.js";

const CONFIG = `# top comment
proxy_app = "tcp://127.0.0.1:26658"
moniker = "x"

[rpc]
# the address
laddr = "tcp://0.0.0.0:26657"
pprof_laddr = "localhost:6060"

[consensus]
timeout_commit = "5s"
`;

test("replaces a key inside its section only, keeping comments", () => {
  const out = setTomlValue(CONFIG, "rpc", "laddr", '"tcp://127.0.0.1:1"');
  assert.match(out, /\[rpc\]\n# the address\nladdr = "tcp:\/\/127.0.0.1:1"/);
  assert.equal(out.split("\n").length, CONFIG.split("\n").length);
});

test("top-level keys are the section named ''", () => {
  const out = setTomlValue(CONFIG, "", "proxy_app", '"tcp://127.0.0.1:9"');
  assert.match(out, /^# top comment\nproxy_app = "tcp:\/\/127.0.0.1:9"/);
});

test("a missing key is added at the end of its section, a missing section at the end", () => {
  const out = setTomlValues(CONFIG, [
    ["rpc", "max_open_connections", "3"],
    ["instrumentation", "prometheus", "false"],
  ]);
  assert.match(out, /pprof_laddr = "localhost:6060"\nmax_open_connections = 3\n\n\[consensus\]/);
  assert.match(out, /\[instrumentation\]\nprometheus = false\n$/);
});

test("a key of the same name in another section is not touched", () => {
  const text = "[a]\nx = 1\n[b]\nx = 2\n";
  assert.equal(setTomlValue(text, "b", "x", "3"), "[a]\nx = 1\n[b]\nx = 3\n");
});
