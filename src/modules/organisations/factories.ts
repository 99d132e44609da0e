import { buildUser, XSS, type BuiltUser } from "../../testing/factories";
import type { Services } from "../../platform/services";
import type { LocalizedText } from "../../platform/i18n/localized";
import { createOrganisation } from "./commands/create-organisation";
import { OrganisationInput } from "./inputs";
import { organisationMembers, type OrganisationContacts, type OrganisationRole } from "./schema";

export type BuiltOrganisation = { id: string; slug: string; ownerId: string; owner: BuiltUser | null };

/**
 * An organisation with an admin. Its owner is created with buildUser unless `ownerId` is given; name and
 * description carry a script tag by default, so every page test also proves escaping.
 */
export async function buildOrganisation(
  services: Services,
  overrides: Partial<{
    name: LocalizedText;
    description: LocalizedText;
    actorType: string;
    country: string | null;
    website: string | null;
    contacts: OrganisationContacts;
    ownerId: string;
  }> = {},
): Promise<BuiltOrganisation> {
  const owner = overrides.ownerId ? null : await buildUser(services);
  const ownerId = overrides.ownerId ?? owner?.id ?? "";
  const input = OrganisationInput.parse({
    name: overrides.name ?? { en: `${XSS} Green Steppe Association`, ru: `${XSS} Ассоциация «Зелёная степь»` },
    description: overrides.description ?? { en: `${XSS} Works on steppe restoration.`, ru: `${XSS} Восстанавливает степные экосистемы.` },
    actorType: overrides.actorType ?? "ngo",
    country: overrides.country === undefined ? "KZ" : overrides.country,
    website: overrides.website === undefined ? "https://steppe.example.org" : overrides.website,
    contacts: overrides.contacts ?? {},
  });
  const { id, slug } = await createOrganisation(services, ownerId, input);
  return { id, slug, ownerId, owner };
}

/** Adds a user to an organisation with a role (directly, without invitation), for tests. */
export async function addMember(services: Services, organisationId: string, userId: string, role: OrganisationRole = "member"): Promise<void> {
  await services.db.insert(organisationMembers).values({ organisationId, userId, role, createdAt: services.clock.now() }).onConflictDoUpdate({
    target: [organisationMembers.organisationId, organisationMembers.userId],
    set: { role },
  });
}
