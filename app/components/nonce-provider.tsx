import { createContext, useContext } from "react";

/**
 * The CSP nonce of the current response (set by the server per request, see server/security-headers.ts):
 * Remix's inline scripts carry it. In the browser it is "", which is what the DOM shows for a nonce anyway.
 */
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
