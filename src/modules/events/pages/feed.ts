import { localize } from "../../../platform/i18n/localized";
import type { Locale } from "../../../platform/i18n/locales";
import { escapeXml } from "../../commitments/feed";
import { eventPath } from "../queries";
import type { ListedEvent } from "./list-queries";
import { formatTimeRange } from "./time";

/**
 * Atom 1.0 (RFC 4287) of newly published events, newest first. Each entry links to the event's page and says when
 * and where in its summary (in the event's own zone) — never the meeting link, which an EventView does not carry.
 */
export function renderEventFeed(input: { publicUrl: string; listPath: string; title: string; locale: Locale; items: ListedEvent[]; kindLabel: (kind: string) => string; fallbackUpdated: Date }): string {
  const listUrl = `${input.publicUrl}${input.listPath}`;
  const updated = input.items.reduce((latest, item) => (item.updatedAt > latest ? item.updatedAt : latest), input.items.length ? new Date(0) : input.fallbackUpdated);
  const entries = input.items.map((item) => {
    const url = `${input.publicUrl}${eventPath(item.space.slug, item.slug)}`;
    const title = localize(item.title, input.locale);
    const summary = localize(item.summary, input.locale);
    const when = `${formatTimeRange(input.locale, item.startsAt, item.endsAt, item.timeZone)} (${item.timeZone})`;
    const where = [item.venueName, item.venueAddress].filter(Boolean).join(", ");
    const text = [when, where, summary.text].filter(Boolean).join("\n");
    return `  <entry>
    <id>urn:uuid:${item.id}</id>
    <title xml:lang="${escapeXml(title.locale)}">${escapeXml(item.status === "cancelled" ? `✕ ${title.text}` : title.text)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>
    <published>${(item.publishedAt ?? item.createdAt).toISOString()}</published>
    <updated>${item.updatedAt.toISOString()}</updated>
    <author><name>Convene</name></author>
    <category term="${escapeXml(item.kind)}" label="${escapeXml(input.kindLabel(item.kind))}"/>
${item.themes.map((theme) => `    <category term="${escapeXml(theme)}"/>`).join("\n")}
    <summary type="text" xml:lang="${escapeXml(summary.text ? summary.locale : input.locale)}">${escapeXml(text)}</summary>
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
