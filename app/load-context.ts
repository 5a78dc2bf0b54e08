/**
 * What the HTTP server (server/index.ts) hands every loader and action besides the request:
 * the CSP nonce of this response and the client's address (for rate limits). Under a server that
 * does not provide them (vite dev, unit tests) both are empty strings.
 */
declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string;
    clientAddress?: string;
  }
}

export {};
