import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import type { LocalizedText } from "../../../platform/i18n/localized";
import type { SeatStatus } from "../../../platform/seats/schema";
import { waitlistPosition } from "../../../platform/seats/seats";
import { EVENT_COLUMNS, eventFromRow, visibleEventCondition, type EventDbRow, type EventView } from "../queries";
import type { QuestionKind, QuestionOption, RegistrationAnswers } from "../schema";
import type { Viewer } from "../../spaces/permissions";

export type QuestionView = { id: string; position: number; kind: QuestionKind; label: LocalizedText; options: QuestionOption[]; isRequired: boolean };

/** The organiser's questions of an event, in form order. */
export async function listQuestions(db: Database, eventId: string): Promise<QuestionView[]> {
  const rows = await queryRows<{ id: string; position: number; kind: QuestionKind; label: LocalizedText; options: QuestionOption[]; is_required: boolean }>(
    db,
    sql`select id, position, kind, label, options, is_required from event_questions where event_id = ${eventId} order by position, id`,
  );
  return rows.map((row) => ({ id: row.id, position: row.position, kind: row.kind, label: row.label, options: row.options, isRequired: row.is_required }));
}

export type RegistrationView = {
  id: string;
  eventId: string;
  userId: string;
  claimId: string;
  organisationId: string | null;
  answers: RegistrationAnswers;
  status: SeatStatus;
  offerExpiresAt: Date | null;
  createdAt: Date;
};

type RegistrationDbRow = {
  id: string;
  event_id: string;
  user_id: string;
  claim_id: string;
  organisation_id: string | null;
  answers: RegistrationAnswers;
  status: SeatStatus;
  offer_expires_at: Date | string | null;
  created_at: Date | string;
};

const REGISTRATION_COLUMNS = sql.raw(`r.id, r.event_id, r.user_id, r.claim_id, r.organisation_id, r.answers, c.status, c.offer_expires_at, r.created_at`);

const registrationFromRow = (row: RegistrationDbRow): RegistrationView => ({
  id: row.id,
  eventId: row.event_id,
  userId: row.user_id,
  claimId: row.claim_id,
  organisationId: row.organisation_id,
  answers: row.answers,
  status: row.status,
  offerExpiresAt: row.offer_expires_at ? new Date(row.offer_expires_at) : null,
  createdAt: new Date(row.created_at),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A registration with its seat status, or undefined. */
export async function findRegistration(db: Database, id: string): Promise<RegistrationView | undefined> {
  if (!UUID.test(id)) return undefined;
  const [row] = await queryRows<RegistrationDbRow>(db, sql`select ${REGISTRATION_COLUMNS} from event_registrations r join seat_claims c on c.id = r.claim_id where r.id = ${id}`);
  return row ? registrationFromRow(row) : undefined;
}

/** A person's registration for an event: the live one, else their latest (cancelled, declined, expired). */
export async function viewerRegistration(db: Database, eventId: string, userId: string): Promise<(RegistrationView & { position: number | null }) | undefined> {
  const [row] = await queryRows<RegistrationDbRow>(
    db,
    sql`select ${REGISTRATION_COLUMNS} from event_registrations r join seat_claims c on c.id = r.claim_id
      where r.event_id = ${eventId} and r.user_id = ${userId}
      order by (c.status in ('pending', 'confirmed', 'waitlisted', 'offered')) desc, r.created_at desc limit 1`,
  );
  if (!row) return undefined;
  const registration = registrationFromRow(row);
  return { ...registration, position: registration.status === "waitlisted" ? await waitlistPosition(db, registration.claimId) : null };
}

export type RegistrantRow = RegistrationView & { displayName: string; email: string; organisationName: LocalizedText | null; queueSeq: number };

/** Everyone who registered for an event, for its organisers: live requests first, then in the order they asked. */
export async function listRegistrants(db: Database, eventId: string): Promise<RegistrantRow[]> {
  const rows = await queryRows<RegistrationDbRow & { display_name: string; email: string; organisation_name: LocalizedText | null; queue_seq: string | number }>(
    db,
    sql`select ${REGISTRATION_COLUMNS}, u.display_name, u.email, o.name as organisation_name, c.queue_seq
      from event_registrations r join seat_claims c on c.id = r.claim_id join users u on u.id = r.user_id
      left join organisations o on o.id = r.organisation_id
      where r.event_id = ${eventId}
      order by case c.status when 'pending' then 0 when 'offered' then 1 when 'confirmed' then 2 when 'waitlisted' then 3 else 4 end, c.queue_seq
      limit 5000`,
  );
  return rows.map((row) => ({ ...registrationFromRow(row), displayName: row.display_name, email: row.email, organisationName: row.organisation_name, queueSeq: Number(row.queue_seq) }));
}

export type InvitationRow = { email: string; createdAt: Date; acceptedAt: Date | null; hasAccount: boolean };

/** The invitations of an event, newest first. */
export async function listInvitations(db: Database, eventId: string): Promise<InvitationRow[]> {
  const rows = await queryRows<{ email: string; created_at: Date | string; accepted_at: Date | string | null; user_id: string | null }>(
    db,
    sql`select email, created_at, accepted_at, user_id from event_invitations where event_id = ${eventId} order by created_at desc, email limit 2000`,
  );
  return rows.map((row) => ({ email: row.email, createdAt: new Date(row.created_at), acceptedAt: row.accepted_at ? new Date(row.accepted_at) : null, hasAccount: Boolean(row.user_id) }));
}

export type MyEventRow = { event: EventView; spaceSlug: string; registration: RegistrationView };

/**
 * The events a person registered for (their live or latest registration each), upcoming first by start, then
 * past ones newest first; only events they may still see.
 */
export async function listMyEvents(db: Database, viewer: NonNullable<Viewer>, now: Date): Promise<MyEventRow[]> {
  const rows = await queryRows<EventDbRow & { space_slug: string; registration_id: string }>(
    db,
    sql`select distinct on (e.id) ${EVENT_COLUMNS}, s.slug as space_slug, r.id as registration_id
      from event_registrations r join events e on e.id = r.event_id join spaces s on s.id = e.space_id join seat_claims c on c.id = r.claim_id
      where r.user_id = ${viewer.id} and ${visibleEventCondition(viewer)}
      order by e.id, (c.status in ('pending', 'confirmed', 'waitlisted', 'offered')) desc, r.created_at desc`,
  );
  const result: MyEventRow[] = [];
  for (const row of rows) {
    const registration = await findRegistration(db, row.registration_id);
    if (registration) result.push({ event: eventFromRow(row), spaceSlug: row.space_slug, registration });
  }
  const upcoming = result.filter((item) => item.event.endsAt > now).sort((a, b) => a.event.startsAt.getTime() - b.event.startsAt.getTime());
  const past = result.filter((item) => item.event.endsAt <= now).sort((a, b) => b.event.startsAt.getTime() - a.event.startsAt.getTime());
  return [...upcoming, ...past];
}
