import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import type { LocalizedText } from "../../../platform/i18n/localized";
import type { SeatStatus } from "../../../platform/seats/schema";
import { suppressSmallCells, type StatCell } from "../../../platform/statistics/small-cells";

// Read models of attendance: the viewer's own registration (for the join link and the check-in code), the
// organisers' check-in list and CSV, and the attendance figures. A registration's status is its seat claim's.

export type AttendanceRegistration = {
  id: string;
  eventId: string;
  userId: string;
  status: SeatStatus;
  checkInCode: string;
  checkedInAt: Date | null;
  attendedOnlineAt: Date | null;
};

type RegistrationDbRow = {
  id: string;
  event_id: string;
  user_id: string;
  status: SeatStatus;
  check_in_code: string;
  checked_in_at: Date | string | null;
  attended_online_at: Date | string | null;
};

const maybeDate = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));
const registration = (row: RegistrationDbRow): AttendanceRegistration => ({
  id: row.id,
  eventId: row.event_id,
  userId: row.user_id,
  status: row.status,
  checkInCode: row.check_in_code,
  checkedInAt: maybeDate(row.checked_in_at),
  attendedOnlineAt: maybeDate(row.attended_online_at),
});
const REGISTRATION_COLUMNS = sql.raw("r.id, r.event_id, r.user_id, c.status, r.check_in_code, r.checked_in_at, r.attended_online_at");

/** Whether a registration counts as having attended (checked in at the door or joined online). */
export const hasAttended = (value: Pick<AttendanceRegistration, "checkedInAt" | "attendedOnlineAt">): boolean => Boolean(value.checkedInAt ?? value.attendedOnlineAt);

/** A person's current registration for an event (a live one before a cancelled one), or undefined. */
export async function ownRegistration(db: Database, eventId: string, userId: string): Promise<AttendanceRegistration | undefined> {
  const [row] = await queryRows<RegistrationDbRow>(
    db,
    sql`select ${REGISTRATION_COLUMNS} from event_registrations r join seat_claims c on c.id = r.claim_id
      where r.event_id = ${eventId} and r.user_id = ${userId}
      order by (c.status in ('pending', 'confirmed', 'waitlisted', 'offered')) desc, r.created_at desc limit 1`,
  );
  return row ? registration(row) : undefined;
}

/** A registration by id, or undefined. */
export async function findRegistration(db: Database, registrationId: string): Promise<AttendanceRegistration | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(registrationId)) return undefined;
  const [row] = await queryRows<RegistrationDbRow>(db, sql`select ${REGISTRATION_COLUMNS} from event_registrations r join seat_claims c on c.id = r.claim_id where r.id = ${registrationId}`);
  return row ? registration(row) : undefined;
}

/** The registration of an event with this check-in code, or undefined. */
export async function findRegistrationByCode(db: Database, eventId: string, code: string): Promise<AttendanceRegistration | undefined> {
  if (!code) return undefined;
  const [row] = await queryRows<RegistrationDbRow>(
    db,
    sql`select ${REGISTRATION_COLUMNS} from event_registrations r join seat_claims c on c.id = r.claim_id where r.event_id = ${eventId} and r.check_in_code = ${code}`,
  );
  return row ? registration(row) : undefined;
}

export type Registrant = AttendanceRegistration & {
  displayName: string;
  email: string;
  organisationName: LocalizedText | null;
  actorType: string;
  country: string;
  constituency: string;
  createdAt: Date;
};

type RegistrantDbRow = RegistrationDbRow & {
  display_name: string;
  email: string;
  organisation_name: LocalizedText | null;
  actor_type: string;
  country: string;
  constituency: string;
  created_at: Date | string;
};

/**
 * An event's registrants for organisers: everyone (the CSV) or only the confirmed (the check-in list), optionally
 * filtered by a search over name, e-mail, organisation and check-in code, ordered by name.
 */
