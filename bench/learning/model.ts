/**
 * The simulated candidate and the simulated exam of `npm run bench:learning`.
 *
 * Every choice below is fixed and documented (docs/benchmarks.md, "Learning efficiency: the
 * model") BEFORE any selector tuning; a change here is reported with the table before and after.
 * Nothing in this file is visible to a strategy except through `Candidate.answer()`, which
 * returns what the app would see: right or wrong (and, in the recall-rating variant, the
 * candidate's own "I guessed" flag).
 *
 * The candidate (hidden state):
 * - an ability θ_o per exam objective (logit). It starts at the profile's band level for the
 *   objective's domain (BAND_THETA) + a candidate-wide offset N(0, abilitySd²) + a per-objective
 *   offset N(0, OBJECTIVE_SD²);
 * - on top of it a learned gain G_o that decays: ability at time t is θ_o + G_o·R_o(t), where
 *   R_o is the FSRS-6 forgetting curve of the objective's memory with the candidate's OWN
 *   parameters (ts-fsrs defaults each multiplied by U(0.8, 1.2): the scheduler, which uses the
 *   defaults, never knows them). Studying the objective updates that memory with FSRS's
 *   next_state (Good when the candidate knew the answer, Hard when not: the explanation is read
 *   either way), so spaced practice makes gains last and massed practice does not;
 * - one question with its explanation teaches a share of the objective, not all of it:
 *   ΔG = learn × (known ? KNOWN_LEARNING : 1) × (0.5 + 2·p(1−p)) × max(0, 1 − G/MAX_GAIN), where p is
 *   the chance the candidate knew the item before answering (items near the candidate's level
 *   teach most; ones already known teach a quarter);
 * - each practice item also leaves an item memory (FSRS-6, same parameters): seeing the same item
 *   again is answered from that memory with ITEM_RECALL_SHARE of its retrievability, which makes
 *   repeats look easier than the objective is (as real repeated items do) without teaching more;
 * - an answer: known with p = 1 − (1 − r_item·ITEM_RECALL_SHARE)(1 − logistic(θ_o(t) − b_item)),
 *   otherwise a guess right with 1/k (k = OPTIONS).
 *
 * The exam: EXAM_QUESTIONS new questions, per domain by the blueprint midpoints (largest
 * remainder, as the real exam's proportions), objective uniform within the domain, difficulty
 * b ~ N(0, ITEM_B_SD²) (the bank's mix), each right with p_know + (1 − p_know)/k; pass at
 * PASS_SHARE of the questions (the 700 of 1000 scaled score read as 70% right). The questions are
 * independent draws, so the score is a sum of independent Bernoullis with each question's
 * marginal probability; the pass probability uses the normal approximation with continuity
 * correction. It is computed for the morning after each study day.
 */
import { default_w, fsrs, generatorParameters, Rating, type FSRS, type FSRSState } from "ts-fsrs";
import type { BandLevel, ExamDefinition } from "../../app/core/content/schema";
import { mulberry32 } from "../../app/core/selector/random";

export const DAY_MS = 86_400_000;

/** Options per item: a guess is right with 1/OPTIONS. */
export const OPTIONS = 4;
export const EXAM_QUESTIONS = 50;
export const PASS_SHARE = 0.7;
/** Bank and exam item difficulty spread (logits). */
export const ITEM_B_SD = 0.9;
/**
 * Band level → objective ability (logit). Chosen so that an exam with every domain at that level
 * scores about 45% (weak), 60% (near) and 72% (strong) right: the score-report bars of a failed
 * attempt (a Below Target domain about half right, Above Target just above the pass share).
 */
