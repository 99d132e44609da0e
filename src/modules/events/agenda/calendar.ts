import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { hashToken } from "../../../platform/crypto";
import type { Locale } from "../../../platform/i18n/locales";
import { localizedString } from "../../../platform/i18n/localized";
import type { Viewer } from "../../spaces/permissions";
import { eventLocation, sessionUid, type CalendarItem } from "../ics";
import { EVENT_COLUMNS, eventFromRow, eventPath, visibleEventCondition, type EventDbRow, type EventView } from "../queries";
import { LONGEST_EVENT_DAYS } from "../inputs";
import { eventFilterConditions, eventWindowCondition, readEventFilters, type EventFilters } from "../pages/list-queries";
import { listSessions, type SessionView } from "./queries";

// What the iCalendar feeds hold: a space's or all spaces' events under the calendar's filters, one event with its
// sessions, and a person's own feed (events they are confirmed for, sessions they marked or hold a seat in).
// Everything goes through visibleEventCondition, so a feed never shows more than its reader's pages do.

/**
 * Most items one feed carries: a calendar wants the near future and the recent past, not an archive. Upcoming
 * feeds hold the next FEED_LIMIT events, `when=past` the latest FEED_LIMIT that ended, `when=all` the recent past
 * (FEED_RECENT_DAYS) and what comes, from the oldest of those.
 */
export const FEED_LIMIT = 200;
export const FEED_RECENT_DAYS = 30;

export type FeedFilters = Omit<EventFilters, "when"> & { when: EventFilters["when"] | "all" };

/** Reads the feed filters from a query string, as the calendar's (`readEventFilters`) plus `when=all`. */
export function feedFilters(query: Record<string, unknown>): FeedFilters {
  const filters = readEventFilters(query);
  return { ...filters, when: query.when === "all" ? "all" : filters.when };
}

export type FeedEvent = EventView & { spaceSlug: string };

/** Events for a feed: visible to the viewer, not drafts, filtered, nearest first (past ones: latest first). */
export async function listFeedEvents(db: Database, viewer: Viewer, filters: FeedFilters, now: Date, spaceId?: string): Promise<FeedEvent[]> {
  const window =
    filters.when === "all" ? sql`e.ends_at > ${new Date(now.getTime() - FEED_RECENT_DAYS * 86_400_000)} and e.starts_at > ${new Date(now.getTime() - (FEED_RECENT_DAYS + LONGEST_EVENT_DAYS) * 86_400_000)}` : eventWindowCondition(filters.when, now);
  const conditions: SQL[] = [visibleEventCondition(viewer), sql`e.status <> 'draft'`, window, ...eventFilterConditions(filters)];
  if (spaceId) conditions.push(sql`e.space_id = ${spaceId}`);
  const order = filters.when === "past" ? sql`e.starts_at desc, e.id desc` : sql`e.starts_at, e.id`;
  const rows = await queryRows<EventDbRow & { space_slug: string }>(
    db,
    sql`select ${EVENT_COLUMNS}, (select s.slug from spaces s where s.id = e.space_id) as space_slug from events e
      where ${sql.join(conditions, sql` and `)} order by ${order} limit ${FEED_LIMIT}`,
  );
  return rows.map((row) => ({ ...eventFromRow(row), spaceSlug: row.space_slug }));
}

/** One session as a calendar item: its own UID; its SEQUENCE grows with the session's and the event's changes. */
export function sessionCalendarItem(session: SessionView, event: EventView, input: { spaceSlug: string; locale: Locale; publicUrl: string }): CalendarItem {
  const eventTitle = localizedString(event.title, input.locale);
  const url = `${input.publicUrl}${eventPath(input.spaceSlug, event.slug)}#session-${session.id}`;
  const people = session.people.map((person) => [person.name, person.organisation].filter(Boolean).join(", ")).join("; ");
  const description = [eventTitle, localizedString(session.description, input.locale), people, url].filter(Boolean).join("\n\n");
  return {
    uid: sessionUid(session.id, input.publicUrl),
    sequence: session.sequence + event.sequence,
    title: `${localizedString(session.title, input.locale)} · ${eventTitle}`,
    description,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    timeZone: event.timeZone,
    location: [session.room, eventLocation(event)].filter(Boolean).join(", "),
    url,
    isCancelled: event.status === "cancelled",
    updatedAt: session.updatedAt > event.updatedAt ? session.updatedAt : event.updatedAt,
  };
}

