import { and, eq, sql } from "drizzle-orm";
import type { Services } from "../../../platform/services";
import { consultationFollows } from "../schema";

/** What is followed: a whole consultation (`topicId` null: new topics and every contribution) or one topic. */
export type FollowTarget = { userId: string; consultationId: string; topicId: string | null };

/**
 * Follows or stops following. Idempotent both ways (a second follow is a no-op thanks to the unique index), so
 * a double-clicked button or a replayed form does no harm. The caller has checked the person may see it.
 */
export async function setFollowing(services: Services, target: FollowTarget, isFollowing: boolean): Promise<void> {
  if (isFollowing) {
    await services.db
      .insert(consultationFollows)
      .values({ userId: target.userId, consultationId: target.consultationId, topicId: target.topicId, createdAt: services.clock.now() })
      .onConflictDoNothing();
    return;
  }
  await services.db
    .delete(consultationFollows)
    .where(
      and(
        eq(consultationFollows.userId, target.userId),
        eq(consultationFollows.consultationId, target.consultationId),
        target.topicId ? eq(consultationFollows.topicId, target.topicId) : sql`${consultationFollows.topicId} is null`,
      ),
    );
}
