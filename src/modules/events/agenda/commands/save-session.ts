import { sql } from "drizzle-orm";
import type { Database } from "../../../../db/client";
import { queryRows } from "../../../../db/sql";
import { recordAudit } from "../../../../platform/audit/record";
import { notFound, validationFailed, type FieldErrors } from "../../../../platform/errors";
import type { LocalizedText } from "../../../../platform/i18n/localized";
import { ensureSeatPool, findSeatPool, setSeatCapacity, type SeatChange } from "../../../../platform/seats/seats";
import type { Services } from "../../../../platform/services";
import { renderMarkdown } from "../../../../platform/markdown/subset";
import { SEATS_CHANGED_JOB, type Actor } from "../../commands/save-event";
import type { EventView } from "../../queries";
import { SESSION_POOL } from "../../schema";
import type { MaterialFields, PersonInput, SessionFields } from "../inputs";
import { findSession, type SessionView } from "../queries";

const renderLocalized = (value: LocalizedText): LocalizedText =>
  Object.fromEntries(Object.entries(value).map(([locale, text]) => [locale, renderMarkdown(text ?? "").value]));

/** Tells the registration part about seats that moved without the person acting (an offer after more room). */
export async function queueSeatChanges(services: Services, tx: Database, changes: SeatChange[]): Promise<void> {
  if (!changes.length) return;
  await services.jobs.enqueue(SEATS_CHANGED_JOB, { changes: changes.map((change) => ({ ...change, offerExpiresAt: change.offerExpiresAt?.toISOString() ?? null })) }, { db: tx });
}

/** Platform users named by address: their ids, or a field error for each address nobody on Convene uses. */
async function resolvePeople(db: Database, people: PersonInput[]): Promise<{ userIds: (string | null)[]; errors: FieldErrors }> {
  const emails = [...new Set(people.map((person) => person.email).filter(Boolean))];
  const found = emails.length
    ? await queryRows<{ id: string; email: string }>(db, sql`select id, lower(email) as email from users where lower(email) in (${sql.join(emails.map((email) => sql`${email}`), sql`, `)})`)
    : [];
  const byEmail = new Map(found.map((row) => [row.email, row.id]));
  const errors: FieldErrors = {};
  const userIds = people.map((person, index) => {
    if (!person.email) return null;
    const id = byEmail.get(person.email);
    if (!id) errors[`person.${index}.email`] = { key: "events.agenda.error.person_unknown" };
    return id ?? null;
  });
  return { userIds, errors };
}

async function writePeople(tx: Database, sessionId: string, people: PersonInput[], userIds: (string | null)[]): Promise<void> {
  await tx.execute(sql`delete from event_session_people where session_id = ${sessionId}`);
  for (const [position, person] of people.entries()) {
    await tx.execute(
      sql`insert into event_session_people (session_id, role, user_id, name, organisation, bio, position)
        values (${sessionId}, ${person.role}, ${userIds[position]}, ${person.name}, ${person.organisation}, ${JSON.stringify(person.bio)}::jsonb, ${position})`,
    );
  }
}

/** Keeps the session's own seat pool in step with its registration setting; returns the seats that moved. */
async function syncPool(tx: Database, sessionId: string, fields: SessionFields, now: Date): Promise<SeatChange[]> {
  const pool = await findSeatPool(tx, SESSION_POOL, sessionId);
  if (!pool) {
    if (fields.hasRegistration) await ensureSeatPool(tx, { kind: SESSION_POOL, ownerId: sessionId, capacity: fields.capacity });
    return [];
  }
  return pool.capacity === fields.capacity ? [] : setSeatCapacity(tx, pool.id, fields.capacity, now);
}

