/**
 * Request bodies with size limits, enforced while reading and before anything is parsed: the
 * whole body, each field, and each file. A body over its limit gets a 413 with a short message
 * (the route's error page); the fields are never echoed back. Past the limit the rest is read
 * and thrown away up to a ceiling, so the browser still sending it gets the answer rather than a
 * reset connection; beyond the ceiling the read stops (server/index.ts refuses such a declared
 * length before the app runs).
 */
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { FORM_BODY_LIMIT, FORM_CEILING, FORM_FIELD_LIMIT, formatBytes } from "~/utils/body-limits";

export { FORM_BODY_LIMIT };

class FilesNotAcceptedError extends Error {}
class FieldTooLongError extends Error {}

export function tooLarge(limit: number, what = "This form"): Response {
  return new Response(`${what} is larger than this page accepts (at most ${formatBytes(limit)}). Shorten what you entered and send it again.`, {
    status: 413,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

function unreadable(): Response {
  return new Response("The form could not be read. Reload the page and send it again.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

type ReadOptions = { drainUpTo?: number };

/** The request's bytes, or a thrown 413 once they pass `limit` (checked on Content-Length first, then while streaming). */
export async function readBodyLimited(request: Request, limit: number, opts: ReadOptions = {}): Promise<Uint8Array<ArrayBuffer>> {
  const drainUpTo = Math.max(limit, opts.drainUpTo ?? FORM_CEILING);
  const declared = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(declared) && declared > drainUpTo) throw tooLarge(limit);
  const declaredOver = Number.isFinite(declared) && declared > limit;
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > drainUpTo) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    if (size <= limit) chunks.push(value);
    else chunks.length = 0; // over the limit: keep nothing, read on to the end
  }
  if (size > limit || declaredOver) throw tooLarge(limit);
  const out = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

export type FormLimits = ReadOptions & {
  /** Longest single text field. */
  fieldLimit?: number;
  /** Largest file part; 0 (the default) refuses files. */
  fileLimit?: number;
};

/** A text part of a multipart body, read up to `limit` bytes. */
function textPartHandler(limit: number): UploadHandler {
  return async ({ filename, data }) => {
    if (filename !== undefined) return undefined;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > limit) throw new FieldTooLongError();
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString("utf8");
  };
}

/**
 * `request.formData()` with limits: the whole body (`limit`), each field and each file. Works for
 * urlencoded and multipart forms; any other body (JSON, text) is a 400.
 */
export async function readForm(request: Request, limit = FORM_BODY_LIMIT, opts: FormLimits = {}): Promise<FormData> {
  const fieldLimit = Math.min(opts.fieldLimit ?? FORM_FIELD_LIMIT, limit);
  const fileLimit = opts.fileLimit ?? 0;
  // The boundary is case-sensitive: only the media type is compared in lower case.
  const type = request.headers.get("Content-Type") ?? "application/x-www-form-urlencoded";
  const media = type.toLowerCase();
  const multipart = media.startsWith("multipart/form-data");
  if (!multipart && !media.startsWith("application/x-www-form-urlencoded")) throw unreadable();
  const body = await readBodyLimited(request, limit, opts);

  if (!multipart) {
    let form: FormData;
    try {
      form = await new Response(body, { headers: { "Content-Type": type } }).formData();
    } catch {
      throw unreadable();
    }
    for (const [, value] of form) if (typeof value === "string" && value.length > fieldLimit) throw tooLarge(fieldLimit, "One of the fields");
    return form;
  }

  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
  const marker = boundary ? `--${boundary[1] ?? boundary[2]}` : null;
  if (!marker || !Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, marker.length + 2)).toString("latin1").startsWith(marker)) throw unreadable();
  const buffered = new Request(request.url, { method: "POST", headers: { "Content-Type": type }, body });
  const fileHandler: UploadHandler = fileLimit > 0 ? unstable_createMemoryUploadHandler({ maxPartSize: fileLimit }) : async () => {
    throw new FilesNotAcceptedError();
  };
  const textHandler = textPartHandler(fieldLimit);
  try {
    return await unstable_parseMultipartFormData(buffered, async (part) => (part.filename !== undefined ? fileHandler(part) : textHandler(part)));
  } catch (e) {
    if (e instanceof FieldTooLongError) throw tooLarge(fieldLimit, "One of the fields");
    if (e instanceof MaxPartSizeExceededError) throw tooLarge(fileLimit, "The file");
    if (e instanceof FilesNotAcceptedError) throw new Response("This form does not take files.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw unreadable();
  }
}
