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

  it("refuses a streamed body over the ceiling without reading it all", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 10_000) return controller.close();
        controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
      },
    });
    const req = new Request("http://localhost/x", { method: "POST", body: stream, headers: { "Content-Type": "application/x-www-form-urlencoded" }, duplex: "half" } as RequestInit);
    expect(await status(readForm(req, 10 * 1024))).toBe(413);
    expect(pulled).toBeLessThan(1100); // stops at the 1 MB ceiling (FORM_CEILING), not at 10 MB
  });

  it("answers 400 for a multipart body that cannot be parsed", async () => {
    expect(await status(readForm(post("garbage", { "Content-Type": "multipart/form-data; boundary=zzz" }), 1000))).toBe(400);
  });
});

describe("readForm limits per field and file, and what happens past the limit", () => {
  function streamOf(chunks: number, size: number, counter: { pulled: number }) {
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        counter.pulled++;
        if (counter.pulled > chunks) return controller.close();
        controller.enqueue(new TextEncoder().encode("x".repeat(size)));
      },
    });
  }
  const streamed = (body: ReadableStream<Uint8Array>) =>
    new Request("http://localhost/x", { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" }, duplex: "half" } as RequestInit);

  it("reads (and drops) the rest of a body a little over the limit, so the browser gets the 413", async () => {
    const counter = { pulled: 0 };
    expect(await status(readForm(streamed(streamOf(100, 1024, counter)), 10 * 1024))).toBe(413);
    expect(counter.pulled).toBe(101); // read to the end: no reset
  });

  it("stops reading at the ceiling", async () => {
    const counter = { pulled: 0 };
    expect(await status(readForm(streamed(streamOf(10_000, 1024, counter)), 10 * 1024, { drainUpTo: 64 * 1024 }))).toBe(413);
    expect(counter.pulled).toBeLessThan(70);
  });

  it("refuses one field over the field limit inside a small body", async () => {
    expect(await status(readForm(post(`a=${"y".repeat(5000)}&b=1`), 64 * 1024, { fieldLimit: 4096 }))).toBe(413);
    const ok = await readForm(post(`a=${"y".repeat(4000)}`), 64 * 1024, { fieldLimit: 4096 });
    expect(String(ok.get("a")).length).toBe(4000);
  });

  function multipart(parts: { name: string; value: string; filename?: string }[]) {
    const boundary = "----WebKitFormBoundaryAbC123"; // mixed case, as browsers send it
    const body = parts
      .map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"\r\nContent-Type: text/plain` : ""}\r\n\r\n${p.value}\r\n`)
      .join("") + `--${boundary}--\r\n`;
    return post(body, { "Content-Type": `multipart/form-data; boundary=${boundary}` });
  }

  it("limits each multipart field and file, and refuses files where none are expected", async () => {
    expect(await status(readForm(multipart([{ name: "a", value: "y".repeat(5000) }]), 64 * 1024, { fieldLimit: 4096 }))).toBe(413);
    expect(await status(readForm(multipart([{ name: "f", value: "abc", filename: "a.txt" }]), 64 * 1024))).toBe(400);
    expect(await status(readForm(multipart([{ name: "f", value: "y".repeat(3000), filename: "a.txt" }]), 64 * 1024, { fileLimit: 2000 }))).toBe(413);
    const ok = await readForm(multipart([{ name: "a", value: "1" }, { name: "f", value: "hello", filename: "a.txt" }]), 64 * 1024, { fileLimit: 2000 });
    expect(ok.get("a")).toBe("1");
    expect(ok.get("f")).toBeInstanceOf(File);
  });

  it("answers 400 for a JSON or text body", async () => {
    expect(await status(readForm(post('{"a":1}', { "Content-Type": "application/json" })))).toBe(400);
    expect(await status(readForm(post("a", { "Content-Type": "text/plain" })))).toBe(400);
  });
});
