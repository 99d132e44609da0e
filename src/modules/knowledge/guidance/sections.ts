import { escapeHtml } from "../../../platform/html";
import { inlineText, markdownHtml, markdownText, parseDocumentMarkdown } from "../../../platform/markdown/document";

/** One section of a document: the text under one heading (position 0: the text before the first heading). */
export type DocumentSection = {
  position: number;
  /** 1 for the intro, 2 for `##`, 3 for `###`. */
  level: number;
  heading: string;
  anchor: string;
  bodyMarkdown: string;
  bodyText: string;
  bodyHtml: string;
};

/**
 * A heading's anchor: its words in lower case joined by hyphens, any script kept («кто-может-подать»), so the
 * link reads like the heading; repeats within a document get -2, -3.
 */
export function headingAnchor(heading: string, taken: Set<string>): string {
  const base =
    heading
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80)
      .replace(/-+$/, "") || "section";
  let anchor = base;
  for (let number = 2; taken.has(anchor); number += 1) anchor = `${base}-${number}`;
  taken.add(anchor);
  return anchor;
}

/**
 * Cuts a document at its `##` and `###` headings (found by the Markdown parser, so a `#` line inside a code
 * block is not a heading). A `#` heading at the top is taken as the title and left out of the sections; deeper
 * headings stay inside their section. Sections are contiguous: together they are the whole document.
 */
export function splitSections(title: string, source: string): DocumentSection[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const tokens = parseDocumentMarkdown(lines.join("\n"));
  const cuts: { line: number; endLine: number; level: number; heading: string }[] = [];
  let skipTitleUntil = -1;
  tokens.forEach((token, index) => {
    if (token.type !== "heading_open" || token.level !== 0 || !token.map) return;
    const level = Number(token.tag.slice(1));
    const heading = inlineText(tokens[index + 1]);
    if (level === 1 && cuts.length === 0 && token.map[0] <= firstContentLine(lines)) {
      skipTitleUntil = token.map[1];
      return;
    }
    if (level === 2 || level === 3) cuts.push({ line: token.map[0], endLine: token.map[1], level, heading: heading || "—" });
  });
  const taken = new Set<string>();
  const sections: DocumentSection[] = [];
  const introStart = Math.max(skipTitleUntil, 0);
  const introEnd = cuts[0]?.line ?? lines.length;
  const introMarkdown = lines.slice(introStart, introEnd).join("\n").trim();
  if (introMarkdown) sections.push(section(0, 1, title, headingAnchor("intro", taken), introMarkdown));
  cuts.forEach((cut, index) => {
    const bodyMarkdown = lines.slice(cut.endLine, cuts[index + 1]?.line ?? lines.length).join("\n").trim();
    sections.push(section(sections.length, cut.level, cut.heading, headingAnchor(cut.heading, taken), bodyMarkdown));
  });
  return sections;
}

function firstContentLine(lines: string[]): number {
  const index = lines.findIndex((line) => line.trim().length > 0);
  return index < 0 ? 0 : index;
}

function section(position: number, level: number, heading: string, anchor: string, bodyMarkdown: string): DocumentSection {
  return { position, level, heading, anchor, bodyMarkdown, bodyText: markdownText(bodyMarkdown), bodyHtml: markdownHtml(bodyMarkdown) };
}

/** The whole document's HTML from its sections: each heading with its anchor as id, then its body. */
export function documentHtml(sections: DocumentSection[]): string {
  return sections
    .map((part) => (part.position === 0 && part.level === 1 ? part.bodyHtml : `<h${part.level} id="${escapeHtml(part.anchor)}">${escapeHtml(part.heading)}</h${part.level}>\n${part.bodyHtml}`))
    .join("\n");
}
