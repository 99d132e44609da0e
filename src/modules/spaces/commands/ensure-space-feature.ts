import type { Services } from "../../../platform/services";
import type { SpaceFeature } from "../inputs";
import { findSpaceById, frameworksOfSpace, type Space } from "../queries";
import { updateSpace } from "./update-space";

/**
 * Switches a feature on for a space if it is off, keeping every other setting (demo seeds of the feature
 * modules use it). Returns the space as it now is, or undefined when there is no such space.
 */
export async function ensureSpaceFeature(services: Services, actor: { id: string }, spaceId: string, feature: SpaceFeature): Promise<Space | undefined> {
  const space = await findSpaceById(services.db, spaceId);
  if (!space || space.enabledModules.includes(feature)) return space;
  const frameworks = await frameworksOfSpace(services.db, spaceId);
  await updateSpace(services, actor, spaceId, {
    slug: space.slug, title: space.title, description: space.description, visibility: space.visibility,
    enabledModules: [...space.enabledModules, feature], frameworkKeys: frameworks.map((framework) => framework.key),
  });
  return findSpaceById(services.db, spaceId);
}
