/**
 * Study strategies for the learning-efficiency benchmark, all under the same budget (questions
 * a day × days). Each sees only what a candidate or the app would see (the questions, its own
 * answers, the score report's bands, the blueprint) except `oracle`, which reads the true state.
 *
 * - random-unseen: uniform random over the bank, questions not yet seen first.
 * - blueprint-unseen: domains by blueprint midpoints each day, unseen first.
 * - band-50-30-20: half the day to Below Target domains, 30% to Near, 20% to Above (the split
 *   retake guides recommend; within a band by blueprint weight; an empty band's share goes to the
 *   others in proportion), unseen first.
 * - fsrs-random: every due FSRS review first (the production scheduler, correctness ratings),
 *   the rest of the day random unseen items.
 * - baseline: the production selector (app/core/selector/selector.ts selectSession) and
 *   scheduler, fed exactly what the server feeds them (app/server/practice.server.ts
 *   loadSelectorInput and answers.server.ts recordAnswer): mastery from domainMastery, Elo ratings
 *   from applyAnswerToRatings, FSRS cards from createScheduler with the retake date, today's
 *   answers; sessions of the default size (20) until the day's budget is spent.
 * - oracle: before each question, the objective whose next question raises the next morning's
 *   pass probability the most (true state, expected learning), and in it the item that teaches
 *   most: an upper bound on what choosing questions can do.
 */
import { domainMastery, type MasteryAnswer } from "../../app/core/progress/mastery";
import { applyAnswerToRatings, emptyLearnerRatings, initialItemRating, initialLearnerRating, type LearnerRatings } from "../../app/core/progress/rating";
import { ratingFromAnswer } from "../../app/core/scheduling/rating-from-answer";
import { createScheduler, type CardState, type Scheduler } from "../../app/core/scheduling/scheduler";
import { mulberry32 } from "../../app/core/selector/random";
import { DEFAULT_SESSION_SIZE, largestRemainder, selectSession, type SelectorCard, type SelectorDomain, type SelectorInput, type SelectorItem } from "../../app/core/selector/selector";
import type { BandLevel } from "../../app/core/content/schema";
import { examAccuracy, KNOWN_LEARNING as KNOWN, passFromAccuracies, type Bank, type BankItem, type Candidate, type ExamShape } from "./model";

export const STRATEGIES = ["random-unseen", "blueprint-unseen", "band-50-30-20", "fsrs-random", "baseline", "oracle"] as const;
export type StrategyName = (typeof STRATEGIES)[number];

export type StudyContext = {
  bank: Bank;
  candidate: Candidate;
  shape: ExamShape;
  /** The score report's bands (what the candidate entered). */
  bands: Record<string, BandLevel>;
  /** Morning of the exam (the day after the last study day), for the retake-aware scheduler. */
  examDate: Date;
  seed: number;
  /** Selector settings other than the production defaults (for what-if runs only; the table uses none). */
  selectorTuning?: Partial<Pick<SelectorInput, "targetSuccess" | "maxReviewsShare">>;
};

/** One study day: answer `count` questions starting at `startMs`, one a minute. */
export type Strategy = { studyDay(dayStartMs: number, count: number): void };

const MINUTE = 60_000;
const LABEL: Record<BandLevel, string> = { weak: "Below Target", near: "Near Target", strong: "Above Target" };

export function makeStrategy(name: StrategyName, ctx: StudyContext): Strategy {
  switch (name) {
    case "random-unseen":
      return new UnseenFirst(ctx, () => null);
    case "blueprint-unseen":
      return new UnseenFirst(ctx, () => blueprintShares(ctx));
    case "band-50-30-20":
      return new UnseenFirst(ctx, () => bandShares(ctx));
    case "fsrs-random":
      return new FsrsRandom(ctx);
    case "baseline":
      return new BaselineStrategy(ctx);
    case "oracle":
      return new Oracle(ctx);
  }
}

