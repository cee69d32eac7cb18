/**
 * Bit-exact ports of Go's `sort.Sort` (pattern-defeating quicksort) and `sort.Stable`
 * (block insertion sort + SymMerge), as found in the Go standard library's
 * `sort/sort.go` and `sort/zsortinterface.go` (Go 1.19 and later).
 *
 * Why a port instead of `Array.prototype.sort`: the manifest (and therefore its hash) is
 * built by Go code that uses `sort.Sort`, which is not stable. Whenever two elements compare
 * equal, the order they end up in is decided by the exact sequence of comparisons and swaps
 * pdqsort performs. To reproduce Go's output we must perform the same sequence, so every
 * index computation, loop bound and tie-breaking branch below mirrors the Go implementation,
 * including its quirks.
 *
 * Both functions only ever call `less` and swap two elements, just like Go's `sort.Interface`.
 */

/** Go's `sortedHint`: what choosePivot learned about the order of the sampled elements. */
const Hint = {
  Unknown: 0,
  Increasing: 1,
  Decreasing: 2,
} as const;
type Hint = (typeof Hint)[keyof typeof Hint];

/**
 * Go's `bits.Len`: number of bits needed to represent n (0 for n == 0). Array lengths never
 * exceed 2^32 - 1, so the 32-bit clz is enough here.
 */
function bitLen(n: number): number {
  return n <= 0 ? 0 : 32 - Math.clz32(n);
}

const MASK64 = (1n << 64n) - 1n;

/**
 * Go's `xorshift` generator. Its state is a uint64, and the right shift pulls high bits down
 * into the low bits we consume, so the whole 64-bit state must be kept exactly: BigInt with
 * explicit truncation after each left shift reproduces uint64 wrap-around.
 */
class XorShift {
  private state: bigint;

  constructor(seed: number) {
    this.state = BigInt(seed) & MASK64;
  }

  next(): bigint {
    let s = this.state;
    s ^= (s << 13n) & MASK64;
    s ^= s >> 7n;
    s ^= (s << 17n) & MASK64;
    this.state = s;
    return s;
  }
}

/**
 * Index-based view of the array, the equivalent of Go's sort.Interface. Keeping Go's
 * "compare by index / swap by index" shape makes the port line up with the original.
 */
class Data<T> {
  constructor(
    private readonly items: T[],
    private readonly lessFn: (a: T, b: T) => boolean,
  ) {}

  less(i: number, j: number): boolean {
    return this.lessFn(this.items[i] as T, this.items[j] as T);
  }

  swap(i: number, j: number): void {
    const tmp = this.items[i] as T;
    this.items[i] = this.items[j] as T;
    this.items[j] = tmp;
  }
}

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/** Sorts [a, b) by swapping each new element leftwards while it is strictly smaller (stable). */
function insertionSort<T>(data: Data<T>, a: number, b: number): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && data.less(j, j - 1); j--) {
      data.swap(j, j - 1);
    }
  }
}

/** Swaps the n-element blocks starting at a and b, pairwise from the front. */
function swapRange<T>(data: Data<T>, a: number, b: number, n: number): void {
  for (let i = 0; i < n; i++) {
    data.swap(a + i, b + i);
  }
}

// ---------------------------------------------------------------------------------------------
// sort.Sort: pdqsort
// ---------------------------------------------------------------------------------------------

/**
 * Restores the max-heap property for the heap stored at data[first + lo .. first + hi),
 * starting from node `lo`. Heap indices are relative to `first`.
 */
function siftDown<T>(data: Data<T>, lo: number, hi: number, first: number): void {
  let root = lo;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= hi) {
      return;
    }
    // Pick the larger child; on a tie the left one wins (strict less).
    if (child + 1 < hi && data.less(first + child, first + child + 1)) {
      child++;
    }
    if (!data.less(first + root, first + child)) {
      return;
    }
    data.swap(first + root, first + child);
    root = child;
  }
}

