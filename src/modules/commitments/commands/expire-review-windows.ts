import { and, asc, eq, lte } from "drizzle-orm";
import type { Services } from "../../../platform/services";
import { findSpaceById } from "../../spaces/queries";
import { findReviewCommitment } from "../queries-review";
import { commitments } from "../schema";
import { writePublication } from "./publish-commitment";

/** Job kind: publishes commitments whose review window ended without a return (hourly, and at each deadline). */
export const REVIEW_WINDOWS_JOB = "commitments.review-windows";

/**
 * Publishes every commitment still under review whose window has ended, one transaction each, as the
 * system. Safe to run twice: each row is re-checked under its lock, so a return that won the race stands.
 */
export async function expireReviewWindows(services: Services): Promise<number> {
  const now = services.clock.now();
  const due = await services.db
    .select({ id: commitments.id })
    .from(commitments)
    .where(and(eq(commitments.status, "under_review"), lte(commitments.reviewDeadline, now)))
    .orderBy(asc(commitments.reviewDeadline))
    .limit(500);
  let published = 0;
  for (const { id } of due) {
    const isPublished = await services.db.transaction(async (tx) => {
      const commitment = await findReviewCommitment(tx, id, { isLocked: true });
      if (!commitment || commitment.status !== "under_review" || !commitment.reviewDeadline || commitment.reviewDeadline > now) return false;
      const space = await findSpaceById(tx, commitment.spaceId);
      if (!space) return false;
      await writePublication(services, tx, { commitment, spaceSlug: space.slug, actorUserId: null, role: "system" });
      return true;
    });
    if (isPublished) published++;
  }
  return published;
}
