import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import type { PersonalDataContributor } from "../../platform/auth/personal-data";
import { releaseClaim } from "../../platform/seats/seats";
import { SEATS_CHANGED_JOB } from "./commands/save-event";

/**
 * Events in a person's data export: registrations (with their answers and attendance), session registrations,
 * the personal agenda, unconference proposals and votes, and whether a personal calendar feed exists (never its
 * secret). Deleting the account frees every seat the person holds (the next person waiting is offered it, and
 * mailed through the seats-changed job), drops their answers, agenda, votes and feed, and keeps the registration
 * rows without answers so attendance figures stay true; proposals stay, without their host.
 */
export const eventsPersonalData: PersonalDataContributor = {
  section: "events",
  async exportFor(db: Database, userId: string) {
    const [registrations, sessionRegistrations, agenda, proposals, votes, feed] = await Promise.all([
      queryRows(
        db,
        sql`select e.id as event_id, s.slug as space, e.slug as event, e.title, c.status, r.organisation_id, r.answers, r.locale,
            r.checked_in_at, r.attended_online_at, r.created_at
          from event_registrations r join events e on e.id = r.event_id join spaces s on s.id = e.space_id join seat_claims c on c.id = r.claim_id
          where r.user_id = ${userId} order by r.created_at, r.id`,
      ),
      queryRows(
        db,
        sql`select sr.session_id, x.title, c.status, sr.created_at from event_session_registrations sr join event_sessions x on x.id = sr.session_id
          join seat_claims c on c.id = sr.claim_id where sr.user_id = ${userId} order by sr.created_at`,
      ),
      queryRows(db, sql`select m.session_id, x.title, m.created_at from event_agenda_marks m join event_sessions x on x.id = m.session_id where m.user_id = ${userId} order by m.created_at`),
      queryRows(db, sql`select id, event_id, title, description, format, status, votes, created_at from event_proposals where host_user_id = ${userId} order by created_at`),
      queryRows(db, sql`select proposal_id, created_at from event_proposal_votes where user_id = ${userId} order by created_at`),
      queryRows<{ created_at: Date }>(db, sql`select created_at from event_calendar_feeds where user_id = ${userId}`),
    ]);
    return { registrations, session_registrations: sessionRegistrations, agenda, proposals, votes, calendar_feed_created_at: feed[0]?.created_at ?? null };
  },
  async onAccountDeleted(db: Database, userId: string) {
    const now = new Date();
    const live = await queryRows<{ id: string }>(
      db,
      sql`select c.id from seat_claims c where c.holder_id = ${userId} and c.status in ('pending', 'confirmed', 'waitlisted', 'offered')
        and (exists (select 1 from event_registrations r where r.claim_id = c.id) or exists (select 1 from event_session_registrations sr where sr.claim_id = c.id))`,
    );
    for (const claim of live) {
      const changes = (await releaseClaim(db, claim.id, "cancelled", now)).filter((change) => change.holderId !== userId);
      if (changes.length) {
        const payload = { changes: changes.map((change) => ({ ...change, offerExpiresAt: change.offerExpiresAt?.toISOString() ?? null })) };
        await db.execute(sql`insert into jobs (kind, payload, run_at) values (${SEATS_CHANGED_JOB}, ${JSON.stringify(payload)}::jsonb, ${now})`);
      }
    }
    await db.execute(sql`update event_registrations set answers = '{}'::jsonb, organisation_id = null where user_id = ${userId}`);
    await db.execute(sql`delete from event_agenda_marks where user_id = ${userId}`);
    await db.execute(sql`delete from event_calendar_feeds where user_id = ${userId}`);
    await db.execute(sql`update event_proposals p set votes = votes - 1 from event_proposal_votes v where v.proposal_id = p.id and v.user_id = ${userId}`);
    await db.execute(sql`delete from event_proposal_votes where user_id = ${userId}`);
    await db.execute(sql`update event_proposals set host_user_id = null where host_user_id = ${userId}`);
  },
};
