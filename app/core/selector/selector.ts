/**
 * What to practise next, and why. Pure and deterministic for a given input (seed and now
 * included). Formula and reasoning: docs/selector.md.
 *
 * Order of decisions:
 * 1. Items answered wrongly today come back as "retry", never sooner than RETRY_GAP other items
 *    after the wrong answer (dropped from this session if it is too short for the gap).
 * 2. Due FSRS reviews, lowest retrievability / most overdue first, together with retries capped
 *    at `maxReviewsShare` of the session (default 20%) so new learning continues (the rest roll over).
 * 3. The remaining slots go to domains by `domainAllocation` (largest-remainder rounding, every
 *    domain at least one slot when the session is big enough). Within a domain: objectives not yet
 *    practised first, then items whose expected success is nearest the target band. When a
 *    domain has no unseen items left: its overflow due reviews, then its least recently seen items.
 * 4. Interleave domains (no two in a row when avoidable), keeping priority order otherwise.
 *
 * Performance (10k items, 10k cards: see bench/selector.bench.ts): one pass over cards into flat
 * typed arrays, one pass over items into per-domain buckets, bounded insertion for the top due
 * cards (no full sort), targeting scores computed only for the objectives actually drawn from.
 */
import { computeDecayFactor, default_w } from "ts-fsrs";
import type { BandLevel } from "../content/schema";
import { expectedSuccess, initialLearnerRating } from "../progress/rating";
import { hashUnit } from "./random";
import { daysAhead, timeAgo } from "./reasons";

export type SelectorDomain = {
  id: string;
  name: string;
  short?: string;
  /** Blueprint weight range, % of the exam. */
  weight: { min: number; max: number };
  objectives: { id: string; name: string }[];
};

export type BaselineBand = { level: BandLevel; label: string };

export type SelectorItem = {
  id: string;
  domain: string;
  objective?: string;
  /** Elo item rating (progress/rating.ts). */
  rating: number;
};

export type SelectorCard = {
  itemId: string;
  due: Date;
  stability: number;
  /** FSRS state: 0 New, 1 Learning, 2 Review, 3 Relearning. */
  state: number;
  lastReview: Date | null;
  /** Precomputed recall probability now; computed from stability and lastReview when absent. */
  retrievability?: number;
};

export type SelectorInput = {
  domains: SelectorDomain[];
  /** The score report's band per domain id; null when the candidate has not entered one. */
  baseline: Record<string, BaselineBand> | null;
  /** Measured mastery per domain id (progress/mastery.ts `accuracy`). */
  mastery: Record<string, { answered: number; accuracy: number }>;
  /** Elo learner rating per domain id. */
  learnerRatings: Record<string, number>;
  /**
   * Active items only. Input arrays are never modified here; callers may share them between
   * calls (the server's cache does). They are typed readonly rather than frozen at run time:
   * V8 iterates, slices and filters a frozen 10,000-element array 4-50x slower.
   */
  items: readonly SelectorItem[];
  cards: readonly SelectorCard[];
  /**
   * Optional: where each item's card sits in `cards`, for a caller that keeps cards between
   * requests (the server's cache), so the selector need not index 10,000 cards per call. Used
   * only when `cardIndex.cards` is this very `cards` array (a filtered copy drops it); see CardIndex.
   */
  cardIndex?: CardIndex;
  answeredToday: readonly { itemId: string; correct: boolean; at: Date }[];
  /**
   * When items without a card were last seen (a simulation's or imported history). An item with
   * a card counts as seen at the card's `lastReview` whether or not it is listed here.
   */
  lastSeen?: Record<string, Date>;
  /**
   * Objective keys the candidate has answered at least one item of, over the whole history (any
   * item, retired ones included). When given, "objective not yet practised" is said only for an
   * objective not in it; without it the selector judges from `cards` and `answeredToday` on
   * `items`, which is wrong for a filtered `items` (custom practice of new questions only).
   */
  practisedObjectives?: ReadonlySet<string>;
  /** Items in the session. Default 20. */
  size?: number;
  /** Share of the session that due reviews and retries may take. Default DEFAULT_MAX_REVIEWS_SHARE (0.2). */
  maxReviewsShare?: number;
  retakeDate?: Date | null;
  now: Date;
  seed: number;
  /** Expected-success band to aim new items at. Default [0.70, 0.85]. */
  targetSuccess?: [number, number];
};