/** Fallback when too many bad pivots were chosen: guarantees O(n log n). */
function heapSort<T>(data: Data<T>, a: number, b: number): void {
  const first = a;
  const lo = 0;
  const hi = b - a;

  // Heapify bottom-up so the largest element ends at the root.
  for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) {
    siftDown(data, i, hi, first);
  }

  // Repeatedly move the root (maximum) behind the shrinking heap.
  for (let i = hi - 1; i >= 0; i--) {
    data.swap(first, first + i);
    siftDown(data, lo, i, first);
  }
}

/**
 * Main loop. Recurses into the smaller side of each partition and iterates on the larger
 * one, like Go; `limit` counts how many unbalanced partitions we tolerate before heapsort.
 */
function pdqsort<T>(data: Data<T>, a: number, b: number, limit: number): void {
  const maxInsertion = 12;

  let wasBalanced = true; // last partition was not badly skewed
  let wasPartitioned = true; // last partition found the range already partitioned

  for (;;) {
    const length = b - a;

    if (length <= maxInsertion) {
      insertionSort(data, a, b);
      return;
    }

    if (limit === 0) {
      heapSort(data, a, b);
      return;
    }

    // A skewed split suggests an adversarial pattern; shuffle a few elements to break it.
    if (!wasBalanced) {
      breakPatterns(data, a, b);
      limit--;
    }

    let [pivot, hint] = choosePivot(data, a, b);
    if (hint === Hint.Decreasing) {
      reverseRange(data, a, b);
      // The pivot moved with the reversal: same distance, now measured from the end.
      pivot = b - 1 - (pivot - a);
      hint = Hint.Increasing;
    }

    // Samples looked sorted: try to finish with a few cheap insertion steps.
    if (wasBalanced && wasPartitioned && hint === Hint.Increasing) {
      if (partialInsertionSort(data, a, b)) {
        return;
      }
    }

    // The element just before this range is a former pivot that is <= everything here.
    // If it is not less than our pivot, they are equal, so the range likely holds many
    // duplicates: split off the block equal to the pivot and continue with the rest.
    if (a > 0 && !data.less(a - 1, pivot)) {
      a = partitionEqual(data, a, b, pivot);
      continue;
    }

    const [mid, alreadyPartitioned] = partition(data, a, b, pivot);
    wasPartitioned = alreadyPartitioned;

    const leftLen = mid - a;
    const rightLen = b - mid;
    const balanceThreshold = Math.trunc(length / 8);
    if (leftLen < rightLen) {
      wasBalanced = leftLen >= balanceThreshold;
      pdqsort(data, a, mid, limit);
      a = mid + 1;
    } else {
      wasBalanced = rightLen >= balanceThreshold;
      pdqsort(data, mid + 1, b, limit);
      b = mid;
    }
  }
}

/**
 * Hoare-style partition around data[pivot] (moved to `a` first). Afterwards everything left
 * of the returned index is < pivot and everything right of it is >= pivot. The boolean says
 * no swap was needed, i.e. the range was already partitioned.
 */
function partition<T>(data: Data<T>, a: number, b: number, pivot: number): [number, boolean] {
  data.swap(a, pivot);
  // i and j bound the not-yet-classified elements, both inclusive.
  let i = a + 1;
  let j = b - 1;

  while (i <= j && data.less(i, a)) {
    i++;
  }
  while (i <= j && !data.less(j, a)) {
    j--;
  }
  if (i > j) {
    data.swap(j, a);
    return [j, true];
  }
  data.swap(i, j);
  i++;
  j--;

  for (;;) {
    while (i <= j && data.less(i, a)) {
      i++;
    }
    while (i <= j && !data.less(j, a)) {
      j--;
    }
    if (i > j) {
      break;
    }
    data.swap(i, j);
    i++;
    j--;
  }
  data.swap(j, a);
  return [j, false];
}

/**
 * Splits [a, b) into elements equal to data[pivot] followed by greater ones; the caller
 * guarantees nothing is smaller. Returns the start of the "greater" part.
 */
function partitionEqual<T>(data: Data<T>, a: number, b: number, pivot: number): number {
  data.swap(a, pivot);
  let i = a + 1;
  let j = b - 1;

  for (;;) {
    while (i <= j && !data.less(a, i)) {
      i++;
    }
    while (i <= j && data.less(a, j)) {
      j--;
    }
    if (i > j) {
      break;
    }
    data.swap(i, j);
    i++;
    j--;
  }
  return i;
}

