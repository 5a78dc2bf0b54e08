/**
 * Duplicate and near-duplicate stem detection that stays fast for tens of thousands of items.
 *
 * - Stems are normalised (case, punctuation, Markdown link/image syntax and whitespace removed).
 * - Identical normalised stems are found with a hash map.
 * - Near-identical stems: word-shingle (bigram) sets compared with Jaccard similarity. Instead
 *   of comparing all pairs, an exact prefix filter (as in All-Pairs/PPJoin) selects candidates:
 *   tokens are ordered globally by rarity, and two sets with Jaccard >= t must share a token in
 *   their first |x| - ceil(t*|x|) + 1 tokens. Only candidates that also pass the size filter are
 *   verified. No false negatives, and near-linear on real content.
 */

export type StemPair = {
  /** Index of the first item (lower index) in the input list. */
  a: number;
  /** Index of the second item. */
  b: number;
  /** Jaccard similarity of the shingle sets (1 for identical normalised stems). */
  similarity: number;
  /** True when the normalised stems are identical. */
  identical: boolean;
};

/** Lowercase words only: no Markdown syntax, URLs, punctuation or extra whitespace. */
export function normalizeStem(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, " $1 ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, " $1 ")
    .replace(/<[^>]+>/g, " ")
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Word shingles of a normalised text (bigrams; a one-word text is its own shingle). */
export function shingles(normalized: string, size = 2): string[] {
  const words = normalized ? normalized.split(" ") : [];
  if (words.length <= size) return words.length ? [words.join(" ")] : [];
  const out: string[] = [];
  for (let i = 0; i + size <= words.length; i++) {
    let s = words[i];
    for (let k = 1; k < size; k++) s += " " + words[i + k];
    out.push(s);
  }
  return out;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size && !b.size) return 1;
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/**
 * Find pairs of texts that are identical after normalisation, or whose shingle sets have a
 * Jaccard similarity >= `threshold`. Identical texts are reported as pairs against the first
 * occurrence only. Returns pairs sorted by (b, a).
 */
export function findSimilarStems(texts: readonly string[], threshold = 0.9, shingleSize = 2): StemPair[] {
  const pairs: StemPair[] = [];
  const norm = texts.map(normalizeStem);

  // 1. identical normalised stems
  const firstByText = new Map<string, number>();
  const representative: number[] = [];
  norm.forEach((n, i) => {
    const first = firstByText.get(n);
    if (first === undefined) {
      firstByText.set(n, i);
      representative.push(i);
    } else {
      pairs.push({ a: first, b: i, similarity: 1, identical: true });
    }
  });
  if (threshold > 1) return sortPairs(pairs);

  // 2. token ids and global rarity order
  const tokenId = new Map<string, number>();
  const freq: number[] = [];
  const sets: number[][] = [];
  for (const i of representative) {
    const ids = new Set<number>();
    for (const s of shingles(norm[i], shingleSize)) {
      let id = tokenId.get(s);
      if (id === undefined) {
        id = freq.length;
        tokenId.set(s, id);
        freq.push(0);
      }
      ids.add(id);
    }
    for (const id of ids) freq[id]++;
    sets.push([...ids]);
  }
  const order = freq.map((_, id) => id).sort((x, y) => freq[x] - freq[y] || x - y);
  const rank = new Int32Array(freq.length);
  order.forEach((id, r) => (rank[id] = r));
  const ranked = sets.map((s) => Int32Array.from(s, (id) => rank[id]).sort());

  // 3. prefix-filtered candidate generation (PPJoin), by ascending size. A set x probes with
  // its prefix of |x| - ceil(t|x|) + 1 tokens; sets are indexed with the shorter prefix
  // |y| - ceil(2t/(1+t)|y|) + 1, valid because every indexed y is no larger than x. The
  // positional filter drops a candidate when the tokens left after the first shared prefix
  // token cannot reach the required overlap.
  const bySize = ranked.map((_, k) => k).sort((x, y) => ranked[x].length - ranked[y].length || x - y);
  const index = new Map<number, number[]>(); // token rank -> [set, position, set, position, ...]
  const seenFor = new Int32Array(ranked.length).fill(-1);
  const eps = 1e-9;
  const indexFactor = (2 * threshold) / (1 + threshold);
  for (const x of bySize) {
    const rx = ranked[x];
    if (!rx.length) continue;
    const probe = rx.length - Math.ceil(threshold * rx.length - eps) + 1;
    const minSize = threshold * rx.length - eps;
    for (let i = 0; i < probe; i++) {
      const list = index.get(rx[i]);
      if (!list) continue;
      for (let k = 0; k < list.length; k += 2) {
        const y = list[k];
        if (seenFor[y] === x) continue;
        const ry = ranked[y];
        if (ry.length < minSize) continue;
        const j = list[k + 1];
        const needed = Math.ceil((threshold / (1 + threshold)) * (rx.length + ry.length) - eps);
        if (1 + Math.min(rx.length - i - 1, ry.length - j - 1) < needed) continue;
        seenFor[y] = x;
        const overlap = overlapAtLeast(rx, ry, needed);
        if (overlap < 0) continue;
        const sim = overlap / (rx.length + ry.length - overlap);
        if (sim >= threshold - eps) {
          const ia = representative[x];
          const ib = representative[y];
          pairs.push({ a: Math.min(ia, ib), b: Math.max(ia, ib), similarity: sim, identical: false });
        }
      }
    }
    const indexed = rx.length - Math.ceil(indexFactor * rx.length - eps) + 1;
    for (let i = 0; i < indexed; i++) {
      const list = index.get(rx[i]);
      if (list) list.push(x, i);
      else index.set(rx[i], [x, i]);
    }
  }
  return sortPairs(pairs);
}

/** Size of the intersection of two sorted arrays, or -1 as soon as it cannot reach `needed`. */
function overlapAtLeast(a: Int32Array, b: Int32Array, needed: number): number {
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    if (inter + Math.min(a.length - i, b.length - j) < needed) return -1;
    if (a[i] === b[j]) {
      inter++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return inter >= needed ? inter : -1;
}

function sortPairs(pairs: StemPair[]): StemPair[] {
  return pairs.sort((p, q) => p.b - q.b || p.a - q.a);
}
