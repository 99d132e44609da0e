import MarkdownIt from "markdown-it";
import type { Token } from "markdown-it";
import { isAllowedLink } from "./subset";

// Documents written by the secretariat and coordinators (guidance, memorandum versions, report narratives) may
// use more than the safe subset: headings, tables and strikethrough too. Raw HTML is still escaped and links are
// still limited to web and mail addresses (and in-page anchors); images are not rendered (a page loads nothing
// from elsewhere).
const markdown = new MarkdownIt("default", { html: false, linkify: true, typographer: false });
markdown.disable(["image"]);
markdown.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
markdown.set({ maxNesting: 20 });
markdown.validateLink = (url: string) => isAllowedLink(url) || /^#[\w-]+$/.test(url);

/** The block tokens of a document, parsed with the same rules as `markdownHtml` (for cutting it at its headings). */
export function parseDocumentMarkdown(source: string): Token[] {
  return markdown.parse(source, {});
}

/** The plain text of inline tokens (emphasis and link marks dropped, line breaks as spaces). */
export function inlineText(token: Token | undefined): string {
  return (token?.children ?? [])
    .map((child) => (child.type === "text" || child.type === "code_inline" ? child.content : child.type === "softbreak" || child.type === "hardbreak" ? " " : ""))
    .join("")
    .trim();
}

/** Plain text of a Markdown fragment: the words of every block, blocks on their own lines. */
export function markdownText(source: string): string {
  const lines: string[] = [];
  for (const token of markdown.parse(source, {})) {
    if (token.type === "inline") lines.push(inlineText(token));
    else if (token.type === "code_block" || token.type === "fence") lines.push(token.content.trim());
  }
  return lines.filter((line) => line.length > 0).join("\n");
}

/** Safe HTML of a Markdown fragment (html: false escapes everything markdown-it does not produce itself). */
export function markdownHtml(source: string): string {
  return markdown.render(source);
}
