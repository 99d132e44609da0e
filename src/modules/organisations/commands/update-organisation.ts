import { eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { forbidden } from "../../../platform/errors";
import type { CurrentUser } from "../../../platform/http/context";
import type { Services } from "../../../platform/services";
import type { OrganisationInput } from "../inputs";
import { canEditOrganisation } from "../permissions";
import { forgetFacetCounts, lockOrganisation, memberRole } from "../queries";
import { organisations } from "../schema";
import { buildSearchText } from "../search-text";
import { replaceTargets } from "../targets";

/**
 * Changes an organisation's profile (org admins and platform admins). Only the given fields change; the slug
 * never does, so links to the organisation keep working.
 */
export async function updateOrganisation(
  services: Services,
  actor: CurrentUser,
  organisationId: string,
  changes: Partial<OrganisationInput>,
  options: { ip?: string } = {},
): Promise<void> {
  await services.db.transaction(async (tx) => {
    await lockOrganisation(tx, organisationId);
    if (!canEditOrganisation({ user: actor, role: await memberRole(tx, organisationId, actor.id) })) throw forbidden();
    const [current] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
    const { itemIds, ...columns } = changes;
    const name = changes.name ?? current.name;
    const description = changes.description ?? current.description;
    const themes = changes.themes ?? current.themes;
    await tx
      .update(organisations)
      .set({ ...columns, name, description, themes, searchText: buildSearchText(name, description, themes), updatedAt: services.clock.now() })
      .where(eq(organisations.id, organisationId));
    if (itemIds) await replaceTargets(tx, organisationId, itemIds);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "organisation.updated",
      subjectType: "organisation",
      subjectId: organisationId,
      details: { fields: Object.keys(changes).sort() },
      ip: options.ip ?? null,
    });
  });
  forgetFacetCounts(services.db);
}
