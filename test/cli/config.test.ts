/**
 * `akash config set|get|unset|list|check` in-process (test/helpers/cli.ts), as a CI job runs
 * them: each in its own temporary AKASH_HOME, with endpoints pointing at fake nodes on 127.0.0.1
 * (test/config/fake-node.ts). The global fetch is wrapped for this file so that any request to
 * another host fails the test instead of leaving the machine.
 */
import assert from "node:assert/strict";
import { readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runCli } from "../helpers/cli.js";
import { tempHome } from "../helpers/cli-stdin.js";
import { REPO_ROOT } from "../helpers/fixtures.js";
import { clockSkewNote } from "../../src/config/check.js";
import { discoveryInfo, localOnlyFetch, refusedUrl, startFakeNode, type FakeNode } from "../config/fake-node.js";

const CHAIN = "akash-local";
const realFetch = globalThis.fetch;

let refused: string;
let hanging: FakeNode;
let lagging: FakeNode;
let healthy: FakeNode;
let otherChain: FakeNode;

before(async () => {
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => localOnlyFetch(String(input), init)) as typeof fetch;
  refused = await refusedUrl();
  hanging = await startFakeNode({ chainId: CHAIN, behaviour: "hang" });
  lagging = await startFakeNode({ chainId: CHAIN, height: "10", blockTime: () => new Date(Date.now() - 3_600_000).toISOString() });
  healthy = await startFakeNode({ chainId: CHAIN, height: "777", appVersion: "v2.1.0", discovery: discoveryInfo(CHAIN, "v2.1.0") });
  otherChain = await startFakeNode({ chainId: "akashnet-2" });
});

after(async () => {
  globalThis.fetch = realFetch;
  await Promise.all([hanging, lagging, healthy, otherChain].map((n) => n.close()));
});

/** A CI-like environment with its own AKASH_HOME; public endpoints are never the default here. */
function env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const home = tempHome("akash-config-cli-");
  return { CI: "true", HOME: home, AKASH_HOME: join(home, "akash"), ...extra };
}

function config(argv: string[], environment: Record<string, string | undefined>) {
  return runCli(["config", ...argv], environment);
}

