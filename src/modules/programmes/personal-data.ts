import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import type { PersonalDataContributor } from "../../platform/auth/personal-data";
import { releaseClaim } from "../../platform/seats/seats";

/**
 * Programmes in "export my data": the person's applications (programme, cohort, status, answers as stored, the
 * organisation and profile copied in, decisions and completion) with their progress. Deleting the account
 * withdraws every live application (its seat goes to the next person waiting, whose application then shows the
 * offer) and deletes the applications with their answers and progress; the report's counts lose them too.
 */
export const programmesPersonalData: PersonalDataContributor = {
  section: "programmes",
  async exportFor(db, userId) {
    const applications = await queryRows<Record<string, unknown>>(
      db,
      sql`select a.id, p.title as programme, c.name as cohort, c.starts_on, c.ends_on, a.status, a.answers, a.organisation_id, a.actor_type, a.country, a.locale, a.track_id,
          a.created_at, a.decided_at, a.completed_at,
          coalesce((select json_agg(json_build_object('kind', g.item_kind, 'item', g.item_id, 'source', g.source, 'marked_at', g.marked_at) order by g.marked_at)
            from programme_progress g where g.application_id = a.id), '[]') as progress
        from programme_applications a join programme_programmes p on p.id = a.programme_id join programme_cohorts c on c.id = a.cohort_id
        where a.user_id = ${userId} order by a.created_at`,
    );
    return { applications };
  },
  async onAccountDeleted(db, userId) {
    const live = await queryRows<{ claim_id: string }>(db, sql`select claim_id from programme_applications where user_id = ${userId} and status in ('pending', 'confirmed', 'waitlisted', 'offered')`);
    for (const { claim_id } of live) {
      const changes = await releaseClaim(db, claim_id, "cancelled", new Date());
      for (const change of changes) await db.execute(sql`update programme_applications set status = ${change.to} where claim_id = ${change.claimId}`);
    }
    await db.execute(sql`delete from programme_applications where user_id = ${userId}`);
  },
};
