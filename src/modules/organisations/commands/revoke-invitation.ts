import { and, eq, isNull } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { AppError, forbidden } from "../../../platform/errors";
import type { CurrentUser } from "../../../platform/http/context";
import type { Services } from "../../../platform/services";
import { canManageMembers } from "../permissions";
import { lockOrganisation, memberRole } from "../queries";
import { organisationInvitations } from "../schema";

/** Withdraws an invitation that has not been accepted yet; its link stops working at once. */
export async function revokeInvitation(
  services: Services,
  actor: CurrentUser,
  input: { organisationId: string; invitationId: string },
  options: { ip?: string } = {},
): Promise<void> {
  await services.db.transaction(async (tx) => {
    await lockOrganisation(tx, input.organisationId);
    if (!canManageMembers({ user: actor, role: await memberRole(tx, input.organisationId, actor.id) })) throw forbidden();
    const [revoked] = await tx
      .update(organisationInvitations)
      .set({ revokedAt: services.clock.now() })
      .where(
        and(
          eq(organisationInvitations.id, input.invitationId),
          eq(organisationInvitations.organisationId, input.organisationId),
          isNull(organisationInvitations.acceptedAt),
          isNull(organisationInvitations.revokedAt),
        ),
      )
      .returning({ id: organisationInvitations.id });
    if (!revoked) throw new AppError("not_found");
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "organisation.invitation_revoked",
      subjectType: "organisation",
      subjectId: input.organisationId,
      details: { invitationId: input.invitationId },
      ip: options.ip ?? null,
    });
  });
}