function blueprintShares(ctx: StudyContext): Record<string, number> {
  return Object.fromEntries(ctx.bank.exam.domains.map((d) => [d.id, (d.weight.min + d.weight.max) / 2]));
}

export const BAND_SPLIT: Record<BandLevel, number> = { weak: 0.5, near: 0.3, strong: 0.2 };

function bandShares(ctx: StudyContext): Record<string, number> {
  const domains = ctx.bank.exam.domains;
  const bandWeight: Record<BandLevel, number> = { weak: 0, near: 0, strong: 0 };
  for (const d of domains) bandWeight[ctx.bands[d.id]] += (d.weight.min + d.weight.max) / 2;
  const present = (Object.keys(BAND_SPLIT) as BandLevel[]).filter((l) => bandWeight[l] > 0);
  const splitSum = present.reduce((s, l) => s + BAND_SPLIT[l], 0);
  const out: Record<string, number> = {};
  for (const d of domains) {
    const l = ctx.bands[d.id];
    out[d.id] = (BAND_SPLIT[l] / splitSum) * (((d.weight.min + d.weight.max) / 2) / bandWeight[l]);
  }
  return out;
}

/** Questions not yet seen first, at random; by domain shares when given, else over the whole bank. */
class UnseenFirst implements Strategy {
  private readonly seen = new Set<string>();
  private readonly rand: () => number;
  constructor(
    private readonly ctx: StudyContext,
    private readonly shares: () => Record<string, number> | null,
  ) {
    this.rand = mulberry32(ctx.seed * 15485863 + 11);
  }

  private pick(pool: readonly BankItem[], taken: Set<string>): BankItem | null {
    const fresh = pool.filter((i) => !this.seen.has(i.id) && !taken.has(i.id));
    const from = fresh.length ? fresh : pool.filter((i) => !taken.has(i.id));
    return from.length ? from[Math.floor(this.rand() * from.length)] : null;
  }

  studyDay(dayStartMs: number, count: number): void {
    const shares = this.shares();
    const chosen: BankItem[] = [];
    const taken = new Set<string>();
    if (!shares) {
      for (let i = 0; i < count; i++) {
        const it = this.pick(this.ctx.bank.items, taken);
        if (!it) break;
        taken.add(it.id);
        chosen.push(it);
      }
    } else {
      const order = this.ctx.bank.exam.domains.map((d) => d.id);
      const counts = largestRemainder(shares, count, order);
      const perDomain: BankItem[][] = order.map((id) => {
        const out: BankItem[] = [];
        for (let i = 0; i < counts[id]; i++) {
          const it = this.pick(this.ctx.bank.byDomain.get(id)!, taken);
          if (!it) break;
          taken.add(it.id);
          out.push(it);
        }
        return out;
      });
      for (let k = 0; perDomain.some((l) => k < l.length); k++) for (const l of perDomain) if (k < l.length) chosen.push(l[k]);
    }
    let t = dayStartMs;
    for (const it of chosen) {
      this.ctx.candidate.answer(it, t);
      this.seen.add(it.id);
      t += MINUTE;
    }
  }
}

/** The app's side of an answer: card, review log, ratings (as answers.server.ts recordAnswer). */
export class AppState {
  readonly cards = new Map<string, CardState>();
  readonly answers: MasteryAnswer[] = [];
  readonly lastSeen: Record<string, Date> = {};
  ratings: LearnerRatings = emptyLearnerRatings();
  readonly itemRating: Map<string, number>;
  readonly itemAnswers = new Map<string, number>();
  readonly scheduler: Scheduler;
  constructor(readonly ctx: StudyContext) {
    this.itemRating = new Map(ctx.bank.items.map((i) => [i.id, initialItemRating(i.difficulty)]));
    this.scheduler = createScheduler({ desiredRetention: 0.9, retakeDate: ctx.examDate });
  }

