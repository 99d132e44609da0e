import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { recordAudit } from "../../../platform/audit/record";
import { notFound, validationFailed } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { findProgrammeById } from "../../programmes/queries";
import { spaceFrameworkItems } from "../../spaces/queries";
import type { OfferInput, RequestInput } from "../inputs";
import { queuePairEndedMails } from "../mail";
import { mentoringMentees, mentoringMentors, mentoringPairs } from "../schema";
import { closeActivePairs } from "./close-pair";

type Actor = { id: string; ip?: string };

/** Framework items must be items of the space's frameworks; anything else is a field error, nothing is written. */
async function checkItems(db: Database, spaceId: string, itemIds: string[]): Promise<void> {
  if (!itemIds.length) return;
  const known = new Set((await spaceFrameworkItems(db, spaceId)).flatMap((entry) => entry.items.map((item) => item.id)));
  if (itemIds.some((id) => !known.has(id))) throw validationFailed({ itemIds: { key: "validation.invalid_choice" } });
}

/** A linked programme must be one of the space's published (non-draft) programmes, as the form's select offers them. */
async function checkProgramme(db: Database, spaceId: string, programmeId: string | null): Promise<void> {
  if (!programmeId) return;
  const programme = await findProgrammeById(db, programmeId);
  if (!programme || programme.spaceId !== spaceId || programme.status === "draft") throw validationFailed({ programmeId: { key: "validation.mentoring_programme" } });
}

/**
 * Creates or replaces the person's mentor offer in the space (one each). A new offer, or one withdrawn before, is
 * open (listed and suggested); an edit keeps an open or paused state. Lowering the capacity below the active pairs
 * closes none: the mentor simply gets no new suggestions until a pair ends.
 */
export async function saveOffer(services: Services, actor: Actor, spaceId: string, input: OfferInput): Promise<{ id: string }> {
  await Promise.all([checkItems(services.db, spaceId, input.itemIds), checkProgramme(services.db, spaceId, input.programmeId)]);
  const now = services.clock.now();
  const values = {
    displayName: input.displayName, bio: input.bio, itemIds: input.itemIds, tags: input.tags, languages: input.languages, timeZone: input.timeZone,
    capacity: input.capacity, programmeId: input.programmeId, updatedAt: now,
  };
  return services.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(mentoringMentors)
      .values({ ...values, spaceId, userId: actor.id, createdAt: now })
      .onConflictDoUpdate({
        target: [mentoringMentors.spaceId, mentoringMentors.userId],
        set: { ...values, status: sql`case when ${mentoringMentors.status} = 'withdrawn' then 'open' else ${mentoringMentors.status} end`, withdrawnAt: null },
      })
      .returning({ id: mentoringMentors.id });
    await recordAudit(tx, { actorUserId: actor.id, action: "mentoring.offer_saved", subjectType: "mentoring_mentor", subjectId: row!.id, spaceId, ip: actor.ip ?? null });
    return { id: row!.id };
  });
}

/**
 * Pauses (kept, not listed, not suggested), resumes or withdraws the person's offer. Withdrawing also closes the
 * mentor's active pairs (both people mailed); their mentees wait again, from now. 404 without an offer.
 */
export async function setOfferStatus(services: Services, actor: Actor, spaceId: string, status: "open" | "paused" | "withdrawn"): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    const [mentor] = await tx.select().from(mentoringMentors).where(and(eq(mentoringMentors.spaceId, spaceId), eq(mentoringMentors.userId, actor.id))).for("update");
    if (!mentor) throw notFound();
    await tx.update(mentoringMentors).set({ status, updatedAt: now, withdrawnAt: status === "withdrawn" ? now : null }).where(eq(mentoringMentors.id, mentor.id));
    if (status === "withdrawn") {
      const closed = await closeActivePairs(tx, eq(mentoringPairs.mentorId, mentor.id), now, "waiting");
      await queuePairEndedMails(services, tx, spaceId, closed, { kind: "withdrawn", role: "mentor" });
    }
    await recordAudit(tx, { actorUserId: actor.id, action: `mentoring.offer_${status}`, subjectType: "mentoring_mentor", subjectId: mentor.id, spaceId, ip: actor.ip ?? null });
  });
}

/**
 * Creates or replaces the person's request for a mentor in the space (one each). A new request, or one closed or
 * withdrawn before, waits from now; an edit of a waiting or paired request keeps its state and its waiting time.
 */
export async function saveRequest(services: Services, actor: Actor, spaceId: string, input: RequestInput): Promise<{ id: string }> {
  await Promise.all([checkItems(services.db, spaceId, input.itemIds), checkProgramme(services.db, spaceId, input.programmeId)]);
  const now = services.clock.now();
  const values = {
    displayName: input.displayName, needs: input.needs, itemIds: input.itemIds, tags: input.tags, languages: input.languages, timeZone: input.timeZone,
    programmeId: input.programmeId, updatedAt: now,
  };
  const isOver = sql`${mentoringMentees.status} in ('closed', 'withdrawn')`;
  return services.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(mentoringMentees)
      .values({ ...values, spaceId, userId: actor.id, createdAt: now })
      .onConflictDoUpdate({
        target: [mentoringMentees.spaceId, mentoringMentees.userId],
        set: {
          ...values,
          status: sql`case when ${isOver} then 'waiting' else ${mentoringMentees.status} end`,
          createdAt: sql`case when ${isOver} then ${now.toISOString()}::timestamptz else ${mentoringMentees.createdAt} end`,
          withdrawnAt: null,
        },
      })
      .returning({ id: mentoringMentees.id });
    await recordAudit(tx, { actorUserId: actor.id, action: "mentoring.request_saved", subjectType: "mentoring_mentee", subjectId: row!.id, spaceId, ip: actor.ip ?? null });
    return { id: row!.id };
  });
}

/** Withdraws the person's request; an active pair of theirs is closed with it (both people mailed). */
export async function withdrawRequest(services: Services, actor: Actor, spaceId: string): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    const [mentee] = await tx.select().from(mentoringMentees).where(and(eq(mentoringMentees.spaceId, spaceId), eq(mentoringMentees.userId, actor.id))).for("update");
    if (!mentee || mentee.status === "withdrawn") return;
    const closed = await closeActivePairs(tx, eq(mentoringPairs.menteeId, mentee.id), now, "withdrawn");
    await queuePairEndedMails(services, tx, spaceId, closed, { kind: "withdrawn", role: "mentee" });
    await tx.update(mentoringMentees).set({ status: "withdrawn", withdrawnAt: now, updatedAt: now }).where(eq(mentoringMentees.id, mentee.id));
    await recordAudit(tx, { actorUserId: actor.id, action: "mentoring.request_withdrawn", subjectType: "mentoring_mentee", subjectId: mentee.id, spaceId, ip: actor.ip ?? null });
  });
}
