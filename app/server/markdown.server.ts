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
  return md.parse(text ?? "", { async: false }) as string;
}

export function renderInline(text: string): string {
  return md.parseInline(text ?? "", { async: false }) as string;
}
