import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import type { LocalizedText } from "../../../platform/i18n/localized";
import type { SeatStatus } from "../../../platform/seats/schema";
import { SESSION_POOL, type SessionLink, type SessionType } from "../schema";

// Read models of the agenda: an event's sessions with their speakers and moderators, the seats of sessions that
// take their own registrations, and what the viewer marked or registered for. A person on the platform is shown by
// their display name only (never their address), a guest by the name and organisation the organisers typed.

export type SessionPerson = {
  id: string;
  role: "speaker" | "moderator";
  userId: string | null;
  name: string;
  organisation: string;
  bio: LocalizedText;
};

export type SessionView = {
  id: string;
  eventId: string;
  title: LocalizedText;
  description: LocalizedText;
  descriptionHtml: LocalizedText;
  type: SessionType;
  startsAt: Date;
  endsAt: Date;
  track: string;
  room: string;
  hasRegistration: boolean;
  capacity: number | null;
  confirmed: number;
  recordingUrl: string | null;
  slidesUrl: string | null;
  links: SessionLink[];
  sequence: number;
  updatedAt: Date;
  people: SessionPerson[];
};

type SessionRow = {
  id: string;
  event_id: string;
  title: LocalizedText;
  description: LocalizedText;
  description_html: LocalizedText;
  type: SessionType;
  starts_at: Date | string;
  ends_at: Date | string;
  track: string;
  room: string;
  has_registration: boolean;
  capacity: number | null;
  confirmed: number | null;
  recording_url: string | null;
  slides_url: string | null;
  links: SessionLink[];
  sequence: number;
  updated_at: Date | string;
};

type PersonRow = { id: string; session_id: string; role: "speaker" | "moderator"; user_id: string | null; name: string; organisation: string; bio: LocalizedText };

const SESSION_SELECT = sql`select s.id, s.event_id, s.title, s.description, s.description_html, s.type, s.starts_at, s.ends_at, s.track, s.room,
    s.has_registration, p.capacity, p.confirmed, s.recording_url, s.slides_url, s.links, s.sequence, s.updated_at
  from event_sessions s left join seat_pools p on p.kind = ${SESSION_POOL} and p.owner_id = s.id`;

async function withPeople(db: Database, rows: SessionRow[]): Promise<SessionView[]> {
  if (!rows.length) return [];
  const ids = rows.map((row) => row.id);
  // A platform user's current display name wins over what was stored when they were added.
  const people = await queryRows<PersonRow>(
    db,
    sql`select sp.id, sp.session_id, sp.role, sp.user_id, coalesce(u.display_name, sp.name) as name, sp.organisation, sp.bio
      from event_session_people sp left join users u on u.id = sp.user_id
      where sp.session_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) order by sp.session_id, sp.position, sp.id`,
  );
  const bySession = new Map<string, SessionPerson[]>();
  for (const person of people) {
    const list = bySession.get(person.session_id) ?? [];
    list.push({ id: person.id, role: person.role, userId: person.user_id, name: person.name, organisation: person.organisation, bio: person.bio });
    bySession.set(person.session_id, list);
  }
  return rows.map((row) => ({
    id: row.id,
    eventId: row.event_id,
    title: row.title,
    description: row.description,
    descriptionHtml: row.description_html,
    type: row.type,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    track: row.track,
    room: row.room,
    hasRegistration: row.has_registration,
    capacity: row.has_registration ? row.capacity : null,
    confirmed: row.confirmed ?? 0,
    recordingUrl: row.recording_url,
    slidesUrl: row.slides_url,
    links: row.links ?? [],
    sequence: row.sequence,
    updatedAt: new Date(row.updated_at),
    people: bySession.get(row.id) ?? [],
  }));
}

/** An event's sessions in time order (then track and room), with their people. */
export async function listSessions(db: Database, eventId: string): Promise<SessionView[]> {
  const rows = await queryRows<SessionRow>(db, sql`${SESSION_SELECT} where s.event_id = ${eventId} order by s.starts_at, s.track, s.room, s.id`);
  return withPeople(db, rows);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One session of an event, or undefined (also for a malformed id or a session of another event). */
export async function findSession(db: Database, eventId: string, sessionId: string): Promise<SessionView | undefined> {
  if (!UUID.test(sessionId)) return undefined;
  const rows = await queryRows<SessionRow>(db, sql`${SESSION_SELECT} where s.id = ${sessionId} and s.event_id = ${eventId}`);
  return (await withPeople(db, rows))[0];
}

/** What one viewer did with an event's sessions: the sessions they marked, and their session seats' states. */
export type ViewerAgenda = { marked: Set<string>; seats: Map<string, SeatStatus> };

export async function viewerAgenda(db: Database, eventId: string, userId: string | null): Promise<ViewerAgenda> {
  if (!userId) return { marked: new Set(), seats: new Map() };
  const [marks, seats] = await Promise.all([
    queryRows<{ session_id: string }>(
      db,
      sql`select m.session_id from event_agenda_marks m join event_sessions s on s.id = m.session_id where m.user_id = ${userId} and s.event_id = ${eventId}`,
    ),
    queryRows<{ session_id: string; status: SeatStatus }>(
      db,
      sql`select r.session_id, c.status from event_session_registrations r join seat_claims c on c.id = r.claim_id
        join event_sessions s on s.id = r.session_id
        where r.user_id = ${userId} and s.event_id = ${eventId} and c.status in ('confirmed', 'waitlisted', 'offered', 'pending')`,
    ),
  ]);
  return { marked: new Set(marks.map((row) => row.session_id)), seats: new Map(seats.map((row) => [row.session_id, row.status])) };
}

/** Whether a person holds a confirmed registration for the event (what a session's own registration requires). */
export async function hasConfirmedRegistration(db: Database, eventId: string, userId: string): Promise<boolean> {
  const [row] = await queryRows<{ ok: boolean }>(
    db,
    sql`select exists (select 1 from event_registrations r join seat_claims c on c.id = r.claim_id
      where r.event_id = ${eventId} and r.user_id = ${userId} and c.status = 'confirmed') as ok`,
  );
  return Boolean(row?.ok);
}