/**
 * Item id -> position of its card in `cards`. `positions` may also hold entries at or beyond
 * `cards.length` (cards appended to a newer array that shares the map): those are ignored, so a
 * caller can share one map between successive arrays as long as it only appends cards or
 * replaces them in place. An entry that points at another item's card is a caller bug; the
 * selector then indexes the cards itself.
 */
export type CardIndex = {
  readonly cards: readonly SelectorCard[];
  readonly positions: ReadonlyMap<string, number>;
  /**
   * Optional, and faster still: `itemCards[i]` is the position in `cards` of the card of
   * `items[i]` (-1: none), used only when `items` is this very `items` array. Entries at or beyond
   * `cards.length` are ignored, as in `positions`.
   */
  readonly items?: readonly SelectorItem[];
  readonly itemCards?: Int32Array;
};

export type SelectionKind = "review" | "new" | "retry";

export type SelectedItem = {
  itemId: string;
  domain: string;
  objective?: string;
  kind: SelectionKind;
  /** Shown to the candidate. */
  reason: string;
};

// ---- Tunables (named so docs/selector.md can refer to them) ----

export const DEFAULT_SESSION_SIZE = 20;
/**
 * Share of a session that retries and due reviews may take before new items. 0.2 leaves room
 * for today's retries and a few due reviews in a 15-20-item session while most of it goes to
 * items not yet seen. It was 0.6: in the learning simulation (docs/selector.md) 0.6 cost ~2.5
 * points of expected exam score against 0.2, and a lower share scored better in 9 of 10
 * scenarios (bank size, horizon, forgetting, encoding, time budget; the tenth within noise):
 * with a retake weeks away and a bank about the size of the practice budget, a review at FSRS's
 * 90% retention is worth less than a first study of an unseen item, and review answers inflate
 * the Elo rating that difficulty targeting relies on. Once a domain has no unseen items left,
 * its due reviews fill its slots beyond this share.
 */
export const DEFAULT_MAX_REVIEWS_SHARE = 0.2;
/**
 * Expected success to aim new items at (product decision, after Maths Garden's ~75%, which serves
 * motivation: more practice). The learning simulation scores lower bands higher (0.60-0.75: +0.7
 * points; docs/selector.md) but cannot see practice volume, so the default stays until real
 * candidates show the trade-off.
 */
export const DEFAULT_TARGET_SUCCESS: [number, number] = [0.7, 0.85];
/** Other items that must come between a wrong answer and its retry. */
export const RETRY_GAP = 5;

/** Prior need by baseline band: how much more than its blueprint weight a domain deserves. */
export const BASELINE_NEED: Record<BandLevel, number> = { weak: 2.5, near: 1.5, strong: 0.6 };
/** Need with no score report: follow the blueprint. */
export const NO_BASELINE_NEED = 1;
/** Measured accuracy at which a domain is "on track": need 1.0, i.e. its blueprint weight. */
export const TARGET_ACCURACY = 0.85;
/** Need gained per unit of accuracy below target (0.5 accuracy -> need 2.5). */
export const NEED_SLOPE = 1.5 / 0.35;
/** Maintenance floor: no domain's need falls below this, so none drops to zero. */
export const MIN_NEED = 0.4;
export const MAX_NEED = 3;
/** Answers at which measured accuracy and the baseline band count equally. */
export const EVIDENCE_HALFWAY_ANSWERS = 20;

const DAY_MS = 86_400_000;
const NONE_SEEN: Record<string, Date> = Object.freeze({}) as Record<string, Date>;
const { decay: DECAY, factor: FACTOR } = computeDecayFactor(default_w);

// ---- Allocation ----

/** Need implied by a measured accuracy: 1.0 at TARGET_ACCURACY, higher below, floored above. */
export function needFromAccuracy(accuracy: number): number {
  return clamp(1 + (TARGET_ACCURACY - accuracy) * NEED_SLOPE, MIN_NEED, MAX_NEED);
}

