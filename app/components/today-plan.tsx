/** What today's plan has left, as one line: "done for today" once the daily session is done. */
export type TodayPlanView = { reviews: number; new: number; minutes: number; due: number; left: number; done: boolean; answeredToday: number; size: number; extraMinutes: number };

export function todayText(plan: TodayPlanView): string {
  if (plan.done) return `Done for today: ${plan.answeredToday} question${plan.answeredToday === 1 ? "" : "s"} answered. Extra practice: ${plan.size} more, about ${plan.extraMinutes} min`;
  const rolled = plan.due > plan.reviews ? ` (${plan.due - plan.reviews} more roll to tomorrow)` : "";
  const started = plan.answeredToday > 0 ? `${plan.left} left today: ` : "";
  // Retries of wrong answers come on top of the plan (docs/selector.md, "Session size and retries").
  return `${started}${plan.reviews} review${plan.reviews === 1 ? "" : "s"} due${rolled} · ${plan.new} new · about ${plan.minutes} min, plus 1.5 min per retry of a wrong answer`;
}

export function TodayLine({ plan, className }: { plan: TodayPlanView; className?: string }) {
  return <p className={className} data-testid="today-plan">{todayText(plan)}</p>;
}