export async function listRegistrants(db: Database, eventId: string, options: { isConfirmedOnly: boolean; search?: string }): Promise<Registrant[]> {
  const search = (options.search ?? "").trim().slice(0, 100);
  const like = `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  const rows = await queryRows<RegistrantDbRow>(
    db,
    sql`select ${REGISTRATION_COLUMNS}, u.display_name, u.email, o.name as organisation_name, coalesce(o.actor_type, '') as actor_type,
        coalesce(o.country, '') as country, coalesce(r.constituency, '') as constituency, r.created_at
      from event_registrations r
      join seat_claims c on c.id = r.claim_id
      join users u on u.id = r.user_id
      left join organisations o on o.id = r.organisation_id
      where r.event_id = ${eventId}
        ${options.isConfirmedOnly ? sql`and c.status = 'confirmed'` : sql``}
        ${search ? sql`and (u.display_name ilike ${like} or u.email ilike ${like} or r.check_in_code ilike ${like} or o.name::text ilike ${like})` : sql``}
      order by lower(u.display_name), r.created_at`,
  );
  return rows.map((row) => ({
    ...registration(row),
    displayName: row.display_name,
    email: row.email,
    organisationName: row.organisation_name,
    actorType: row.actor_type,
    country: row.country,
    constituency: row.constituency,
    createdAt: new Date(row.created_at),
  }));
}

/** A cell of the figures: `contributions` are confirmed registrants, `participants` the ones who attended. */
export type AttendanceCell = StatCell;

export type AttendanceFigures = {
  totals: { registered: number; attended: number; inPerson: number; online: number };
  /** Key: the actor type of the organisation registered for; "" for people registered for themselves. */
  actorTypes: AttendanceCell[];
  /** Key: the organisation's ISO country; "" when unknown. */
  countries: AttendanceCell[];
  /** Key: the self-identified constituency; "" when not stated. */
  constituencies: AttendanceCell[];
};

type FigureRow = { dimension: "actor_type" | "country" | "constituency" | "total"; key: string | null; registered: number | string; attended: number | string; in_person: number | string; online: number | string };

/**
 * Attendance of an event's confirmed registrants by actor type, country and constituency, in one grouping-sets
 * query. Every breakdown is suppressed below the threshold of people who attended (the platform's small-cell
 * rule, as consultations): a cell of two would point at the two.
 */
export async function attendanceFigures(db: Database, eventId: string): Promise<AttendanceFigures> {
  const rows = await queryRows<FigureRow>(
    db,
    sql`with base as (
        select r.user_id, (r.checked_in_at is not null or r.attended_online_at is not null) as attended,
          r.checked_in_at is not null as in_person, r.attended_online_at is not null as online,
          coalesce(o.actor_type, '') as actor_type, coalesce(o.country, '') as country, coalesce(r.constituency, '') as constituency
        from event_registrations r
        join seat_claims c on c.id = r.claim_id
        left join organisations o on o.id = r.organisation_id
        where r.event_id = ${eventId} and c.status = 'confirmed'
      )
      select
        case when grouping(actor_type) = 0 then 'actor_type' when grouping(country) = 0 then 'country'
          when grouping(constituency) = 0 then 'constituency' else 'total' end as dimension,
        coalesce(actor_type, country, constituency) as key,
        count(distinct user_id) as registered,
        count(distinct user_id) filter (where attended) as attended,
        count(distinct user_id) filter (where in_person) as in_person,
        count(distinct user_id) filter (where online) as online
      from base
      group by grouping sets ((actor_type), (country), (constituency), ())`,
  );
  const of = (dimension: FigureRow["dimension"]) =>
    suppressSmallCells(
      rows
        .filter((row) => row.dimension === dimension)
        .map((row): AttendanceCell => ({ key: String(row.key ?? ""), contributions: Number(row.registered), participants: Number(row.attended), isSuppressed: false }))
        .sort((a, b) => (b.participants ?? 0) - (a.participants ?? 0) || a.key.localeCompare(b.key)),
    );
  const total = rows.find((row) => row.dimension === "total");
  return {
    totals: { registered: Number(total?.registered ?? 0), attended: Number(total?.attended ?? 0), inPerson: Number(total?.in_person ?? 0), online: Number(total?.online ?? 0) },
    actorTypes: of("actor_type"),
    countries: of("country"),
    constituencies: of("constituency"),
  };
}