/**
 * A domain's need: the baseline band's prior blended toward the need implied by measured
 * accuracy, weighted by evidence n / (n + EVIDENCE_HALFWAY_ANSWERS).
 */
export function domainNeed(level: BandLevel | null | undefined, measured?: { answered: number; accuracy: number }): number {
  const prior = level ? BASELINE_NEED[level] : NO_BASELINE_NEED;
  if (!measured || !(measured.answered > 0) || !Number.isFinite(measured.accuracy)) return Math.max(MIN_NEED, prior);
  const evidence = measured.answered / (measured.answered + EVIDENCE_HALFWAY_ANSWERS);
  return Math.max(MIN_NEED, (1 - evidence) * prior + evidence * needFromAccuracy(measured.accuracy));
}

/** Share of new-item practice per domain id (sums to 1): blueprint weight midpoint × need. */
export function domainAllocation(
  input: Pick<SelectorInput, "domains" | "baseline" | "mastery">,
): Record<string, number> {
  const raw: Record<string, number> = {};
  let total = 0;
  for (const d of input.domains) {
    const weight = Math.max(0, (d.weight.min + d.weight.max) / 2);
    const v = weight * domainNeed(input.baseline?.[d.id]?.level, input.mastery[d.id]);
    raw[d.id] = v;
    total += v;
  }
  const out: Record<string, number> = {};
  for (const d of input.domains) {
    out[d.id] = total > 0 ? raw[d.id] / total : 1 / input.domains.length;
  }
  return out;
}

/**
 * Integer counts summing to `total` in proportion to `shares` (largest-remainder / Hamilton
 * method). Ties go to the larger share, then to the earlier id in `order`.
 */
export function largestRemainder(shares: Record<string, number>, total: number, order: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  const ids = order.filter((id) => (shares[id] ?? 0) > 0);
  const sum = ids.reduce((s, id) => s + shares[id], 0);
  for (const id of order) out[id] = 0;
  if (total <= 0 || sum <= 0) return out;
  let given = 0;
  const rema: { id: string; rem: number; share: number; idx: number }[] = [];
  ids.forEach((id, idx) => {
    const q = (shares[id] / sum) * total;
    const f = Math.floor(q);
    out[id] = f;
    given += f;
    rema.push({ id, rem: q - f, share: shares[id], idx });
  });
  rema.sort((a, b) => b.rem - a.rem || b.share - a.share || a.idx - b.idx);
  for (let i = 0; given < total; i = (i + 1) % rema.length) {
    out[rema[i].id]++;
    given++;
  }
  return out;
}

// ---- Session ----

type DueCandidate = { item: SelectorItem; urgency: number; overdueMs: number };

type DomainPool = {
  domain: SelectorDomain;
  /** Unseen items per objective key ("" = no objective). */
  unseen: Map<string, SelectorItem[]>;
  unseenCount: number;
  /** Answered wrongly today (retry candidates). */
  retryItems: SelectorItem[];
  /** Due cards (parallel arrays, so the 10k-card pass allocates no objects). */
  dueItems: SelectorItem[];
  /** Elapsed / stability: monotone in 1 - retrievability, so it orders like R without pow(). */
  dueUrgency: number[];
  dueOverdueMs: number[];
  /** Seen, not due, not a retry: candidates for "least recently seen" repeats. */
  seenNotDue: SelectorItem[];
};

type Slot = SelectedItem & { priority: number; minPos: number };

