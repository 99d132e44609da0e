import { and, eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { AppError, forbidden } from "../../../platform/errors";
import type { CurrentUser } from "../../../platform/http/context";
import type { Services } from "../../../platform/services";
import { canManageMembers } from "../permissions";
import { countAdmins, lockOrganisation, memberRole } from "../queries";
import { organisationMembers, type OrganisationRole } from "../schema";

/** Makes a member an admin or an admin a member; an organisation never loses its last admin this way. */
export async function changeMemberRole(
  services: Services,
  actor: CurrentUser,
  input: { organisationId: string; userId: string; role: OrganisationRole },
  options: { ip?: string } = {},
): Promise<void> {
  await services.db.transaction(async (tx) => {
    await lockOrganisation(tx, input.organisationId);
    if (!canManageMembers({ user: actor, role: await memberRole(tx, input.organisationId, actor.id) })) throw forbidden();
    const current = await memberRole(tx, input.organisationId, input.userId);
    if (!current) throw new AppError("not_found");
    if (current === input.role) return;
    if (current === "admin" && (await countAdmins(tx, input.organisationId)) <= 1) throw new AppError("conflict", "org.error.last_admin");
    await tx
      .update(organisationMembers)
      .set({ role: input.role })
      .where(and(eq(organisationMembers.organisationId, input.organisationId), eq(organisationMembers.userId, input.userId)));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "organisation.member_role_changed",
      subjectType: "organisation",
      subjectId: input.organisationId,
      details: { userId: input.userId, from: current, to: input.role },
      ip: options.ip ?? null,
    });
  });
}
