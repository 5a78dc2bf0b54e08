import { describe, expect, it } from "vitest";
import { FORM_CEILING, UPLOAD_CEILING } from "../app/utils/body-limits";
import { checkBodyHeaders, isCrossSite } from "./request-guard";

describe("checkBodyHeaders", () => {
  it("lets safe methods and bodies under the ceiling through", () => {
    expect(checkBodyHeaders("GET", "/login", { contentLength: "999999999" })).toEqual({ ok: true });
    expect(checkBodyHeaders("POST", "/login", { contentLength: String(FORM_CEILING) })).toEqual({ ok: true });
    expect(checkBodyHeaders("POST", "/logout", {})).toEqual({ ok: true });
  });

  it("refuses a declared length over the route's ceiling with 413", () => {
    const v = checkBodyHeaders("POST", "/login", { contentLength: String(50_000_000) });
    expect(v).toMatchObject({ ok: false, status: 413 });
    expect(checkBodyHeaders("post", "/settings", { contentLength: String(FORM_CEILING + 1) })).toMatchObject({ ok: false, status: 413 });
  });

  it("gives the report upload page its larger ceiling, and only that page", () => {
    expect(checkBodyHeaders("POST", "/exams/AZ-104/reports/new", { contentLength: String(10 * 1024 * 1024) })).toEqual({ ok: true });
    expect(checkBodyHeaders("POST", "/exams/AZ-104/reports/new", { contentLength: String(UPLOAD_CEILING + 1) })).toMatchObject({ status: 413 });
    expect(checkBodyHeaders("POST", "/exams/AZ-104/reports/new/extra", { contentLength: String(10 * 1024 * 1024) })).toMatchObject({ status: 413 });
    expect(checkBodyHeaders("POST", "/exams/AZ-104", { contentLength: String(10 * 1024 * 1024) })).toMatchObject({ status: 413 });
    expect(checkBodyHeaders("POST", "/exams/AZ-104/reports/new.data", { contentLength: String(10 * 1024 * 1024) })).toEqual({ ok: true });
  });

  it("refuses a chunked body without a length, and a malformed length, with 411", () => {
    expect(checkBodyHeaders("POST", "/login", { transferEncoding: "chunked" })).toMatchObject({ ok: false, status: 411 });
    expect(checkBodyHeaders("POST", "/login", { contentLength: "12abc" })).toMatchObject({ ok: false, status: 411 });
    expect(checkBodyHeaders("POST", "/login", { contentLength: "-1" })).toMatchObject({ ok: false, status: 411 });
  });
});

describe("isCrossSite", () => {
  it("accepts our own origin and requests without an Origin header", () => {
    expect(isCrossSite("POST", "http://localhost:3000", "localhost:3000")).toBe(false);
    expect(isCrossSite("POST", undefined, "localhost:3000")).toBe(false);
    expect(isCrossSite("GET", "https://evil.example", "localhost:3000")).toBe(false);
  });

  it("flags another origin, a null origin, a malformed one or a missing host", () => {
    expect(isCrossSite("POST", "https://evil.example", "localhost:3000")).toBe(true);
    expect(isCrossSite("DELETE", "http://localhost:3001", "localhost:3000")).toBe(true);
    expect(isCrossSite("POST", "null", "localhost:3000")).toBe(true);
    expect(isCrossSite("POST", "not a url", "localhost:3000")).toBe(true);
    expect(isCrossSite("POST", "http://localhost:3000", undefined)).toBe(true);
  });
});
