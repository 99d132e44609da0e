import { sql, type SQL } from "drizzle-orm";
import { translator } from "../../../platform/i18n/messages";
import type { Database } from "../../../db/client";
import { escapeLike, queryRows } from "../../../db/sql";
import type { ContentCard, ContentSource } from "../../../platform/content/sources";
import { LOCALES } from "../../../platform/i18n/locales";
import type { LocalizedText } from "../../../platform/i18n/localized";
import { EVENT_COLUMNS, eventFromRow, eventPath, visibleEventCondition, type EventDbRow, type EventView } from "../queries";
import { formatTimeRange } from "./time";

// Events as content cards (platform/content/sources.ts) for newsletters, digests and showcases: public events only
// — what an anonymous reader sees (visibleEventCondition(null): a public space with events on, public visibility),
// published and not cancelled. The card's date is when the event starts; its meta line its dates in the event's
// own zone and its place (the venue, or "Online").

type Row = EventDbRow & { space_slug: string };

const PUBLIC = sql`${visibleEventCondition(null)} and e.status = 'published'`;

/** "12 May 2027, 10:00 – 12:00 (Europe/Berlin) · Aarhus Centre" in each language. */
function meta(event: EventView): LocalizedText {
  const text: LocalizedText = {};
  for (const { code, intl } of LOCALES) {
    const place = event.kind === "online" || !event.venueName ? translator(code)("events.kind.online") : event.venueName;
    text[code] = `${formatTimeRange(intl, event.startsAt, event.endsAt, event.timeZone)} (${event.timeZone})${place ? ` · ${place}` : ""}`;
  }
  return text;
}

function card(row: Row): ContentCard {
  const event = eventFromRow(row);
  return { kind: "event", id: event.id, spaceId: event.spaceId, title: event.title, summary: event.summary, path: eventPath(row.space_slug, event.slug), date: event.startsAt, meta: meta(event) };
}

async function cardsWhere(db: Database, condition: SQL, order: SQL, limit: number): Promise<ContentCard[]> {
  const rows = await queryRows<Row>(
    db,
    sql`select ${EVENT_COLUMNS}, (select s.slug from spaces s where s.id = e.space_id) as space_slug from events e where ${PUBLIC} and ${condition} order by ${order} limit ${limit}`,
  );
  return rows.map(card);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const eventContentSource: ContentSource = {
  kind: "event",
  labelKey: "events.content.label",
  async cards(db, ids) {
    const wanted = ids.filter((id) => UUID.test(id));
    if (!wanted.length) return [];
    const found = new Map((await cardsWhere(db, sql`e.id = any(${`{${wanted.join(",")}}`}::uuid[])`, sql`e.id`, wanted.length)).map((item) => [item.id, item]));
    return ids.flatMap((id) => found.get(id) ?? []);
  },
  recent(db, spaceId, range, limit) {
    return cardsWhere(db, sql`e.space_id = ${spaceId} and e.published_at >= ${range.since} and e.published_at < ${range.until}`, sql`e.published_at desc, e.id desc`, limit);
  },
  find(db, spaceId, text, limit) {
    const words = text.trim().slice(0, 100);
    const match = words ? sql`exists (select 1 from jsonb_each_text(e.title) t where t.value ilike ${`%${escapeLike(words)}%`})` : sql`true`;
    return cardsWhere(db, sql`e.space_id = ${spaceId} and ${match}`, sql`e.published_at desc nulls last, e.id desc`, limit);
  },
};
