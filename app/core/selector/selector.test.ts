import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectedSuccess } from "../progress/rating";
import { mulberry32 } from "./random";
import {
  DEFAULT_MAX_REVIEWS_SHARE,
  domainAllocation,
  domainNeed,
  largestRemainder,
  MIN_NEED,
  RETRY_GAP,
  selectSession,
  topK,
  type SelectedItem,
  type SelectorCard,
  type SelectorDomain,
  type SelectorInput,
  type SelectorItem,
} from "./selector";

const DAY = 86_400_000;
const now = new Date("2026-06-01T10:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * DAY);

const domains: SelectorDomain[] = [
  { id: "identity", name: "Manage Azure identities and governance", short: "Identities and governance", weight: { min: 20, max: 25 }, objectives: [{ id: "users", name: "Manage users and groups" }, { id: "rbac", name: "Manage access" }, { id: "governance", name: "Manage subscriptions and governance" }] },
  { id: "storage", name: "Implement and manage storage", short: "Storage", weight: { min: 15, max: 20 }, objectives: [{ id: "access", name: "Configure access to storage" }, { id: "accounts", name: "Configure storage accounts" }, { id: "files", name: "Configure Files and Blob" }] },
  { id: "compute", name: "Deploy and manage Azure compute resources", short: "Compute", weight: { min: 20, max: 25 }, objectives: [{ id: "arm", name: "ARM and Bicep" }, { id: "vms", name: "Virtual machines" }, { id: "containers", name: "Containers" }, { id: "appservice", name: "App Service" }] },
  { id: "networking", name: "Implement and manage virtual networking", short: "Networking", weight: { min: 15, max: 20 }, objectives: [{ id: "vnets", name: "Virtual networks" }, { id: "secure", name: "Secure access to virtual networks" }, { id: "dns-lb", name: "Name resolution and load balancing" }] },
  { id: "monitor", name: "Monitor and maintain Azure resources", short: "Monitoring and backup", weight: { min: 10, max: 15 }, objectives: [{ id: "monitoring", name: "Monitor resources" }, { id: "backup", name: "Backup and recovery" }] },
];

const baseline: SelectorInput["baseline"] = {
  identity: { level: "near", label: "Near baseline" },
  storage: { level: "strong", label: "Above baseline" },
  compute: { level: "near", label: "Near baseline" },
  networking: { level: "weak", label: "Needs improvement" },
  monitor: { level: "strong", label: "Above baseline" },
};

/** `perObjective` items in every objective, ratings spread over -2.5..2.5. */
function makeItems(perObjective: number): SelectorItem[] {
  const items: SelectorItem[] = [];
  for (const d of domains) {
    for (const o of d.objectives) {
      for (let i = 0; i < perObjective; i++) {
        items.push({ id: `${d.id}-${o.id}-${i}`, domain: d.id, objective: o.id, rating: -2.5 + (5 * i) / Math.max(1, perObjective - 1) });
      }
    }
  }
  return items;
}

function makeInput(overrides: Partial<SelectorInput> = {}): SelectorInput {
  return {
    domains,
    baseline,
    mastery: {},
    learnerRatings: {},
    items: makeItems(10),
    cards: [],
    answeredToday: [],
    lastSeen: {},
    now,
    seed: 42,
    ...overrides,
  };
}

const blueprintShare = (id: string) => {
  const mid = (d: SelectorDomain) => (d.weight.min + d.weight.max) / 2;
  return mid(domains.find((d) => d.id === id)!) / domains.reduce((s, d) => s + mid(d), 0);
};

function reviewCard(itemId: string, dueDaysAgo: number, stability: number, lastReviewDaysAgo: number): SelectorCard {
  return { itemId, due: ago(dueDaysAgo), stability, state: 2, lastReview: ago(lastReviewDaysAgo) };
}

function maxRun(session: SelectedItem[]): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < session.length; i++) {
    run = i > 0 && session[i].domain === session[i - 1].domain ? run + 1 : 1;
    best = Math.max(best, run);
  }
  return best;
}

