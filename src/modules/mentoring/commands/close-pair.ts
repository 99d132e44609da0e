import { and, eq, inArray, type SQL } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { recordAudit } from "../../../platform/audit/record";
import { conflict } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { queuePairEndedMails } from "../mail";
import { mentoringMentees, mentoringPairs } from "../schema";

/** Closes the active pairs matching `condition`; their mentees become `menteeStatus` (inside the caller's transaction). */
export async function closeActivePairs(tx: Database, condition: SQL, now: Date, menteeStatus: "waiting" | "closed" | "withdrawn"): Promise<string[]> {
  const closed = await tx
    .update(mentoringPairs)
    .set({ status: "closed", closedAt: now })
    .where(and(condition, eq(mentoringPairs.status, "active")))
    .returning({ id: mentoringPairs.id, menteeId: mentoringPairs.menteeId });
  if (closed.length) {
    const menteeIds = closed.map((pair) => pair.menteeId);
    // A mentee who waits again waits from now: the time before the pair is not time spent waiting.
    await tx.update(mentoringMentees).set({ status: menteeStatus, updatedAt: now, ...(menteeStatus === "waiting" ? { createdAt: now } : {}) }).where(inArray(mentoringMentees.id, menteeIds));
  }
  return closed.map((pair) => pair.id);
}

/** Ends a pair (either person in it, or an organiser): its log stays readable; the mentee's request is closed; both are mailed. */
export async function closePair(services: Services, actor: { id: string; ip?: string }, spaceId: string, pairId: string): Promise<void> {
  await services.db.transaction(async (tx) => {
    const closed = await closeActivePairs(tx, and(eq(mentoringPairs.id, pairId), eq(mentoringPairs.spaceId, spaceId))!, services.clock.now(), "closed");
    if (!closed.length) throw conflict("mentoring.error.pair_closed");
    await queuePairEndedMails(services, tx, spaceId, closed, { kind: "closed", closedBy: actor.id });
    await recordAudit(tx, { actorUserId: actor.id, action: "mentoring.pair_closed", subjectType: "mentoring_pair", subjectId: pairId, spaceId, ip: actor.ip ?? null });
  });
}
