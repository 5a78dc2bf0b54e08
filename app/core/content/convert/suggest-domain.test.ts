import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { suggestDomain, tokenize } from "./suggest-domain";
import { parseExam } from "../load";
import { testExam, REPO_ROOT } from "../test-helpers";

describe("suggestDomain", () => {
  const exam = testExam();
  it.each([
    ["Which access tier and lifecycle rule keep archive costs low for objects?", "storage", "object-storage"],
    ["How do you shorten the cold start of a function with an HTTP trigger?", "compute", "serverless"],
    ["Which subnet address range and peering do two private networks need?", "networking", "networks"],
    ["A health probe on the load balancer fails. What happens to traffic?", "networking", "traffic"],
    ["Restore yesterday's snapshot after a failover to the replica.", "operations", "recovery"],
  ])("%s -> %s / %s", (text, domain, objective) => {
    expect(suggestDomain(exam, text)).toMatchObject({ domain, objective });
  });

  it("falls back to the heaviest domain without an objective when nothing matches", () => {
    expect(suggestDomain(exam, "Lorem ipsum dolor sit amet?")).toEqual({ domain: "compute", score: 0, matched: [] });
  });

  it("stays within a given domain", () => {
    expect(suggestDomain(exam, "health probe on the load balancer", "operations").domain).toBe("operations");
    expect(suggestDomain(exam, "dashboard alert on a metric threshold", "operations").objective).toBe("monitoring");
  });

  it("works with the real AZ-104 keywords", () => {
    const az104 = parseExam(readFileSync(path.join(REPO_ROOT, "content/AZ-104/exam.yaml"), "utf8"), "AZ-104/exam.yaml").exam!;
    expect(suggestDomain(az104, "You need to create a shared access signature with a stored access policy for a container.").domain).toBe("storage");
    expect(suggestDomain(az104, "Which network security group rule blocks inbound RDP to the subnet?").domain).toBe("networking");
    expect(suggestDomain(az104, "Configure a Recovery Services vault backup policy for VM1.")).toMatchObject({ domain: "monitor-maintain", objective: "backup-recovery" });
  });

  it("tokenizes with stop words and light stemming", () => {
    expect(tokenize("Which Policies are used by the Azure subnets?")).toEqual(["policy", "subnet"]);
  });
});
