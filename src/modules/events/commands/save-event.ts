import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows, textArrayLiteral } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { conflict, notFound } from "../../../platform/errors";
import type { LocalizedText } from "../../../platform/i18n/localized";
import { ensureSeatPool, findSeatPool, setSeatCapacity } from "../../../platform/seats/seats";
import type { Services } from "../../../platform/services";
import { slugify } from "../../../platform/slug";
import { renderMarkdown } from "../../../platform/markdown/subset";
import type { EventFields } from "../inputs";
import { findEventById, type EventView } from "../queries";
import { EVENT_POOL, type EventStatus, type RegistrationState } from "../schema";

/**
 * Queued (in the writing transaction) when a published event changes in a way its registrants should hear about:
 * `updated` (time, place, kind), `cancelled`. The registration part handles it (mail with a new .ics).
 */
export const EVENT_CHANGED_JOB = "events.changed";
export type EventChange = "updated" | "cancelled";

export type Actor = { id: string; ip?: string | null };

const renderLocalized = (value: LocalizedText): LocalizedText =>
  Object.fromEntries(Object.entries(value).map(([locale, text]) => [locale, renderMarkdown(text ?? "").value]));

/** The fields a calendar shows: a change to any of them bumps the iCalendar SEQUENCE and tells registrants. */
function calendarFieldsChanged(before: EventView, after: EventFields): boolean {
  return (
    before.startsAt.getTime() !== after.startsAt.getTime() ||
    before.endsAt.getTime() !== after.endsAt.getTime() ||
    before.timeZone !== after.timeZone ||
    before.kind !== after.kind ||
    before.venueName !== after.venueName ||
    before.venueAddress !== after.venueAddress ||
    JSON.stringify(before.title) !== JSON.stringify(after.title)
  );
}

async function freeSlug(tx: Database, spaceId: string, wanted: string, exceptId: string | null): Promise<string> {
  const taken = new Set(
    (
      await queryRows<{ slug: string }>(
        tx,
        sql`select slug from events where space_id = ${spaceId} and (slug = ${wanted} or slug like ${`${wanted}-%`}) and id is distinct from ${exceptId}::uuid`,
      )
    ).map((row) => row.slug),
  );
  if (!taken.has(wanted)) return wanted;
  for (let suffix = 2; ; suffix += 1) if (!taken.has(`${wanted}-${suffix}`)) return `${wanted}-${suffix}`;
}

async function writeOrganisers(tx: Database, eventId: string, organisationIds: string[]): Promise<void> {
  await tx.execute(sql`delete from event_organisers where event_id = ${eventId}`);
  for (const [position, organisationId] of organisationIds.entries()) {
    await tx.execute(sql`insert into event_organisers (event_id, organisation_id, position) values (${eventId}, ${organisationId}, ${position})`);
  }
}

/** The columns both create and update write, from checked fields. */
function columnValues(fields: EventFields) {
  return sql`kind = ${fields.kind}, visibility = ${fields.visibility}, title = ${JSON.stringify(fields.title)}::jsonb,
    summary = ${JSON.stringify(fields.summary)}::jsonb, description = ${JSON.stringify(fields.description)}::jsonb,
    description_html = ${JSON.stringify(renderLocalized(fields.description))}::jsonb, starts_at = ${fields.startsAt}, ends_at = ${fields.endsAt},
    time_zone = ${fields.timeZone}, venue_name = ${fields.venueName}, venue_address = ${fields.venueAddress}, country = ${fields.country},
    map_url = ${fields.mapUrl}, meeting_url = ${fields.meetingUrl}, languages = ${`{${fields.languages.join(",")}}`}::text[],
    interpretation = ${`{${fields.interpretation.join(",")}}`}::text[], accessibility = ${JSON.stringify(fields.accessibility)}::jsonb,
    themes = ${textArrayLiteral(fields.themes)}::text[], target_ids = ${`{${fields.targetIds.join(",")}}`}::uuid[], is_external = ${fields.isExternal},
    external_url = ${fields.externalUrl}, registration_mode = ${fields.registrationMode}, allows_organisation = ${fields.allowsOrganisation},
    registration_closes_at = ${fields.registrationClosesAt}, series_id = ${fields.seriesId}`;
}

