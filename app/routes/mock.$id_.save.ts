/**
 * JSON endpoint the mock page calls (with client JavaScript) to save one answer or flag, to
 * close a case-study section when the candidate leaves it, or to submit. Without JavaScript the page posts to its own action instead (mock.$id.tsx).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { CsrfError, verifyCsrf } from "~/server/csrf.server";
import { closeMockSection, ownsMock, saveMockAnswer, submitMock } from "~/server/mock.server";
import { readForm } from "~/server/request-body.server";
import { getUserId } from "~/server/session.server";
import { invariantResponse } from "~/utils/invariant";

const SaveSchema = z.object({
  intent: z.literal("save"),
  position: z.coerce.number().int().min(0).max(500),
  // Option keys, or name=value parts of multi-part items (core/scoring/score.ts); checked against the item in saveMockAnswer.
  selected: z.array(z.string().min(1).max(48)).max(16),
  flagged: z.enum(["true", "false"]).optional(),
});

/** A JSON answer with its status (resource routes answer with a plain Response). */
function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

const STATUS = { "not-found": 404, expired: 409, submitted: 409, invalid: 400, busy: 503 } as const;

export async function loader(_: LoaderFunctionArgs) {
  invariantResponse(false, "There is no page at this address.", { status: 404 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  // A JSON answer for a script, never a redirect to the login page.
  const userId = await getUserId(request);
  if (!userId) return json({ ok: false, reason: "signed-out", message: "You are signed out. Sign in again in another tab; your answer is kept here." }, 401);
  const form = await readForm(request);
  try {
    await verifyCsrf(request, form);
  } catch (e) {
    if (e instanceof CsrfError) return json({ ok: false, reason: "csrf", message: "Your form token expired. Reload the page: saved answers are kept." }, 403);
    throw e;
  }
  const mockId = params.id ?? "";
  if (!(await ownsMock(userId, mockId))) return json({ ok: false, reason: "not-found", message: "This mock exam was not found." }, 404);
  if (form.get("intent") === "submit") {
    const r = await submitMock(userId, mockId);
    return r.ok ? json({ ok: true }) : json(r, STATUS[r.reason]);
  }
  if (form.get("intent") === "close-section") {
    const caseStudy = z.string().regex(/^[a-z0-9-]{1,120}$/).safeParse(form.get("caseStudy"));
    if (!caseStudy.success) return json({ ok: false, reason: "invalid", message: "That case study could not be read." }, 400);
    const r = await closeMockSection(userId, mockId, caseStudy.data);
    return r.ok ? json({ ok: true }) : json(r, STATUS[r.reason]);
  }
  const parsed = SaveSchema.safeParse({
    intent: form.get("intent"),
    position: form.get("position"),
    selected: form.getAll("selected"),
    flagged: form.get("flagged") ?? undefined,
  });
  if (!parsed.success) return json({ ok: false, reason: "invalid", message: "That answer could not be read." }, 400);
  const { position, selected, flagged } = parsed.data;
  const r = await saveMockAnswer(userId, mockId, position, selected, new Date(), { flagged: flagged === undefined ? undefined : flagged === "true" });
  return r.ok ? json({ ok: true, savedAt: r.savedAt.toISOString() }) : json(r, STATUS[r.reason]);
}
