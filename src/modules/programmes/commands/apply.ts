import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { AppError, conflict, notFound, validationFailed, type FieldErrors } from "../../../platform/errors";
import { acceptOffer, approveClaim, claimSeat, ensureSeatPool, expireOffers, releaseClaim, type SeatChange } from "../../../platform/seats/seats";
import type { Services } from "../../../platform/services";
import { canActForOrganisation, findOrganisationById } from "../../organisations/queries";
import { isUniqueViolation } from "../../spaces/commands/shared";
import { checkAnswers, type PostedAnswers } from "../../surveys/definition";
import { mailApplicant, type ApplicationMailKind } from "../mail";
import { findApplication, findCohortById, findProgrammeById, isTakingApplications, type ApplicationView, type CohortView, type ProgrammeView } from "../queries";
import { COHORT_SEAT_KIND, type ApplicationStatus } from "../schema";
import { addCohortMember, createCohortSpace, removeCohortMember } from "./cohort-space";

// Applications are seat claims of the cohort's pool (platform/seats): applying makes a pending claim, organisers
// accept (confirmed, or waitlisted when the cohort is full: seats keeps the first-come queue) or decline, and a
// seat that frees up is offered to the first person waiting. Every change the seats functions return is applied
// here: the application's status, the applicant's mail in their language, and the cohort space's membership.

export type Actor = { id: string; ip?: string | null };

const MAIL_ON: Partial<Record<ApplicationStatus, ApplicationMailKind>> = { confirmed: "confirmed", waitlisted: "waitlisted", offered: "offered", declined: "declined", expired: "expired" };

/**
 * Applies seat changes of cohort pools to their applications inside the caller's transaction (status, and the
 * applicant's mail, which thus commits with the decision). Membership of the cohort's private space follows after
 * the commit (`syncCohortSpaces`), so the seats lock is not held while a space is made.
 */
export async function applySeatChanges(services: Services, tx: Database, changes: readonly SeatChange[]): Promise<void> {
  const now = services.clock.now();
  for (const change of changes) {
    if (change.kind !== COHORT_SEAT_KIND) continue;
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`update programme_applications set status = ${change.to}, decided_at = case when ${change.from ?? ""} = 'pending' then ${now} else decided_at end
        where claim_id = ${change.claimId} returning id`,
    );
    if (!row) continue;
    const kind = MAIL_ON[change.to];
    if (kind) await mailApplicant(services, tx, row.id, kind, change.offerExpiresAt);
  }
}

/**
 * After seat changes committed: accepted participants join the cohort's private space (made on the first
 * acceptance), those who leave a place lose their membership. Each cohort's space is made under its row's lock.
 */
export async function syncCohortSpaces(services: Services, actor: Actor, changes: readonly SeatChange[]): Promise<void> {
  for (const change of changes) {
    if (change.kind !== COHORT_SEAT_KIND || (change.to !== "confirmed" && change.from !== "confirmed")) continue;
    await services.db.transaction(async (tx) => {
      const within = { ...services, db: tx };
      const spaceSlug = change.to === "confirmed" ? await createCohortSpace(within, actor, change.ownerId) : null;
      const cohort = (await findCohortById(tx, change.ownerId))!;
      if (!cohort.spaceId) return;
      if (change.to === "confirmed" && spaceSlug) await addCohortMember(within, actor, cohort.spaceId, change.holderId);
      else if (change.from === "confirmed") await removeCohortMember(within, actor, cohort.spaceId, change.holderId);
    });
  }
}

/** The person's profile copied onto the application: their organisation's actor type and country (when chosen). */
async function applicantProfile(services: Services, userId: string, organisationId: string | null, errors: FieldErrors): Promise<{ actorType: string; country: string }> {
  if (!organisationId) return { actorType: "", country: "" };
  if (!(await canActForOrganisation(services.db, userId, organisationId))) {
    errors.organisation_id = { key: "programmes.error.bad_choice" };
    return { actorType: "", country: "" };
  }
  const organisation = await findOrganisationById(services.db, organisationId);
  return { actorType: organisation?.actorType ?? "", country: organisation?.country ?? "" };
}

export type ApplicationInput = { answers: PostedAnswers; organisationId: string | null; trackId: string | null; locale: string };

