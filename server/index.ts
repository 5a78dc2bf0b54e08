/**
 * The production HTTP server: Express in front of the Remix build (replaces remix-serve, see
 * docs/decisions/009-http-server.md). It exists to do what remix-serve cannot: security headers
 * and a CSP nonce on every response including static files, body-size ceilings and the cross-site
 * check before Remix reads anything, and the client address for rate limits.
 * Started by scripts/start.ts (`npm start`); reads PORT, TRUST_PROXY and the app's own variables.
 */
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import { CROSS_SITE_HEADER, checkBodyHeaders, isCrossSite } from "./request-guard";
import { assignNonce, cspNonce, noStoreForDynamic, securityHeaders } from "./security-headers";
import { plainErrorPage } from "./plain-error-page";
import { parseEnv } from "../app/server/env.server";

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "..");
const buildPath = path.join(root, "build", "server", "index.js");
const clientDir = path.join(root, "build", "client");

// The app validates the whole environment again when it loads (entry.server.tsx); a bad value stops here first.
const env = parseEnv(process.env);
const port = env.PORT;
const host = env.HOST; // all interfaces unless HOST is set, as remix-serve did
// Behind a reverse proxy set TRUST_PROXY to the number of proxies, so req.ip is the client's address.
const trustProxy = env.TRUST_PROXY;

const guardBody: RequestHandler = (req, res, next) => {
  const verdict = checkBodyHeaders(req.method, req.path, {
    contentLength: req.headers["content-length"],
    transferEncoding: req.headers["transfer-encoding"],
  });
  if (verdict.ok) return next();
  // Nothing of the body is read; the connection is closed after this short answer.
  res.setHeader("Connection", "close");
  res.status(verdict.status).type("html").send(plainErrorPage(verdict.status, verdict.message));
};

const guardOrigin: RequestHandler = (req, _res, next) => {
  delete req.headers[CROSS_SITE_HEADER];
  const host = req.headers["x-forwarded-host"] && trustProxy ? String(req.headers["x-forwarded-host"]).split(",")[0].trim() : req.headers.host;
  if (isCrossSite(req.method, req.headers.origin, host)) {
    delete req.headers.origin;
    req.headers[CROSS_SITE_HEADER] = "1";
  }
  next();
};

const lastResort: ErrorRequestHandler = (error, _req, res, _next) => {
  console.error(error);
  if (res.headersSent) return res.end();
  res.status(500).type("html").send(plainErrorPage(500, "Something went wrong on our side. Try again in a moment."));
};

async function main() {
  const build = (await import(url.pathToFileURL(buildPath).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  if (trustProxy) app.set("trust proxy", trustProxy);

  const plain = securityHeaders({ secure: false });
  const secure = securityHeaders({ secure: true });
  app.use(assignNonce);
  app.use((req, res, next) => (req.secure ? secure : plain)(req, res, next));
  app.use(compression());

  // Fingerprinted build output: cached for a year. Other public files: an hour.
  app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static(clientDir, { maxAge: "1h", index: false }));

  app.use(guardBody, guardOrigin, noStoreForDynamic);
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: "production",
      getLoadContext: (req, res) => ({ cspNonce: cspNonce(res), clientAddress: req.ip ?? req.socket.remoteAddress ?? "" }),
    }),
  );
  app.use(lastResort);

  const server = app.listen(port, host ?? "::", () => process.stdout.write(`[baseline] http://localhost:${port}\n`));
  // A client that asks first ("Expect: 100-continue", e.g. curl with a large body) is told 413
  // before it sends anything, instead of being cut off half-way.
  server.on("checkContinue", (req, res) => {
    const verdict = checkBodyHeaders(req.method ?? "GET", new URL(req.url ?? "/", "http://x").pathname, {
      contentLength: req.headers["content-length"],
      transferEncoding: req.headers["transfer-encoding"],
    });
    if (!verdict.ok) {
      res.writeHead(verdict.status, { "Content-Type": "text/html; charset=utf-8", Connection: "close" });
      res.end(plainErrorPage(verdict.status, verdict.message));
      return;
    }
    res.writeContinue();
    app(req, res);
  });
  // A body must arrive within this time; a trickled upload cannot hold a connection for ever.
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
