import { describe, expect, it } from "vitest";
import { renderInline, renderMarkdown } from "./markdown.server";

describe("renderMarkdown", () => {
  it("renders code blocks and lists", () => {
    const html = renderMarkdown("Run:\n\n```bash\naz group list\n```\n\n- one\n- two");
    expect(html).toContain('<pre tabindex="0"><code'); // focusable: a long line scrolls sideways, by keyboard too
    expect(html).toContain("<li>one</li>");
  });
  it("puts a table in its own sideways-scrolling, focusable box", () => {
    const html = renderMarkdown("| a | b |\n|---|---|\n| 1 | 2 |");
    expect(html).toMatch(/^<div class="table-scroll" tabindex="0"><table>[\s\S]*<\/table><\/div>/);
  });
  it("shows raw HTML as text, never as markup", () => {
    const html = renderMarkdown('Hello <script>alert(1)</script> <img src=x onerror="alert(2)">');
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;");
    expect(renderMarkdown("<pre>x</pre>")).toBe("&lt;pre&gt;x&lt;/pre&gt;"); // raw <pre> stays text, and gets no tabindex
  });
  it("neutralises javascript: links", () => {
    expect(renderInline("[x](javascript:alert(1))")).toContain('href="#"');
  });
});