  record(item: BankItem, correct: boolean, guessed: boolean, atMs: number): void {
    const at = new Date(atMs);
    const objective = item.objective.split("/")[1];
    this.answers.push({ itemId: item.id, domain: item.domain, objective, correct, at });
    this.lastSeen[item.id] = at;
    const rating = ratingFromAnswer({ correct, guessed, allowEasy: false, confident: !guessed });
    this.cards.set(item.id, this.scheduler.schedule(this.cards.get(item.id) ?? null, rating, at).card);
    const n = this.itemAnswers.get(item.id) ?? 0;
    const res = applyAnswerToRatings(this.ratings, {
      domain: item.domain,
      objective,
      itemRating: this.itemRating.get(item.id)!,
      itemAnswers: n,
      correct,
      initial: initialLearnerRating(this.ctx.bands[item.domain]),
    });
    this.ratings = res.ratings;
    this.itemRating.set(item.id, res.item);
    this.itemAnswers.set(item.id, n + 1);
  }
}

class FsrsRandom implements Strategy {
  private readonly app: AppState;
  private readonly rand: () => number;
  constructor(private readonly ctx: StudyContext) {
    this.app = new AppState(ctx);
    this.rand = mulberry32(ctx.seed * 15485863 + 11);
  }
  studyDay(dayStartMs: number, count: number): void {
    let t = dayStartMs;
    const byId = new Map(this.ctx.bank.items.map((i) => [i.id, i]));
    for (let n = 0; n < count; n++) {
      // The most overdue due card (reviews due later today come up as the clock moves).
      let best: string | null = null;
      let bestDue = Infinity;
      for (const [id, c] of this.app.cards) {
        const due = c.due.getTime();
        if (due <= t && due < bestDue) {
          bestDue = due;
          best = id;
        }
      }
      let item = best ? byId.get(best)! : null;
      if (!item) {
        const fresh = this.ctx.bank.items.filter((i) => !this.app.cards.has(i.id));
        const pool = fresh.length ? fresh : this.ctx.bank.items;
        item = pool[Math.floor(this.rand() * pool.length)];
      }
      const a = this.ctx.candidate.answer(item, t);
      this.app.record(item, a.correct, a.guessed, t);
      t += MINUTE;
    }
  }
}

export class BaselineStrategy implements Strategy {
  readonly app: AppState;
  private readonly domains: SelectorDomain[];
  private readonly byId: Map<string, BankItem>;
  private sessionNo = 0;
  constructor(private readonly ctx: StudyContext) {
    this.app = new AppState(ctx);
    this.byId = new Map(ctx.bank.items.map((i) => [i.id, i]));
    this.domains = ctx.bank.exam.domains.map((d) => ({ id: d.id, name: d.name, short: d.short, weight: d.weight, objectives: d.objectives }));
  }

  /** What loadSelectorInput builds for this candidate at `now`. */
  input(nowMs: number, size: number): SelectorInput {
    const now = new Date(nowMs);
    const startOfDay = Math.floor(nowMs / 86_400_000) * 86_400_000;
    const mastery = domainMastery(this.app.answers, now);
    const answeredToday: { itemId: string; correct: boolean; at: Date }[] = [];
    for (let i = this.app.answers.length - 1; i >= 0; i--) {
      const a = this.app.answers[i];
      if (a.at.getTime() < startOfDay) break;
      answeredToday.push({ itemId: a.itemId, correct: a.correct, at: a.at });
    }
    const items: SelectorItem[] = this.ctx.bank.items.map((i) => ({ id: i.id, domain: i.domain, objective: i.objective.split("/")[1], rating: this.app.itemRating.get(i.id)! }));
    const cards: SelectorCard[] = [...this.app.cards].map(([itemId, c]) => ({ itemId, due: c.due, stability: c.stability, state: c.state, lastReview: c.last_review }));
    return {
      domains: this.domains,
      baseline: Object.fromEntries(this.domains.map((d) => [d.id, { level: this.ctx.bands[d.id], label: LABEL[this.ctx.bands[d.id]] }])),
      mastery: Object.fromEntries([...mastery].map(([k, m]) => [k, { answered: m.answered, accuracy: m.accuracy }])),
      learnerRatings: Object.fromEntries(Object.entries(this.app.ratings.domains).map(([d, e]) => [d, e.rating])),
      items,
      cards,
      answeredToday,
      size,
      retakeDate: this.ctx.examDate,
      now,
      seed: (this.ctx.seed * 1000 + this.sessionNo++) >>> 0,
      ...this.ctx.selectorTuning,
    };
  }

