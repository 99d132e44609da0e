import { AppError } from "../../../platform/errors";
import type { CurrentUser } from "../../../platform/http/context";
import { localizedString } from "../../../platform/i18n/localized";
import type { Services } from "../../../platform/services";
import { queueOrganisationMail } from "../mail";
import { canRequestToJoin } from "../permissions";
import { findOrganisationById, listMembers, memberRole } from "../queries";
import { organisationJoinRequests } from "../schema";

/**
 * A signed-in user asks to join an organisation, with an optional message for its admins, who are told by
 * mail (each in their own language). One pending request per person and organisation.
 */
export async function requestToJoin(services: Services, actor: CurrentUser, organisationId: string, message: string): Promise<{ requestId: string }> {
  const now = services.clock.now();
  return services.db.transaction(async (tx) => {
    const organisation = await findOrganisationById(tx, organisationId);
    if (!organisation) throw new AppError("not_found");
    if (!canRequestToJoin({ user: actor, role: await memberRole(tx, organisationId, actor.id) })) {
      throw new AppError("conflict", "org.error.already_member");
    }
    const [request] = await tx
      .insert(organisationJoinRequests)
      .values({ organisationId, userId: actor.id, message, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: organisationJoinRequests.id });
    if (!request) throw new AppError("conflict", "org.error.request_pending");
    const admins = (await listMembers(tx, organisationId)).filter((member) => member.role === "admin");
    for (const admin of admins) {
      await queueOrganisationMail(services, tx, {
        to: admin.email,
        locale: admin.locale,
        kind: "join_request",
        values: {
          name: admin.displayName,
          requester: actor.displayName,
          organisation: localizedString(organisation.name, admin.locale),
          message: message || "—",
          link: `${services.config.publicUrl}/organisations/${organisation.slug}/members`,
        },
      });
    }
    return { requestId: request.id };
  });
}