describe("akash config set / get / unset", () => {
  test("set stores in config.json (0600) beside the keystore; get prints it; unset removes it", async () => {
    const e = env();
    const set = await config(["set", "network", "sandbox"], e);
    assert.equal(set.code, 0, set.stderr);
    assert.equal(set.stdout, "");
    const path = join(e.AKASH_HOME ?? "", "config.json");
    assert.equal(set.stderr, `Set network = sandbox in ${path}\n`);
    if (process.platform !== "win32") assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(readFileSync(path, "utf8")), { network: "sandbox" });

    assert.deepEqual(await config(["get", "network"], e), { code: 0, stdout: "sandbox\n", stderr: "" });
    assert.deepEqual(await config(["get", "chain-id"], e), { code: 0, stdout: "sandbox-2\n", stderr: "" });
    const json = await config(["get", "network", "-o", "json"], e);
    assert.deepEqual(JSON.parse(json.stdout), { key: "network", value: "sandbox", source: "config file" });

    assert.deepEqual(await config(["unset", "network"], e), { code: 0, stdout: "", stderr: `Removed network from ${path}\n` });
    assert.deepEqual(await config(["get", "network"], e), { code: 0, stdout: "mainnet\n", stderr: "" });
    assert.equal((await config(["unset", "network"], e)).stderr, `network was not set in ${path}\n`);
  });

  test("get of an unset key prints nothing and says how to set it", async () => {
    const e = env();
    assert.deepEqual(await config(["get", "from"], e), {
      code: 0,
      stdout: "",
      stderr: "from is not set (set it with: akash config set from VALUE)\n",
    });
    assert.deepEqual(JSON.parse((await config(["get", "from", "-o", "json"], e)).stdout), { key: "from", value: null, source: "unset" });
  });

  test("the environment wins over the file: get shows it, and set warns", async () => {
    const e = env({ AKASH_GAS_PRICES: "0.05uakt" });
    const set = await config(["set", "gas-prices", "0.03uakt"], e);
    assert.equal(set.code, 0);
    assert.match(set.stderr, /^note: AKASH_GAS_PRICES is set and overrides the config file$/mu);
    assert.equal((await config(["get", "gas-prices"], e)).stdout, "0.05uakt\n");
  });

  test("setting the network while the file pins a node says that node stays in use", async () => {
    const e = env();
    await config(["set", "node", "http://127.0.0.1:36657"], e);
    const set = await config(["set", "network", "local"], e);
    assert.match(set.stderr, /note: the config file also sets node, which is used with local; remove with: akash config unset node/u);
  });

  test("bad keys and values exit 2 with a message naming the key; nothing is written", async () => {
    const e = env();
    const cases: [string[], string][] = [
      [["set", "netwrk", "sandbox"], 'akash: error: unknown setting "netwrk" (did you mean "network"?); the settings are: network, node, rest, chain-id, from, gas-prices, gas-adjustment, output, strict\n'],
      [["set", "gas-adjustment", "abc"], 'akash: error: invalid gas-adjustment "abc": must be a number from 1 to 10, e.g. 1.5 (below 1, transactions run out of gas)\n'],
      [["set", "network", "mars"], 'akash: error: invalid network "mars": must be one of mainnet, sandbox, testnet, local\n'],
      [["get", "nodes"], 'akash: error: unknown setting "nodes" (did you mean "node"?); the settings are: network, node, rest, chain-id, from, gas-prices, gas-adjustment, output, strict\n'],
      [["unset", "xyz"], 'akash: error: unknown setting "xyz"; the settings are: network, node, rest, chain-id, from, gas-prices, gas-adjustment, output, strict\n'],
    ];
    for (const [argv, stderr] of cases) {
      assert.deepEqual(await config(argv, e), { code: 2, stdout: "", stderr }, argv.join(" "));
    }
    assert.throws(() => statSync(join(e.AKASH_HOME ?? "", "config.json")), { code: "ENOENT" });
    const badEnv = await config(["list"], { ...e, AKASH_NETWORK: "mars" });
    assert.equal(badEnv.code, 2);
    assert.equal(badEnv.stderr, 'akash: error: invalid network "mars" (from AKASH_NETWORK): must be one of mainnet, sandbox, testnet, local\n');
  });

  test("a damaged config file exits 1 naming the file; set repairs it", async () => {
    const e = env();
    mkdirSync(e.AKASH_HOME ?? "", { recursive: true });
    const path = join(e.AKASH_HOME ?? "", "config.json");
    writeFileSync(path, '{"network": "sandbox", "gas-adjustment": 0.2}');
    const list = await config(["list"], e);
    assert.equal(list.code, 1);
    assert.equal(
      list.stderr,
      `akash: error: config file ${path}: invalid gas-adjustment "0.2": must be a number from 1 to 10, e.g. 1.5 ` +
        "(below 1, transactions run out of gas). Fix it, or change it with akash config set|unset\n",
    );
    assert.equal((await config(["set", "gas-adjustment", "1.2"], e)).code, 0);
    assert.equal((await config(["list"], e)).code, 0);
  });
});