  studyDay(dayStartMs: number, count: number): void {
    let t = dayStartMs;
    let left = count;
    for (let guard = 0; left > 0 && guard < 20; guard++) {
      const size = Math.min(DEFAULT_SESSION_SIZE, left);
      const picked = selectSession(this.input(t, size));
      if (!picked.length) break;
      for (const p of picked) {
        if (left <= 0) break;
        const item = this.byId.get(p.itemId)!;
        const a = this.ctx.candidate.answer(item, t);
        this.app.record(item, a.correct, a.guessed, t);
        t += MINUTE;
        left--;
      }
      t += 30 * MINUTE; // a break between sessions
    }
  }
}

/**
 * Lookahead lengths the oracle weighs: the pass-probability gain per question of 1, 5 and 20
 * questions on one objective. A single-question greedy choice undervalues weak objectives, where
 * exam accuracy is convex in ability (the first questions move the score little, the next more).
 */
export const ORACLE_LOOKAHEAD = [1, 5, 20];

class Oracle implements Strategy {
  constructor(private readonly ctx: StudyContext) {}
  studyDay(dayStartMs: number, count: number): void {
    const c = this.ctx.candidate;
    const shape = this.ctx.shape;
    const keys = shape.keys;
    const nextMorning = dayStartMs - (dayStartMs % 86_400_000) + 86_400_000 + 8 * 3600_000;
    const acc = new Float64Array(keys.length);
    let ps = new Float64Array(64);
    let po = new Float64Array(64);
    let t = dayStartMs;
    for (let n = 0; n < count; n++) {
      for (let k = 0; k < keys.length; k++) acc[k] = examAccuracy(c.abilityAt(k, nextMorning));
      const base = passFromAccuracies(shape, acc);
      let bestScore = -Infinity;
      let bestItem: BankItem | null = null;
      for (let k = 0; k < keys.length; k++) {
        const pool = this.ctx.bank.byObjective.get(keys[k])!;
        if (pool.length > ps.length) ps = new Float64Array(pool.length);
        if (pool.length > po.length) po = new Float64Array(pool.length);
        c.knowChances(k, pool, t, ps, po);
        // The item that teaches most now (largest expected gain).
        let item: BankItem | null = null;
        let g = -Infinity;
        for (let i = 0; i < pool.length; i++) {
          const e = (ps[i] * KNOWN + (1 - ps[i])) * (0.5 + 2 * ps[i] * (1 - ps[i]));
          if (e > g) {
            g = e;
            item = pool[i];
          }
        }
        if (!item) continue;
        // Next-morning pass probability gained per question, best over the lookahead lengths.
        const before = acc[k];
        let score = -Infinity;
        for (const m of ORACLE_LOOKAHEAD) {
          acc[k] = examAccuracy(c.abilityAfterSteps(k, item.b, m, t, nextMorning));
          const gain = (passFromAccuracies(shape, acc) - base) / m + 1e-6 * ((acc[k] - before) * shape.weight[k]) / m;
          if (gain > score) score = gain;
        }
        acc[k] = before;
        if (score > bestScore) {
          bestScore = score;
          bestItem = item;
        }
      }
      if (!bestItem) break;
      c.answer(bestItem, t);
      t += MINUTE;
    }
  }
}
