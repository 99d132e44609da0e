import { and, eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { AppError, forbidden } from "../../../platform/errors";
import type { CurrentUser } from "../../../platform/http/context";
import { localizedString } from "../../../platform/i18n/localized";
import { users } from "../../../platform/schema";
import type { Services } from "../../../platform/services";
import { queueOrganisationMail } from "../mail";
import { canManageMembers } from "../permissions";
import { findOrganisationById, lockOrganisation, memberRole } from "../queries";
import { organisationJoinRequests, organisationMembers } from "../schema";

export type JoinDecision = "accept" | "decline";

/** An org admin accepts (the requester becomes a member) or declines a join request; the requester gets a mail. */
export async function decideJoinRequest(
  services: Services,
  actor: CurrentUser,
  input: { organisationId: string; requestId: string; decision: JoinDecision },
  options: { ip?: string } = {},
): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    await lockOrganisation(tx, input.organisationId);
    if (!canManageMembers({ user: actor, role: await memberRole(tx, input.organisationId, actor.id) })) throw forbidden();
    const [request] = await tx
      .update(organisationJoinRequests)
      .set({ status: input.decision === "accept" ? "accepted" : "declined", decidedBy: actor.id, decidedAt: now })
      .where(
        and(
          eq(organisationJoinRequests.id, input.requestId),
          eq(organisationJoinRequests.organisationId, input.organisationId),
          eq(organisationJoinRequests.status, "pending"),
        ),
      )
      .returning({ userId: organisationJoinRequests.userId });
    if (!request) throw new AppError("not_found");
    if (input.decision === "accept") {
      await tx.insert(organisationMembers).values({ organisationId: input.organisationId, userId: request.userId, role: "member", createdAt: now }).onConflictDoNothing();
    }
    const organisation = await findOrganisationById(tx, input.organisationId);
    const [requester] = await tx.select({ email: users.email, locale: users.locale, displayName: users.displayName }).from(users).where(eq(users.id, request.userId));
    if (organisation && requester) {
      await queueOrganisationMail(services, tx, {
        to: requester.email,
        locale: requester.locale,
        kind: input.decision === "accept" ? "join_accepted" : "join_declined",
        values: {
          name: requester.displayName,
          organisation: localizedString(organisation.name, requester.locale),
          link: `${services.config.publicUrl}/organisations/${organisation.slug}`,
        },
      });
    }
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: input.decision === "accept" ? "organisation.join_request_accepted" : "organisation.join_request_declined",
      subjectType: "organisation",
      subjectId: input.organisationId,
      details: { requestId: input.requestId, userId: request.userId },
      ip: options.ip ?? null,
    });
  });
}