export const BAND_THETA: Record<BandLevel, number> = { weak: -1.1, near: -0.2, strong: 0.55 };
export const OBJECTIVE_SD = 0.35;
export const ABILITY_SD = 0.3;
/** Logits of objective ability one question with its explanation teaches (before the factors). */
export const LEARN_PER_QUESTION = 0.1;
/** Share of that learning when the candidate already knew the answer. */
export const KNOWN_LEARNING = 0.25;
/** Most a candidate gains on one objective in this horizon (logits). */
export const MAX_GAIN = 2.5;
/** How much of an item's own memory answers a repeat of it. */
export const ITEM_RECALL_SHARE = 0.9;
/** Per-parameter spread of the candidate's true FSRS parameters around ts-fsrs's defaults. */
export const PARAM_SPREAD = 0.2;

/** The learner-model assumptions the results are most sensitive to (the variants). */
export type ModelVariant = {
  name: string;
  /** Multiplier of LEARN_PER_QUESTION. */
  learning?: number;
  /** Multiplier of the candidate-wide ability spread. */
  abilitySpread?: number;
  /** Faster forgetting: FSRS-6 decay w20 of this value and every initial stability × 0.5. */
  fastForgetting?: boolean;
  /** The candidate marks "I guessed" whenever it did not know (the app then rates Hard, not Good). */
  ratingFromRecall?: boolean;
};

export const DEFAULT_MODEL: ModelVariant = { name: "default" };
export const VARIANTS: ModelVariant[] = [
  { name: "faster forgetting", fastForgetting: true },
  { name: "half the learning per question", learning: 0.5 },
  { name: "double the learning per question", learning: 2 },
  { name: "wider ability spread", abilitySpread: 2 },
  { name: "FSRS rating from recall", ratingFromRecall: true },
];

export type BankItem = { id: string; domain: string; objective: string; b: number; difficulty: number };
export type Bank = { exam: ExamDefinition; items: BankItem[]; byDomain: Map<string, BankItem[]>; byObjective: Map<string, BankItem[]> };

/** Objectives as "domain/objective" keys, in blueprint order. */
export function objectiveKeys(exam: ExamDefinition): string[] {
  return exam.domains.flatMap((d) => d.objectives.map((o) => `${d.id}/${o.id}`));
}

/**
 * A bank shaped like the exam's: `size` items, per domain by blueprint midpoints, objectives in
 * turn; true difficulty b ~ N(0, ITEM_B_SD²); the authored 1-5 difficulty is b seen through noise.
 */
export function makeBank(exam: ExamDefinition, size: number, seed: number): Bank {
  const rand = mulberry32(seed * 31 + 5);
  const perDomain = quotas(exam, size);
  const items: BankItem[] = [];
  for (const d of exam.domains) {
    for (let i = 0; i < perDomain.get(d.id)!; i++) {
      const o = d.objectives[i % d.objectives.length];
      const b = ITEM_B_SD * gaussian(rand);
      const difficulty = Math.min(5, Math.max(1, Math.round(3 + (b + 0.5 * gaussian(rand)) / 0.8)));
      items.push({ id: `${d.id}-${String(i).padStart(4, "0")}`, domain: d.id, objective: `${d.id}/${o.id}`, b, difficulty });
    }
  }
  const byDomain = new Map<string, BankItem[]>(exam.domains.map((d) => [d.id, []]));
  const byObjective = new Map<string, BankItem[]>(objectiveKeys(exam).map((k) => [k, []]));
  for (const it of items) {
    byDomain.get(it.domain)!.push(it);
    byObjective.get(it.objective)!.push(it);
  }
  return { exam, items, byDomain, byObjective };
}

