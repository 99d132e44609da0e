import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { decodeCursor, encodeCursor } from "../../../platform/api/pagination";
import { countriesInRegion, isCountryCode } from "../../../platform/countries";
import type { LocalizedText } from "../../../platform/i18n/localized";
import type { Viewer } from "../../spaces/permissions";
import { EVENT_COLUMNS, eventFromRow, visibleEventCondition, type EventDbRow, type EventView } from "../queries";
import { LONGEST_EVENT_DAYS } from "../inputs";
import { EVENT_KINDS, type EventKind } from "../schema";

/** What a list or calendar of events is narrowed by; every value already checked (see `readEventFilters`). */
export type EventFilters = {
  when: "upcoming" | "past";
  kind: EventKind | null;
  country: string | null;
  region: string | null;
  language: string | null;
  theme: string | null;
  /** A series of the space (space lists only). */
  series: string | null;
};

const one = (value: unknown): string => (typeof value === "string" ? value.trim() : Array.isArray(value) && typeof value[0] === "string" ? value[0].trim() : "");

/** Reads the filters from a query string; anything unknown is ignored rather than refused (a shared link still opens). */
export function readEventFilters(query: Record<string, unknown>): EventFilters {
  const kind = one(query.kind);
  const country = one(query.country).toUpperCase();
  const region = one(query.region);
  const language = one(query.language).toLowerCase();
  const theme = one(query.theme).toLowerCase();
  return {
    when: one(query.when) === "past" ? "past" : "upcoming",
    kind: (EVENT_KINDS as readonly string[]).includes(kind) ? (kind as EventKind) : null,
    country: isCountryCode(country) ? country : null,
    region: /^[0-9]{3}$/.test(region) && countriesInRegion(region).length ? region : null,
    language: /^[a-z]{2,3}$/.test(language) ? language : null,
    theme: theme && theme.length <= 40 ? theme : null,
    series: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(one(query.series)) ? one(query.series) : null,
  };
}

/** The filters as query-string pairs (only those set), for links that keep them. */
export function filterParams(filters: EventFilters): Record<string, string> {
  const params: Record<string, string> = {};
  if (filters.when === "past") params.when = "past";
  for (const name of ["kind", "country", "region", "language", "theme", "series"] as const) if (filters[name]) params[name] = filters[name]!;
  return params;
}

export type ListedEvent = EventView & { space: { slug: string; title: LocalizedText } };

const DAY_MS = 86_400_000;

/**
 * The filters' SQL over `events e`, without the time window: kind, country, region, language, theme, series.
 * Shared by the lists, the calendar and the iCalendar feeds.
 */
export function eventFilterConditions(filters: Omit<EventFilters, "when">): SQL[] {
  const parts: SQL[] = [];
  if (filters.kind) parts.push(sql`e.kind = ${filters.kind}`);
  if (filters.country) parts.push(sql`e.country = ${filters.country}`);
  if (filters.region) parts.push(sql`e.country = any(${`{${countriesInRegion(filters.region).join(",")}}`}::text[])`);
  if (filters.language) parts.push(sql`(${filters.language} = any(e.languages) or ${filters.language} = any(e.interpretation))`);
  if (filters.theme) parts.push(sql`${filters.theme} = any(e.themes)`);
  if (filters.series) parts.push(sql`e.series_id = ${filters.series}`);
  return parts;
}

/**
 * Upcoming (what has not ended, including what is happening now) or past (what has ended). Each also bounds
 * `starts_at`, which the indexes are sorted by, so a page is read from an index range starting at now instead of
 * filtering every older event: an event lasts at most LONGEST_EVENT_DAYS (inputs.ts), so one that has not ended
 * started after now minus that; one that has ended started before now.
 */
export function eventWindowCondition(when: "upcoming" | "past", now: Date): SQL {
  return when === "past"
    ? sql`e.ends_at <= ${now} and e.starts_at < ${now}`
    : sql`e.ends_at > ${now} and e.starts_at > ${new Date(now.getTime() - LONGEST_EVENT_DAYS * DAY_MS)}`;
}

function conditions(viewer: Viewer, filters: EventFilters, now: Date, spaceId: string | null): SQL {
  const parts: SQL[] = [visibleEventCondition(viewer)];
  if (spaceId) parts.push(sql`e.space_id = ${spaceId}`);
  parts.push(eventWindowCondition(filters.when, now), ...eventFilterConditions(filters));
  return sql.join(parts, sql` and `);
}

/**
 * One page of the events a viewer may see, upcoming soonest first or past latest first, by keyset on
 * (starts_at, id): a cursor names the last event shown. `spaceId` narrows to one space.
 */
