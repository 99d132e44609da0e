import { html, type SafeHtml } from "../../platform/html";
import { localize, type LocalizedText } from "../../platform/i18n/localized";
import type { Locale } from "../../platform/i18n/locales";
import type { OpenContribution } from "./api";
import { contributionBodyHtml } from "./markdown";

/** How many of the newest contributions a topic's feed carries. */
export const TOPIC_FEED_SIZE = 50;

/** Path of a topic's Atom feed. */
export function topicFeedPath(spaceSlug: string, consultationSlug: string, topicNumber: number): string {
  return `/spaces/${encodeURIComponent(spaceSlug)}/consultations/${encodeURIComponent(consultationSlug)}/topics/${topicNumber}/feed.atom`;
}

/** The `<link rel="alternate">` for a topic page's <head>, so feed readers find the feed. */
export function topicFeedLink(spaceSlug: string, consultationSlug: string, topicNumber: number, title: string): SafeHtml {
  return html`<link rel="alternate" type="application/atom+xml" title="${title}" href="${topicFeedPath(spaceSlug, consultationSlug, topicNumber)}">`;
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Escapes text for XML content and attributes; drops the control characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "").replace(/[&<>"']/g, (character) => XML_ESCAPES[character]!);
}

/**
 * A valid Atom 1.0 document (RFC 4287) of a topic's newest published contributions, newest first: feed id,
 * title, updated, self and alternate links; each entry with its permalink as id and link, published/updated,
 * author (the organisation's name when posted on its behalf), and the rendered Markdown as escaped HTML content.
 */
export function renderTopicFeed(input: {
  publicUrl: string;
  spaceSlug: string;
  consultationSlug: string;
  consultationTitle: LocalizedText;
  topicNumber: number;
  topicTitle: LocalizedText;
  locale: Locale;
  /** "Contribution #{number}" in the reader's language. */
  entryTitle: (number: number, author: string) => string;
  anonymousAuthor: string;
  contributions: OpenContribution[];
  /** When the topic has no contributions yet the feed's `updated` is the topic's creation. */
  fallbackUpdated: Date;
}): string {
  const base = `${input.publicUrl}/spaces/${encodeURIComponent(input.spaceSlug)}/consultations/${encodeURIComponent(input.consultationSlug)}`;
  const topicUrl = `${base}/topics/${input.topicNumber}`;
  const topicTitle = localize(input.topicTitle, input.locale);
  const consultationTitle = localize(input.consultationTitle, input.locale);
  const updatedOf = (row: OpenContribution) => (row.editedAt && row.editedAt > row.createdAt ? row.editedAt : row.createdAt);
  const updated = input.contributions.reduce((latest, row) => (updatedOf(row) > latest ? updatedOf(row) : latest), input.contributions.length ? new Date(0) : input.fallbackUpdated);
  const entries = input.contributions.map((row) => {
    const url = `${base}/contributions/${row.number}`;
    const organisation = row.organisationName ? localize(row.organisationName, input.locale).text : "";
    const author = organisation || row.authorName || input.anonymousAuthor;
    const language = row.language === "en" || row.language === "ru" ? ` xml:lang="${row.language}"` : "";
    return `  <entry>
    <id>${escapeXml(url)}</id>
    <title>${escapeXml(input.entryTitle(row.number, author))}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>
    <published>${row.createdAt.toISOString()}</published>
    <updated>${updatedOf(row).toISOString()}</updated>
    <author><name>${escapeXml(author)}</name></author>
    <content type="html"${language}>${escapeXml(contributionBodyHtml(row).value)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(input.locale)}">
  <id>${escapeXml(topicUrl)}</id>
  <title>${escapeXml(`${topicTitle.text} · ${consultationTitle.text}`)}</title>
  <updated>${updated.toISOString()}</updated>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${input.publicUrl}${topicFeedPath(input.spaceSlug, input.consultationSlug, input.topicNumber)}`)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(topicUrl)}"/>
  <generator uri="${escapeXml(input.publicUrl)}">Convene</generator>
${entries.join("\n")}
</feed>
`;
}
