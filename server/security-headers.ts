/**
 * Response headers for every response (pages, .data, errors and static files), set with helmet.
 * The Content-Security-Policy allows scripts only from this origin or carrying the per-request
 * nonce that entry.server.tsx puts on Remix's inline scripts. Style attributes stay allowed
 * (progress bars and charts size themselves with style="width: …"); <style> elements do not.
 */
import crypto from "node:crypto";
import type { RequestHandler, Response } from "express";
import helmet from "helmet";

export function cspNonce(res: Response): string {
  return String(res.locals.cspNonce ?? "");
}

export const assignNonce: RequestHandler = (_req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  next();
};

export function securityHeaders(opts: { secure: boolean }): RequestHandler {
  const directives: Record<string, Iterable<string | ((req: unknown, res: unknown) => string)>> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", (_req, res) => `'nonce-${cspNonce(res as Response)}'`],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
  };
  // Only over HTTPS: on plain HTTP (localhost, tests) it would break every sub-resource.
  if (opts.secure) directives["upgrade-insecure-requests"] = [];
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    // Same as before: no framing at all, no referrer to other sites.
    xFrameOptions: { action: "deny" },
    referrerPolicy: { policy: "same-origin" },
    strictTransportSecurity: opts.secure ? { maxAge: 15552000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
}

/** Pages and data carry one candidate's answers: never kept by a browser or shared cache. */
export const noStoreForDynamic: RequestHandler = (_req, res, next) => {
  res.setHeader("Cache-Control", "private, no-store");
  next();
};
