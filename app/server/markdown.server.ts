import { Marked } from "marked";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

// Item text is Markdown from content files (ours, or a candidate's own converted bank). Raw HTML
// in it is shown as text, never executed; links get rel=noopener and open in a new tab.
const md = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
    link({ href, title, tokens }) {
      const text = this.parser.parseInline(tokens);
      const safe = /^(https?:|mailto:|#|\/)/i.test(href) ? href : "#";
      return `<a href="${escapeHtml(safe)}"${title ? ` title="${escapeHtml(title)}"` : ""} target="_blank" rel="noopener noreferrer">${text}</a>`;
    },
    image({ href, title, text }) {
      const safe = /^(https?:|\/)/i.test(href) ? href : "";
      return safe ? `<img src="${escapeHtml(safe)}" alt="${escapeHtml(text)}"${title ? ` title="${escapeHtml(title)}"` : ""} loading="lazy">` : escapeHtml(text);
    },
  },
});

export function renderMarkdown(text: string): string {
  // A code block or a table (a case study's) wider than a phone scrolls sideways inside its own
  // box instead of widening the page, and is focusable so it can be scrolled by keyboard too.
  // Only marked emits these tags: raw HTML in the text is escaped (renderer.html above), as is code.
  return (md.parse(text ?? "", { async: false }) as string)
    .replace(/<pre>/g, '<pre tabindex="0">')
    .replace(/<table>/g, '<div class="table-scroll" tabindex="0"><table>')
    .replace(/<\/table>/g, "</table></div>");
}

export function renderInline(text: string): string {
  return md.parseInline(text ?? "", { async: false }) as string;
}