export function selectSession(input: SelectorInput): SelectedItem[] {
  const size = Math.max(0, Math.floor(input.size ?? DEFAULT_SESSION_SIZE));
  if (size === 0 || input.items.length === 0 || input.domains.length === 0) return [];
  const nowMs = input.now.getTime();
  const reviewCap = Math.min(size, Math.floor(size * clamp(input.maxReviewsShare ?? DEFAULT_MAX_REVIEWS_SHARE, 0, 1)));
  const [lo, hi] = input.targetSuccess ?? DEFAULT_TARGET_SUCCESS;
  const seed = input.seed >>> 0;
  const retakeMs = input.retakeDate && input.retakeDate.getTime() > nowMs ? input.retakeDate.getTime() : null;

  // 1. Today's answers: minimum session position per item, and the wrong-today set.
  const today = input.answeredToday.slice().sort((a, b) => a.at.getTime() - b.at.getTime());
  const lastAnswerIndex = new Map<string, number>();
  for (let i = 0; i < today.length; i++) lastAnswerIndex.set(today[i].itemId, i);
  const minPosition = new Map<string, number>();
  const wrongToday = new Map<string, number>(); // itemId -> index of its (last, wrong) answer
  for (const [itemId, i] of lastAnswerIndex) {
    const since = today.length - 1 - i;
    if (since < RETRY_GAP) minPosition.set(itemId, RETRY_GAP - since);
    if (!today[i].correct) wrongToday.set(itemId, i);
  }

  // 2. One pass over cards, then one over items. Everything the item pass needs from a card is
  // read here, while the card is in cache, into flat arrays: the item pass then touches no card
  // objects or Dates (on 10k cards that memory traffic, not arithmetic, is the cost).
  const cards = input.cards;
  const nCards = cards.length;
  // Item id -> card position: the caller's index when it comes with these very cards.
  const hint = input.cardIndex?.cards === cards ? input.cardIndex : null;
  let cardIndex: ReadonlyMap<string, number> | null = hint ? hint.positions : null;
  const ownIndex = cardIndex ? null : new Map<string, number>();
  const cardAnswered = new Uint8Array(nCards);
  const cardIsDue = new Uint8Array(nCards);
  const cardUrgency = new Float64Array(nCards);
  const cardOverdueMs = new Float64Array(nCards);
  for (let i = 0; i < nCards; i++) {
    const c = cards[i];
    ownIndex?.set(c.itemId, i);
    if (c.state === 0) continue;
    cardAnswered[i] = 1;
    const dueMs = c.due.getTime();
    if (dueMs <= nowMs) {
      cardIsDue[i] = 1;
      cardUrgency[i] = urgency(c, nowMs);
      cardOverdueMs[i] = nowMs - dueMs;
    }
  }

  // Wrong-today marks on the card arrays too, so the item pass needs no extra Map lookup.
  const cardWrongToday = new Uint8Array(nCards);
  cardIndex ??= ownIndex!;
  const cardAt = (itemId: string): number | undefined => {
    const ci = cardIndex!.get(itemId);
    if (ci === undefined || ci >= nCards) return undefined; // none, or appended after these cards
    if (cards[ci].itemId === itemId) return ci;
    // A caller's index pointing at another item's card: a bug there; index the cards here instead.
    const own = new Map<string, number>();
    for (let i = 0; i < nCards; i++) own.set(cards[i].itemId, i);
    cardIndex = own;
    return own.get(itemId);
  };
  for (const itemId of wrongToday.keys()) {
    const ci = cardAt(itemId);
    if (ci !== undefined) cardWrongToday[ci] = 1;
  }
  const lastSeen = input.lastSeen ?? NONE_SEEN;
  const anyLastSeen = hasKeys(lastSeen);
  const items = input.items;
  /**
   * Items into per-domain pools. `aligned`: the caller's item-aligned card positions (no lookup
   * by id at all: 10,000 fewer map probes); null when one of them proves wrong (a caller bug),
   * and the pass is then done again by id.
   */
  const bucket = (aligned: Int32Array | null) => {
    const pools = new Map<string, DomainPool>();
    for (const d of input.domains) {
      pools.set(d.id, {
        domain: d,
        unseen: new Map(),
        unseenCount: 0,
        retryItems: [],
        dueItems: [],
        dueUrgency: [],
        dueOverdueMs: [],
        seenNotDue: [],
      });
    }
    const retryItems: { item: SelectorItem; order: number }[] = [];
    let lastDomainId: string | null = null;
    let pool: DomainPool | undefined;
    for (let k = 0; k < items.length; k++) {
      const item = items[k];
      if (item.domain !== lastDomainId) {
        lastDomainId = item.domain;
        pool = pools.get(item.domain);
      }
      if (!pool) continue; // not in this exam's blueprint
      let ci: number | undefined;
      if (aligned) {
        const p = aligned[k];
        ci = p >= 0 && p < nCards ? p : undefined;
        if (ci !== undefined && cards[ci].itemId !== item.id) return null;
      } else ci = cardAt(item.id);
      const answered = ci !== undefined && cardAnswered[ci] === 1;
      const seen = answered || (anyLastSeen && lastSeen[item.id] instanceof Date) || lastAnswerIndex.has(item.id);
      if (!seen) {
        const obj = item.objective ?? "";
        let list = pool.unseen.get(obj);
        if (!list) pool.unseen.set(obj, (list = []));
        list.push(item);
        pool.unseenCount++;
        continue;
      }
      if (ci !== undefined ? cardWrongToday[ci] === 1 : wrongToday.has(item.id)) {
        retryItems.push({ item, order: wrongToday.get(item.id)! });
        pool.retryItems.push(item);
        continue;
      }
      if (answered && cardIsDue[ci!] === 1) {
        pool.dueItems.push(item);
        pool.dueUrgency.push(cardUrgency[ci!]);
        pool.dueOverdueMs.push(cardOverdueMs[ci!]);
        continue;
      }
      pool.seenNotDue.push(item);
    }
    return { pools, retryItems };
  };
  const alignedHint = hint?.items === items && hint.itemCards && hint.itemCards.length >= items.length ? hint.itemCards : null;
  const { pools, retryItems } = bucket(alignedHint) ?? bucket(null)!;

  const slots: Slot[] = [];
  const taken = new Set<string>();
  const add = (slot: Omit<Slot, "minPos">) => {
    taken.add(slot.itemId);
    slots.push({ ...slot, minPos: minPosition.get(slot.itemId) ?? 0 });
  };

  // 3. Retries, then due reviews, within the review cap.
  retryItems.sort((a, b) => a.order - b.order);
  for (const { item } of retryItems) {
    if (slots.length >= reviewCap) break;
    // A retry the session is too short to space out waits for the next session.
    if ((minPosition.get(item.id) ?? 0) >= size) continue;
    add({ itemId: item.id, domain: item.domain, objective: item.objective, kind: "retry", reason: "Retry: answered wrong earlier today", priority: -1 });
  }
  const reviewSlots = Math.max(0, reviewCap - slots.length);
  const topDue = topDueCandidates([...pools.values()], reviewSlots, taken);
  topDue.forEach((c, i) => add(reviewSlot(c, i, retakeMs, nowMs)));

  // 4. New items by domain allocation.
  const newSlots = size - slots.length;
  if (newSlots > 0) {
    const order = input.domains.map((d) => d.id);
    const capacity: Record<string, number> = {};
    for (const id of order) {
      const p = pools.get(id)!;
      let dueLeft = p.dueItems.length;
      for (const c of topDue) if (c.item.domain === id) dueLeft--;
      capacity[id] = p.unseenCount + dueLeft + p.seenNotDue.length;
    }
    const represented = new Set(slots.map((s) => s.domain));
    const counts = allocateSlots(domainAllocation(input), newSlots, capacity, order, represented);

    for (const id of order) {
      const count = counts[id];
      if (!count) continue;
      const p = pools.get(id)!;
      const band = input.baseline?.[id] ?? null;
      const measured = input.mastery[id];
      const learner = input.learnerRatings[id] ?? initialLearnerRating(band?.level);
      const domainText = domainReason(p.domain, band, measured);
      const lastReview = (itemId: string) => {
        const ci = cardAt(itemId);
        return ci === undefined ? 0 : (cards[ci].lastReview?.getTime() ?? 0);
      };
      const picked = pickFromDomain(p, count, learner, lo, hi, seed, domainText, taken, lastSeen, lastReview, nowMs, retakeMs, input.practisedObjectives);
      picked.forEach((s, j) => add({ ...s, priority: 1000 + (j + 0.5) / count }));
    }
  }

  return interleave(slots).map(({ itemId, domain, objective, kind, reason }) =>
    objective === undefined ? { itemId, domain, kind, reason } : { itemId, domain, objective, kind, reason },
  );
}

