/**
 * Mock-exam assembly: which questions a timed mock holds, in which order, with which option
 * order. Pure and deterministic: the same exam, bank, request and seed give the same mock.
 * Rules and their reasons: docs/mock-exams.md ("Assembly").
 */
import type { ExamDefinition } from "../content/schema";
import { hashUnit, mulberry32 } from "../selector/random";

export type MockBankItem = {
  id: string;
  domain: string;
  objective: string | null;
  difficulty: number;
  optionKeys: readonly string[];
  /** The case study the item belongs to: its items are sat together, as a section. */
  caseStudy?: string | null;
};
export type MockExamShape = Pick<ExamDefinition, "code" | "domains" | "mock">;
/** No domains (or an empty list) = every domain (a full mock); questions default: exam.mock.questions. */
export type MockRequest = { domains?: readonly string[]; questions?: number };

/**
 * Target share of each authored difficulty 1..5 (index 0 = difficulty 1). Centred on the middle
 * like a real exam calibrated around its cut score, with some easy and some hard questions;
 * an easy-first mock would overstate readiness.
 */
export const DIFFICULTY_TARGET: readonly number[] = [0.1, 0.2, 0.4, 0.2, 0.1];

const EPSILON = 1e-9;
const midpoint = (w: { min: number; max: number }) => (w.min + w.max) / 2;

/**
 * Questions per domain: blueprint midpoint weights, normalised over the requested domains,
 * largest remainder so the sum is exact. Ties broken deterministically (heavier weight first,
 * then blueprint order). All weights zero: equal shares.
 */
export function domainQuotas(
  domains: readonly { id: string; weight: { min: number; max: number } }[],
  total: number,
): Map<string, number> {
  const out = new Map<string, number>(domains.map((d) => [d.id, 0]));
  const n = Math.floor(total);
  if (!(n > 0) || domains.length === 0) return out;
  const weights = domains.map((d) => Math.max(0, midpoint(d.weight)));
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = sum > 0 ? weights.map((w) => w / sum) : weights.map(() => 1 / domains.length);
  let given = 0;
  const rest = domains.map((d, index) => {
    const exact = shares[index] * n;
    // Snap values a hair below an integer (float error) so 12.9999999 counts as 13.
    const floor = Math.floor(exact + EPSILON);
    out.set(d.id, floor);
    given += floor;
    return { id: d.id, remainder: exact - floor, weight: weights[index], index };
  });
  rest.sort((a, b) =>
    Math.abs(b.remainder - a.remainder) > EPSILON ? b.remainder - a.remainder : b.weight - a.weight || a.index - b.index,
  );
  for (let i = 0; given < n; i = (i + 1) % rest.length, given++) out.set(rest[i].id, out.get(rest[i].id)! + 1);
  return out;
}

/** Minutes for a mock of n questions: exam.mock.durationMinutes scaled by n / exam.mock.questions, rounded up, at least 1. */
export function mockMinutes(exam: MockExamShape, questions: number): number {
  return Math.max(1, Math.ceil((exam.mock.durationMinutes * questions) / exam.mock.questions));
}

export type Shortfall = {
  domain: string;
  /** The domain's official name. */
  name: string;
  /** The short name (or the name), as used in messages. */
  short: string;
  needed: number;
  available: number;
};
export type MockPlan = {
  questions: number;
  minutes: number;
  domains: { domain: string; name: string; short: string; count: number; available: number }[];
};
export type PlanFailure = {
  ok: false;
  /** too-small: the bank cannot fill the request; the others: the request itself is wrong. */
  reason: "too-small" | "unknown-domain" | "invalid-questions";
  shortfalls: Shortfall[];
  /** Largest question count below the request, same proportions, that the bank fills (0 if none). */
  largest: number;
  message: string;
};
export type PlanResult = { ok: true; plan: MockPlan } | PlanFailure;

