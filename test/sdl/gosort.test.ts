/**
 * Differential test: goSort / goSortStable must leave equal elements in exactly the order
 * Go's sort.Sort / sort.Stable leave them. We build a tiny Go program against the local Go
 * toolchain, feed it the same cases as JSON and compare the resulting id sequences.
 *
 * Without `go` on PATH the test is skipped locally but fails in CI (process.env.CI set),
 * so a CI image missing Go cannot silently pass.
 *
 * Note that a stable sort's result is fully determined by the keys, so the sort.Stable half
 * checks correctness and stability; only the sort.Sort half can tell algorithms apart.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { goSort, goSortStable } from "../../src/sdl/gosort.js";

interface Item {
  key: number;
  id: number;
}

interface GoResult {
  sort: number[][];
  stable: number[][];
}

const GO_PROGRAM = `package main

import (
	"encoding/json"
	"os"
	"sort"
)

type item struct {
	Key int \`json:"key"\`
	ID  int \`json:"id"\`
}

// byKey compares keys only, so equal keys are ties and ids reveal the tie order.
type byKey []item

func (s byKey) Len() int           { return len(s) }
func (s byKey) Less(i, j int) bool { return s[i].Key < s[j].Key }
func (s byKey) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

func ids(s []item) []int {
	out := make([]int, len(s))
	for i, it := range s {
		out[i] = it.ID
	}
	return out
}

func main() {
	var cases [][]item
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	res := struct {
		Sort   [][]int \`json:"sort"\`
		Stable [][]int \`json:"stable"\`
	}{Sort: [][]int{}, Stable: [][]int{}}
	for _, c := range cases {
		a := append([]item(nil), c...)
		sort.Sort(byKey(a))
		res.Sort = append(res.Sort, ids(a))
		b := append([]item(nil), c...)
		sort.Stable(byKey(b))
		res.Stable = append(res.Stable, ids(b))
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		panic(err)
	}
}
`;

/** mulberry32: small seeded PRNG so the generated cases are identical on every run. */
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function withIds(keys: number[]): Item[] {
  return keys.map((key, id) => ({ key, id }));
}

interface NamedCase {
  name: string;
  items: Item[];
}

function generateCases(): NamedCase[] {
  const rand = mulberry32(0x5eed_2024);
  const int = (n: number): number => Math.floor(rand() * n);
  const cases: NamedCase[] = [];

  // Every length 0..200 with random keys from a small alphabet, so ties are plentiful.
  const alphabets = [1, 2, 3, 4, 5, 8, 16];
  for (let len = 0; len <= 200; len++) {
    const k = alphabets[len % alphabets.length] ?? 3;
    cases.push({ name: `random len=${len} k=${k}`, items: withIds(Array.from({ length: len }, () => int(k))) });
  }

  // Structured patterns that steer pdqsort into its special paths (sorted-hint partial
  // insertion sort, decreasing-hint reversal, partitionEqual, breakPatterns).
  const lengths = [7, 8, 12, 13, 20, 21, 40, 49, 50, 51, 64, 99, 128, 150, 200];
  for (const len of lengths) {
    const idx = Array.from({ length: len }, (_, i) => i);
    cases.push({ name: `sorted len=${len}`, items: withIds(idx.map((i) => Math.floor(i / 3))) });
    cases.push({ name: `reversed len=${len}`, items: withIds(idx.map((i) => Math.floor((len - i) / 3))) });
    // The "decreasing" hint (reverseRange) needs all nine pivot samples, at quarter points
    // q, 2q, 3q and their neighbours, strictly decreasing: put the ties midway between them.
    const q = Math.trunc(len / 4);
    const tieAt = (i: number): boolean => q >= 4 && i % q === q >> 1;
    cases.push({ name: `reversed-sparse-ties len=${len}`, items: withIds(idx.map((i) => len - i + (tieAt(i) ? 1 : 0))) });
    if (len >= 50) {
      // Same hint on unsorted data: the reversal is followed by a real partition, which
      // exercises the recomputed pivot index instead of finishing in partialInsertionSort.
      const noisy = idx.map(() => int(20));
      [q, 2 * q, 3 * q].forEach((centre, c) => {
        for (let d = -1; d <= 1; d++) {
          noisy[centre + d] = 40 - 10 * c - d;
        }
      });
      cases.push({ name: `noisy-decreasing-samples len=${len}`, items: withIds(noisy) });
    }
    cases.push({ name: `all-equal len=${len}`, items: withIds(idx.map(() => 7)) });
    cases.push({ name: `sawtooth len=${len}`, items: withIds(idx.map((i) => i % 7)) });
    cases.push({ name: `organ-pipe len=${len}`, items: withIds(idx.map((i) => Math.min(i, len - 1 - i) >> 1)) });
    // Nearly sorted: a few adjacent/nearby swaps in a sorted sequence with ties.
    const nearly = idx.map((i) => Math.floor(i / 2));
    for (let s = 0; s < 3 && len > 1; s++) {
      const p = int(len - 1);
      const r = Math.min(len - 1, p + 1 + int(3));
      const tmp = nearly[p] ?? 0;
      nearly[p] = nearly[r] ?? 0;
      nearly[r] = tmp;
    }
    cases.push({ name: `nearly-sorted len=${len}`, items: withIds(nearly) });
  }

  // Inputs that exhaust pdqsort's bad-pivot budget so it falls back to heapSort.
  for (const len of [64, 100, 128, 150, 200]) {
    cases.push({ name: `adversarial len=${len}`, items: withIds(adversarialKeys(len)) });
  }

  // Many duplicates with a wider spread at larger sizes.
  for (let c = 0; c < 10; c++) {
    const len = 100 + int(101);
    cases.push({ name: `random-wide len=${len}`, items: withIds(Array.from({ length: len }, () => int(len))) });
  }
  return cases;
}

