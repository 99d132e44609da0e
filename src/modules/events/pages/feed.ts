import { renderListAtom, type ListFeedInput } from "../../../platform/feeds/atom";
import { localize } from "../../../platform/i18n/localized";
import type { Locale } from "../../../platform/i18n/locales";
import { eventPath } from "../queries";
import type { ListedEvent } from "./list-queries";
import { formatTimeRange } from "./time";

/**
 * Atom (through the platform's writer) of newly published events, newest first. Each entry links to the event's page
 * and says when and where in its summary (in the event's own zone) — never the meeting link, which an EventView does
 * not carry. Entry ids stay `urn:uuid:<event id>`, as readers subscribed before knew them.
 */
export function renderEventFeed(input: ListFeedInput & { locale: Locale; items: ListedEvent[]; kindLabel: (kind: string) => string }): string {
  const { items, kindLabel, ...list } = input;
  return renderListAtom({
    ...list,
    entries: items.map((item) => {
      const title = localize(item.title, input.locale).text;
      const when = `${formatTimeRange(input.locale, item.startsAt, item.endsAt, item.timeZone)} (${item.timeZone})`;
      const where = [item.venueName, item.venueAddress].filter(Boolean).join(", ");
      return {
        id: `urn:uuid:${item.id}`,
        url: `${input.publicUrl}${eventPath(item.space.slug, item.slug)}`,
        title: item.status === "cancelled" ? `✕ ${title}` : title,
        summary: [when, where, localize(item.summary, input.locale).text].filter(Boolean).join("\n"),
        published: item.publishedAt ?? item.createdAt,
        updated: item.updatedAt,
        authors: [{ name: "Convene" }],
        categories: [{ term: item.kind, label: kindLabel(item.kind) }, ...item.themes.map((theme) => ({ term: theme }))],
      };
    }),
  });
}
