import { and, eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { AppError } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { canLeaveSpace, type Viewer } from "../permissions";
import type { ViewedSpace } from "../queries";
import { spaceMembers } from "../schema";

/**
 * A member leaves a space. Only the plain member role goes: roles a coordinator gave (facilitator,
 * focal point, coordinator) are taken back by a coordinator, so a space never silently loses them.
 */
export async function leaveSpace(services: Services, user: NonNullable<Viewer>, space: ViewedSpace, ip: string | null = null): Promise<void> {
  if (!canLeaveSpace(user, space.viewerRoles)) throw new AppError("forbidden", "space.error.not_a_member");
  await services.db.transaction(async (tx) => {
    const removed = await tx
      .delete(spaceMembers)
      .where(and(eq(spaceMembers.spaceId, space.id), eq(spaceMembers.userId, user.id), eq(spaceMembers.role, "member")))
      .returning({ userId: spaceMembers.userId });
    if (!removed.length) return;
    await recordAudit(tx, { actorUserId: user.id, action: "space.left", subjectType: "user", subjectId: user.id, spaceId: space.id, details: { role: "member" }, ip });
  });
}
