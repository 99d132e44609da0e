import { sql } from "drizzle-orm";
import { queryRows } from "../../../../db/sql";
import { conflict, notFound } from "../../../../platform/errors";
import { hashToken, randomToken } from "../../../../platform/crypto";
import { claimSeat, findSeatPool, releaseClaim, acceptOffer } from "../../../../platform/seats/seats";
import type { SeatStatus } from "../../../../platform/seats/schema";
import type { Services } from "../../../../platform/services";
import { SESSION_POOL } from "../../schema";
import { hasConfirmedRegistration } from "../queries";
import { queueSeatChanges } from "./save-session";

// What a participant does with the agenda for themselves: marks sessions for their personal agenda, takes (or
// gives back) a seat in a session with its own registration, and keeps a secret calendar feed of it all.

/** Marks or unmarks a session of a visible event for a person's agenda (idempotent). */
export async function setAgendaMark(services: Services, userId: string, sessionId: string, isMarked: boolean): Promise<void> {
  if (isMarked) {
    await services.db.execute(
      sql`insert into event_agenda_marks (user_id, session_id, created_at) values (${userId}, ${sessionId}, ${services.clock.now()}) on conflict do nothing`,
    );
  } else {
    await services.db.execute(sql`delete from event_agenda_marks where user_id = ${userId} and session_id = ${sessionId}`);
  }
}

/**
 * Takes a seat in a session with its own registration: confirmed while there is room, else on the session's
 * waitlist. Only someone whose registration for the event is confirmed may (409 otherwise); asking twice keeps
 * the first claim. The session is also marked on their agenda.
 */
export async function registerForSession(services: Services, userId: string, eventId: string, sessionId: string): Promise<SeatStatus> {
  const now = services.clock.now();
  const pool = await findSeatPool(services.db, SESSION_POOL, sessionId);
  if (!pool) throw notFound();
  if (!(await hasConfirmedRegistration(services.db, eventId, userId))) throw conflict("events.agenda.error.needs_event_registration");
  return services.db.transaction(async (tx) => {
    const { claim, isNew } = await claimSeat(tx, { poolId: pool.id, holderId: userId, now });
    if (isNew) {
      await tx.execute(sql`insert into event_session_registrations (session_id, user_id, claim_id, created_at) values (${sessionId}, ${userId}, ${claim.id}, ${now})`);
      await tx.execute(sql`insert into event_agenda_marks (user_id, session_id, created_at) values (${userId}, ${sessionId}, ${now}) on conflict do nothing`);
    }
    return claim.status;
  });
}

async function liveClaim(services: Services, userId: string, sessionId: string): Promise<{ id: string; status: SeatStatus } | undefined> {
  const [row] = await queryRows<{ id: string; status: SeatStatus }>(
    services.db,
    sql`select c.id, c.status from event_session_registrations r join seat_claims c on c.id = r.claim_id
      where r.session_id = ${sessionId} and r.user_id = ${userId} and c.status in ('pending', 'confirmed', 'waitlisted', 'offered')`,
  );
  return row;
}

/** Gives a session seat (or a place on its waitlist) back; the freed seat is offered to the next in line. */
export async function cancelSessionSeat(services: Services, userId: string, sessionId: string): Promise<void> {
  const claim = await liveClaim(services, userId, sessionId);
  if (!claim) return;
  await services.db.transaction(async (tx) => {
    const changes = await releaseClaim(tx, claim.id, "cancelled", services.clock.now());
    await queueSeatChanges(services, tx, changes.filter((change) => change.claimId !== claim.id));
  });
}

/** Takes up a seat offered from a session's waitlist (409 when the offer has lapsed). */
export async function acceptSessionOffer(services: Services, userId: string, sessionId: string): Promise<void> {
  const claim = await liveClaim(services, userId, sessionId);
  if (!claim || claim.status !== "offered") throw conflict("events.agenda.error.no_offer");
  await acceptOffer(services.db, claim.id, services.clock.now());
}

/**
 * Creates (or replaces) a person's secret calendar feed and returns its token, shown to them once: only its
 * hash is kept, so a new token makes the old address stop working.
 */
export async function renewCalendarFeed(services: Services, userId: string): Promise<string> {
  const token = randomToken(24);
  await services.db.execute(
    sql`insert into event_calendar_feeds (user_id, token_hash, created_at) values (${userId}, ${hashToken(token)}, ${services.clock.now()})
      on conflict (user_id) do update set token_hash = excluded.token_hash, created_at = excluded.created_at`,
  );
  return token;
}

/** Stops a person's calendar feed. */
export async function removeCalendarFeed(services: Services, userId: string): Promise<void> {
  await services.db.execute(sql`delete from event_calendar_feeds where user_id = ${userId}`);
}