/** The k most urgent due cards across pools, skipping `taken`; allocates only for the k kept. */
function topDueCandidates(pools: DomainPool[], k: number, taken: Set<string>): DueCandidate[] {
  const out: DueCandidate[] = [];
  if (k <= 0) return out;
  for (const p of pools) {
    const n = p.dueItems.length;
    for (let i = 0; i < n; i++) {
      const u = p.dueUrgency[i];
      const o = p.dueOverdueMs[i];
      if (out.length === k) {
        const worst = out[k - 1];
        if (u < worst.urgency || (u === worst.urgency && (o < worst.overdueMs || (o === worst.overdueMs && p.dueItems[i].id > worst.item.id)))) continue;
      }
      const item = p.dueItems[i];
      if (taken.has(item.id)) continue;
      insertSorted(out, { item, urgency: u, overdueMs: o }, k, compareDue);
    }
  }
  return out;
}

function insertSorted<T>(out: T[], v: T, k: number, cmp: (a: T, b: T) => number): void {
  if (out.length === k && cmp(v, out[k - 1]) >= 0) return;
  let i = out.length < k ? out.length : k - 1;
  if (out.length < k) out.push(v);
  while (i > 0 && cmp(v, out[i - 1]) < 0) {
    out[i] = out[i - 1];
    i--;
  }
  out[i] = v;
}

