import { and, eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { conflict, notFound } from "../../../platform/errors";
import { pairKey } from "../../../platform/matching/matcher";
import type { Services } from "../../../platform/services";
import { queuePairMails } from "../mail";
import { mentoringMentees, mentoringMentors, mentoringPairs } from "../schema";
import { explainPair } from "../suggestions";

type Actor = { id: string; ip?: string };
type Space = { id: string; slug: string };

/** Whether an error is PostgreSQL's unique violation (a racing second confirmation of the same mentee). */
const isUniqueViolation = (error: unknown): boolean => {
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) if ((cause as { code?: string }).code === "23505") return true;
  return false;
};

/**
 * An organiser confirms a pair (the suggestion or one picked by hand). In one transaction with the mentor's and the
 * mentee's rows locked (mentor first, everywhere): the mentor is open and has a free place, the mentee waits, they
 * share a language; the pair is stored with its explained score, the mentee is paired, and both get mail in their
 * language. Any of those failing is a 409 with the reason; two organisers confirming at once make one pair.
 */
export async function confirmPair(services: Services, actor: Actor, space: Space, input: { menteeId: string; mentorId: string }): Promise<{ id: string }> {
  const now = services.clock.now();
  try {
    return await services.db.transaction(async (tx) => {
      const [mentor] = await tx.select().from(mentoringMentors).where(and(eq(mentoringMentors.id, input.mentorId), eq(mentoringMentors.spaceId, space.id))).for("update");
      const [mentee] = await tx.select().from(mentoringMentees).where(and(eq(mentoringMentees.id, input.menteeId), eq(mentoringMentees.spaceId, space.id))).for("update");
      if (!mentor || !mentee) throw notFound();
      if (mentor.status !== "open") throw conflict("mentoring.error.mentor_not_open");
      if (mentee.status !== "waiting") throw conflict("mentoring.error.mentee_not_waiting");
      const active = await tx.select({ id: mentoringPairs.id }).from(mentoringPairs).where(and(eq(mentoringPairs.mentorId, mentor.id), eq(mentoringPairs.status, "active")));
      if (active.length >= mentor.capacity) throw conflict("mentoring.error.mentor_full");
      const before = await tx.select({ id: mentoringPairs.id }).from(mentoringPairs).where(and(eq(mentoringPairs.mentorId, mentor.id), eq(mentoringPairs.menteeId, mentee.id)));
      const explained = explainPair(mentee, { ...mentor, activePairs: active.length }, new Set(before.length ? [pairKey(mentee.id, mentor.id)] : []), now);
      if (!explained) throw conflict("mentoring.error.no_shared_language");
      const [pair] = await tx
        .insert(mentoringPairs)
        .values({ spaceId: space.id, mentorId: mentor.id, menteeId: mentee.id, score: String(explained.score), reasons: explained.reasons, confirmedBy: actor.id, confirmedAt: now })
        .returning({ id: mentoringPairs.id });
      await tx.update(mentoringMentees).set({ status: "paired", updatedAt: now }).where(eq(mentoringMentees.id, mentee.id));
      await recordAudit(tx, { actorUserId: actor.id, action: "mentoring.pair_confirmed", subjectType: "mentoring_pair", subjectId: pair!.id, spaceId: space.id, ip: actor.ip ?? null, details: { score: explained.score } });
      await queuePairMails(services, tx, { id: pair!.id, spaceSlug: space.slug, mentor, mentee });
      return { id: pair!.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("mentoring.error.mentee_not_waiting");
    throw error;
  }
}
