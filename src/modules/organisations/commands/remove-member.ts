import { and, eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { recordAudit } from "../../../platform/audit/record";
import { AppError, forbidden } from "../../../platform/errors";
import type { CurrentUser } from "../../../platform/http/context";
import type { Services } from "../../../platform/services";
import { canManageMembers } from "../permissions";
import { countAdmins, lockOrganisation, memberRole } from "../queries";
import { organisationMembers } from "../schema";

/** Removes a member (org admins and platform admins); the last admin cannot be removed. */
export async function removeMember(
  services: Services,
  actor: CurrentUser,
  input: { organisationId: string; userId: string },
  options: { ip?: string } = {},
): Promise<void> {
  await services.db.transaction(async (tx) => {
    await lockOrganisation(tx, input.organisationId);
    if (!canManageMembers({ user: actor, role: await memberRole(tx, input.organisationId, actor.id) })) throw forbidden();
    const role = await deleteMembership(tx, input.organisationId, input.userId);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "organisation.member_removed",
      subjectType: "organisation",
      subjectId: input.organisationId,
      details: { userId: input.userId, role },
      ip: options.ip ?? null,
    });
  });
}

/**
 * Deletes one membership inside a transaction that has locked the organisation; refuses (409) to remove the
 * last admin and answers 404 when the user is not a member. Returns the role the member had.
 */
export async function deleteMembership(tx: Database, organisationId: string, userId: string): Promise<string> {
  const role = await memberRole(tx, organisationId, userId);
  if (!role) throw new AppError("not_found");
  if (role === "admin" && (await countAdmins(tx, organisationId)) <= 1) throw new AppError("conflict", "org.error.last_admin");
  await tx.delete(organisationMembers).where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId)));
  return role;
}
