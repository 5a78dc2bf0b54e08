import { describe, expect, it } from "vitest";
import { readForm } from "./request-body.server";

function post(body: BodyInit, headers: Record<string, string> = {}) {
  return new Request("http://localhost/x", { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers } });
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    return e instanceof Response ? e.status : -1;
  }
}

describe("readForm", () => {
  it("reads a form under the limit", async () => {
    const form = await readForm(post("a=1&b=two"), 100);
    expect(form.get("a")).toBe("1");
    expect(form.get("b")).toBe("two");
  });

  it("refuses a declared Content-Length over the limit with 413", async () => {
    expect(await status(readForm(post("a=1", { "Content-Length": "5000" }), 100))).toBe(413);
  });

  it("refuses a streamed body over the limit without reading it all", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 1000) return controller.close();
        controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
      },
    });
    const req = new Request("http://localhost/x", { method: "POST", body: stream, headers: { "Content-Type": "application/x-www-form-urlencoded" }, duplex: "half" } as RequestInit);
    expect(await status(readForm(req, 10 * 1024))).toBe(413);
    expect(pulled).toBeLessThan(20);
  });

  it("answers 400 for a multipart body that cannot be parsed", async () => {
    expect(await status(readForm(post("garbage", { "Content-Type": "multipart/form-data; boundary=zzz" }), 1000))).toBe(400);
  });
});
