/**
 * How much a request may carry, in one place for the HTTP server (server/request-guard.ts, which
 * refuses a larger declared body before anything is read) and the app (app/server/request-body.server.ts,
 * which reads with the smaller per-form limits and answers with a designed page).
 */
const KB = 1024;
const MB = 1024 * KB;

/** An ordinary form (answers, flags, settings, login): far above any real one. */
export const FORM_BODY_LIMIT = 64 * KB;
/** One field of an ordinary form. */
export const FORM_FIELD_LIMIT = 16 * KB;
/** A pasted or edited score report (text up to 200 000 characters, plus the form). */
export const REPORT_TEXT_LIMIT = 256 * KB;
// A score-report file's own limit is MAX_UPLOAD_BYTES in app/core/report/validate.ts (5 MB).

/**
 * Past its limit a body is still read (and thrown away, nothing kept) up to these sizes, so the
 * browser, which is still sending, receives the answer instead of a reset connection. Beyond
 * them the server does not read at all (413 from server/index.ts).
 */
export const FORM_CEILING = 1 * MB;
export const UPLOAD_CEILING = 32 * MB;

/** The score-report upload page takes files (posted as a document or, with scripts, to its .data URL). */
export const UPLOAD_PATH = /^\/exams\/[^/]+\/reports\/new(?:\.data)?\/?$/;

export function bodyCeilingFor(pathname: string): number {
  return UPLOAD_PATH.test(pathname) ? UPLOAD_CEILING : FORM_CEILING;
}

export function formatBytes(bytes: number): string {
  return bytes >= MB ? `${Math.round(bytes / MB)} MB` : `${Math.round(bytes / KB)} KB`;
}
