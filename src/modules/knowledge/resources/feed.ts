import { escapeXml } from "../../commitments/feed";
import { localize } from "../../../platform/i18n/localized";
import type { Locale } from "../../../platform/i18n/locales";
import type { ResourceItem } from "./queries";
import { resourcePath } from "./views/shared";

/**
 * An Atom 1.0 document (RFC 4287) of the newest published resources, newest first: each entry links to the
 * resource's page, names its kind as a category, and carries its description in the reader's language (or the
 * fallback, marked with xml:lang). XML escaping is the commitments feed's, so both feeds escape alike.
 */
export function renderResourceFeed(input: {
  publicUrl: string;
  listPath: string;
  title: string;
  locale: Locale;
  items: ResourceItem[];
  kindLabel: (kind: string) => string;
  fallbackUpdated: Date;
}): string {
  const listUrl = `${input.publicUrl}${input.listPath}`;
  const updatedOf = (item: ResourceItem) => (item.publishedAt && item.publishedAt > item.updatedAt ? item.publishedAt : item.updatedAt);
  const updated = input.items.reduce((latest, item) => (updatedOf(item) > latest ? updatedOf(item) : latest), input.items.length ? new Date(0) : input.fallbackUpdated);
  const entries = input.items.map((item) => {
    const url = `${input.publicUrl}${resourcePath(item)}`;
    const title = localize(item.title, input.locale);
    const summary = localize(item.description, input.locale);
    return `  <entry>
    <id>${escapeXml(url)}</id>
    <title xml:lang="${escapeXml(title.locale)}">${escapeXml(title.text)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>
    <link rel="related" href="${escapeXml(item.url)}"/>
    <published>${(item.publishedAt ?? item.createdAt).toISOString()}</published>
    <updated>${updatedOf(item).toISOString()}</updated>
    <author><name>${escapeXml(item.funder || "Convene")}</name></author>
    <category term="${escapeXml(item.kind)}" label="${escapeXml(input.kindLabel(item.kind))}"/>
    <summary type="text" xml:lang="${escapeXml(summary.locale)}">${escapeXml(summary.text)}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(input.locale)}">
  <id>${escapeXml(listUrl)}</id>
  <title>${escapeXml(input.title)}</title>
  <updated>${updated.toISOString()}</updated>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${listUrl}/feed.atom`)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(listUrl)}"/>
  <generator uri="${escapeXml(input.publicUrl)}">Convene</generator>
${entries.join("\n")}
</feed>
`;
}