/** Adds a session to an event's agenda with its people (and its own seats when it takes registrations); audited. */
export async function createSession(services: Services, actor: Actor, event: EventView, fields: SessionFields): Promise<SessionView> {
  const now = services.clock.now();
  const { userIds, errors } = await resolvePeople(services.db, fields.people);
  if (Object.keys(errors).length) throw validationFailed(errors);
  const id = await services.db.transaction(async (tx) => {
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into event_sessions (event_id, title, description, description_html, type, starts_at, ends_at, track, room, has_registration, created_at, updated_at)
        values (${event.id}, ${JSON.stringify(fields.title)}::jsonb, ${JSON.stringify(fields.description)}::jsonb, ${JSON.stringify(renderLocalized(fields.description))}::jsonb,
          ${fields.type}, ${fields.startsAt}, ${fields.endsAt}, ${fields.track}, ${fields.room}, ${fields.hasRegistration}, ${now}, ${now})
        returning id`,
    );
    await writePeople(tx, row.id, fields.people, userIds);
    await syncPool(tx, row.id, fields, now);
    await recordAudit(tx, { actorUserId: actor.id, action: "event.session_created", subjectType: "event_session", subjectId: row.id, spaceId: event.spaceId, details: { eventId: event.id }, ip: actor.ip ?? null });
    return row.id;
  });
  return (await findSession(services.db, event.id, id))!;
}

/**
 * Saves a session. A change a calendar shows (time, title, room) bumps the session's SEQUENCE so subscribed
 * calendars update their copy; a capacity change applies to its seats at once (more room goes to the waitlist).
 */
export async function updateSession(services: Services, actor: Actor, event: EventView, sessionId: string, fields: SessionFields): Promise<SessionView> {
  const now = services.clock.now();
  const before = await findSession(services.db, event.id, sessionId);
  if (!before) throw notFound();
  const { userIds, errors } = await resolvePeople(services.db, fields.people);
  if (Object.keys(errors).length) throw validationFailed(errors);
  const isCalendarChange =
    before.startsAt.getTime() !== fields.startsAt.getTime() ||
    before.endsAt.getTime() !== fields.endsAt.getTime() ||
    before.room !== fields.room ||
    JSON.stringify(before.title) !== JSON.stringify(fields.title);
  await services.db.transaction(async (tx) => {
    await tx.execute(
      sql`update event_sessions set title = ${JSON.stringify(fields.title)}::jsonb, description = ${JSON.stringify(fields.description)}::jsonb,
        description_html = ${JSON.stringify(renderLocalized(fields.description))}::jsonb, type = ${fields.type}, starts_at = ${fields.startsAt},
        ends_at = ${fields.endsAt}, track = ${fields.track}, room = ${fields.room}, has_registration = ${fields.hasRegistration},
        sequence = sequence + ${isCalendarChange ? 1 : 0}, updated_at = ${now}
        where id = ${sessionId}`,
    );
    await writePeople(tx, sessionId, fields.people, userIds);
    await queueSeatChanges(services, tx, await syncPool(tx, sessionId, fields, now));
    await recordAudit(tx, { actorUserId: actor.id, action: "event.session_updated", subjectType: "event_session", subjectId: sessionId, spaceId: event.spaceId, details: { eventId: event.id }, ip: actor.ip ?? null });
  });
  return (await findSession(services.db, event.id, sessionId))!;
}

/** Removes a session (its people, marks, seats and session registrations go with it); audited. */
export async function deleteSession(services: Services, actor: Actor, event: EventView, sessionId: string): Promise<void> {
  const before = await findSession(services.db, event.id, sessionId);
  if (!before) throw notFound();
  await services.db.transaction(async (tx) => {
    await tx.execute(sql`delete from seat_pools where kind = ${SESSION_POOL} and owner_id = ${sessionId}`);
    await tx.execute(sql`delete from event_sessions where id = ${sessionId}`);
    await recordAudit(tx, { actorUserId: actor.id, action: "event.session_deleted", subjectType: "event_session", subjectId: sessionId, spaceId: event.spaceId, details: { eventId: event.id, title: before.title }, ip: actor.ip ?? null });
  });
}

/** Saves a session's after-event material (recording, slides, links); audited. */
export async function saveSessionMaterial(services: Services, actor: Actor, event: EventView, sessionId: string, fields: MaterialFields): Promise<void> {
  const now = services.clock.now();
  const before = await findSession(services.db, event.id, sessionId);
  if (!before) throw notFound();
  await services.db.transaction(async (tx) => {
    await tx.execute(
      sql`update event_sessions set recording_url = ${fields.recordingUrl}, slides_url = ${fields.slidesUrl}, links = ${JSON.stringify(fields.links)}::jsonb, updated_at = ${now}
        where id = ${sessionId}`,
    );
    await recordAudit(tx, { actorUserId: actor.id, action: "event.session_material", subjectType: "event_session", subjectId: sessionId, spaceId: event.spaceId, details: { eventId: event.id }, ip: actor.ip ?? null });
  });
}

/** Saves the organisers' closing notes of an event (Markdown, rendered once here); audited. */
export async function saveClosingNotes(services: Services, actor: Actor, event: EventView, notes: LocalizedText): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    await tx.execute(
      sql`update events set closing_notes = ${JSON.stringify(notes)}::jsonb, closing_notes_html = ${JSON.stringify(renderLocalized(notes))}::jsonb, updated_at = ${now}
        where id = ${event.id}`,
    );
    await recordAudit(tx, { actorUserId: actor.id, action: "event.closing_notes", subjectType: "event", subjectId: event.id, spaceId: event.spaceId, ip: actor.ip ?? null });
  });
}
