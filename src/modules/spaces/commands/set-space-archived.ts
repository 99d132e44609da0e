import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import type { Services } from "../../../platform/services";
import { spaces } from "../schema";

/**
 * Archives a space (it stays readable but leaves the lists and takes no new members) or brings it back.
 * Doing what is already done changes nothing and records nothing.
 */
export async function setSpaceArchived(services: Services, actor: { id: string }, spaceId: string, isArchived: boolean, ip: string | null = null): Promise<void> {
  await services.db.transaction(async (tx) => {
    const now = services.clock.now();
    const [changed] = await tx
      .update(spaces)
      .set({ archivedAt: isArchived ? now : null, updatedAt: now })
      .where(and(eq(spaces.id, spaceId), isArchived ? isNull(spaces.archivedAt) : isNotNull(spaces.archivedAt)))
      .returning({ id: spaces.id, archivedAt: spaces.archivedAt });
    if (!changed) return;
    await recordAudit(tx, { actorUserId: actor.id, action: isArchived ? "space.archived" : "space.unarchived", subjectType: "space", subjectId: spaceId, spaceId, ip });
  });
}
