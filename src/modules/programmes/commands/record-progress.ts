import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { conflict, notFound } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { hasAttended, ownRegistration } from "../../events/attendance/queries";
import { mailApplicant } from "../mail";
import { findApplication, listMaterials, listSessions, progressOf, sessionsNeeded, type ApplicationView, type CohortView, type ProgrammeView } from "../queries";

// Participants' progress: organisers mark sessions attended and materials done (or import attendance from the
// check-ins of the events sessions are linked to), and decide completion once the programme's rule is met.

type Actor = { id: string; ip?: string | null };

/** Marks (or unmarks) one session or material for an accepted participant. */
export async function markProgress(services: Services, actor: Actor, programme: ProgrammeView, application: ApplicationView, itemId: string, isDone: boolean): Promise<void> {
  if (application.status !== "confirmed") throw conflict("programmes.error.not_participant");
  const [sessions, materials] = await Promise.all([listSessions(services.db, application.cohortId), listMaterials(services.db, programme.id)]);
  const kind = sessions.some((session) => session.id === itemId) ? "session" : materials.some((material) => material.id === itemId) ? "material" : null;
  if (!kind) throw notFound();
  await services.db.transaction(async (tx) => {
    if (isDone) {
      await tx.execute(sql`insert into programme_progress (application_id, item_kind, item_id, source, marked_by, marked_at)
        values (${application.id}, ${kind}, ${itemId}, 'organiser', ${actor.id}, ${services.clock.now()}) on conflict do nothing`);
    } else await tx.execute(sql`delete from programme_progress where application_id = ${application.id} and item_id = ${itemId}`);
    await recordAudit(tx, { actorUserId: actor.id, action: isDone ? "programme.progress_marked" : "programme.progress_unmarked", subjectType: "programme_application", subjectId: application.id, spaceId: programme.spaceId, details: { kind, itemId }, ip: actor.ip ?? null });
  });
}

/**
 * Marks sessions linked to events as attended for every accepted participant who checked in (or joined online)
 * at that event, read through the events module's queries. Returns how many marks were added.
 */
export async function importEventAttendance(services: Services, actor: Actor, programme: ProgrammeView, cohort: CohortView): Promise<number> {
  const sessions = (await listSessions(services.db, cohort.id)).filter((session) => session.eventId);
  const participants = await queryRows<{ id: string; user_id: string }>(services.db, sql`select id, user_id from programme_applications where cohort_id = ${cohort.id} and status = 'confirmed'`);
  const marks: { applicationId: string; sessionId: string }[] = [];
  for (const session of sessions) {
    for (const participant of participants) {
      const registration = await ownRegistration(services.db, session.eventId!, participant.user_id);
      if (registration && hasAttended(registration)) marks.push({ applicationId: participant.id, sessionId: session.id });
    }
  }
  let added = 0;
  await services.db.transaction(async (tx) => {
    for (const mark of marks) {
      const inserted = await queryRows<{ item_id: string }>(
        tx,
        sql`insert into programme_progress (application_id, item_kind, item_id, source, marked_by, marked_at) values (${mark.applicationId}, 'session', ${mark.sessionId}, 'event', ${actor.id}, ${services.clock.now()})
          on conflict do nothing returning item_id`,
      );
      added += inserted.length;
    }
    await recordAudit(tx, { actorUserId: actor.id, action: "programme.attendance_imported", subjectType: "programme", subjectId: programme.id, spaceId: programme.spaceId, details: { cohortId: cohort.id, added }, ip: actor.ip ?? null });
  });
  return added;
}

/** What a participant has done against the rule: sessions attended of those needed, materials done. */
export async function progressSummary(services: Services, programme: ProgrammeView, application: ApplicationView): Promise<{ attended: number; sessions: number; needed: number; materialsDone: number; materials: number; isRuleMet: boolean }> {
  const [sessions, materials, done] = await Promise.all([listSessions(services.db, application.cohortId), listMaterials(services.db, programme.id), progressOf(services.db, application.id)]);
  const attended = sessions.filter((session) => done.has(session.id)).length;
  const needed = sessionsNeeded(programme, sessions.length);
  return { attended, sessions: sessions.length, needed, materialsDone: materials.filter((material) => done.has(material.id)).length, materials: materials.length, isRuleMet: sessions.length > 0 && attended >= needed };
}

/** The organisers' "complete" decision: only for an accepted participant who meets the rule; mails the certificate. */
export async function completeParticipant(services: Services, actor: Actor, programme: ProgrammeView, applicationId: string): Promise<void> {
  const application = await findApplication(services.db, applicationId);
  if (!application || application.programmeId !== programme.id) throw notFound();
  if (application.status !== "confirmed") throw conflict("programmes.error.not_participant");
  if (application.completedAt) throw conflict("programmes.error.already_completed");
  if (!(await progressSummary(services, programme, application)).isRuleMet) throw conflict("programmes.error.rule_not_met");
  await services.db.transaction(async (tx) => {
    const updated = await queryRows<{ id: string }>(tx, sql`update programme_applications set completed_at = ${services.clock.now()}, completed_by = ${actor.id} where id = ${application.id} and completed_at is null returning id`);
    if (!updated.length) throw conflict("programmes.error.already_completed");
    await mailApplicant(services, tx, application.id, "completed");
    await recordAudit(tx, { actorUserId: actor.id, action: "programme.completed", subjectType: "programme_application", subjectId: application.id, spaceId: programme.spaceId, ip: actor.ip ?? null });
  });
}
