import { and, eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { notFound } from "../../../platform/errors";
import { validateForm } from "../../../platform/http/forms";
import type { Services } from "../../../platform/services";
import { RoleRevokeInput } from "../inputs";
import { spaceMembers } from "../schema";

/** Removes one role (for a focal point: one country) from a person; audited with the space. */
export async function revokeSpaceRole(
  services: Services,
  actor: { id: string },
  spaceId: string,
  input: { userId?: unknown; role?: unknown; country?: unknown },
  ip: string | null = null,
): Promise<void> {
  const result = validateForm(RoleRevokeInput, input);
  if (!result.isValid) throw notFound();
  const { userId, role, country } = result.data;
  await services.db.transaction(async (tx) => {
    const removed = await tx
      .delete(spaceMembers)
      .where(and(eq(spaceMembers.spaceId, spaceId), eq(spaceMembers.userId, userId), eq(spaceMembers.role, role), eq(spaceMembers.country, country)))
      .returning({ userId: spaceMembers.userId });
    if (!removed.length) throw notFound();
    await recordAudit(tx, { actorUserId: actor.id, action: "space.role_revoked", subjectType: "user", subjectId: userId, spaceId, details: { role, country }, ip });
  });
}