/**
 * Builds a fixed input on which pdqsort keeps picking extreme pivots until it gives up and
 * heap-sorts, in the style of McIlroy's "killer adversary" (and Go's TestAdversary): all
 * values start undecided ("gas", larger than everything) and are fixed, in increasing order,
 * only when two undecided values are compared. Pre-fixing one sampled element to the minimum
 * keeps the first pivot sample from looking sorted, which would otherwise let
 * partialInsertionSort finish the job.
 *
 * The adversary runs against goSort itself, but only to *produce* keys: the differential
 * comparison below feeds the same fixed keys to Go, so this does not make the test circular.
 * Values fixed from len/2 on are then coarsened (4 to a key) so heapSort also meets ties.
 * For these sizes heapSort starts before len/2 values are fixed (checked by instrumenting
 * the sort), so no answer given before it changes and the input still leads to heapSort.
 */
function adversarialKeys(len: number): number[] {
  const gas = len;
  const val = new Array<number>(len).fill(gas);
  val[Math.trunc(len / 4) + 1] = -1;
  let solid = 0;
  let candidate = 0;
  const at = (i: number): number => val[i] ?? gas;
  goSort(
    Array.from({ length: len }, (_, i) => i),
    (i, j) => {
      if (at(i) === gas && at(j) === gas) {
        val[i === candidate ? i : j] = solid++;
      }
      if (at(i) === gas) {
        candidate = i;
      } else if (at(j) === gas) {
        candidate = j;
      }
      return at(i) < at(j);
    },
  );
  const threshold = Math.trunc(len / 2);
  return val.map((v) => (v >= threshold ? threshold + Math.trunc((v - threshold) / 4) : v));
}

function goEnv(goBin: string, name: string): string {
  const r = spawnSync(goBin, ["env", name], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : "";
}

const goAvailable = spawnSync("go", ["version"], { encoding: "utf8" }).status === 0;
const skip = !goAvailable && !process.env.CI ? "go not on PATH (set CI to make this a failure)" : false;

test("goSort / goSortStable match Go's sort.Sort / sort.Stable on ties", { skip, timeout: 120_000 }, (t) => {
  assert.ok(goAvailable, "`go` is required on PATH for the gosort differential test in CI");

  // Use the go binary of the reported GOROOT so the program is built with the same stdlib.
  const goroot = goEnv("go", "GOROOT");
  const goBin = goroot ? join(goroot, "bin", "go") : "go";
  const dir = mkdtempSync(join(tmpdir(), "gosort-diff-"));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local", GO111MODULE: "on" };
    if (!goEnv(goBin, "GOCACHE")) {
      env.GOCACHE = join(dir, "gocache");
    }
    writeFileSync(join(dir, "go.mod"), "module gosortdiff\n\ngo 1.21\n");
    writeFileSync(join(dir, "main.go"), GO_PROGRAM);
    const exe = join(dir, process.platform === "win32" ? "gosortdiff.exe" : "gosortdiff");
    const build = spawnSync(goBin, ["build", "-o", exe, "."], { cwd: dir, env, encoding: "utf8" });
    assert.equal(build.status, 0, `go build failed: ${build.error?.message ?? ""}\n${build.stderr}`);
    t.diagnostic(`${spawnSync(goBin, ["version"], { encoding: "utf8" }).stdout.trim()} (GOROOT=${goroot})`);

    const cases = generateCases();
    const run = spawnSync(exe, [], {
      input: JSON.stringify(cases.map((c) => c.items)),
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(run.status, 0, `go program failed: ${run.error?.message ?? ""}\n${run.stderr}`);
    const go = JSON.parse(run.stdout) as GoResult;
    assert.equal(go.sort.length, cases.length);
    assert.equal(go.stable.length, cases.length);

    const less = (a: Item, b: Item): boolean => a.key < b.key;
    let maxLen = 0;
    cases.forEach((c, i) => {
      maxLen = Math.max(maxLen, c.items.length);
      const unstable = goSort(c.items.slice(), less);
      const stable = goSortStable(c.items.slice(), less);
      assert.deepEqual(unstable.map((x) => x.id), go.sort[i], `sort.Sort mismatch for case #${i} (${c.name})`);
      assert.deepEqual(stable.map((x) => x.id), go.stable[i], `sort.Stable mismatch for case #${i} (${c.name})`);
    });
    t.diagnostic(`${cases.length} cases compared, lengths 0..${maxLen}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
