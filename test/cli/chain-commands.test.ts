/**
 * The chain commands' contract before any node is asked: confirmation without a terminal, flag
 * combinations, amounts, and the update guard. Everything that talks to a node is proven on the
 * localnet (test/e2e/chain); these runs point at a closed port and must fail before reaching it.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { groupChanges } from "../../src/cli/commands/deployment.js";
import { compileSdl } from "../../src/sdl/compile.js";
import { runCli } from "../helpers/cli.js";
import { TEST_MNEMONIC } from "../wallet/fixtures.js";
import { readFileSync } from "node:fs";

const env = (): Record<string, string> => ({
  CI: "true",
  AKASH_HOME: mkdtempSync(join(tmpdir(), "akash-cli-chain-")),
  AKASH_MNEMONIC: TEST_MNEMONIC,
  AKASH_NETWORK: "local",
  // Nothing listens here: a command that reached the network would fail with exit 3.
  AKASH_NODE: "http://127.0.0.1:9",
});

const SDL = "examples/static-site.yaml";

describe("chain commands before the network", () => {
  it("a transaction without --yes and without a terminal is a usage error naming --yes", async () => {
    for (const argv of [
      ["deployment", "create", SDL],
      ["deployment", "close", "12"],
      ["escrow", "deposit", "12", "5act"],
      ["lease", "create", "12", "--provider", "akash1qurswpc8qurswpc8qurswpc8qurswpc87g2aem"],
      ["act", "mint", "10akt"],
      ["cert", "publish"],
    ]) {
      const r = await runCli(argv, env());
      assert.equal(r.code, 2, argv.join(" "));
      assert.match(r.stderr, /pass --yes/, argv.join(" "));
    }
  });

  it("--generate-only and --dry-run together are a usage error", async () => {
    const r = await runCli(["deployment", "close", "12", "--generate-only", "--dry-run"], env());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot be combined/);
  });

  it("amounts must carry a unit and fit the base unit exactly", async () => {
    const bare = await runCli(["escrow", "deposit", "12", "5", "--yes"], env());
    assert.equal(bare.code, 1);
    assert.match(bare.stderr, /not an amount; write it as 5act or 5000000uact/);
    const fine = await runCli(["escrow", "deposit", "12", "0.0000001act", "--yes"], env());
    assert.equal(fine.code, 1);
    assert.match(fine.stderr, /more than 6 decimals/);
  });

  it("a uakt deposit on create is refused before the chain is asked, naming uact and akash act mint", async () => {
    const r = await runCli(["deployment", "create", SDL, "--deposit", "5akt", "--yes"], env());
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot be funded in uakt.*--deposit 5act.*akash act mint/);
  });

  it("an invalid SDL is exit 1 with its diagnostics, before any key or node", async () => {
    const r = await runCli(["deployment", "create", "no-such-file.yaml", "--yes"], env());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no such file/);
  });

  it("without a key, a transaction names --from and AKASH_MNEMONIC", async () => {
    const e = env();
    delete (e as Record<string, string | undefined>).AKASH_MNEMONIC;
    const r = await runCli(["deployment", "close", "12", "--yes"], e);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--from NAME.*AKASH_MNEMONIC/);
  });

  it("an unreachable chain is exit 3", async () => {
    const r = await runCli(["balance"], env());
    assert.equal(r.code, 3);
    assert.match(r.stderr, /no RPC endpoint of local \(akash-local\) could be used/);
  });
});

describe("help", () => {
  it("every chain command and group has --help with examples", async () => {
    const leaves: Record<string, string[]> = {
      deployment: ["create", "update", "close", "list", "get"],
      bid: ["list"],
      lease: ["create", "close", "list", "get"],
      escrow: ["deposit", "status"],
      act: ["mint", "burn", "status"],
      provider: ["list", "get"],
      cert: ["create", "publish", "revoke", "list"],
    };
    const argvs = [["balance", "--help"], ["deployment", "group", "pause", "--help"], ["deployment", "group", "start", "--help"], ["deployment", "group", "close", "--help"]];
    for (const [group, subs] of Object.entries(leaves)) {
      argvs.push([group, "--help"]);
      for (const sub of subs) argvs.push([group, sub, "--help"]);
    }
    for (const argv of argvs) {
      const run = await runCli(argv);
      assert.equal(run.code, 0, argv.join(" "));
      assert.match(run.stdout, /Examples:\n  akash /, argv.join(" "));
    }
  });
});

describe("deployment update guard", () => {
  const compile = (text: string) => compileSdl(text).output!.groups;
  const base = readFileSync(SDL, "utf8");

  it("accepts an SDL whose groups are unchanged", () => {
    assert.deepEqual(groupChanges(compile(base), compile(base.replace(/image: (\S+)/, "image: $1-changed"))), []);
  });

  it("names each change an update cannot carry", () => {
    const more = base.replace(/count: 2/, "count: 3");
    assert.ok(more !== base, "the example has a count to change");
    assert.match(groupChanges(compile(base), compile(more)).join("; "), /count changes from 2 to 3/);
    assert.match(groupChanges(compile(base), []).join("; "), /number of groups changes from 1 to 0/);
  });
});