/** Questions per domain by blueprint midpoints, largest remainder. */
export function quotas(exam: ExamDefinition, total: number): Map<string, number> {
  const mids = exam.domains.map((d) => (d.weight.min + d.weight.max) / 2);
  const sum = mids.reduce((a, b) => a + b, 0);
  const exact = mids.map((m) => (m / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((q, i) => ({ i, r: q - Math.floor(q) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k].i]++;
  return new Map(exam.domains.map((d, i) => [d.id, counts[i]]));
}

export const logistic = (x: number) => 1 / (1 + Math.exp(-x));

export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 via erf). */
export function phi(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Exam difficulty grid: 9 equal-probability quantiles of N(0, ITEM_B_SD²). */
export const EXAM_B_GRID = [-1.22, -0.765, -0.43, -0.14, 0, 0.14, 0.43, 0.765, 1.22].map((z) => z * ITEM_B_SD);

type ObjectiveState = { theta: number; gain: number; mem: FSRSState | null; last: number };
type ItemMemory = { mem: FSRSState; last: number };

export type Answer = {
  correct: boolean;
  /** The candidate's own "I guessed" flag (only in the recall-rating variant; otherwise false). */
  guessed: boolean;
};

export type ExamShape = {
  keys: string[];
  /** Per objective: its domain's questions on the exam / objectives in the domain. */
  weight: Float64Array;
  passMark: number;
  questions: number;
};

export function examShape(exam: ExamDefinition): ExamShape {
  const q = quotas(exam, EXAM_QUESTIONS);
  const keys = objectiveKeys(exam);
  const weight = new Float64Array(keys.length);
  let k = 0;
  for (const d of exam.domains) for (let j = 0; j < d.objectives.length; j++) weight[k++] = q.get(d.id)! / d.objectives.length;
  return { keys, weight, passMark: Math.ceil(PASS_SHARE * EXAM_QUESTIONS - 1e-9), questions: EXAM_QUESTIONS };
}

/** P(right) on an exam question of the objective at ability θ, averaged over the difficulty grid. */
export function examAccuracy(theta: number): number {
  let s = 0;
  for (const b of EXAM_B_GRID) {
    const k = logistic(theta - b);
    s += k + (1 - k) / OPTIONS;
  }
  return s / EXAM_B_GRID.length;
}

/**
 * Pass probability from per-objective exam accuracies. Each exam question is an independent
 * draw (domain by quota, objective uniform), so its marginal is Bernoulli(domain mean accuracy);
 * objectives within a domain share a domain's questions evenly, which is the same mean.
 */
export function passFromAccuracies(shape: ExamShape, acc: ArrayLike<number>): number {
  let mu = 0;
  let v = 0;
  for (let k = 0; k < shape.keys.length; k++) {
    mu += shape.weight[k] * acc[k];
    v += shape.weight[k] * acc[k] * (1 - acc[k]);
  }
  // Between-objective variation inside a domain adds to the variance only slightly; ignored.
  const sd = Math.sqrt(Math.max(v, 1e-9));
  return 1 - phi((shape.passMark - 0.5 - mu) / sd);
}

export type CandidateSpec = {
  seed: number;
  bands: Record<string, BandLevel>;
  variant: ModelVariant;
};

/** A simulated candidate. Strategies may call only answer(); the oracle may also read the truth. */
export class Candidate {
  readonly bands: Record<string, BandLevel>;
  readonly keys: string[];
  private readonly index: Map<string, number>;
  private readonly obj: ObjectiveState[];
  private readonly items = new Map<string, ItemMemory>();
  private readonly memory: FSRS;
  private readonly rand: () => number;
  private readonly learn: number;
  readonly ratingFromRecall: boolean;

  constructor(
    readonly exam: ExamDefinition,
    spec: CandidateSpec,
  ) {
    const v = spec.variant;
    const rand = mulberry32(spec.seed * 7919 + 13);
    this.bands = spec.bands;
    const w = default_w.map((x) => x * (1 - PARAM_SPREAD + 2 * PARAM_SPREAD * rand()));
    if (v.fastForgetting) {
      w[20] = 0.5;
      for (let i = 0; i < 4; i++) w[i] *= 0.5;
    }
    this.memory = fsrs(generatorParameters({ w, enable_short_term: true }));
    const offset = ABILITY_SD * (v.abilitySpread ?? 1) * gaussian(rand);
    this.keys = objectiveKeys(exam);
    this.index = new Map(this.keys.map((k, i) => [k, i]));
    this.obj = this.keys.map((k) => ({
      theta: BAND_THETA[spec.bands[k.split("/")[0]]] + offset + OBJECTIVE_SD * gaussian(rand),
      gain: 0,
      mem: null,
      last: 0,
    }));
    this.learn = LEARN_PER_QUESTION * (v.learning ?? 1);
    this.ratingFromRecall = v.ratingFromRecall ?? false;
    // Outcomes draw from their own stream so that strategies' choices do not shift them much.
    this.rand = mulberry32(spec.seed * 104729 + 7);
  }

  private objectiveRecall(o: ObjectiveState, atMs: number): number {
    if (!o.mem || o.gain === 0) return 1;
    return this.memory.forgetting_curve(Math.max(0, (atMs - o.last) / DAY_MS), o.mem.stability);
  }

  /** True objective ability at a time (oracle and reporting only). */
  abilityAt(k: number, atMs: number): number {
    const o = this.obj[k];
    return o.theta + o.gain * this.objectiveRecall(o, atMs);
  }

  /** Chance of knowing an item (not guessing) at a time (oracle only). */
  knowChance(item: BankItem, atMs: number): number {
    const k = this.index.get(item.objective)!;
    const im = this.items.get(item.id);
    const r = im ? this.memory.forgetting_curve(Math.max(0, (atMs - im.last) / DAY_MS), im.mem.stability) * ITEM_RECALL_SHARE : 0;
    return 1 - (1 - r) * (1 - logistic(this.abilityAt(k, atMs) - item.b));
  }

  /** Expected learning (logits of gain) from studying the item now (oracle only). */
  expectedGain(item: BankItem, atMs: number): number {
    const k = this.index.get(item.objective)!;
    return this.gainFrom(k, this.knowChance(item, atMs), atMs);
  }

  private gainFrom(k: number, p: number, atMs: number): number {
    const o = this.obj[k];
    const zone = 0.5 + 2 * p * (1 - p);
    const retained = o.gain * this.objectiveRecall(o, atMs);
    const room = Math.max(0, 1 - retained / MAX_GAIN);
    return this.learn * (p * KNOWN_LEARNING + (1 - p)) * zone * room;
  }

  /** The item of the pool that teaches most now, with its chance of being known (oracle only). */
  bestItem(k: number, pool: readonly BankItem[], atMs: number): { item: BankItem | null; gain: number; p: number } {
    const ability = this.abilityAt(k, atMs);
    let best: BankItem | null = null;
    let bestGain = -Infinity;
    let bestP = 0;
    for (const it of pool) {
      const im = this.items.get(it.id);
      const r = im ? this.memory.forgetting_curve(Math.max(0, (atMs - im.last) / DAY_MS), im.mem.stability) * ITEM_RECALL_SHARE : 0;
      const p = 1 - (1 - r) * (1 - logistic(ability - it.b));
      const g = this.gainFrom(k, p, atMs);
      if (g > bestGain) {
        bestGain = g;
        best = it;
        bestP = p;
      }
    }
    return { item: best, gain: bestGain, p: bestP };
  }

  /** Chance each item of the pool is known now (oracle only). */
  knowChances(k: number, pool: readonly BankItem[], atMs: number, out: Float64Array, outObjective: Float64Array): void {
    const ability = this.abilityAt(k, atMs);
    for (let i = 0; i < pool.length; i++) {
      const it = pool[i];
      const im = this.items.get(it.id);
      const r = im ? this.memory.forgetting_curve(Math.max(0, (atMs - im.last) / DAY_MS), im.mem.stability) * ITEM_RECALL_SHARE : 0;
      outObjective[i] = logistic(ability - it.b);
      out[i] = 1 - (1 - r) * (1 - outObjective[i]);
    }
  }

  /**
   * Expected ability of objective k at each of `horizons` if an item known with chance p were
   * studied now: answer()'s update, averaged over knowing it from the objective (Good) or not
   * (Hard) (oracle only).
   */
  abilityAfterStudy(k: number, p: number, pObjective: number, atMs: number, horizons: readonly number[], out: Float64Array): void {
    const o = this.obj[k];
    const r = this.objectiveRecall(o, atMs);
    const retained = o.gain * r;
    const zone = 0.5 + 2 * p * (1 - p);
    const room = Math.max(0, 1 - retained / MAX_GAIN);
    const elapsed = o.mem ? calendarDays(o.last, atMs) : 0;
    const gainKnown = retained + this.learn * KNOWN_LEARNING * zone * room;
    const gainUnknown = retained + this.learn * zone * room;
    const sKnown = this.memory.next_state(o.mem, elapsed, Rating.Good, o.mem ? r : undefined).stability;
    const sUnknown = this.memory.next_state(o.mem, elapsed, Rating.Hard, o.mem ? r : undefined).stability;
    for (let h = 0; h < horizons.length; h++) {
      const dt = Math.max(0, (horizons[h] - atMs) / DAY_MS);
      // Gain by knowing (either way); stability by knowing from the objective. Independent-ish:
      // the product form below is the expectation when the two are taken as independent.
      const rGood = this.memory.forgetting_curve(dt, sKnown);
      const rHard = this.memory.forgetting_curve(dt, sUnknown);
      const r = pObjective * rGood + (1 - pObjective) * rHard;
      out[h] = o.theta + (p * gainKnown + (1 - p) * gainUnknown) * r;
    }
  }

  /**
   * Expected ability of objective k at `horizonMs` after `steps` questions on it now, each on an
   * unseen item of difficulty b (oracle lookahead; memory approximated as after the first step).
   */
  abilityAfterSteps(k: number, b: number, steps: number, atMs: number, horizonMs: number): number {
    const o = this.obj[k];
    const r = this.objectiveRecall(o, atMs);
    let gain = o.gain * r;
    let pObjective = 0;
    for (let j = 0; j < steps; j++) {
      const p = logistic(o.theta + gain - b);
      if (j === 0) pObjective = p;
      const zone = 0.5 + 2 * p * (1 - p);
      const room = Math.max(0, 1 - gain / MAX_GAIN);
      gain += this.learn * (p * KNOWN_LEARNING + (1 - p)) * zone * room;
    }
    const elapsed = o.mem ? calendarDays(o.last, atMs) : 0;
    const sKnown = this.memory.next_state(o.mem, elapsed, Rating.Good, o.mem ? r : undefined).stability;
    const sUnknown = this.memory.next_state(o.mem, elapsed, Rating.Hard, o.mem ? r : undefined).stability;
    const dt = Math.max(0, (horizonMs - atMs) / DAY_MS);
    const rh = pObjective * this.memory.forgetting_curve(dt, sKnown) + (1 - pObjective) * this.memory.forgetting_curve(dt, sUnknown);
    return o.theta + gain * rh;
  }

  indexOf(objective: string): number {
    return this.index.get(objective)!;
  }

  /** Answer one practice item at `atMs`, then read its explanation (learning happens here). */
  answer(item: BankItem, atMs: number): Answer {
    const k = this.index.get(item.objective)!;
    const o = this.obj[k];
    const p = this.knowChance(item, atMs);
    // Known from the objective (retrieval that strengthens the objective's memory) or only from
    // remembering this very item's answer (which does not).
    const im0 = this.items.get(item.id);
    const pItem = im0 ? this.memory.forgetting_curve(Math.max(0, (atMs - im0.last) / DAY_MS), im0.mem.stability) * ITEM_RECALL_SHARE : 0;
    const knownObjective = this.rand() < logistic(this.abilityAt(k, atMs) - item.b);
    const known = knownObjective || this.rand() < pItem;
    const correct = known || this.rand() < 1 / OPTIONS;
    // Learning from the question and its explanation.
    const objR = this.objectiveRecall(o, atMs);
    const retained = o.gain * objR;
    const zone = 0.5 + 2 * p * (1 - p);
    const room = Math.max(0, 1 - retained / MAX_GAIN);
    o.gain = retained + this.learn * (known ? KNOWN_LEARNING : 1) * zone * room;
    o.mem = this.memory.next_state(o.mem, o.mem ? calendarDays(o.last, atMs) : 0, knownObjective ? Rating.Good : Rating.Hard, o.mem ? objR : undefined);
    o.last = atMs;
    // The item's own memory (its answer, seen in the explanation).
    const im = this.items.get(item.id);
    if (im) {
      const r = this.memory.forgetting_curve(Math.max(0, (atMs - im.last) / DAY_MS), im.mem.stability);
      im.mem = this.memory.next_state(im.mem, calendarDays(im.last, atMs), known ? Rating.Good : Rating.Again, r);
      im.last = atMs;
    } else {
      this.items.set(item.id, { mem: this.memory.next_state(null, 0, known ? Rating.Good : Rating.Again), last: atMs });
    }
    return { correct, guessed: this.ratingFromRecall && correct && !known };
  }

  /** Per-objective exam accuracy at a time. */
  examAccuracies(atMs: number, out = new Float64Array(this.keys.length)): Float64Array {
    for (let k = 0; k < this.keys.length; k++) out[k] = examAccuracy(this.abilityAt(k, atMs));
    return out;
  }

  passProbability(shape: ExamShape, atMs: number): number {
    return passFromAccuracies(shape, this.examAccuracies(atMs));
  }
}

/** Whole calendar days between two instants (UTC), as FSRS counts elapsed days. */
export function calendarDays(fromMs: number, toMs: number): number {
  return Math.floor(toMs / DAY_MS) - Math.floor(fromMs / DAY_MS);
}

// ---- Profiles: score-report patterns from retake guides ----

export type Profile = { name: string; bands: (exam: ExamDefinition, rand: () => number) => Record<string, BandLevel> };

/** Domains by blueprint midpoint, heaviest first (ties: blueprint order). */
function heaviest(exam: ExamDefinition): string[] {
  return exam.domains
    .map((d, i) => ({ id: d.id, mid: (d.weight.min + d.weight.max) / 2, i }))
    .sort((a, b) => b.mid - a.mid || a.i - b.i)
    .map((d) => d.id);
}

const all = (exam: ExamDefinition, level: BandLevel) => Object.fromEntries(exam.domains.map((d) => [d.id, level])) as Record<string, BandLevel>;

export const PROFILES: Profile[] = [
  {
    name: "one weak domain",
    bands: (exam) => ({ ...all(exam, "strong"), [heaviest(exam)[0]]: "weak" }),
  },
  {
    name: "two weak domains",
    bands: (exam) => {
      const [a, b] = heaviest(exam);
      return { ...all(exam, "strong"), [a]: "weak", [b]: "weak" };
    },
  },
  { name: "near everywhere", bands: (exam) => all(exam, "near") },
  {
    name: "uneven",
    // Two Above, one Near, two Below, in blueprint order (for AZ-104: identity and storage Above,
    // compute Near, networking and monitoring Below): weak domains that are not the heaviest.
    bands: (exam) => Object.fromEntries(exam.domains.map((d, i, ds) => [d.id, i < 2 ? "strong" : i === 2 ? "near" : i >= ds.length - 2 ? "weak" : "near"])) as Record<string, BandLevel>,
  },
  {
    name: "random",
    bands: (exam, rand) => {
      for (;;) {
        const out = Object.fromEntries(exam.domains.map((d) => [d.id, (["weak", "near", "strong"] as const)[Math.floor(rand() * 3)]]));
        // A candidate with every domain Above Target would have passed.
        if (Object.values(out).some((l) => l !== "strong")) return out as Record<string, BandLevel>;
      }
    },
  },
];