function reviewSlot(c: DueCandidate, i: number, retakeMs: number | null, nowMs: number): Omit<Slot, "minPos"> {
  const days = Math.floor(c.overdueMs / DAY_MS);
  const when = days >= 1 ? `overdue ${days} day${days === 1 ? "" : "s"}` : "due now";
  const retake = retakeMs === null ? "" : `; retake in ${daysAhead(retakeMs - nowMs)}`;
  return {
    itemId: c.item.id,
    domain: c.item.domain,
    objective: c.item.objective,
    kind: "review",
    reason: `Due for review (${when}${retake})`,
    priority: i,
  };
}

function domainReason(d: SelectorDomain, band: BaselineBand | null, measured?: { answered: number; accuracy: number }): string {
  const name = d.short ?? d.name;
  let text: string;
  if (!band) text = `Blueprint: ${name} (${d.weight.min}-${d.weight.max}% of the exam)`;
  else if (band.level === "weak") text = `Weak domain: ${name} (${band.label})`;
  else if (band.level === "near") text = `Near target: ${name} (${band.label})`;
  else text = `Maintenance: ${name} (${band.label})`;
  if (measured && measured.answered >= 5) text += ` · ${Math.round(measured.accuracy * 100)}% in practice`;
  return text;
}

/**
 * `count` items from one domain: unseen first (least practised objective first, then nearest
 * the target success band), then overflow due reviews, then least recently seen.
 */
