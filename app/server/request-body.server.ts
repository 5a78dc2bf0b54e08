/**
 * Request bodies with a size limit, read before anything is parsed: a body over the limit gets a
 * 413 with a short message and is never buffered in full (the stream is cancelled at the limit).
 */

/** Default cap for an ordinary form post (answers, flags, settings): far above any real form. */
export const FORM_BODY_LIMIT = 64 * 1024;

export function tooLarge(limit: number): Response {
  return new Response(`This request is too large (the limit is ${Math.round(limit / 1024)} KB).`, {
    status: 413,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** The request's bytes, or a thrown 413 once they pass `limit` (checked on Content-Length first, then while streaming). */
export async function readBodyLimited(request: Request, limit: number, opts: { drainUpTo?: number } = {}): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("Content-Length") ?? "");
  // A browser whose upload is cut off shows a network error instead of our message: up to
  // `drainUpTo` bytes are read and thrown away (nothing is kept) so the page can say what was wrong.
  if (Number.isFinite(declared) && declared > limit && !(opts.drainUpTo && declared <= opts.drainUpTo)) throw tooLarge(limit);
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      if (opts.drainUpTo && size <= opts.drainUpTo) continue;
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  if (size > limit) throw tooLarge(limit);
  const out = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** `request.formData()` with a size limit (urlencoded or multipart). */
export async function readForm(request: Request, limit = FORM_BODY_LIMIT): Promise<FormData> {
  const body = await readBodyLimited(request, limit);
  const type = request.headers.get("Content-Type") ?? "application/x-www-form-urlencoded";
  try {
    return await new Response(body, { headers: { "Content-Type": type } }).formData();
  } catch {
    throw new Response("The form could not be read.", { status: 400 });
  }
}
