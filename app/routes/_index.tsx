import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getUserId } from "~/server/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  return { loggedIn: Boolean(await getUserId(request)) };
}

const steps = [
  {
    title: "Start from your score report",
    body: "Enter, paste or upload the report from your last attempt. Each skill domain's bar or band becomes your baseline.",
  },
  {
    title: "Practise where it counts",
    body: "Daily sessions draw more questions from the domains marked weak, weighted by the exam blueprint, and adapt as your accuracy rises.",
  },
  {
    title: "Remember it on exam day",
    body: "Spaced repetition (FSRS) brings each question back just before you would forget it, and never schedules past your retake date.",
  },
  {
    title: "Know when you are ready",
    body: "Timed mock exams shaped like the real one, and progress per domain against your baseline, tell you when to book the retake.",
  },
];

export default function Index() {
  const { loggedIn } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-10">
      <section className="rounded-xl bg-gradient-to-br from-brand-700 to-brand-800 px-6 py-10 text-white sm:px-10">
        <p className="text-sm font-medium uppercase tracking-wider text-brand-100">Certification retake practice</p>
        <h1 className="mt-2 max-w-2xl text-3xl font-bold sm:text-4xl">Your score report says where you fell short. Baseline gets you past it.</h1>
        <p className="mt-4 max-w-2xl text-brand-50">
          Practice questions for Microsoft AZ-104 and AZ-204, chosen from the skill domains your report marks
          weak, scheduled so you still remember them on the day of your retake.
        </p>
        <div className="mt-6 flex flex-wrap gap-3">
          {loggedIn ? (
            <Link to="/dashboard" className="btn bg-white text-brand-800 hover:bg-brand-50">Go to your dashboard</Link>
          ) : (
            <>
              <Link to="/signup" className="btn bg-white text-brand-800 hover:bg-brand-50">Create a free account</Link>
              <Link to="/login" className="btn border border-white/60 text-white hover:bg-white/10">Log in</Link>
            </>
          )}
        </div>
      </section>
      <section aria-labelledby="how">
        <h2 id="how">How it works</h2>
        <ol className="mt-4 grid gap-4 sm:grid-cols-2">
          {steps.map((s, i) => (
            <li key={s.title} className="card">
              <p className="text-sm font-semibold text-brand-700">Step {i + 1}</p>
              <h3 className="mt-1 font-semibold">{s.title}</h3>
              <p className="mt-2 text-sm text-slate-700">{s.body}</p>
            </li>
          ))}
        </ol>
      </section>
      <p className="text-sm text-slate-600">
        Every question is written new from the official documentation, with an explanation, a rationale for each
        option and a link to the page that settles it.
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
