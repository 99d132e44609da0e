import { recordAudit } from "../../../platform/audit/record";
import type { Services } from "../../../platform/services";
import type { SpaceInput } from "../inputs";
import { spaces } from "../schema";
import { assertSlugFree, isUniqueViolation, parseSpaceInput, replaceSpaceFrameworks, resolveFrameworkIds, slugTaken } from "./shared";

/** A platform admin creates a space with its frameworks; recorded in the audit log. */
export async function createSpace(services: Services, actor: { id: string }, input: SpaceInput | Record<string, unknown>, ip: string | null = null): Promise<{ id: string; slug: string }> {
  const data = parseSpaceInput(input);
  try {
    return await services.db.transaction(async (tx) => {
      await assertSlugFree(tx, data.slug, null);
      const frameworkIds = await resolveFrameworkIds(tx, data.frameworkKeys, null);
      const now = services.clock.now();
      const [space] = await tx
        .insert(spaces)
        .values({
          slug: data.slug,
          title: data.title,
          description: data.description,
          visibility: data.visibility,
          enabledModules: [...new Set(data.enabledModules)],
          createdBy: actor.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: spaces.id, slug: spaces.slug });
      await replaceSpaceFrameworks(tx, space.id, frameworkIds);
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "space.created",
        subjectType: "space",
        subjectId: space.id,
        spaceId: space.id,
        details: { slug: data.slug, visibility: data.visibility, frameworks: data.frameworkKeys, enabledModules: data.enabledModules },
        ip,
      });
      return space;
    });
  } catch (error) {
    // Two admins racing for the same slug: the database has the last word.
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}
