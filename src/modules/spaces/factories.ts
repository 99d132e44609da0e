import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { LocalizedText } from "../../platform/i18n/localized";
import type { Services } from "../../platform/services";
import { buildUser, XSS } from "../../testing/factories";
import { createSpace } from "./commands/create-space";
import type { SpaceFeature } from "./inputs";
import { spaceMembers, spaces, type SpaceRole, type SpaceVisibility } from "./schema";

export type BuiltSpace = { id: string; slug: string; title: LocalizedText; createdBy: string };

/**
 * A space made through the real command (so it is valid and audited). Text fields carry a script tag by
 * default, so every page showing the space also proves escaping; its creator, a platform admin, is made
 * on demand.
 */
export async function buildSpace(
  services: Services,
  overrides: Partial<{
    slug: string;
    title: LocalizedText;
    description: LocalizedText;
    visibility: SpaceVisibility;
    enabledModules: SpaceFeature[];
    frameworkKeys: string[];
    createdBy: string;
    isArchived: boolean;
  }> = {},
): Promise<BuiltSpace> {
  const createdBy = overrides.createdBy ?? (await buildUser(services, { isPlatformAdmin: true })).id;
  const title = overrides.title ?? { en: `${XSS} Space`, ru: `${XSS} Пространство` };
  const space = await createSpace(services, { id: createdBy }, {
    slug: overrides.slug ?? `space-${randomBytes(4).toString("hex")}`,
    title,
    description: overrides.description ?? { en: `${XSS} What this space is for.`, ru: `${XSS} Для чего это пространство.` },
    visibility: overrides.visibility ?? "public",
    enabledModules: overrides.enabledModules ?? [],
    frameworkKeys: overrides.frameworkKeys ?? [],
  });
  if (overrides.isArchived) await services.db.update(spaces).set({ archivedAt: services.clock.now() }).where(eq(spaces.id, space.id));
  return { id: space.id, slug: space.slug, title, createdBy };
}

/** Gives a person a role in a space directly (no audit, no mail): test set-up, not the behaviour under test. */
export async function addSpaceRole(services: Services, spaceId: string, userId: string, role: SpaceRole, country?: string): Promise<void> {
  await services.db
    .insert(spaceMembers)
    .values({ spaceId, userId, role, country: role === "focal_point" ? (country ?? "KZ") : "", createdAt: services.clock.now() })
    .onConflictDoNothing();
}
