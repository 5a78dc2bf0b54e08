/**
 * Zod 4 compiles object parsers with `new Function` unless told not to, and probes for it with a
 * caught `new Function("")`: under our Content-Security-Policy (no 'unsafe-eval') that probe is
 * reported as a violation on every page with a form. In the browser it is switched off; this
 * module is root.tsx's first import so it runs before any schema is built. The server has no CSP
 * and keeps the faster compiled parsers.
 */
import { z } from "zod";

if (typeof document !== "undefined") z.config({ jitless: true });
