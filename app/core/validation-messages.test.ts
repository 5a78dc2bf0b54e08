import { describe, expect, it } from "vitest";
import { z } from "zod";
import "./validation-messages";

describe("person-written validation messages", () => {
  it("replaces zod's own text, keeps a schema's message", () => {
    expect(z.string().max(2000).safeParse("x".repeat(2001)).error?.issues[0].message).toBe("Keep this to at most 2,000 characters.");
    expect(z.string().min(1).safeParse("").error?.issues[0].message).toBe("Fill in this field.");
    expect(z.enum(["a", "b"]).safeParse("c").error?.issues[0].message).toBe("Choose one of the options offered.");
    expect(z.coerce.number().max(100).safeParse("150").error?.issues[0].message).toBe("Enter a number no bigger than 100.");
    expect(z.string().max(2, "Mine.").safeParse("abc").error?.issues[0].message).toBe("Mine.");
  });
  it("never returns zod's raw wording for common checks", () => {
    const schemas = [z.string().max(3), z.string().min(2), z.number().int(), z.array(z.string()).max(1), z.literal("x"), z.string().regex(/^a$/), z.object({ a: z.string() })];
    const inputs: unknown[] = ["abcd", "a", 1.5, ["a", "b"], "y", "b", {}];
    schemas.forEach((s, i) => {
      const msg = s.safeParse(inputs[i]).error?.issues[0].message ?? "";
      expect(msg).not.toMatch(/expected|Invalid|Too big|Too small/);
    });
  });
});
