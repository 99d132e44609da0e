import { recordAudit } from "../../../platform/audit/record";
import type { Services } from "../../../platform/services";
import type { MeetingInput } from "../inputs";
import { mentoringMeetings } from "../schema";

/** Adds a meeting to an active pair's log (the route checks the pair and who may write to it). */
export async function logMeeting(services: Services, actor: { id: string; ip?: string }, pair: { id: string; spaceId: string }, input: MeetingInput): Promise<{ id: string }> {
  return services.db.transaction(async (tx) => {
    const [row] = await tx.insert(mentoringMeetings).values({ pairId: pair.id, metOn: input.metOn, minutes: input.minutes, notes: input.notes, loggedBy: actor.id, createdAt: services.clock.now() }).returning({ id: mentoringMeetings.id });
    await recordAudit(tx, { actorUserId: actor.id, action: "mentoring.meeting_logged", subjectType: "mentoring_pair", subjectId: pair.id, spaceId: pair.spaceId, ip: actor.ip ?? null });
    return { id: row!.id };
  });
}