/**
 * Fixes up to a handful of adjacent inversions in a nearly sorted range; true means the range
 * is now sorted. Note that the leftward shift runs down to index 1, not to `a`: that is how Go
 * wrote it, and it can touch elements before `a` (harmless because those are never greater,
 * but we keep the same bound so the comparison sequence matches).
 */
function partialInsertionSort<T>(data: Data<T>, a: number, b: number): boolean {
  const maxSteps = 5; // how many out-of-order pairs we are willing to fix
  const shortestShifting = 50; // below this size, don't bother shifting at all

  let i = a + 1;
  for (let step = 0; step < maxSteps; step++) {
    while (i < b && !data.less(i, i - 1)) {
      i++;
    }

    if (i === b) {
      return true;
    }

    if (b - a < shortestShifting) {
      return false;
    }

    data.swap(i, i - 1);

    // Move the now-left (smaller) element further left while needed.
    if (i - a >= 2) {
      for (let j = i - 1; j >= 1; j--) {
        if (!data.less(j, j - 1)) {
          break;
        }
        data.swap(j, j - 1);
      }
    }
    // Move the now-right (larger) element further right while needed.
    if (b - i >= 2) {
      for (let j = i + 1; j < b; j++) {
        if (!data.less(j, j - 1)) {
          break;
        }
        data.swap(j, j - 1);
      }
    }
  }
  return false;
}

/**
 * Swaps the three middle elements with pseudo-random positions. The generator is seeded
 * with the range length, so the result is deterministic — which is what makes Go's unstable
 * order reproducible at all.
 */
function breakPatterns<T>(data: Data<T>, a: number, b: number): void {
  const length = b - a;
  if (length >= 8) {
    const random = new XorShift(length);
    // 2^bits.Len(length): strictly greater than length, so one subtraction folds it back.
    const modulus = 2n ** BigInt(bitLen(length));

    const center = a + Math.trunc(length / 4) * 2;
    for (let idx = center - 1; idx <= center + 1; idx++) {
      let other = Number(random.next() & (modulus - 1n));
      if (other >= length) {
        other -= length;
      }
      data.swap(idx, a + other);
    }
  }
}

/**
 * Picks a pivot: fixed quarter position for < 8 elements, median of three below 50,
 * Tukey's ninther otherwise. The number of swaps made while ordering the samples doubles as
 * a sortedness hint: none means increasing, the maximum (12) means decreasing.
 */
function choosePivot<T>(data: Data<T>, a: number, b: number): [number, Hint] {
  const shortestNinther = 50;
  const maxSwaps = 4 * 3;

  const l = b - a;
  const swaps = { n: 0 };
  const quarter = Math.trunc(l / 4);
  let i = a + quarter * 1;
  let j = a + quarter * 2;
  let k = a + quarter * 3;

  if (l >= 8) {
    if (l >= shortestNinther) {
      i = medianAdjacent(data, i, swaps);
      j = medianAdjacent(data, j, swaps);
      k = medianAdjacent(data, k, swaps);
    }
    j = median(data, i, j, k, swaps);
  }

  switch (swaps.n) {
    case 0:
      return [j, Hint.Increasing];
    case maxSwaps:
      return [j, Hint.Decreasing];
    default:
      return [j, Hint.Unknown];
  }
}

/** Returns the two indices ordered so the first is not greater; counts a swap if reordered. */
function order2<T>(data: Data<T>, a: number, b: number, swaps: { n: number }): [number, number] {
  if (data.less(b, a)) {
    swaps.n++;
    return [b, a];
  }
  return [a, b];
}

/** Index of the median of data[a], data[b], data[c] via a three-step sorting network. */
function median<T>(data: Data<T>, a: number, b: number, c: number, swaps: { n: number }): number {
  [a, b] = order2(data, a, b, swaps);
  [b, c] = order2(data, b, c, swaps);
  [a, b] = order2(data, a, b, swaps);
  return b;
}

/** Median of the element at `a` and its two neighbours. */
function medianAdjacent<T>(data: Data<T>, a: number, swaps: { n: number }): number {
  return median(data, a - 1, a, a + 1, swaps);
}

