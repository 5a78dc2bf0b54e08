/**
 * A synthetic candidate for benchmarks: an AZ-104-shaped exam, N items, and a review log of
 * M rows replayed through the real scheduler into cards, mastery and Elo ratings, the way the
 * server adapters would build a SelectorInput.
 */
import { domainMastery, type MasteryAnswer } from "../app/core/progress/mastery";
import { applyAnswerToRatings, emptyLearnerRatings, initialItemRating, initialLearnerRating } from "../app/core/progress/rating";
import { ratingFromAnswer } from "../app/core/scheduling/rating-from-answer";
import { createScheduler, type CardState } from "../app/core/scheduling/scheduler";
import { mulberry32 } from "../app/core/selector/random";
import type { SelectorDomain, SelectorInput, SelectorItem } from "../app/core/selector/selector";

export const BENCH_DOMAINS: SelectorDomain[] = [
  { id: "identity-governance", name: "Manage Azure identities and governance", short: "Identities and governance", weight: { min: 20, max: 25 }, objectives: [{ id: "entra-users-groups", name: "Manage Microsoft Entra users and groups" }, { id: "access-rbac", name: "Manage access to Azure resources" }, { id: "subscriptions-governance", name: "Manage Azure subscriptions and governance" }] },
  { id: "storage", name: "Implement and manage storage", short: "Storage", weight: { min: 15, max: 20 }, objectives: [{ id: "storage-access", name: "Configure access to storage" }, { id: "storage-accounts", name: "Configure and manage storage accounts" }, { id: "files-blobs", name: "Configure Azure Files and Azure Blob Storage" }] },
  { id: "compute", name: "Deploy and manage Azure compute resources", short: "Compute", weight: { min: 20, max: 25 }, objectives: [{ id: "arm-bicep", name: "Automate deployment with ARM templates or Bicep" }, { id: "virtual-machines", name: "Create and configure virtual machines" }, { id: "containers", name: "Provision and manage containers" }, { id: "app-service", name: "Create and configure Azure App Service" }] },
  { id: "networking", name: "Implement and manage virtual networking", short: "Networking", weight: { min: 15, max: 20 }, objectives: [{ id: "vnets", name: "Configure and manage virtual networks" }, { id: "secure-access", name: "Configure secure access to virtual networks" }, { id: "dns-load-balancing", name: "Configure name resolution and load balancing" }] },
  { id: "monitor-maintain", name: "Monitor and maintain Azure resources", short: "Monitoring and backup", weight: { min: 10, max: 15 }, objectives: [{ id: "monitoring", name: "Monitor resources in Azure" }, { id: "backup-recovery", name: "Implement backup and recovery" }] },
];

export const BENCH_BASELINE: NonNullable<SelectorInput["baseline"]> = {
  "identity-governance": { level: "near", label: "Near baseline" },
  storage: { level: "strong", label: "Above baseline" },
  compute: { level: "near", label: "Near baseline" },
  networking: { level: "weak", label: "Needs improvement" },
  "monitor-maintain": { level: "weak", label: "Needs improvement" },
};

export type ReviewRow = { itemId: string; domain: string; objective: string; correct: boolean; at: Date };

export type SyntheticCandidate = {
  input: SelectorInput;
  rows: ReviewRow[];
  cards: Map<string, CardState>;
};

const DAY = 86_400_000;

/**
 * `itemCount` items; `rowCount` answers spread over the last 120 days across `cardCount` items
 * (so cardCount cards), replayed in time order through schedule() and the Elo updates.
 */
export function syntheticCandidate(opts: { itemCount: number; cardCount: number; rowCount: number; seed: number; now: Date }): SyntheticCandidate {
  const rand = mulberry32(opts.seed);
  const objectives = BENCH_DOMAINS.flatMap((d) => d.objectives.map((o) => ({ domain: d.id, objective: o.id })));
  const items: SelectorItem[] = [];
  for (let i = 0; i < opts.itemCount; i++) {
    const o = objectives[i % objectives.length];
    const d = 1 + Math.floor(rand() * 5);
    const id = `${o.domain}-${String(i).padStart(5, "0")}`;
    items.push({ id, domain: o.domain, objective: o.objective, rating: initialItemRating(d) });
  }

  const start = opts.now.getTime() - 120 * DAY;
  const practised = items.slice(0, opts.cardCount);
  const rows: ReviewRow[] = [];
  for (let r = 0; r < opts.rowCount; r++) {
    const item = practised[r % practised.length];
    const at = new Date(start + rand() * 120 * DAY - 60_000);
    rows.push({ itemId: item.id, domain: item.domain, objective: item.objective!, correct: rand() < 0.72, at });
  }
  rows.sort((a, b) => a.at.getTime() - b.at.getTime());

  const scheduler = createScheduler({ desiredRetention: 0.9 });
  const cards = new Map<string, CardState>();
  let ratings = emptyLearnerRatings();
  const itemRating = new Map(items.map((i) => [i.id, i.rating]));
  for (const row of rows) {
    const grade = ratingFromAnswer({ correct: row.correct, guessed: row.correct && rand() < 0.1, allowEasy: false });
    cards.set(row.itemId, scheduler.schedule(cards.get(row.itemId) ?? null, grade, row.at).card);
    const res = applyAnswerToRatings(ratings, {
      domain: row.domain,
      objective: row.objective,
      itemRating: itemRating.get(row.itemId)!,
      itemAnswers: 50,
      correct: row.correct,
      initial: initialLearnerRating(BENCH_BASELINE[row.domain]?.level),
    });
    ratings = res.ratings;
    itemRating.set(row.itemId, res.item);
  }
  for (const item of items) item.rating = itemRating.get(item.id)!;

  const masteryMap = domainMastery(rows as MasteryAnswer[], opts.now);
  const mastery: SelectorInput["mastery"] = {};
  for (const [d, m] of masteryMap) mastery[d] = { answered: m.answered, accuracy: m.accuracy };
  const learnerRatings: Record<string, number> = {};
  for (const [d, e] of Object.entries(ratings.domains)) learnerRatings[d] = e.rating;

  const dayStart = new Date(opts.now);
  dayStart.setUTCHours(0, 0, 0, 0);
  const answeredToday = rows.filter((r) => r.at >= dayStart).map((r) => ({ itemId: r.itemId, correct: r.correct, at: r.at }));

  // Materialise the input the way a server adapter does per request: fresh objects mapped from
  // database rows in one sequential pass (not the long-lived objects the replay above left
  // scattered across the heap, which would measure the garbage collector's layout, not the selector).
  // No `lastSeen`: every item seen has a card, whose lastReview says when (as the server passes it).
  const input: SelectorInput = {
    domains: BENCH_DOMAINS,
    baseline: BENCH_BASELINE,
    mastery,
    learnerRatings,
    items: items.map((i) => ({ id: i.id, domain: i.domain, objective: i.objective, rating: i.rating })),
    cards: [...cards].map(([itemId, c]) => ({
      itemId,
      due: new Date(c.due.getTime()),
      stability: c.stability,
      state: c.state,
      lastReview: c.last_review ? new Date(c.last_review.getTime()) : null,
    })),
    answeredToday,
    size: 20,
    maxReviewsShare: 0.6,
    retakeDate: new Date(opts.now.getTime() + 12 * DAY),
    now: opts.now,
    seed: 1,
  };
  return { input, rows, cards };
}
