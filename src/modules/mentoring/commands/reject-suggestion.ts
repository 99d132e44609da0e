import { and, eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { notFound } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { mentoringMentees, mentoringMentors, mentoringRejections } from "../schema";

/** An organiser turns a suggestion down: that mentor is not suggested to that mentee again. */
export async function rejectSuggestion(services: Services, actor: { id: string; ip?: string }, space: { id: string; slug: string }, input: { menteeId: string; mentorId: string }): Promise<void> {
  await services.db.transaction(async (tx) => {
    const [mentor] = await tx.select({ id: mentoringMentors.id }).from(mentoringMentors).where(and(eq(mentoringMentors.id, input.mentorId), eq(mentoringMentors.spaceId, space.id)));
    const [mentee] = await tx.select({ id: mentoringMentees.id }).from(mentoringMentees).where(and(eq(mentoringMentees.id, input.menteeId), eq(mentoringMentees.spaceId, space.id)));
    if (!mentor || !mentee) throw notFound();
    await tx.insert(mentoringRejections).values({ menteeId: mentee.id, mentorId: mentor.id, rejectedBy: actor.id, rejectedAt: services.clock.now() }).onConflictDoNothing();
    await recordAudit(tx, { actorUserId: actor.id, action: "mentoring.suggestion_rejected", subjectType: "mentoring_mentee", subjectId: mentee.id, spaceId: space.id, ip: actor.ip ?? null, details: { mentorId: mentor.id } });
  });
}
