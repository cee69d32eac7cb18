#!/usr/bin/env node
// Summarises a V8 CPU profile (from `node --cpu-prof`) by package/file and by function, self and
// inclusive time, as shares of the profiled time. No dependencies.
//
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/akash.js sdl validate examples/*.yaml
//   node bench/profile-summary.mjs /tmp/prof [top=30]
//
// Accepts a .cpuprofile file or a folder (every .cpuprofile under it; ms columns are averaged).

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const [target, topArg] = process.argv.slice(2);
if (!target) {
  console.error("usage: node bench/profile-summary.mjs <file.cpuprofile | folder> [top]");
  process.exit(2);
}
const top = Number(topArg ?? 30);
const collect = (path) =>
  statSync(path).isDirectory() ? readdirSync(path).flatMap((f) => collect(join(path, f))) : path.endsWith(".cpuprofile") ? [path] : [];
const files = collect(target);

const short = (url) => url.replace(/^file:\/\/.*?\/node_modules\//, "nm:").replace(/^file:\/\/\/.*?\/(build|bin|bench)\//, "$1/");
const pkgOf = (frame) => {
  const u = frame.url;
  if (!u) return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  const m = u.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1];
  if (u.startsWith("node:")) return "node:internal";
  return short(u);
};
const fnOf = (frame) => `${frame.functionName || "(anonymous)"} ${short(frame.url)}:${frame.lineNumber + 1}`;

const self = { pkg: new Map(), fn: new Map() };
const incl = new Map();
let total = 0;
const add = (m, k, d) => m.set(k, (m.get(k) ?? 0) + d);

for (const file of files) {
  const p = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  for (let i = 0; i < p.samples.length; i++) {
    const d = p.timeDeltas[i] ?? 0;
    total += d;
    const leaf = byId.get(p.samples[i]);
    add(self.pkg, pkgOf(leaf.callFrame), d);
    add(self.fn, fnOf(leaf.callFrame), d);
    const seen = new Set();
    for (let id = p.samples[i]; id !== undefined; id = parent.get(id)) {
      const k = fnOf(byId.get(id).callFrame);
      if (!seen.has(k)) {
        seen.add(k);
        add(incl, k, d);
      }
    }
  }
}

const pct = (x) => `${((100 * x) / total).toFixed(1).padStart(5)}%`;
const ms = (x) => `${(x / 1000 / files.length).toFixed(1).padStart(7)} ms`;
const show = (title, m, n) => {
  console.log(`\n--- ${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${pct(v)} ${ms(v)}  ${k}`);
};
console.log(`${files.length} profile(s), ${(total / 1000 / files.length).toFixed(1)} ms profiled per profile (ms columns are per profile)`);
show("self time by package / file", self.pkg, 25);
show("self time by function", self.fn, top);
show("inclusive time by function", incl, top);
