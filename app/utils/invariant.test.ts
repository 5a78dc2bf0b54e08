import { describe, expect, it } from "vitest";
import { invariantResponse } from "./invariant";

async function thrown(fn: () => void): Promise<Response | null> {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof Response ? e : null;
  }
}

describe("invariantResponse", () => {
  it("does nothing when the condition holds", async () => {
    expect(await thrown(() => invariantResponse({ id: 1 }, "Not found", { status: 404 }))).toBeNull();
  });

  it("throws a Response with the status and the message as text", async () => {
    const res = await thrown(() => invariantResponse(null, "Mock exam not found", { status: 404 }));
    expect(res?.status).toBe(404);
    expect(await res?.text()).toBe("Mock exam not found");
    expect(res?.headers.get("Content-Type")).toMatch(/text\/plain/);
  });

  it("defaults to 400 and accepts a lazy message", async () => {
    const res = await thrown(() => invariantResponse(false, () => "Unknown action"));
    expect(res?.status).toBe(400);
    expect(await res?.text()).toBe("Unknown action");
  });
});