describe("akash config list", () => {
  test("a table of every key with its value and source: flag > environment > file > network", async () => {
    const e = env({ AKASH_FROM: "ci" });
    await config(["set", "network", "local"], e);
    await config(["set", "gas-adjustment", "1.3"], e);
    const list = await config(["list", "--chain-id", "akash-test"], e);
    assert.equal(list.code, 0, list.stderr);
    assert.equal(
      list.stdout,
      [
        "KEY             VALUE                   SOURCE",
        "network         local                   config file",
        "node            http://127.0.0.1:26657  network local",
        "rest            http://127.0.0.1:1317   network local",
        "chain-id        akash-test              --chain-id",
        "from            ci                      AKASH_FROM",
        "gas-prices      0.025uakt               default",
        "gas-adjustment  1.3                     config file",
        "output          text                    default",
        "strict          false                   default",
        "",
      ].join("\n"),
    );
    assert.equal(list.stderr, `Config file: ${join(e.AKASH_HOME ?? "", "config.json")}\n`);
  });

  test("endpoint lists show the first and a count; -o json has them all, and ignored values with the reason", async () => {
    const e = env();
    await config(["set", "node", "http://127.0.0.1:1"], e);
    const text = await config(["list"], { ...e, AKASH_OUTPUT: "text" });
    assert.match(text.stdout, /^rest +https:\/\/rpc\.akt\.dev\/rest \(\+3 more\) +network mainnet$/mu);
    const json = await config(["list", "--network", "sandbox", "-o", "json"], e);
    assert.equal(json.code, 0);
    const data = JSON.parse(json.stdout) as { configFile: string; settings: { key: string; value: unknown; source: string }[]; ignored: unknown[] };
    assert.deepEqual(data.settings.find((s) => s.key === "node"), {
      key: "node",
      value: ["https://rpc.sandbox-2.aksh.pw:443"],
      source: "network sandbox",
    });
    assert.deepEqual(data.ignored, [
      {
        key: "node",
        value: "http://127.0.0.1:1",
        source: "config file",
        reason: "it was set for mainnet, but the network is sandbox (from --network)",
      },
    ]);
    assert.equal(
      json.stderr,
      "note: ignoring node http://127.0.0.1:1 from config file: it was set for mainnet, but the network is sandbox (from --network)\n",
    );
  });

  test("the output setting is the default for -o", async () => {
    const e = env({ AKASH_OUTPUT: "json" });
    const list = await config(["list"], e);
    assert.equal((JSON.parse(list.stdout) as { settings: unknown[] }).settings.length, 9);
    assert.equal((await config(["get", "network", "-o", "text"], e)).stdout, "mainnet\n");
  });
});

