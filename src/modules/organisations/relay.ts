import { localizedString } from "../../platform/i18n/localized";
import type { RelayKind } from "../../platform/relay/kinds";
import { findOrganisationBySlug, listMembers } from "./queries";

/**
 * Relay kind "organisation": /contact/organisation/<slug> writes to the organisation's admins at their account
 * addresses, whatever contacts the organisation chose to show. Visitors can reach an organisation whose email is
 * members-only or private without that address ever being shown.
 */
export const organisationRelayKind: RelayKind = {
  kind: "organisation",
  async resolve(services, slug, context) {
    const organisation = await findOrganisationBySlug(services.db, slug);
    if (!organisation) return null;
    const admins = (await listMembers(services.db, organisation.id)).filter((member) => member.role === "admin");
    return {
      recipients: admins.map((admin) => ({ userId: admin.userId })),
      label: localizedString(organisation.name, context.locale),
      backUrl: `/organisations/${organisation.slug}`,
      // Its own admins have other ways to reach each other.
      canContact: (viewer) => !viewer || !admins.some((admin) => admin.userId === viewer.id),
    };
  },
};
