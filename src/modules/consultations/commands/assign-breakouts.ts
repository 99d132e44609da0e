import { and, eq, inArray } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { validationFailed, type FieldErrors } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { breakoutsOf, sessionParticipants } from "../queries-participation";
import { consultationBreakoutMembers } from "../schema";
import type { BreakoutTarget } from "./create-breakouts";

/** The form field holding a person's seat: `seat.<user id>` = a breakout number, or empty for "not seated". */
export const seatField = (userId: string): string => `seat.${userId}`;

/**
 * Seats people by hand or moves them: for each participant whose `seat.<user id>` field is present, puts them
 * in that breakout (by number) or takes them out when it is empty. Fields for people who are not participants
 * of the session are ignored; an unknown breakout number is an error beside that person's select, and then
 * nothing changes. Returns how many seats changed.
 */
export async function assignBreakouts(services: Services, actorUserId: string, target: BreakoutTarget, values: Record<string, unknown>, ip: string | null = null): Promise<number> {
  return services.db.transaction(async (tx) => {
    const [breakouts, participants] = await Promise.all([breakoutsOf(tx, target.groupId), sessionParticipants(tx, target)]);
    const byNumber = new Map(breakouts.map((breakout) => [String(breakout.number), breakout.id]));
    const errors: FieldErrors = {};
    const changes: { userId: string; breakoutId: string | null }[] = [];
    for (const person of participants) {
      const raw = values[seatField(person.userId)];
      if (raw === undefined) continue;
      const value = Array.isArray(raw) ? String(raw[0] ?? "") : String(raw);
      const breakoutId = value === "" ? null : (byNumber.get(value) ?? undefined);
      if (breakoutId === undefined) {
        errors[seatField(person.userId)] = { key: "consultation.participation.breakouts.error.seat" };
        continue;
      }
      if (breakoutId !== person.breakoutId) changes.push({ userId: person.userId, breakoutId });
    }
    if (Object.keys(errors).length) throw validationFailed(errors);
    const now = services.clock.now();
    const leaving = changes.filter((change) => change.breakoutId === null).map((change) => change.userId);
    if (leaving.length) {
      await tx.delete(consultationBreakoutMembers).where(and(eq(consultationBreakoutMembers.groupId, target.groupId), inArray(consultationBreakoutMembers.userId, leaving)));
    }
    for (const change of changes) {
      if (change.breakoutId === null) continue;
      await tx
        .insert(consultationBreakoutMembers)
        .values({ groupId: target.groupId, userId: change.userId, breakoutId: change.breakoutId, createdAt: now })
        .onConflictDoUpdate({ target: [consultationBreakoutMembers.groupId, consultationBreakoutMembers.userId], set: { breakoutId: change.breakoutId, createdAt: now } });
    }
    if (changes.length) {
      await recordAudit(tx, {
        actorUserId,
        action: "consultation.breakouts.assign",
        subjectType: "consultation_group",
        subjectId: target.groupId,
        spaceId: target.spaceId,
        details: { changes: changes.map((change) => ({ userId: change.userId, breakoutId: change.breakoutId })) },
        ip,
      });
    }
    return changes.length;
  });
}