function pickFromDomain(
  pool: DomainPool,
  count: number,
  learner: number,
  lo: number,
  hi: number,
  seed: number,
  domainText: string,
  taken: Set<string>,
  lastSeen: Record<string, Date>,
  lastReview: (itemId: string) => number,
  nowMs: number,
  retakeMs: number | null,
  practisedObjectives: ReadonlySet<string> | undefined,
): Omit<Slot, "priority" | "minPos">[] {
  const out: Omit<Slot, "priority" | "minPos">[] = [];
  const objectiveName = new Map(pool.domain.objectives.map((o) => [o.id, o.name]));
  // Declared objectives first (in blueprint order), then any others found on items.
  const objectiveOrder = [...pool.domain.objectives.map((o) => o.id)];
  for (const key of pool.unseen.keys()) if (!objectiveName.has(key)) objectiveOrder.push(key);
  // Seen items per objective, counted only for a domain that draws new items.
  const seenCount = new Map<string, number>();
  if (pool.unseenCount > 0) {
    for (const list of [pool.dueItems, pool.seenNotDue, pool.retryItems]) {
      for (const item of list) {
        const key = item.objective ?? "";
        seenCount.set(key, (seenCount.get(key) ?? 0) + 1);
      }
    }
  }
  const pickedHere = new Map<string, number>();
  // Pool lists are private to this call, so they are consumed in place (swap-remove).
  // Scores are computed once per objective, and only for objectives actually drawn from.
  const remaining = new Map<string, { items: SelectorItem[]; scores: Float64Array | null }>();
  for (const key of objectiveOrder) {
    const list = pool.unseen.get(key);
    if (list && list.length) remaining.set(key, { items: list, scores: null });
  }

  while (out.length < count && remaining.size > 0) {
    // Objective practised least so far (including picks in this session).
    let bestKey: string | null = null;
    let bestLoad = Infinity;
    for (const key of objectiveOrder) {
      if (!remaining.has(key)) continue;
      const load = (seenCount.get(key) ?? 0) + (pickedHere.get(key) ?? 0);
      if (load < bestLoad) {
        bestLoad = load;
        bestKey = key;
      }
    }
    const key = bestKey!;
    const bucket = remaining.get(key)!;
    const list = bucket.items;
    let scores = bucket.scores;
    if (!scores) {
      scores = bucket.scores = new Float64Array(list.length);
      for (let i = 0; i < list.length; i++) {
        scores[i] = targetingScore(expectedSuccess(learner, list[i].rating), lo, hi, hashUnit(seed, list[i].id));
      }
    }
    let bestIdx = 0;
    const n = list.length;
    for (let i = 1; i < n; i++) if (scores[i] < scores[bestIdx]) bestIdx = i;
    const item = list[bestIdx];
    list[bestIdx] = list[n - 1];
    scores[bestIdx] = scores[n - 1];
    list.pop();
    bucket.scores = scores.subarray(0, n - 1);
    if (list.length === 0) remaining.delete(key);
    // "Not yet practised" only for the first pick of that objective, in history or this session.
    const practised = practisedObjectives ? practisedObjectives.has(key) : (seenCount.get(key) ?? 0) > 0;
    const unpractised = !practised && (pickedHere.get(key) ?? 0) === 0;
    pickedHere.set(key, (pickedHere.get(key) ?? 0) + 1);
    const objText = objectiveName.get(key);
    out.push({
      itemId: item.id,
      domain: item.domain,
      objective: item.objective,
      kind: "new",
      reason: unpractised && objText ? `New: objective not yet practised (${objText}) · ${domainText}` : `New · ${domainText}`,
    });
  }

  if (out.length < count && pool.dueItems.length) {
    const more = topDueCandidates([pool], count - out.length, taken);
    for (const c of more) {
      const slot = reviewSlot(c, 0, retakeMs, nowMs);
      out.push({ itemId: slot.itemId, domain: slot.domain, objective: slot.objective, kind: "review", reason: slot.reason });
    }
  }

  const seenNotDue = pool.seenNotDue;
  if (out.length < count && seenNotDue.length) {
    const seenAt = new Float64Array(seenNotDue.length);
    for (let i = 0; i < seenNotDue.length; i++) {
      const s = lastSeen[seenNotDue[i].id];
      seenAt[i] = s instanceof Date ? s.getTime() : lastReview(seenNotDue[i].id);
    }
    const byAge = (a: number, b: number) => seenAt[a] - seenAt[b] || (seenNotDue[a].id < seenNotDue[b].id ? -1 : 1);
    const oldest: number[] = [];
    const k = count - out.length;
    for (let i = 0; i < seenNotDue.length; i++) insertSorted(oldest, i, k, byAge);
    for (const i of oldest) {
      const item = seenNotDue[i];
      const t = seenAt[i];
      const ago = t > 0 ? `, last seen ${timeAgo(t, nowMs)}` : "";
      out.push({
        itemId: item.id,
        domain: item.domain,
        objective: item.objective,
        kind: "review",
        reason: `Practice again: least recently seen${ago} · ${domainText}`,
      });
    }
  }
  return out;
}

/** Lower is better: 0..0.001 inside the band (random order), otherwise distance to the band. */
function targetingScore(p: number, lo: number, hi: number, jitter: number): number {
  const distance = p < lo ? lo - p : p > hi ? p - hi : 0;
  return distance > 0 ? 0.001 + distance + jitter * 1e-6 : jitter * 0.001;
}

function compareDue(a: DueCandidate, b: DueCandidate): number {
  return b.urgency - a.urgency || b.overdueMs - a.overdueMs || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0);
}

/** The k smallest by `cmp`, sorted; O(n·k) worst case but k is a session size. */
export function topK<T>(values: readonly T[], k: number, cmp: (a: T, b: T) => number): T[] {
  const out: T[] = [];
  if (k <= 0) return out;
  for (const v of values) insertSorted(out, v, k, cmp);
  return out;
}

