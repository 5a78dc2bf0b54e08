/**
 * Small seeded randomness for the selector, so a session is reproducible from (seed, now).
 */

/** mulberry32: a tiny 32-bit PRNG, good enough for tie-breaking and shuffles. Returns [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A stable pseudo-random number in [0, 1) for (seed, key): the same item gets the same
 * value for a given seed whatever order items are scanned in. FNV-1a, then a final mix.
 */
export function hashUnit(seed: number, key: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** A seeded Fisher-Yates shuffle of `keys` (a copy): an item's option order in a session. */
export function shuffledKeys(keys: readonly string[], seed: number): string[] {
  const rnd = mulberry32(seed);
  const out = [...keys];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