describe("domainAllocation", () => {
  it("gives a weak domain more than its blueprint share", () => {
    const shares = domainAllocation(makeInput());
    expect(shares.networking).toBeGreaterThan(blueprintShare("networking") * 1.3);
    expect(shares.storage).toBeLessThan(blueprintShare("storage"));
    expect(Object.values(shares).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it("gives the weak domain less once its measured mastery is high, and below blueprint when well above target", () => {
    const before = domainAllocation(makeInput()).networking;
    const some = domainAllocation(makeInput({ mastery: { networking: { answered: 20, accuracy: 0.86 } } })).networking;
    const lots = domainAllocation(makeInput({ mastery: { networking: { answered: 300, accuracy: 0.95 } } })).networking;
    expect(some).toBeLessThan(before);
    expect(lots).toBeLessThan(some);
    expect(lots).toBeLessThan(blueprintShare("networking"));
  });

  it("pulls need toward the blueprint weight as accuracy reaches ~85%, and raises it again when it slips", () => {
    expect(domainNeed("weak", { answered: 10_000, accuracy: 0.85 })).toBeCloseTo(1, 1);
    expect(domainNeed("strong", { answered: 10_000, accuracy: 0.85 })).toBeCloseTo(1, 1);
    const slipping = domainNeed("strong", { answered: 100, accuracy: 0.55 });
    expect(slipping).toBeGreaterThan(domainNeed("strong"));
    expect(slipping).toBeGreaterThan(1);
  });

  it("never drops a strong domain to zero", () => {
    const mastery = Object.fromEntries(domains.map((d) => [d.id, { answered: 5000, accuracy: 1 }]));
    mastery.networking = { answered: 5000, accuracy: 0.3 };
    const shares = domainAllocation(makeInput({ mastery }));
    for (const d of domains) expect(shares[d.id]).toBeGreaterThan(0);
    expect(domainNeed("strong", { answered: 1e6, accuracy: 1 })).toBeCloseTo(MIN_NEED, 4);
    const session = selectSession(makeInput({ mastery }));
    for (const d of domains) expect(session.some((s) => s.domain === d.id)).toBe(true);
  });

  it("follows the blueprint with no score report", () => {
    const shares = domainAllocation(makeInput({ baseline: null }));
    for (const d of domains) expect(shares[d.id]).toBeCloseTo(blueprintShare(d.id));
  });
});

describe("largestRemainder and topK", () => {
  it("sums exactly and is proportional", () => {
    const counts = largestRemainder({ a: 0.5, b: 0.3, c: 0.2 }, 7, ["a", "b", "c"]);
    expect(counts.a + counts.b + counts.c).toBe(7);
    expect(counts).toEqual({ a: 4, b: 2, c: 1 });
  });
  it("topK returns the k smallest in order", () => {
    const rand = mulberry32(3);
    const values = Array.from({ length: 500 }, () => rand());
    expect(topK(values, 7, (a, b) => a - b)).toEqual(values.slice().sort((a, b) => a - b).slice(0, 7));
  });
});

describe("selectSession", () => {
  it("fills the session with no duplicates and only known items", () => {
    const input = makeInput();
    const session = selectSession(input);
    expect(session).toHaveLength(20);
    expect(new Set(session.map((s) => s.itemId)).size).toBe(20);
    const ids = new Set(input.items.map((i) => i.id));
    for (const s of session) expect(ids.has(s.itemId)).toBe(true);
  });

  it("gives the weak domain the most new items in a fresh session", () => {
    const session = selectSession(makeInput());
    const count = (id: string) => session.filter((s) => s.domain === id).length;
    expect(count("networking")).toBeGreaterThan(count("identity"));
    expect(count("networking")).toBeGreaterThan(20 * blueprintShare("networking"));
    expect(session.find((s) => s.domain === "networking")!.reason).toContain("Weak domain: Networking (Needs improvement)");
    expect(session.find((s) => s.domain === "storage")!.reason).toContain("Maintenance: Storage (Above baseline)");
  });

  it("puts due reviews first, most in need first, capped at the review share", () => {
    const items = makeItems(10);
    // 30 due cards, spread over domains, with falling retrievability as i grows.
    const dueItems = Array.from({ length: 30 }, (_, i) => items[i * 3]);
    const cards = dueItems.map((it, i) => reviewCard(it.id, i, 5, 5 + i));
    const input = makeInput({ items, cards, maxReviewsShare: 0.6 });
    const session = selectSession(input);
    const reviews = session.filter((s) => s.kind === "review");
    expect(reviews).toHaveLength(12); // 60% of 20
    const chosen = new Set(reviews.map((r) => r.itemId));
    for (let i = 18; i < 30; i++) expect(chosen.has(dueItems[i].id)).toBe(true);
    expect(session[0].kind).toBe("review");
    expect(session[0].itemId).toBe(dueItems[29].id);
    expect(session[0].reason).toBe("Due for review (overdue 29 days)");
    expect(session.filter((s) => s.kind === "new")).toHaveLength(8);

    // The default share (DEFAULT_MAX_REVIEWS_SHARE): the same order, fewer reviews.
    const byDefault = selectSession(makeInput({ items, cards }));
    const defaultReviews = byDefault.filter((s) => s.kind === "review");
    expect(defaultReviews).toHaveLength(Math.floor(20 * DEFAULT_MAX_REVIEWS_SHARE));
    expect(new Set(defaultReviews.map((r) => r.itemId))).toEqual(new Set(dueItems.slice(30 - defaultReviews.length).map((i) => i.id)));
    expect(byDefault[0].itemId).toBe(dueItems[29].id);
    expect(byDefault.filter((s) => s.kind === "new")).toHaveLength(20 - defaultReviews.length);
  });

  it("takes all due reviews when there are few, and new items fill the rest", () => {
    const items = makeItems(10);
    const cards = [reviewCard(items[0].id, 1, 5, 6), reviewCard(items[40].id, 0, 5, 5)];
    const session = selectSession(makeInput({ items, cards, maxReviewsShare: 0.5 }));
    expect(session.filter((s) => s.kind === "review").map((s) => s.itemId).sort()).toEqual([items[0].id, items[40].id].sort());
    expect(session.filter((s) => s.kind === "new")).toHaveLength(18);
  });

  it("is deterministic for a seed and can differ for another seed", () => {
    const a = selectSession(makeInput({ seed: 1 }));
    const b = selectSession(makeInput({ seed: 1 }));
    expect(b).toEqual(a);
    const others = [2, 3, 4, 5, 6].map((seed) => selectSession(makeInput({ seed })));
    expect(others.some((o) => JSON.stringify(o) !== JSON.stringify(a))).toBe(true);
  });

  it("brings an item answered wrongly today back as a retry, only after a gap", () => {
    const items = makeItems(10);
    const wrong = items.find((i) => i.domain === "storage")!;
    const answeredToday = [{ itemId: wrong.id, correct: false, at: new Date(now.getTime() - 60_000) }];
    const cards: SelectorCard[] = [{ itemId: wrong.id, due: new Date(now.getTime() - 1000), stability: 0.2, state: 1, lastReview: new Date(now.getTime() - 60_000) }];
    const session = selectSession(makeInput({ items, cards, answeredToday }));
    const idx = session.findIndex((s) => s.itemId === wrong.id);
    expect(idx).toBeGreaterThanOrEqual(RETRY_GAP);
    expect(session[idx].kind).toBe("retry");
    expect(session[idx].reason).toBe("Retry: answered wrong earlier today");

    // Too short a session to leave the gap: not this session.
    const short = selectSession(makeInput({ items, cards, answeredToday, size: RETRY_GAP }));
    expect(short.some((s) => s.itemId === wrong.id)).toBe(false);

    // Enough other answers since the mistake: the gap is already there.
    const others = items.filter((i) => i.domain === "compute").slice(0, RETRY_GAP);
    const later = [...answeredToday, ...others.map((o, k) => ({ itemId: o.id, correct: true, at: new Date(now.getTime() - 50_000 + k) }))];
    const s2 = selectSession(makeInput({ items, cards, answeredToday: later }));
    expect(s2.find((s) => s.itemId === wrong.id)?.kind).toBe("retry");

    // Wrong, then right later today: no retry.
    const fixed = [...answeredToday, { itemId: wrong.id, correct: true, at: new Date(now.getTime() - 30_000) }];
    expect(selectSession(makeInput({ items, cards, answeredToday: fixed })).find((s) => s.itemId === wrong.id)?.kind).not.toBe("retry");
  });

  it("reaches every objective of a weak domain before repeating its items", () => {
    // Small bank: networking has 3 objectives x 3 items. Answer every selected item correctly.
    const items = makeItems(3);
    const lastSeen: Record<string, Date> = {};
    const cards: SelectorCard[] = [];
    const practised = new Set<string>();
    let clock = now.getTime();
    for (let session = 0; session < 8; session++) {
      const input = makeInput({ items, cards: cards.slice(), lastSeen: { ...lastSeen }, now: new Date(clock), size: 10, seed: session });
      const picked = selectSession(input);
      for (const s of picked.filter((p) => p.domain === "networking")) {
        if (s.reason.startsWith("Practice again")) {
          expect(practised).toEqual(new Set(["vnets", "secure", "dns-lb"]));
        }
        practised.add(s.objective!);
      }
      for (const s of picked) {
        lastSeen[s.itemId] = new Date(clock);
        const at = cards.findIndex((c) => c.itemId === s.itemId);
        const card = { itemId: s.itemId, due: new Date(clock + 30 * DAY), stability: 30, state: 2, lastReview: new Date(clock) };
        if (at >= 0) cards[at] = card;
        else cards.push(card);
        clock += 1000;
      }
      clock += DAY / 2;
    }
    expect(practised.size).toBe(3);
  });

  it("starts a weak domain with objectives not yet practised", () => {
    const items = makeItems(10);
    const vnetItems = items.filter((i) => i.objective === "vnets");
    const cards = vnetItems.slice(0, 5).map((i) => ({ itemId: i.id, due: new Date(now.getTime() + 10 * DAY), stability: 20, state: 2, lastReview: ago(2) }));
    const session = selectSession(makeInput({ items, cards }));
    const net = session.filter((s) => s.domain === "networking" && s.kind === "new");
    expect(net.length).toBeGreaterThanOrEqual(3);
    const firstTwo = net.slice(0, 2).map((s) => s.objective).sort();
    expect(firstTwo).toEqual(["dns-lb", "secure"]);
    expect(net.find((s) => s.objective === "secure")!.reason).toMatch(/^New: objective not yet practised \(Secure access to virtual networks\)/);
  });

  it("says 'objective not yet practised' once per objective, not for every pick of it", () => {
    const session = selectSession(makeInput({ items: makeItems(10), size: 40 }));
    const firsts = new Map<string, number>();
    for (const s of session) {
      if (s.reason.startsWith("New: objective not yet practised")) firsts.set(s.objective!, (firsts.get(s.objective!) ?? 0) + 1);
    }
    expect(firsts.size).toBeGreaterThan(0);
    expect([...firsts.values()].every((n) => n === 1)).toBe(true);
  });

  it("targets items near 70-85% expected success", () => {
    const learnerRatings = { identity: 0.5, storage: 1.5, compute: 0, networking: -0.5, monitor: 1 };
    const input = makeInput({ items: makeItems(40), learnerRatings });
    const ratingById = new Map(input.items.map((i) => [i.id, i.rating]));
    const session = selectSession(input);
    for (const s of session.filter((x) => x.kind === "new")) {
      const p = expectedSuccess(learnerRatings[s.domain as keyof typeof learnerRatings], ratingById.get(s.itemId)!);
      expect(p).toBeGreaterThanOrEqual(0.7);
      expect(p).toBeLessThanOrEqual(0.85);
    }
    // With no item inside the band, the nearest one is taken.
    const hard = makeInput({ items: makeItems(10).map((i) => ({ ...i, rating: i.rating + 6 })), learnerRatings });
    const maxRating = Math.max(...hard.items.map((i) => i.rating));
    const picked = selectSession(hard).filter((s) => s.kind === "new");
    const ratingHard = new Map(hard.items.map((i) => [i.id, i.rating]));
    for (const s of picked) expect(ratingHard.get(s.itemId)!).toBeLessThan(maxRating);
  });

  it("interleaves domains: no two items of the same domain in a row when avoidable", () => {
    for (let seed = 0; seed < 20; seed++) {
      const session = selectSession(makeInput({ seed }));
      expect(maxRun(session)).toBe(1);
    }
    // A dominant weak domain still does not run long.
    const mastery = { networking: { answered: 200, accuracy: 0.3 } };
    expect(maxRun(selectSession(makeInput({ mastery })))).toBeLessThanOrEqual(2);
  });

  it("fills with the least recently seen items when new items run out", () => {
    const items = makeItems(2);
    const lastSeen: Record<string, Date> = {};
    const cards: SelectorCard[] = items.map((it, i) => {
      lastSeen[it.id] = ago(1 + (i % 20));
      return { itemId: it.id, due: new Date(now.getTime() + 30 * DAY), stability: 40, state: 2, lastReview: lastSeen[it.id] };
    });
    const session = selectSession(makeInput({ items, cards, lastSeen }));
    expect(session).toHaveLength(20);
    expect(session.every((s) => s.kind === "review" && s.reason.startsWith("Practice again: least recently seen"))).toBe(true);
    // Within each domain, the items chosen are the ones seen longest ago.
    for (const d of domains) {
      const pool = items.filter((i) => i.domain === d.id).sort((a, b) => lastSeen[a.id].getTime() - lastSeen[b.id].getTime());
      const chosen = session.filter((s) => s.domain === d.id).map((s) => s.itemId);
      expect(new Set(chosen)).toEqual(new Set(pool.slice(0, chosen.length).map((i) => i.id)));
    }
  });

  it("mentions the retake in review reasons and ignores items outside the blueprint", () => {
    const items = [...makeItems(3), { id: "stray", domain: "not-in-exam", rating: 0 }];
    const cards = [reviewCard(items[0].id, 2, 3, 5), reviewCard("stray", 5, 3, 8)];
    const session = selectSession(makeInput({ items, cards, retakeDate: new Date(now.getTime() + 4.5 * DAY) }));
    expect(session.find((s) => s.itemId === items[0].id)!.reason).toBe("Due for review (overdue 2 days; retake in 5 days)");
    expect(session.some((s) => s.itemId === "stray")).toBe(false);
  });

  it("handles empty and tiny inputs", () => {
    expect(selectSession(makeInput({ items: [] }))).toEqual([]);
    expect(selectSession(makeInput({ size: 0 }))).toEqual([]);
    const one = selectSession(makeInput({ items: makeItems(1).slice(0, 3), size: 20 }));
    expect(one).toHaveLength(3);
  });

  it("property: valid sessions for arbitrary candidates", () => {
    const items = makeItems(4);
    fc.assert(
      fc.property(
        fc.array(fc.record({ idx: fc.nat(items.length - 1), dueDays: fc.integer({ min: -20, max: 20 }), stability: fc.double({ min: 0.1, max: 100, noNaN: true }) }), { maxLength: 60 }),
        fc.array(fc.record({ idx: fc.nat(items.length - 1), correct: fc.boolean(), minutesAgo: fc.integer({ min: 0, max: 600 }) }), { maxLength: 15 }),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(),
        (cardSpecs, todaySpecs, size, maxReviewsShare, seed) => {
          const cards = cardSpecs.map((c) => ({ itemId: items[c.idx].id, due: new Date(now.getTime() - c.dueDays * DAY), stability: c.stability, state: 2, lastReview: new Date(now.getTime() - (Math.abs(c.dueDays) + 1) * DAY) }));
          const answeredToday = todaySpecs.map((a) => ({ itemId: items[a.idx].id, correct: a.correct, at: new Date(now.getTime() - a.minutesAgo * 60_000) }));
          const input = makeInput({ items, cards, answeredToday, size, maxReviewsShare, seed });
          const session = selectSession(input);
          expect(session.length).toBeLessThanOrEqual(size);
          expect(new Set(session.map((s) => s.itemId)).size).toBe(session.length);
          // Latest answer today per item, and how many answers followed it.
          const sorted = answeredToday.slice().sort((a, b) => a.at.getTime() - b.at.getTime());
          session.forEach((s, pos) => {
            const last = sorted.map((a) => a.itemId).lastIndexOf(s.itemId);
            if (last >= 0) expect(sorted.length - 1 - last + pos).toBeGreaterThanOrEqual(RETRY_GAP);
            if (s.kind === "retry") expect(sorted[last].correct).toBe(false);
          });
          // Reviews beyond the cap only when some domain has run out of unseen items.
          const seen = new Set([...cards.map((c) => c.itemId), ...answeredToday.map((a) => a.itemId), ...session.map((s) => s.itemId)]);
          const exhausted = domains.some((d) => items.every((i) => i.domain !== d.id || seen.has(i.id)));
          if (!exhausted) {
            expect(session.filter((s) => s.kind !== "new").length).toBeLessThanOrEqual(Math.floor(size * maxReviewsShare));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("property: lastSeen taken from the cards, or a card index (right, shared with appended cards, or wrong), changes nothing", () => {
    const items = makeItems(3);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ idx: fc.nat(items.length - 1), dueDays: fc.integer({ min: -20, max: 20 }), stability: fc.double({ min: 0.1, max: 100, noNaN: true }) }), { selector: (c) => c.idx, maxLength: 50 }),
        fc.array(fc.record({ idx: fc.nat(items.length - 1), correct: fc.boolean(), minutesAgo: fc.integer({ min: 0, max: 600 }) }), { maxLength: 10 }),
        fc.integer({ min: 1, max: 30 }),
        fc.nat(),
        (cardSpecs, todaySpecs, size, seed) => {
          const cards = cardSpecs.map((c) => ({ itemId: items[c.idx].id, due: new Date(now.getTime() - c.dueDays * DAY), stability: c.stability, state: 2, lastReview: new Date(now.getTime() - (Math.abs(c.dueDays) + 1) * DAY) }));
          const answeredToday = todaySpecs.map((a) => ({ itemId: items[a.idx].id, correct: a.correct, at: new Date(now.getTime() - a.minutesAgo * 60_000) }));
          const base = makeInput({ items, cards, answeredToday, size, seed, lastSeen: undefined });
          const expected = selectSession(base);
          const lastSeen = Object.fromEntries(cards.map((c) => [c.itemId, c.lastReview]));
          expect(selectSession({ ...base, lastSeen })).toEqual(expected);
          const positions = new Map(cards.map((c, i) => [c.itemId, i]));
          expect(selectSession({ ...base, cardIndex: { cards, positions } })).toEqual(expected);
          // Shared with a newer array that appended cards for other items: those entries are ignored.
          const shared = new Map(positions);
          items.filter((i) => !positions.has(i.id)).forEach((i, n) => shared.set(i.id, cards.length + n));
          expect(selectSession({ ...base, cardIndex: { cards, positions: shared } })).toEqual(expected);
          // Wrong positions (a caller bug) fall back to indexing the cards; another array's index is ignored.
          const wrong = new Map(cards.map((c, i) => [c.itemId, (i + 1) % cards.length]));
          expect(selectSession({ ...base, cardIndex: { cards, positions: wrong } })).toEqual(expected);
          expect(selectSession({ ...base, cardIndex: { cards: cards.slice(), positions: wrong } })).toEqual(expected);
          // Item-aligned positions: right, with appended entries, wrong, or for another items array.
          const itemCards = Int32Array.from(items, (i) => positions.get(i.id) ?? -1);
          expect(selectSession({ ...base, cardIndex: { cards, positions, items, itemCards } })).toEqual(expected);
          const appended = Int32Array.from(items, (i) => shared.get(i.id) ?? -1);
          expect(selectSession({ ...base, cardIndex: { cards, positions, items, itemCards: appended } })).toEqual(expected);
          const shifted = Int32Array.from(items, (_, k) => itemCards[(k + 1) % items.length]);
          expect(selectSession({ ...base, cardIndex: { cards, positions, items, itemCards: shifted } })).toEqual(expected);
          expect(selectSession({ ...base, cardIndex: { cards, positions, items: items.slice(), itemCards: shifted } })).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});