export async function listEvents(
  db: Database,
  viewer: Viewer,
  options: { filters: EventFilters; now: Date; spaceId: string | null; cursor?: string; limit: number },
): Promise<{ items: ListedEvent[]; nextCursor: string | null }> {
  const { filters, now, limit } = options;
  const after = decodeCursor(options.cursor, 2);
  const isPast = filters.when === "past";
  let keyset = sql`true`;
  if (after) {
    const [startsAt, id] = after;
    const instant = new Date(String(startsAt));
    if (Number.isNaN(instant.getTime()) || !/^[0-9a-f-]{36}$/.test(String(id))) return { items: [], nextCursor: null };
    keyset = isPast ? sql`(e.starts_at, e.id) < (${instant}, ${String(id)}::uuid)` : sql`(e.starts_at, e.id) > (${instant}, ${String(id)}::uuid)`;
  }
  const order = isPast ? sql`e.starts_at desc, e.id desc` : sql`e.starts_at asc, e.id asc`;
  const rows = await queryRows<EventDbRow & { space_slug: string; space_title: LocalizedText }>(
    db,
    sql`select ${EVENT_COLUMNS}, s.slug as space_slug, s.title as space_title from events e join spaces s on s.id = e.space_id
        where ${conditions(viewer, filters, now, options.spaceId)} and ${keyset} order by ${order} limit ${limit + 1}`,
  );
  const items = rows.slice(0, limit).map((row) => ({ ...eventFromRow(row), space: { slug: row.space_slug, title: row.space_title } }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.startsAt.toISOString(), last.id]) : null };
}

/** Drafts of a space, for its organisers' list (newest first; they are few). */
export async function listDrafts(db: Database, spaceId: string): Promise<EventView[]> {
  const rows = await queryRows<EventDbRow>(db, sql`select ${EVENT_COLUMNS} from events e where e.space_id = ${spaceId} and e.status = 'draft' order by e.starts_at asc limit 100`);
  return rows.map(eventFromRow);
}

/** The most recently published events a viewer may see (Atom), newest first. */
export async function recentlyPublished(db: Database, viewer: Viewer, spaceId: string | null, limit: number): Promise<ListedEvent[]> {
  const rows = await queryRows<EventDbRow & { space_slug: string; space_title: LocalizedText }>(
    db,
    sql`select ${EVENT_COLUMNS}, s.slug as space_slug, s.title as space_title from events e join spaces s on s.id = e.space_id
        where ${visibleEventCondition(viewer)} and e.published_at is not null ${spaceId ? sql`and e.space_id = ${spaceId}` : sql``}
        order by e.published_at desc, e.id desc limit ${limit}`,
  );
  return rows.map((row) => ({ ...eventFromRow(row), space: { slug: row.space_slug, title: row.space_title } }));
}

/** How many of the nearest events the theme filter's choices come from (a bounded read, whatever the archive). */
const THEME_SAMPLE = 1_000;

/**
 * Themes used by the events a viewer may see in the list's window (upcoming or past), most used first: those of
 * the THEME_SAMPLE events nearest to now, read through the same index range as the list.
 */
export async function usedThemes(db: Database, viewer: Viewer, spaceId: string | null, when: "upcoming" | "past", now: Date): Promise<string[]> {
  const order = when === "past" ? sql`e.starts_at desc` : sql`e.starts_at asc`;
  const rows = await queryRows<{ theme: string }>(
    db,
    sql`select t.theme from (select e.themes from events e
          where ${visibleEventCondition(viewer)} ${spaceId ? sql`and e.space_id = ${spaceId}` : sql``} and ${eventWindowCondition(when, now)}
          order by ${order} limit ${THEME_SAMPLE}) e cross join lateral unnest(e.themes) as t(theme)
        group by t.theme order by count(*) desc, t.theme limit 50`,
  );
  return rows.map((row) => row.theme);
}

/** The event's organisers (organisations), in their order. */
export async function eventOrganisations(db: Database, eventId: string): Promise<{ id: string; slug: string; name: LocalizedText }[]> {
  return queryRows(db, sql`select o.id, o.slug, o.name from event_organisers eo join organisations o on o.id = eo.organisation_id where eo.event_id = ${eventId} order by eo.position`);
}

/** A space's series of events. */
export async function spaceSeries(db: Database, spaceId: string): Promise<{ id: string; title: LocalizedText }[]> {
  return queryRows(db, sql`select id, title from event_series where space_id = ${spaceId} order by created_at`);
}

/** The seat pool's capacity of an event (null: unlimited or no pool yet) and its offer hours. */
export async function eventCapacity(db: Database, eventId: string): Promise<{ capacity: number | null; offerHours: number }> {
  const [row] = await queryRows<{ capacity: number | null; offer_hours: number }>(db, sql`select capacity, offer_hours from seat_pools where kind = 'event' and owner_id = ${eventId}`);
  return { capacity: row?.capacity ?? null, offerHours: row?.offer_hours ?? 48 };
}