/**
 * Integer slots per domain: largest remainder on the shares, at least one for every domain not
 * already in the session when there are enough slots, never more than a domain can supply.
 */
function allocateSlots(
  shares: Record<string, number>,
  total: number,
  capacity: Record<string, number>,
  order: string[],
  represented: Set<string>,
): Record<string, number> {
  const active = order.filter((id) => capacity[id] > 0);
  const counts: Record<string, number> = {};
  for (const id of order) counts[id] = 0;
  if (!active.length) return counts;
  const activeShares: Record<string, number> = {};
  for (const id of active) activeShares[id] = shares[id] ?? 0;
  Object.assign(counts, largestRemainder(activeShares, total, active));

  const missing = active.filter((id) => counts[id] === 0 && !represented.has(id));
  if (missing.length && total >= active.filter((id) => !represented.has(id)).length) {
    for (const id of missing) {
      // Take the slot from the domain furthest above its exact quota.
      let donor: string | null = null;
      let surplus = -Infinity;
      for (const other of active) {
        if (counts[other] <= 1) continue;
        const s = counts[other] - activeShares[other] * total;
        if (s > surplus) {
          surplus = s;
          donor = other;
        }
      }
      if (!donor) break;
      counts[donor]--;
      counts[id]++;
    }
  }

  // Spill what a domain cannot supply to domains that can, by share.
  for (let guard = 0; guard < order.length + 1; guard++) {
    let excess = 0;
    for (const id of active) {
      if (counts[id] > capacity[id]) {
        excess += counts[id] - capacity[id];
        counts[id] = capacity[id];
      }
    }
    if (!excess) break;
    const open = active.filter((id) => counts[id] < capacity[id]);
    if (!open.length) break;
    const openShares: Record<string, number> = {};
    for (const id of open) openShares[id] = activeShares[id] > 0 ? activeShares[id] : 1e-9;
    const extra = largestRemainder(openShares, excess, open);
    for (const id of open) counts[id] += extra[id];
  }
  return counts;
}

/**
 * Orders slots by priority while avoiding two items of the same domain in a row, and never
 * placing an item before its minimum position. Forced when one domain would otherwise have to
 * run at the end.
 */
function interleave(slots: Slot[]): Slot[] {
  const remaining = slots.slice().sort((a, b) => a.priority - b.priority);
  const out: Slot[] = [];
  const left = new Map<string, number>();
  for (const s of remaining) left.set(s.domain, (left.get(s.domain) ?? 0) + 1);
  let prev: string | null = null;
  while (remaining.length) {
    const pos = out.length;
    const n = remaining.length;
    let forced: string | null = null;
    for (const [domain, m] of left) {
      if (m > 0 && domain !== prev && 2 * m > n) forced = domain;
    }
    let pick = -1;
    if (forced) pick = remaining.findIndex((s) => s.minPos <= pos && s.domain === forced);
    if (pick < 0) pick = remaining.findIndex((s) => s.minPos <= pos && s.domain !== prev);
    if (pick < 0) pick = remaining.findIndex((s) => s.minPos <= pos);
    if (pick < 0) break; // only items that cannot be spaced out yet: not this session
    const [s] = remaining.splice(pick, 1);
    left.set(s.domain, left.get(s.domain)! - 1);
    out.push(s);
    prev = s.domain;
  }
  return out;
}

/**
 * Ordering key for due cards: t / S (days since review over stability). FSRS retrievability
 * R = (1 + FACTOR·t/S)^DECAY falls monotonically in t/S, so sorting by it descending is sorting
 * by R ascending, without a pow() per card. A given `retrievability` is mapped onto the same
 * scale. Never reviewed or no stability: most urgent.
 */
function urgency(card: SelectorCard, nowMs: number): number {
  if (card.retrievability !== undefined) {
    const r = card.retrievability;
    return r > 0 ? (Math.pow(r, 1 / DECAY) - 1) / FACTOR : Infinity;
  }
  if (!card.lastReview || !(card.stability > 0)) return Infinity;
  return Math.max(0, nowMs - card.lastReview.getTime()) / DAY_MS / card.stability;
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

function clamp(v: number, min: number, max: number): number {
  return v < min ? min : v > max ? max : v;
}