describe("akash config check", () => {
  test("warns when the node's latest block is in the future (clock skew), and still succeeds", async () => {
    const ahead = await startFakeNode({ chainId: CHAIN, height: "5", blockTime: () => new Date(Date.now() + 600_000).toISOString(), discovery: discoveryInfo(CHAIN, "v2.1.0") });
    try {
      const run = await config(["check"], env({ AKASH_NETWORK: "local", AKASH_NODE: ahead.url, AKASH_REST: ahead.url, AKASH_CHAIN_ID: CHAIN }));
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /^note: clock skew: the node's latest block is dated (59\d|600) s in the future/m);
    } finally {
      await ahead.close();
    }
    assert.equal(clockSkewNote(new Date(1_000_000 + 10_000).toISOString(), 1_000_000), null, "10 s is within tolerance");
    assert.match(clockSkewNote(new Date(1_000_000 + 120_000).toISOString(), 1_000_000) ?? "", /120 s in the future/);
    assert.equal(clockSkewNote("not a time\u001b[2J", 0), null);
  });

  test("skips dead, timing-out and lagging endpoints with notes, and prints chain id, height and version", async () => {
    const e = env({
      AKASH_NETWORK: "local",
      AKASH_NODE: [refused, hanging.url, lagging.url, healthy.url].join(","),
      AKASH_REST: healthy.url,
    });
    const started = Date.now();
    const run = await config(["check", "--timeout", "0.3"], e);
    assert.ok(Date.now() - started < 2_000, "one timeout, not one per endpoint");
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stderr,
      `note: skipped ${refused}: connection refused\n` +
        `note: skipped ${hanging.url}: timed out after 300 ms\n` +
        `note: skipped ${lagging.url}: ${lagReason(run.stderr)}\n`,
    );
    const lines = run.stdout.split("\n");
    assert.deepEqual(lines.slice(0, 4), ["network:    local", `chain id:   ${CHAIN}`, `rpc:        ${healthy.url}`, "height:     777"]);
    assert.match(run.stdout, /^block time: \S+ \(\d+ s ago\)$/mu);
    assert.match(run.stdout, /^version:    v2\.1\.0$/mu);
    assert.match(run.stdout, /^cometbft:   0\.38\.17$/mu);
    assert.match(run.stdout, new RegExp(`^discovery:  ${healthy.url}, API v1beta4, min client v1\\.0\\.0$`, "mu"));
  });

  test("-o json: the whole check, notes included", async () => {
    const e = env({ AKASH_NETWORK: "local", AKASH_NODE: `${refused},${healthy.url}`, AKASH_REST: healthy.url });
    const run = await config(["check", "-o", "json"], e);
    assert.equal(run.code, 0, run.stderr);
    const data = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.equal(data.chainId, CHAIN);
    assert.equal(data.rpc, healthy.url);
    assert.equal(data.version, "v2.1.0");
    assert.deepEqual(data.notes, [`skipped ${refused}: connection refused`]);
    assert.equal((data.status as Record<string, unknown>).height, "777");
    assert.equal((data.discovery as Record<string, unknown>).state, "present");
  });

  test("--node and --chain-id on the command line override the environment", async () => {
    const e = env({ AKASH_NETWORK: "local", AKASH_NODE: refused, AKASH_CHAIN_ID: "other-1" });
    const run = await config(["check", "--node", healthy.url, "--chain-id", CHAIN, "--rest", healthy.url], e);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, "");
  });

  test("no endpoint answers: exit 3 and a message listing what was tried", async () => {
    const e = env({ AKASH_NETWORK: "local", AKASH_NODE: `${refused},${hanging.url}` });
    const run = await config(["check", "--timeout", "0.2"], e);
    assert.equal(run.code, 3);
    assert.equal(run.stdout, "");
    assert.equal(
      run.stderr,
      "akash: error: no RPC endpoint of local (akash-local) could be used; tried:\n" +
        `    ${refused}: connection refused\n` +
        `    ${hanging.url}: timed out after 200 ms\n` +
        "  Check the network connection, or choose endpoints with --node URL (or AKASH_NODE, or akash config set node URL)\n",
    );
  });

  test("a --node on another chain: exit 3 naming both chain ids", async () => {
    const e = env({ AKASH_NETWORK: "local" });
    const run = await config(["check", "--node", otherChain.url], e);
    assert.equal(run.code, 3);
    assert.match(run.stderr, new RegExp(`^akash: error: ${otherChain.url.replaceAll(".", "\\.")} is on chain akashnet-2, expected akash-local\\.`, "u"));
  });

  test("bad --timeout or --max-lag is a usage error", async () => {
    const e = env({ AKASH_NETWORK: "local", AKASH_NODE: healthy.url });
    for (const argv of [["--timeout", "0"], ["--timeout", "soon"], ["--max-lag", "-5"]]) {
      const run = await config(["check", ...argv], e);
      assert.equal(run.code, 2, argv.join(" "));
      assert.match(run.stderr, /must be a number of seconds/u);
    }
  });
});

test("config.ts and network-options.ts load no settings or endpoint code at top level (fast --help)", () => {
  for (const file of ["build/src/cli/commands/config.js", "build/src/cli/network-options.js"]) {
    const text = readFileSync(join(REPO_ROOT, file), "utf8");
    const staticImports = [...text.matchAll(/^import\s(?!type\b)[^;]*?from\s+"([^"]+)"/gmu)].map((m) => m[1] ?? "");
    for (const specifier of staticImports) assert.doesNotMatch(specifier, /\/config\//u, `${file} imports ${specifier}`);
  }
});

/** The lagging node's age grows while the test runs; read the reason and check its shape. */
function lagReason(stderr: string): string {
  const match = /lagging: latest block 10 is \d+ s old \(limit 60 s\)/u.exec(stderr);
  assert.ok(match, stderr);
  return match[0];
}
