import { recordAudit } from "../../../platform/audit/record";
import { AppError } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { canJoinSpace, type Viewer } from "../permissions";
import type { ViewedSpace } from "../queries";
import { spaceMembers } from "../schema";

/** A signed-in person joins a public, active space as a member; audited like every role change. */
export async function joinSpace(services: Services, user: NonNullable<Viewer>, space: ViewedSpace, ip: string | null = null): Promise<void> {
  if (!canJoinSpace(user, space, space.viewerRoles)) throw new AppError("forbidden", "space.error.cannot_join");
  await services.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(spaceMembers)
      .values({ spaceId: space.id, userId: user.id, role: "member", country: "", createdAt: services.clock.now() })
      .onConflictDoNothing()
      .returning({ userId: spaceMembers.userId });
    if (!inserted.length) return;
    await recordAudit(tx, { actorUserId: user.id, action: "space.joined", subjectType: "user", subjectId: user.id, spaceId: space.id, details: { role: "member" }, ip });
  });
}
