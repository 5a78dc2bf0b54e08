/**
 * Where to send a candidate after logging in: only a path on this site. A URL parser (and every
 * browser) strips tabs and newlines, reads a backslash as a slash and resolves "/a/..//host" to
 * "//host", so each of those can turn an innocent-looking path into another site. Anything that is
 * not plainly a same-origin path falls back; a path that passes is returned normalised.
 */

const BASE = "http://baseline.invalid";
const MAX_LENGTH = 2048;
/** C0 controls, DEL, C1 controls and backslash: never part of a path we would write ourselves. */
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\\]/;

function decodeAll(value: string): string | null {
  // Decode repeatedly so "%2509" (an encoded "%09") is seen as the tab it becomes one hop later.
  let current = value;
  for (let i = 0; i < 4; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}

export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/dashboard"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > MAX_LENGTH) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || FORBIDDEN.test(to)) return fallback;
  const decoded = decodeAll(to);
  if (decoded === null || FORBIDDEN.test(decoded) || decoded.startsWith("//")) return fallback;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  // "/a/..//evil.example" resolves to the path "//evil.example", which a browser reads as a host.
  if (url.origin !== BASE || url.pathname.startsWith("//") || (decodeAll(url.pathname) ?? "//").startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** True when `location`, resolved against `origin` the way a browser resolves a Location header, stays on `origin`. */
export function staysOnOrigin(location: string, origin: string): boolean {
  try {
    return new URL(location, origin).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}
