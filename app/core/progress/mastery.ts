/**
 * Measured mastery per domain, from the candidate's own answers.
 *
 * `accuracy` is a recency-weighted share correct with a Beta prior: each answer weighs
 * 0.5^(age / halfLife), and `priorStrength` pseudo-answers at `priorMean` are added, so one
 * lucky answer (1/1) reads as ~73%, not 100%, and old answers fade as the candidate learns.
 * Items scored by parts count their share of points (`score`), not right/wrong.
 * `recentAccuracy` is the plain share correct of the last few answers (no prior), for
 * "how am I doing right now".
 */

export type MasteryAnswer = {
  itemId: string;
  domain: string;
  objective?: string | null;
  correct: boolean;
  /**
   * Share of the item's points earned (0..1) for items scored by parts (statement series,
   * ordering, drop-downs); absent means all or nothing, from `correct`.
   */
  score?: number | null;
  at: Date;
};

/** The credit an answer earns toward accuracy: its partial score when it has one. */
export function answerCredit(a: { correct: boolean; score?: number | null }): number {
  if (typeof a.score === "number" && Number.isFinite(a.score)) return Math.min(1, Math.max(0, a.score));
  return a.correct ? 1 : 0;
}

export type DomainMastery = {
  /** Answers given in the domain (all time). */
  answered: number;
  /** Fully correct answers in the domain (all time). */
  correct: number;
  /**
   * Recency-weighted share of points earned (a statement series with 2 of 3 right earns 2/3),
   * shrunk toward the prior; 0..1.
   */
  accuracy: number;
  /** Plain share of points earned over the last `recentCount` answers; 0..1. */
  recentAccuracy: number;
  /** Sum of recency weights: how many "fresh" answers the accuracy stands on. */
  evidence: number;
  lastAnsweredAt: Date;
};

export type MasteryOptions = {
  /** Days after which an answer counts half. Default 21. */
  halfLifeDays?: number;
  /** Prior share correct. Default 0.6 (a candidate who failed near the pass mark). */
  priorMean?: number;
  /** Pseudo-answers the prior is worth. Default 2. */
  priorStrength?: number;
  /** Answers in `recentAccuracy`. Default 10. */
  recentCount?: number;
};

export const MASTERY_DEFAULTS: Required<MasteryOptions> = {
  halfLifeDays: 21,
  priorMean: 0.6,
  priorStrength: 2,
  recentCount: 10,
};

const DAY_MS = 86_400_000;

type Acc = {
  answered: number;
  correct: number;
  wSum: number;
  wCorrect: number;
  last: Date;
  // Ring buffer of the most recent answers (by `at`), kept small.
  recent: { at: number; credit: number }[];
};

export function domainMastery(
  answers: readonly MasteryAnswer[],
  now: Date,
  options: MasteryOptions = {},
): Map<string, DomainMastery> {
  const o = { ...MASTERY_DEFAULTS, ...options };
  const nowMs = now.getTime();
  const lambda = Math.LN2 / (o.halfLifeDays * DAY_MS);
  const byDomain = new Map<string, Acc>();

  for (const a of answers) {
    const t = a.at.getTime();
    let acc = byDomain.get(a.domain);
    if (!acc) {
      acc = { answered: 0, correct: 0, wSum: 0, wCorrect: 0, last: a.at, recent: [] };
      byDomain.set(a.domain, acc);
    }
    // Answers "from the future" (clock skew) count as fresh, never more than fresh.
    const w = Math.exp(-lambda * Math.max(0, nowMs - t));
    const credit = answerCredit(a);
    acc.answered++;
    acc.wSum += w;
    if (a.correct) acc.correct++;
    acc.wCorrect += w * credit;
    if (t > acc.last.getTime()) acc.last = a.at;
    pushRecent(acc.recent, { at: t, credit }, o.recentCount);
  }

  const out = new Map<string, DomainMastery>();
  for (const [domain, acc] of byDomain) {
    const recentCorrect = acc.recent.reduce((n, r) => n + r.credit, 0);
    out.set(domain, {
      answered: acc.answered,
      correct: acc.correct,
      accuracy: (acc.wCorrect + o.priorStrength * o.priorMean) / (acc.wSum + o.priorStrength),
      recentAccuracy: acc.recent.length ? recentCorrect / acc.recent.length : 0,
      evidence: acc.wSum,
      lastAnsweredAt: acc.last,
    });
  }
  return out;
}

/** Keeps the `cap` latest entries, sorted by time ascending; answers may arrive in any order. */
function pushRecent(recent: { at: number; credit: number }[], entry: { at: number; credit: number }, cap: number) {
  if (recent.length === cap && entry.at < recent[0].at) return;
  let i = recent.length;
  while (i > 0 && recent[i - 1].at > entry.at) i--;
  recent.splice(i, 0, entry);
  if (recent.length > cap) recent.shift();
}
