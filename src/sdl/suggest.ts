import { clip } from "./diagnostics.js";
import { printable } from "./printable.js";
import { WORK } from "./work.js";
/** "Did you mean" for a misspelled name, by edit distance. */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  // Suggestions are for typos in real files; do not spend quadratic time on pathological ones.
  if (name.length > 64) return undefined;
  let budget = 500;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (--budget < 0) break;
    if (candidate.length > 64) continue;
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined || bestDistance > Math.max(2, Math.floor(name.length / 3))) return undefined;
  return `did you mean \`${clip(printable(best))}\`?`;
}

export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Math.abs(a.length - b.length);
  WORK.editCells += a.length * b.length;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
