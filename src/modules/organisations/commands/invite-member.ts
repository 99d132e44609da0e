import { and, eq, isNull, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { DAY_MS } from "../../../platform/clock";
import { hashToken, randomToken } from "../../../platform/crypto";
import { AppError, forbidden } from "../../../platform/errors";
import type { CurrentUser } from "../../../platform/http/context";
import { intlFormat, translator } from "../../../platform/i18n/messages";
import { localizedString } from "../../../platform/i18n/localized";
import { users } from "../../../platform/schema";
import type { Services } from "../../../platform/services";
import type { InvitationBody } from "../inputs";
import { queueOrganisationMail } from "../mail";
import { canManageMembers } from "../permissions";
import { findOrganisationById, lockOrganisation, memberRole } from "../queries";
import { organisationInvitations } from "../schema";

export const INVITATION_LIFETIME_MS = 14 * DAY_MS;

/**
 * Invites someone by email (org admins and platform admins). The mail carries a one-time link to
 * /invitations/<token>, valid 14 days, written in the invitee's language when they already have an account,
 * else in the inviting admin's. Inviting the same address again replaces the earlier open invitation.
 */
export async function inviteMember(
  services: Services,
  actor: CurrentUser,
  organisationId: string,
  input: InvitationBody,
  options: { ip?: string } = {},
): Promise<{ invitationId: string; token: string }> {
  const now = services.clock.now();
  return services.db.transaction(async (tx) => {
    await lockOrganisation(tx, organisationId);
    if (!canManageMembers({ user: actor, role: await memberRole(tx, organisationId, actor.id) })) throw forbidden();
    const organisation = await findOrganisationById(tx, organisationId);
    if (!organisation) throw new AppError("not_found");
    const [invitee] = await tx
      .select({ id: users.id, locale: users.locale })
      .from(users)
      .where(and(sql`lower(${users.email}) = ${input.email}`, isNull(users.deletedAt)))
      .limit(1);
    if (invitee && (await memberRole(tx, organisationId, invitee.id))) {
      throw new AppError("conflict", "org.error.already_member", { email: { key: "org.error.already_member" } });
    }
    await tx
      .update(organisationInvitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(organisationInvitations.organisationId, organisationId),
          eq(organisationInvitations.email, input.email),
          isNull(organisationInvitations.acceptedAt),
          isNull(organisationInvitations.revokedAt),
        ),
      );
    const token = randomToken();
    const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
    const [invitation] = await tx
      .insert(organisationInvitations)
      .values({ organisationId, email: input.email, role: input.role, tokenHash: hashToken(token), invitedBy: actor.id, createdAt: now, expiresAt })
      .returning({ id: organisationInvitations.id });

    const locale = invitee?.locale ?? actor.locale;
    const t = translator(locale);
    await queueOrganisationMail(services, tx, {
      to: input.email,
      locale,
      kind: "invitation",
      values: {
        inviter: actor.displayName,
        organisation: localizedString(organisation.name, locale),
        role: t(`org.role.${input.role}`),
        link: `${services.config.publicUrl}/invitations/${token}`,
        expires: intlFormat(locale).date(expiresAt),
      },
    });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "organisation.invitation_sent",
      subjectType: "organisation",
      subjectId: organisationId,
      details: { invitationId: invitation.id, role: input.role },
      ip: options.ip ?? null,
    });
    return { invitationId: invitation.id, token };
  });
}
