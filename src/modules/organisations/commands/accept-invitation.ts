import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { AppError } from "../../../platform/errors";
import type { CurrentUser } from "../../../platform/http/context";
import type { Services } from "../../../platform/services";
import { findOpenInvitation, lockOrganisation } from "../queries";
import { organisationInvitations, organisationJoinRequests, organisationMembers } from "../schema";

/**
 * Accepts an invitation for the signed-in user. Only the account with the invited email address may use it
 * (a forwarded link is useless to anyone else). Someone already a member keeps their role, or becomes admin
 * when invited as one. A pending join request of theirs is settled at the same time.
 */
export async function acceptInvitation(services: Services, actor: CurrentUser, token: string, options: { ip?: string } = {}): Promise<{ organisationId: string; slug: string }> {
  const now = services.clock.now();
  const invitation = await findOpenInvitation(services.db, token, now);
  if (!invitation) throw new AppError("not_found", "org.invitation.invalid");
  if (invitation.email !== actor.email.toLowerCase()) throw new AppError("forbidden", "org.invitation.wrong_email");
  return services.db.transaction(async (tx) => {
    await lockOrganisation(tx, invitation.organisation.id);
    // Claim it atomically: two clicks (or two tabs) accept it once.
    const [claimed] = await tx
      .update(organisationInvitations)
      .set({ acceptedAt: now, acceptedBy: actor.id })
      .where(and(eq(organisationInvitations.id, invitation.id), isNull(organisationInvitations.acceptedAt), isNull(organisationInvitations.revokedAt), gt(organisationInvitations.expiresAt, now)))
      .returning({ invitedBy: organisationInvitations.invitedBy });
    if (!claimed) throw new AppError("not_found", "org.invitation.invalid");
    await tx
      .insert(organisationMembers)
      .values({ organisationId: invitation.organisation.id, userId: actor.id, role: invitation.role, createdAt: now })
      .onConflictDoUpdate({
        target: [organisationMembers.organisationId, organisationMembers.userId],
        set: { role: sql`case when excluded.role = 'admin' then 'admin' else ${organisationMembers.role} end` },
      });
    await tx
      .update(organisationJoinRequests)
      .set({ status: "accepted", decidedBy: claimed.invitedBy, decidedAt: now })
      .where(and(eq(organisationJoinRequests.organisationId, invitation.organisation.id), eq(organisationJoinRequests.userId, actor.id), eq(organisationJoinRequests.status, "pending")));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "organisation.invitation_accepted",
      subjectType: "organisation",
      subjectId: invitation.organisation.id,
      details: { invitationId: invitation.id, userId: actor.id, role: invitation.role },
      ip: options.ip ?? null,
    });
    return { organisationId: invitation.organisation.id, slug: invitation.organisation.slug };
  });
}