/** The owner of a secret calendar feed token, or undefined. */
export async function findFeedOwner(db: Database, token: string): Promise<{ id: string; isPlatformAdmin: boolean; locale: Locale } | undefined> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  const [row] = await queryRows<{ id: string; is_platform_admin: boolean; locale: Locale }>(
    db,
    sql`select u.id, u.is_platform_admin, u.locale from event_calendar_feeds f join users u on u.id = f.user_id where f.token_hash = ${hashToken(token)}`,
  );
  return row ? { id: row.id, isPlatformAdmin: row.is_platform_admin, locale: row.locale } : undefined;
}

/** Whether a person has a calendar feed (its address is not kept, only that it exists). */
export async function hasCalendarFeed(db: Database, userId: string): Promise<boolean> {
  const [row] = await queryRows<{ ok: boolean }>(db, sql`select exists (select 1 from event_calendar_feeds where user_id = ${userId}) as ok`);
  return Boolean(row?.ok);
}

export type PersonalAgendaEntry = { event: FeedEvent; sessions: SessionView[]; isRegistered: boolean };

/**
 * A person's own agenda: events they are confirmed for (or whose sessions they marked or hold a seat in) that
 * they may still see and that are not over more than `pastDays` ago, each with those sessions only.
 */
export async function personalAgenda(db: Database, viewer: NonNullable<Viewer>, now: Date, pastDays = 30): Promise<PersonalAgendaEntry[]> {
  const since = new Date(now.getTime() - pastDays * 86_400_000);
  const rows = await queryRows<EventDbRow & { space_slug: string; is_registered: boolean }>(
    db,
    sql`select ${EVENT_COLUMNS}, (select s.slug from spaces s where s.id = e.space_id) as space_slug,
        exists (select 1 from event_registrations r join seat_claims c on c.id = r.claim_id where r.event_id = e.id and r.user_id = ${viewer.id} and c.status = 'confirmed') as is_registered
      from events e
      where ${visibleEventCondition(viewer)} and e.status <> 'draft' and e.ends_at >= ${since}
        and (exists (select 1 from event_registrations r join seat_claims c on c.id = r.claim_id where r.event_id = e.id and r.user_id = ${viewer.id} and c.status = 'confirmed')
          or exists (select 1 from event_agenda_marks m join event_sessions s on s.id = m.session_id where s.event_id = e.id and m.user_id = ${viewer.id})
          or exists (select 1 from event_session_registrations sr join seat_claims c on c.id = sr.claim_id join event_sessions s on s.id = sr.session_id
            where s.event_id = e.id and sr.user_id = ${viewer.id} and c.status in ('confirmed', 'offered')))
      order by e.starts_at, e.id limit ${FEED_LIMIT}`,
  );
  if (!rows.length) return [];
  const chosen = new Set(
    (
      await queryRows<{ session_id: string }>(
        db,
        sql`select m.session_id from event_agenda_marks m where m.user_id = ${viewer.id}
          union select sr.session_id from event_session_registrations sr join seat_claims c on c.id = sr.claim_id where sr.user_id = ${viewer.id} and c.status in ('confirmed', 'offered')`,
      )
    ).map((row) => row.session_id),
  );
  return Promise.all(
    rows.map(async (row) => ({
      event: { ...eventFromRow(row), spaceSlug: row.space_slug },
      sessions: (await listSessions(db, row.id)).filter((session) => chosen.has(session.id)),
      isRegistered: row.is_registered,
    })),
  );
}
