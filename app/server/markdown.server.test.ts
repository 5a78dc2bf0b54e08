import { describe, expect, it } from "vitest";
import { renderInline, renderMarkdown } from "./markdown.server";

describe("renderMarkdown", () => {
  it("renders code blocks and lists", () => {
    const html = renderMarkdown("Run:\n\n```bash\naz group list\n```\n\n- one\n- two");
    expect(html).toContain("<pre><code");
    expect(html).toContain("<li>one</li>");
  });
  it("shows raw HTML as text, never as markup", () => {
    const html = renderMarkdown('Hello <script>alert(1)</script> <img src=x onerror="alert(2)">');
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;");
  });
  it("neutralises javascript: links", () => {
    expect(renderInline("[x](javascript:alert(1))")).toContain('href="#"');
  });
});