/** Bank items of the exam's domains, sorted by id, each id once: the result never depends on bank order. */
function canonicalBank(exam: MockExamShape, items: readonly MockBankItem[]): MockBankItem[] {
  const known = new Set(exam.domains.map((d) => d.id));
  const seen = new Set<string>();
  const out: MockBankItem[] = [];
  for (const item of [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (seen.has(item.id) || !known.has(item.domain)) continue;
    seen.add(item.id);
    out.push(item);
  }
  return out;
}

const questionsText = (n: number) => `${n} question${n === 1 ? "" : "s"}`;

function planFromBank(exam: MockExamShape, bank: readonly MockBankItem[], request: MockRequest = {}): PlanResult {
  const fail = (reason: PlanFailure["reason"], message: string): PlanFailure => ({
    ok: false,
    reason,
    shortfalls: [],
    largest: 0,
    message,
  });
  const questions = request.questions ?? exam.mock.questions;
  if (!Number.isInteger(questions) || questions < 1) {
    return fail("invalid-questions", `A mock needs a whole number of questions, at least 1 (got ${String(questions)}).`);
  }
  const requested = new Set(request.domains ?? []);
  const unknown = [...requested].filter((id) => !exam.domains.some((d) => d.id === id));
  if (unknown.length) {
    return fail(
      "unknown-domain",
      `${exam.code} has no domain ${unknown.join(", ")}; its domains are ${exam.domains.map((d) => d.id).join(", ")}.`,
    );
  }
  // Blueprint order whatever order the request lists them in.
  const domains = requested.size ? exam.domains.filter((d) => requested.has(d.id)) : exam.domains;
  const available = new Map<string, number>(domains.map((d) => [d.id, 0]));
  for (const item of bank) if (available.has(item.domain)) available.set(item.domain, available.get(item.domain)! + 1);
  const fills = (n: number) => [...domainQuotas(domains, n)].every(([id, count]) => count <= available.get(id)!);

  const quotas = domainQuotas(domains, questions);
  const shortfalls: Shortfall[] = domains
    .filter((d) => quotas.get(d.id)! > available.get(d.id)!)
    .map((d) => ({
      domain: d.id,
      name: d.name,
      short: d.short ?? d.name,
      needed: quotas.get(d.id)!,
      available: available.get(d.id)!,
    }));
  if (shortfalls.length === 0) {
    return {
      ok: true,
      plan: {
        questions,
        minutes: mockMinutes(exam, questions),
        domains: domains.map((d) => ({
          domain: d.id,
          name: d.name,
          short: d.short ?? d.name,
          count: quotas.get(d.id)!,
          available: available.get(d.id)!,
        })),
      },
    };
  }
  // Largest remainder is not monotone in the total (the Alabama paradox), so test each size downwards.
  const totalAvailable = [...available.values()].reduce((a, b) => a + b, 0);
  let largest = Math.min(questions - 1, totalAvailable);
  while (largest > 0 && !fills(largest)) largest--;
  const missing = shortfalls.map((s) => `${s.short} needs ${questionsText(s.needed)} and has ${s.available}`).join("; ");
  const advice =
    largest > 0
      ? `The largest mock with the same proportions is ${questionsText(largest)}.`
      : "No mock with the same proportions can be filled until questions are added.";
  return {
    ok: false,
    reason: "too-small",
    shortfalls,
    largest,
    message: `The bank is too small for a ${questions}-question mock: ${missing}. ${advice}`,
  };
}

/**
 * Checks the bank can fill the request; when not: which domains miss how many, and the
 * largest question count (same proportions) the bank can fill (0 if none), with a message.
 * Also rejects unknown domain ids and a question count that is not a whole number >= 1.
 */
export function planMock(exam: MockExamShape, items: readonly MockBankItem[], request?: MockRequest): PlanResult {
  return planFromBank(exam, canonicalBank(exam, items), request);
}

export type MockQuestionPlan = {
  itemId: string;
  domain: string;
  objective: string | null;
  difficulty: number;
  optionOrder: string[];
};
export type AssembledMock = { minutes: number; questions: MockQuestionPlan[] };
export type AssembleOptions = { seed: number; recentItemIds?: ReadonlySet<string> };
export type AssembleResult = { ok: true; mock: AssembledMock; plan: MockPlan } | PlanFailure;

/** Difficulty as an index into DIFFICULTY_TARGET (authored 1..5; anything else clamped). */
const level = (difficulty: number) => Math.min(DIFFICULTY_TARGET.length - 1, Math.max(0, Math.round(difficulty) - 1));
const NO_OBJECTIVE = "\u0000none";
const objectiveKey = (item: MockBankItem) => item.objective ?? NO_OBJECTIVE;

/** A seed for a sub-stream, so option orders and the question order do not shift each other. */
const subSeed = (seed: number, key: string) => Math.floor(hashUnit(seed, key) * 4294967296);

function shuffle<T>(values: readonly T[], rng: () => number): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

type Candidate = { item: MockBankItem; recent: boolean; chosen: boolean };

/**
 * Assembles a mock. Per domain exactly its quota, no item twice. Within a domain, items not
 * in `recentItemIds` first (recent ones only when the domain cannot be filled otherwise) and
 * objectives in turn (the least-represented objective that has items left). The difficulty
 * mix is matched to DIFFICULTY_TARGET across the whole mock: each pick takes the difficulty
 * furthest below its target so far, then single swaps within the same domain, objective and
 * recency bring the mix closer while any swap helps. Options and the question order are
 * shuffled with the seed.
 */
export function assembleMock(
  exam: MockExamShape,
  items: readonly MockBankItem[],
  request: MockRequest | undefined,
  options: AssembleOptions,
): AssembleResult {
  const bank = canonicalBank(exam, items);
  const planned = planFromBank(exam, bank, request);
  if (!planned.ok) return planned;
  const { plan } = planned;
  const { seed } = options;
  const recent = options.recentItemIds ?? new Set<string>();

  // Per domain: candidates in a seeded order (the tie-break between equally good items).
  const tieKey = new Map(bank.map((item) => [item.id, hashUnit(seed, item.id)]));
  const byTie = (a: Candidate, b: Candidate) =>
    tieKey.get(a.item.id)! - tieKey.get(b.item.id)! || (a.item.id < b.item.id ? -1 : 1);
  const pools = new Map<string, Candidate[]>(plan.domains.map((d) => [d.domain, []]));
  for (const item of bank) pools.get(item.domain)?.push({ item, recent: recent.has(item.id), chosen: false });
  for (const pool of pools.values()) pool.sort(byTie);

  // Interleave the domains' slots so every domain draws from the difficulty mix as it builds up.
  const slots = plan.domains
    .flatMap((d, order) => Array.from({ length: d.count }, (_, k) => ({ domain: d.domain, at: (k + 0.5) / d.count, order })))
    .sort((a, b) => a.at - b.at || a.order - b.order);

  const counts = DIFFICULTY_TARGET.map(() => 0);
  const objectiveCounts = new Map<string, Map<string, number>>(plan.domains.map((d) => [d.domain, new Map()]));
  const picked: Candidate[] = [];
  for (const slot of slots) {
    const pool = pools.get(slot.domain)!;
    const open = pool.filter((c) => !c.chosen);
    const tier = open.some((c) => !c.recent) ? open.filter((c) => !c.recent) : open;
    const perObjective = objectiveCounts.get(slot.domain)!;
    const least = Math.min(...tier.map((c) => perObjective.get(objectiveKey(c.item)) ?? 0));
    const deficit = (c: Candidate) =>
      DIFFICULTY_TARGET[level(c.item.difficulty)] * (picked.length + 1) - counts[level(c.item.difficulty)];
    let best: Candidate | null = null;
    for (const c of tier) {
      if ((perObjective.get(objectiveKey(c.item)) ?? 0) !== least) continue;
      if (!best || deficit(c) > deficit(best) + EPSILON) best = c;
    }
    // planMock guaranteed the quota fits, so a candidate always exists.
    best!.chosen = true;
    picked.push(best!);
    counts[level(best!.item.difficulty)]++;
    perObjective.set(objectiveKey(best!.item), least + 1);
  }

  improveDifficultyMix(picked, pools, counts);

  // A case study, when the bank has one whose items all fit the mock's domains: its items
  // replace as many picked items of the same domains (domain counts stay), and come first, together.
  // Only a full mock has a case-study section (a shorter mock on chosen domains is practice for
  // those domains); other mocks keep case-study items out, since their scenario would be missing.
  const fullMock = !request?.domains || request.domains.length === 0;
  const section = fullMock ? caseStudySection(picked, bank, plan.domains.map((d) => d.domain), seed, byTie) : (caseStudySection(picked, bank, [], seed, byTie), []);
  const rest = shuffle(picked.filter((c) => !section.includes(c)), mulberry32(subSeed(seed, "question-order")));
  const questions = [...section, ...rest].map(
    ({ item }): MockQuestionPlan => ({
      itemId: item.id,
      domain: item.domain,
      objective: item.objective,
      difficulty: item.difficulty,
      optionOrder: shuffle(item.optionKeys, mulberry32(subSeed(seed, `options:${item.id}`))),
    }),
  );
  return { ok: true, mock: { minutes: plan.minutes, questions }, plan };
}

/**
 * Puts one case study (seeded choice among those that fit) into `picked`, in place of picked
 * non-case items of the same domains, and returns its candidates in id order (the section).
 * Items of other case studies that the domain draw picked are swapped out for non-case items.
 */
function caseStudySection(picked: Candidate[], bank: readonly MockBankItem[], domains: readonly string[], seed: number, byTie: (a: Candidate, b: Candidate) => number): Candidate[] {
  const inMock = new Set(domains);
  const cases = new Map<string, MockBankItem[]>();
  for (const item of bank) if (item.caseStudy) cases.set(item.caseStudy, [...(cases.get(item.caseStudy) ?? []), item]);
  const fits = [...cases].filter(([, items]) => items.every((i) => inMock.has(i.domain))).sort(([a], [b]) => (a < b ? -1 : 1));
  const chosenCase = fits.length ? fits[Math.floor(hashUnit(seed, "case-study") * fits.length)] : null;
  const sectionIds = new Set(chosenCase ? chosenCase[1].map((i) => i.id) : []);
  // Case items the domain draw picked, other than the chosen case's, leave the mock.
  const pickedIds = new Set(picked.map((c) => c.item.id));
  const spare = (domain: string) =>
    bank
      .filter((i) => i.domain === domain && !i.caseStudy && !pickedIds.has(i.id))
      .map((item) => ({ item, recent: false, chosen: true }))
      .sort(byTie);
  for (let i = 0; i < picked.length; i++) {
    const c = picked[i];
    if (c.item.caseStudy && !sectionIds.has(c.item.id)) {
      const replacement = spare(c.item.domain)[0];
      if (replacement) {
        picked[i] = replacement;
        pickedIds.delete(c.item.id);
        pickedIds.add(replacement.item.id);
      }
    }
  }
  if (!chosenCase) return [];
  const section: Candidate[] = [];
  for (const item of chosenCase[1].slice().sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const already = picked.find((c) => c.item.id === item.id);
    if (already) {
      section.push(already);
      continue;
    }
    // Replace the last-drawn non-case, non-section item of the same domain.
    let at = -1;
    for (let i = picked.length - 1; i >= 0; i--) {
      if (picked[i].item.domain === item.domain && !picked[i].item.caseStudy) {
        at = i;
        break;
      }
    }
    if (at < 0) continue; // the domain has no slot to give: the item stays out
    const c: Candidate = { item, recent: false, chosen: true };
    picked[at] = c;
    section.push(c);
  }
  return section;
}

/**
 * Swaps a picked item for an unpicked one of the same domain, objective and recency when that
 * lowers the squared distance of the difficulty counts from the target. Moving one question
 * from difficulty a to b changes that distance by 2((c_b - t_b) - (c_a - t_a)) + 2, so it helps
 * when a is more than one question further above its target than b.
 */
function improveDifficultyMix(picked: Candidate[], pools: ReadonlyMap<string, Candidate[]>, counts: number[]): void {
  const targets = DIFFICULTY_TARGET.map((share) => share * picked.length);
  const excess = (l: number) => counts[l] - targets[l];
  for (let improved = true; improved; ) {
    improved = false;
    for (let i = 0; i < picked.length; i++) {
      const out = picked[i];
      const from = level(out.item.difficulty);
      let best: Candidate | null = null;
      let gain = 1 + EPSILON;
      for (const c of pools.get(out.item.domain)!) {
        if (c.chosen || c.recent !== out.recent || objectiveKey(c.item) !== objectiveKey(out.item)) continue;
        const to = level(c.item.difficulty);
        if (to !== from && excess(from) - excess(to) > gain) {
          best = c;
          gain = excess(from) - excess(to);
        }
      }
      if (!best) continue;
      out.chosen = false;
      best.chosen = true;
      picked[i] = best;
      counts[from]--;
      counts[level(best.item.difficulty)]++;
      improved = true;
    }
  }
}
