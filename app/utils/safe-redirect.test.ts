import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirect, staysOnOrigin } from "./safe-redirect";

const ORIGIN = "https://baseline.example";

describe("safeRedirect", () => {
  it("keeps ordinary same-site paths with their query and fragment", () => {
    expect(safeRedirect("/exams/AZ-104")).toBe("/exams/AZ-104");
    expect(safeRedirect("/exams/AZ-104/practice?x=1#top")).toBe("/exams/AZ-104/practice?x=1#top");
    expect(safeRedirect("/settings?tab=a%20b")).toBe("/settings?tab=a%20b");
  });

  it("normalises dot segments", () => {
    expect(safeRedirect("/exams/./AZ-104/../AZ-204")).toBe("/exams/AZ-204");
  });

  it.each([
    // the probe's finding: a tab after the first slash, percent-encoded
    "/%09/evil.example", "/\t/evil.example", "/\tevil.example",
    // newlines and other control characters, raw, encoded and double-encoded
    "/\n/evil.example", "/%0a/evil.example", "/%0d%0a/evil.example", "/%2509/evil.example", "/\u0000/evil", "/\u007f/evil", "/\u0085/evil",
    // backslashes (a browser reads them as slashes)
    "/\\evil.example", "\\\\evil.example", "/%5cevil.example", "/%5C%5Cevil.example", "\\evil.example", "/%255c/evil.example",
    // encoded slashes and protocol-relative URLs
    "/%2f/evil.example", "/%2F%2Fevil.example", "//evil.example", "///evil.example", "/%252f%252fevil.example",
    // dot segments that resolve to "//host"
    "/a/..//evil.example", "/./..//evil.example", "/a/%2e%2e//evil.example",
    // schemes and hosts
    "https://evil.example", "http:evil.example", "javascript:alert(1)", "data:text/html,x", "evil.example", " /dashboard", "",
    // malformed or oversized
    "/%zz", "/" + "a".repeat(3000),
  ])("refuses %j", (bad) => {
    expect(safeRedirect(bad)).toBe("/dashboard");
  });

  it("refuses non-strings and uses the given fallback", () => {
    expect(safeRedirect(null)).toBe("/dashboard");
    expect(safeRedirect(undefined, "/")).toBe("/");
  });

  // Built from the pieces that open-redirect bypasses are made of.
  const piece = fc.constantFrom("/", "//", "\\", "\t", "\n", "\r", "%09", "%0a", "%2f", "%2F", "%5c", "%25", "%2e", ".", "..", "@", ":", "?", "#", "evil.example", "http:", "javascript:", " ", "a", "%");
  const tricky = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join(""));

  it("never returns a location a browser resolves off-site (property)", () => {
    fc.assert(
      fc.property(fc.oneof(tricky, tricky.map((s) => `/${s}`), fc.string()), (input) => {
        const out = safeRedirect(input);
        expect(out.startsWith("/")).toBe(true);
        expect(out.startsWith("//")).toBe(false);
        expect(/[\u0000-\u001f\\]/.test(out)).toBe(false);
        expect(staysOnOrigin(out, ORIGIN)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("is idempotent: a returned path passes again unchanged (property)", () => {
    fc.assert(
      fc.property(tricky.map((s) => `/${s}`), (input) => {
        const out = safeRedirect(input);
        expect(safeRedirect(out)).toBe(out);
      }),
      { numRuns: 2000 },
    );
  });
});