/** Creates a draft event in a space, with its organisers and its pool of seats; audited. */
export async function createEvent(services: Services, actor: Actor, spaceId: string, fields: EventFields): Promise<EventView> {
  const now = services.clock.now();
  const id = await services.db.transaction(async (tx) => {
    const wanted = fields.slug ?? slugify(fields.title.en ?? fields.title.ru ?? Object.values(fields.title)[0] ?? "", "event");
    const slug = fields.slug ? wanted : await freeSlug(tx, spaceId, wanted, null);
    const [taken] = fields.slug ? await queryRows<{ id: string }>(tx, sql`select id from events where space_id = ${spaceId} and slug = ${slug}`) : [];
    if (taken) throw conflict("error.conflict", { slug: { key: "events.error.slug_taken" } });
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into events (space_id, slug, kind, title, starts_at, ends_at, time_zone, created_by, created_at, updated_at)
        values (${spaceId}, ${slug}, ${fields.kind}, ${JSON.stringify(fields.title)}::jsonb, ${fields.startsAt}, ${fields.endsAt}, ${fields.timeZone}, ${actor.id}, ${now}, ${now})
        returning id`,
    );
    await tx.execute(sql`update events set ${columnValues(fields)} where id = ${row.id}`);
    await writeOrganisers(tx, row.id, fields.organisationIds);
    await ensureSeatPool(tx, { kind: EVENT_POOL, ownerId: row.id, capacity: fields.capacity, offerHours: fields.offerHours });
    await recordAudit(tx, { actorUserId: actor.id, action: "event.created", subjectType: "event", subjectId: row.id, spaceId, ip: actor.ip ?? null });
    return row.id;
  });
  return (await findEventById(services.db, id))!;
}

/**
 * Saves an event's fields. A change a calendar shows (time, place, title, kind) bumps its SEQUENCE and, once
 * published, queues the `events.changed` job that tells registrants. A capacity change applies to the seat pool
 * at once (more room is offered to the waitlist; nobody confirmed loses a seat).
 */
export async function updateEvent(services: Services, actor: Actor, eventId: string, fields: EventFields): Promise<EventView> {
  const now = services.clock.now();
  const before = await findEventById(services.db, eventId);
  if (!before) throw notFound();
  const isCalendarChange = calendarFieldsChanged(before, fields);
  await services.db.transaction(async (tx) => {
    if (fields.slug && fields.slug !== before.slug) {
      const [taken] = await queryRows<{ id: string }>(tx, sql`select id from events where space_id = ${before.spaceId} and slug = ${fields.slug} and id <> ${eventId}`);
      if (taken) throw conflict("error.conflict", { slug: { key: "events.error.slug_taken" } });
      await tx.execute(sql`update events set slug = ${fields.slug} where id = ${eventId}`);
    }
    await tx.execute(
      sql`update events set ${columnValues(fields)}, updated_at = ${now}, sequence = sequence + ${isCalendarChange ? 1 : 0} where id = ${eventId}`,
    );
    await writeOrganisers(tx, eventId, fields.organisationIds);
    const pool = await findSeatPool(tx, EVENT_POOL, eventId);
    const poolId = pool?.id ?? (await ensureSeatPool(tx, { kind: EVENT_POOL, ownerId: eventId, capacity: fields.capacity, offerHours: fields.offerHours }));
    if (pool && (pool.capacity !== fields.capacity || pool.offerHours !== fields.offerHours)) {
      const changes = await setSeatCapacity(tx, poolId, fields.capacity, now, fields.offerHours);
      if (changes.length) await services.jobs.enqueue(SEATS_CHANGED_JOB, { changes: changes.map((change) => ({ ...change, offerExpiresAt: change.offerExpiresAt?.toISOString() ?? null })) }, { db: tx });
    }
    if (isCalendarChange && before.status === "published") await services.jobs.enqueue(EVENT_CHANGED_JOB, { eventId, change: "updated" }, { db: tx });
    await recordAudit(tx, { actorUserId: actor.id, action: "event.updated", subjectType: "event", subjectId: eventId, spaceId: before.spaceId, ip: actor.ip ?? null });
  });
  return (await findEventById(services.db, eventId))!;
}

/**
 * Queued when seats move without the person doing it (an offer after a cancellation or a capacity change, an
 * offer expired): the registration part mails each person whose claim changed. Payload: { changes: SeatChange[] }.
 */
export const SEATS_CHANGED_JOB = "events.seats-changed";

/** Publishes, cancels or takes an event back to draft; cancelling tells registrants (and bumps SEQUENCE). */
export async function setEventStatus(services: Services, actor: Actor, eventId: string, status: EventStatus): Promise<EventView> {
  const now = services.clock.now();
  const before = await findEventById(services.db, eventId);
  if (!before) throw notFound();
  if (before.status === status) return before;
  if (status === "draft" && before.status === "cancelled") throw conflict("events.error.cancelled_final");
  await services.db.transaction(async (tx) => {
    await tx.execute(
      sql`update events set status = ${status}, updated_at = ${now}, sequence = sequence + 1,
        published_at = coalesce(published_at, ${status === "published" ? now : null}),
        cancelled_at = ${status === "cancelled" ? now : null},
        registration_state = ${status === "cancelled" ? "closed" : before.registrationState}
        where id = ${eventId}`,
    );
    if (status === "cancelled" && before.status === "published") await services.jobs.enqueue(EVENT_CHANGED_JOB, { eventId, change: "cancelled" }, { db: tx });
    await recordAudit(tx, { actorUserId: actor.id, action: `event.${status}`, subjectType: "event", subjectId: eventId, spaceId: before.spaceId, details: { previousStatus: before.status }, ip: actor.ip ?? null });
  });
  return (await findEventById(services.db, eventId))!;
}

/** Opens or closes registration (only a published event opens it). */
export async function setRegistrationState(services: Services, actor: Actor, eventId: string, state: RegistrationState): Promise<EventView> {
  const before = await findEventById(services.db, eventId);
  if (!before) throw notFound();
  if (state === "open" && (before.status !== "published" || before.isExternal)) throw conflict("events.error.registration_needs_published");
  await services.db.transaction(async (tx) => {
    await tx.execute(sql`update events set registration_state = ${state}, updated_at = ${services.clock.now()} where id = ${eventId}`);
    await recordAudit(tx, { actorUserId: actor.id, action: `event.registration_${state}`, subjectType: "event", subjectId: eventId, spaceId: before.spaceId, ip: actor.ip ?? null });
  });
  return (await findEventById(services.db, eventId))!;
}
