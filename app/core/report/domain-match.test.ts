import { describe, expect, it } from "vitest";
import { domainMatcher } from "./domain-match";
import { AZ104, AZ204, GARDEN } from "./test-exams";

const id = (exam: typeof AZ104, text: string) => {
  const m = domainMatcher(exam).match(text);
  return m.kind === "match" ? m.id : m.kind;
};

describe("domainMatcher", () => {
  it("matches official and short names exactly, in any case", () => {
    expect(id(AZ104, "Implement and manage virtual networking")).toBe("networking");
    expect(id(AZ104, "IMPLEMENT & MANAGE VIRTUAL NETWORKING")).toBe("networking");
    expect(id(AZ204, "Connect to and consume Azure services and third-party services")).toBe("connect-services");
    expect(id(AZ204, "compute solutions")).toBe("compute");
  });

  it("matches shortened names by distinctive words, not a list", () => {
    expect(id(AZ204, "Compute Solutions")).toBe("compute");
    expect(id(AZ104, "Networking")).toBe("networking");
    expect(id(AZ104, "Virtual networks")).toBe("networking");
    expect(id(AZ104, "Identity")).toBe("identity-governance");
    expect(id(AZ104, "Governance")).toBe("identity-governance");
    expect(id(AZ104, "Monitoring")).toBe("monitor-maintain");
    expect(id(AZ104, "Backup and recovery")).toBe("monitor-maintain");
    expect(id(AZ204, "Security")).toBe("security");
    expect(id(AZ204, "Monitoring and troubleshooting")).toBe("monitor-troubleshoot");
    expect(id(AZ204, "Third-party services")).toBe("connect-services");
    expect(id(AZ204, "Azure Functions")).toBe("compute"); // an objective word
    expect(id(GARDEN, "Irrigation")).toBe("water");
    expect(id(GARDEN, "pest control")).toBe("pests");
  });

  it("does not decide on words every domain shares", () => {
    expect(id(AZ104, "Azure")).toBe("none");
    expect(id(AZ104, "Manage")).toBe("none");
    expect(id(AZ204, "Develop Azure solutions")).toBe("none");
    expect(id(AZ104, "Jane Doe")).toBe("none");
  });

  it("reports a tie as ambiguous", () => {
    expect(id(AZ104, "Storage and compute")).toBe("ambiguous");
  });

  it("treats 'virtual' as weak evidence on AZ-104 (virtual networks and virtual machines)", () => {
    expect(domainMatcher(AZ104).distinctive("networking")).toContain("network");
    expect(domainMatcher(AZ104).distinctive("networking")).toContain("virtual");
    expect(id(AZ104, "Virtual machines")).not.toBe("networking");
  });
});
