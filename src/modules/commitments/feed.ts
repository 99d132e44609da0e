import { html, type SafeHtml } from "../../platform/html";
import { localize, type LocalizedText } from "../../platform/i18n/localized";
import type { Locale } from "../../platform/i18n/locales";
import { commitmentUrl } from "./export";
import type { OpenCommitment } from "./queries-open-data";

/** How many of the newest publications the feed carries. */
export const FEED_SIZE = 50;

/** Path of a space's Atom feed of newly published commitments. */
export function feedPath(spaceSlug: string): string {
  return `/spaces/${encodeURIComponent(spaceSlug)}/commitments/feed.atom`;
}

/** The `<link rel="alternate">` for a commitments page's <head>, so feed readers find the feed. */
export function feedLink(spaceSlug: string, title = "Commitments"): SafeHtml {
  return html`<link rel="alternate" type="application/atom+xml" title="${title}" href="${feedPath(spaceSlug)}">`;
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Escapes text for XML content and attributes; drops characters XML 1.0 forbids (control characters). */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "").replace(/[&<>"']/g, (character) => XML_ESCAPES[character]);
}

type FeedText = { text: string; locale: string };
const shown = (value: LocalizedText, locale: Locale): FeedText => {
  const picked = localize(value, locale);
  return { text: picked.text, locale: picked.locale };
};

/**
 * A valid Atom 1.0 document (RFC 4287) of recently published commitments: feed id, title, updated,
 * self and alternate links; each entry with id, title, updated/published, alternate link, author and
 * summary in the requested language (or its fallback, marked with xml:lang).
 */
export function renderAtomFeed(input: {
  publicUrl: string;
  spaceSlug: string;
  spaceTitle: LocalizedText;
  feedTitle: string;
  locale: Locale;
  commitments: OpenCommitment[];
  /** When nothing is published yet the feed's `updated` is the space's last change. */
  fallbackUpdated: Date;
}): string {
  const { publicUrl, spaceSlug, locale } = input;
  const listUrl = `${publicUrl}/spaces/${encodeURIComponent(spaceSlug)}/commitments`;
  const updated = input.commitments.reduce((latest, record) => (record.publishedAt > latest ? record.publishedAt : latest), new Date(0));
  const spaceTitle = shown(input.spaceTitle, locale);
  const entries = input.commitments.map((record) => {
    const url = commitmentUrl(publicUrl, spaceSlug, record.number);
    const title = shown(record.title, locale);
    const summary = shown(record.description, locale);
    const author = shown(record.owner.name, locale);
    const entryUpdated = record.updatedAt > record.publishedAt ? record.updatedAt : record.publishedAt;
    return `  <entry>
    <id>${escapeXml(url)}</id>
    <title xml:lang="${escapeXml(title.locale)}">${escapeXml(title.text)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>
    <published>${record.publishedAt.toISOString()}</published>
    <updated>${entryUpdated.toISOString()}</updated>
    <author><name>${escapeXml(author.text || "—")}</name>${record.owner.slug ? `<uri>${escapeXml(`${publicUrl}/organisations/${encodeURIComponent(record.owner.slug)}`)}</uri>` : ""}</author>
${record.targets.map((target) => `    <category term="${escapeXml(target.key)}" scheme="${escapeXml(`${publicUrl}/frameworks/${encodeURIComponent(target.frameworkKey)}`)}"/>`).join("\n")}
    <summary type="text" xml:lang="${escapeXml(summary.locale)}">${escapeXml(summary.text)}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(locale)}">
  <id>${escapeXml(listUrl)}</id>
  <title>${escapeXml(`${input.feedTitle} · ${spaceTitle.text}`)}</title>
  <updated>${(input.commitments.length ? updated : input.fallbackUpdated).toISOString()}</updated>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${publicUrl}${feedPath(spaceSlug)}`)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(listUrl)}"/>
  <generator uri="${escapeXml(publicUrl)}">Convene</generator>
${entries.join("\n")}
</feed>
`;
}
