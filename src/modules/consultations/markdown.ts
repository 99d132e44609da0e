import { raw, type SafeHtml } from "../../platform/html";
import { renderMarkdown } from "../../platform/markdown/subset";
import { detectLanguage as detectTextLanguage } from "../../platform/search/analyzer";

/**
 * The HTML stored with a contribution in `body_html`: exactly `renderMarkdown`'s output, so what is stored is
 * never less safe than what the page would render. Every write of a contribution's body stores this with it.
 */
export function contributionHtml(body: string): string {
  return renderMarkdown(body).value;
}

/**
 * A contribution's body as HTML for a page, the API or a feed: the stored `body_html`, or — for a row written
 * before it existed, whose HTML is stored on this read (`storeMissingBodyHtml`) — rendered now.
 */
export function contributionBodyHtml(row: { body: string; bodyHtml: string | null }): SafeHtml {
  // trusted: body_html is only ever written from contributionHtml(body), never from what a request sends
  return row.bodyHtml === null ? renderMarkdown(row.body) : raw(row.bodyHtml);
}

/**
 * A guess at a text's language for the contribution record: the shared analyser's (Russian when Cyrillic letters
 * dominate, else English), or "other" when there are letters of neither. One detector, so a contribution's recorded
 * language is the one its search analysis used.
 */
export function detectLanguage(text: string): "en" | "ru" | "other" {
  return detectTextLanguage(text) ?? "other";
}
