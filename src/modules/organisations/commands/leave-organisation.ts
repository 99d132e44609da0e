import { recordAudit } from "../../../platform/audit/record";
import type { CurrentUser } from "../../../platform/http/context";
import type { Services } from "../../../platform/services";
import { lockOrganisation } from "../queries";
import { deleteMembership } from "./remove-member";

/** The signed-in member leaves the organisation; its last admin must first hand the role to someone else. */
export async function leaveOrganisation(services: Services, actor: CurrentUser, organisationId: string, options: { ip?: string } = {}): Promise<void> {
  await services.db.transaction(async (tx) => {
    await lockOrganisation(tx, organisationId);
    const role = await deleteMembership(tx, organisationId, actor.id);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "organisation.member_left",
      subjectType: "organisation",
      subjectId: organisationId,
      details: { userId: actor.id, role },
      ip: options.ip ?? null,
    });
  });
}