/** Applies to a cohort: answers checked against the programme's form, a pending claim on the cohort's seats. */
export async function applyToCohort(services: Services, user: { id: string; ip?: string | null }, programme: ProgrammeView, cohort: CohortView, input: ApplicationInput): Promise<ApplicationView> {
  if (!isTakingApplications(programme, cohort, services.clock.now())) throw conflict("programmes.error.not_taking");
  const checked = checkAnswers(programme.form, input.answers);
  if (checked.isMalformed) throw new AppError("bad_request", "programmes.error.bad_answer");
  const errors: FieldErrors = { ...checked.errors };
  const profile = await applicantProfile(services, user.id, input.organisationId, errors);
  if (input.trackId && !cohort.trackIds.includes(input.trackId)) errors.track_id = { key: "programmes.error.bad_choice" };
  if (Object.keys(errors).length) throw validationFailed(errors);
  const now = services.clock.now();
  try {
    const id = await services.db.transaction(async (tx) => {
      const [existing] = await queryRows<{ id: string }>(tx, sql`select id from programme_applications where cohort_id = ${cohort.id} and user_id = ${user.id}`);
      if (existing) throw conflict("programmes.error.already_applied");
      const poolId = await ensureSeatPool(tx, { kind: COHORT_SEAT_KIND, ownerId: cohort.id, capacity: cohort.capacity });
      const { claim } = await claimSeat(tx, { poolId, holderId: user.id, needsApproval: true, now });
      const [row] = await queryRows<{ id: string }>(
        tx,
        sql`insert into programme_applications (cohort_id, programme_id, user_id, claim_id, status, answers, organisation_id, actor_type, country, locale, track_id, created_at)
          values (${cohort.id}, ${programme.id}, ${user.id}, ${claim.id}, ${claim.status}, ${JSON.stringify(checked.rows)}::jsonb, ${input.organisationId}, ${profile.actorType},
            ${profile.country}, ${input.locale}, ${input.trackId}, ${now}) returning id`,
      );
      await recordAudit(tx, { actorUserId: user.id, action: "programme.applied", subjectType: "programme_application", subjectId: row!.id, spaceId: programme.spaceId, details: { cohortId: cohort.id }, ip: user.ip ?? null });
      return row!.id;
    });
    return (await findApplication(services.db, id))!;
  } catch (error) {
    // Two submits racing: the unique (cohort, person) has the last word.
    if (isUniqueViolation(error)) throw conflict("programmes.error.already_applied");
    throw error;
  }
}

export const DECISIONS = ["accept", "decline"] as const;
export type Decision = (typeof DECISIONS)[number];

/**
 * An organiser's decision. Accept: confirmed when a seat is free and nobody accepted earlier is waiting, otherwise
 * waitlisted in the order people applied (seats' rule). Decline: any live application (a confirmed one frees its
 * seat for the first person waiting).
 */
export async function decideApplication(services: Services, actor: Actor, applicationId: string, decision: Decision): Promise<ApplicationView> {
  const application = await findApplication(services.db, applicationId);
  if (!application) throw notFound();
  const programme = (await findProgrammeById(services.db, application.programmeId))!;
  const done: SeatChange[] = [];
  await services.db.transaction(async (tx) => {
    const now = services.clock.now();
    let changes: SeatChange[];
    if (decision === "accept") {
      if (application.status !== "pending") throw conflict("programmes.error.already_decided");
      changes = await approveClaim(tx, application.claimId, now).catch((error: unknown) => {
        // Decided by another organiser meanwhile (the seats lock makes the second one see it).
        if (error instanceof AppError && error.code === "conflict") throw conflict("programmes.error.already_decided");
        throw error;
      });
    } else {
      if (application.completedAt) throw conflict("programmes.error.already_completed");
      if (!["pending", "confirmed", "waitlisted", "offered"].includes(application.status)) throw conflict("programmes.error.already_decided");
      changes = await releaseClaim(tx, application.claimId, "declined", now);
    }
    await applySeatChanges(services, tx, changes);
    done.push(...changes);
    await recordAudit(tx, { actorUserId: actor.id, action: `programme.application_${decision}`, subjectType: "programme_application", subjectId: application.id, spaceId: programme.spaceId, ip: actor.ip ?? null });
  });
  await syncCohortSpaces(services, actor, done);
  return (await findApplication(services.db, applicationId))!;
}

/** The applicant withdraws (any live application); a seat they held goes to the first person waiting. */
export async function withdrawApplication(services: Services, user: Actor, application: ApplicationView): Promise<void> {
  if (application.completedAt) throw conflict("programmes.error.already_completed");
  const programme = (await findProgrammeById(services.db, application.programmeId))!;
  const changes = await services.db.transaction(async (tx) => {
    const released = await releaseClaim(tx, application.claimId, "cancelled", services.clock.now());
    await applySeatChanges(services, tx, released);
    await recordAudit(tx, { actorUserId: user.id, action: "programme.application_withdrawn", subjectType: "programme_application", subjectId: application.id, spaceId: programme.spaceId, ip: user.ip ?? null });
    return released;
  });
  await syncCohortSpaces(services, user, changes);
}

/** The applicant takes the seat offered to them before the offer expires (409 after). */
export async function takeOffer(services: Services, user: Actor, application: ApplicationView): Promise<void> {
  const changes = await services.db.transaction(async (tx) => {
    const taken = await acceptOffer(tx, application.claimId, services.clock.now());
    await applySeatChanges(services, tx, taken);
    return taken;
  });
  await syncCohortSpaces(services, user, changes);
}

/** Offers not taken in time pass to the next person waiting (the periodic job). */
export async function expireCohortOffers(services: Services): Promise<void> {
  // One transaction: the applications' statuses (and the mails) commit with the seats they describe, so a crash
  // between the two never leaves an application "offered" whose offer the seats already passed on.
  const changes = await services.db.transaction(async (tx) => {
    const expired = await expireOffers(tx, services.clock.now(), [COHORT_SEAT_KIND]);
    await applySeatChanges(services, tx, expired);
    return expired;
  });
  if (!changes.length) return;
  const [programme] = await queryRows<{ created_by: string | null }>(services.db, sql`select p.created_by from programme_programmes p join programme_cohorts c on c.programme_id = p.id where c.id = ${changes[0]!.ownerId}`);
  await syncCohortSpaces(services, { id: programme?.created_by ?? changes[0]!.holderId }, changes);
}