/** Reverses [a, b) in place. */
function reverseRange<T>(data: Data<T>, a: number, b: number): void {
  let i = a;
  let j = b - 1;
  while (i < j) {
    data.swap(i, j);
    i++;
    j--;
  }
}

/**
 * Go's `sort.Sort` (pdqsort). Not stable: equal elements end up in exactly the order Go
 * would leave them. Sorts `items` in place and returns the same array.
 */
export function goSort<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  const n = items.length;
  if (n <= 1) {
    return items;
  }
  const limit = bitLen(n);
  pdqsort(new Data(items, less), 0, n, limit);
  return items;
}

// ---------------------------------------------------------------------------------------------
// sort.Stable: block insertion sort + SymMerge
// ---------------------------------------------------------------------------------------------

/**
 * Merges the sorted runs [a, m) and [m, b) in place without extra memory (Kim & Kutzner's
 * SymMerge). Callers guarantee a < m < b.
 */
function symMerge<T>(data: Data<T>, a: number, m: number, b: number): void {
  // Left run is a single element: binary-search its slot in the right run and bubble it
  // there. It goes before the first element that is not less than it (stability: it came
  // first, so it stays ahead of equal elements).
  if (m - a === 1) {
    let i = m;
    let j = b;
    while (i < j) {
      const h = (i + j) >>> 1;
      if (data.less(h, a)) {
        i = h + 1;
      } else {
        j = h;
      }
    }
    for (let k = a; k < i - 1; k++) {
      data.swap(k, k + 1);
    }
    return;
  }

  // Right run is a single element: find the first element of the left run strictly greater
  // than it (so it lands after equal elements) and bubble it down there.
  if (b - m === 1) {
    let i = a;
    let j = m;
    while (i < j) {
      const h = (i + j) >>> 1;
      if (!data.less(m, h)) {
        i = h + 1;
      } else {
        j = h;
      }
    }
    for (let k = m; k > i; k--) {
      data.swap(k, k - 1);
    }
    return;
  }

  const mid = (a + b) >>> 1;
  const n = mid + m;
  let start: number;
  let r: number;
  if (m > mid) {
    start = n - b;
    r = mid;
  } else {
    start = a;
    r = m;
  }
  const p = n - 1;

  // Binary search for the split point symmetric around `mid`.
  while (start < r) {
    const c = (start + r) >>> 1;
    if (!data.less(p - c, c)) {
      start = c + 1;
    } else {
      r = c;
    }
  }

  const end = n - start;
  if (start < m && m < end) {
    rotate(data, start, m, end);
  }
  if (a < start && start < mid) {
    symMerge(data, a, start, mid);
  }
  if (mid < end && end < b) {
    symMerge(data, mid, end, b);
  }
}

/**
 * Exchanges the adjacent blocks [a, m) and [m, b) using only block swaps (Gries–Mills),
 * which needs no buffer and at most b - a swaps. Callers guarantee a < m < b.
 */
function rotate<T>(data: Data<T>, a: number, m: number, b: number): void {
  let i = m - a;
  let j = b - m;

  while (i !== j) {
    if (i > j) {
      swapRange(data, m - i, m, j);
      i -= j;
    } else {
      swapRange(data, m - i, m + j - i, i);
      j -= i;
    }
  }
  swapRange(data, m - i, m, i);
}

/**
 * Go's `sort.Stable`: insertion-sorts blocks of 20, then merges neighbouring runs of doubling
 * size with SymMerge. Equal elements keep their input order. Sorts in place and returns the
 * same array.
 */
export function goSortStable<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  const data = new Data(items, less);
  const n = items.length;

  let blockSize = 20;
  let a = 0;
  let b = blockSize;
  while (b <= n) {
    insertionSort(data, a, b);
    a = b;
    b += blockSize;
  }
  insertionSort(data, a, n);

  while (blockSize < n) {
    a = 0;
    b = 2 * blockSize;
    while (b <= n) {
      symMerge(data, a, a + blockSize, b);
      a = b;
      b += 2 * blockSize;
    }
    const m = a + blockSize;
    if (m < n) {
      symMerge(data, a, m, n);
    }
    blockSize *= 2;
  }
  return items;
}
