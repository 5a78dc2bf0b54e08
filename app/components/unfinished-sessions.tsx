import { Form, Link } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";

export type UnfinishedSessionRow = { id: string; kind: string; createdAt: string | Date; answered: number; total: number; retries: number };

const KIND_NAMES: Record<string, string> = { daily: "Today's session", extra: "Extra practice", custom: "Custom practice", mistakes: "Mistakes" };
export const sessionKindName = (kind: string) => KIND_NAMES[kind] ?? "Practice";

const fmtStarted = (d: string | Date) =>
  new Date(d).toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }) + " UTC";

/**
 * Every unfinished practice session of an exam, each with Resume and End: starting another
 * session never hides one (it is set aside here until finished or ended).
 */
export function UnfinishedSessions({ sessions, headingLevel = 2 }: { sessions: UnfinishedSessionRow[]; headingLevel?: 2 | 3 }) {
  if (!sessions.length) return null;
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <section id="unfinished" aria-labelledby="unfinished-h" className="card" data-testid="unfinished-sessions">
      <H id="unfinished-h">Unfinished sessions</H>
      <p className="mt-1 text-sm text-slate-700">Pick up where you stopped, or end a session: what you answered counts, the rest goes back to the pool.</p>
      <ul className="mt-3 divide-y divide-slate-100">
        {sessions.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="unfinished-session">
            <span className="min-w-0 text-sm">
              <span className="font-medium">{sessionKindName(s.kind)}</span> · started {fmtStarted(s.createdAt)} · {s.answered} of {s.total} answered
              {s.retries ? ` (${s.retries} ${s.retries === 1 ? "retry" : "retries"} included)` : ""}
            </span>
            <span className="flex gap-2">
              <Link to={`/practice/${s.id}`} className="btn-primary px-3 py-1">Resume<span className="sr-only"> {sessionKindName(s.kind)} started {fmtStarted(s.createdAt)}</span></Link>
              <Form method="post" action={`/practice/${s.id}`} onSubmit={(e) => {
                if (!confirm(`End this session? Your ${s.answered} answer${s.answered === 1 ? "" : "s"} count; the ${s.total - s.answered} questions not answered go back to the pool.`)) e.preventDefault();
              }}>
                <CsrfInput />
                <input type="hidden" name="intent" value="end" />
                <button type="submit" className="btn-secondary px-3 py-1">End<span className="sr-only"> {sessionKindName(s.kind)} started {fmtStarted(s.createdAt)}</span></button>
              </Form>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
