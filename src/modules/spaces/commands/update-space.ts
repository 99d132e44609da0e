import { eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { notFound } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import type { SpaceInput } from "../inputs";
import { frameworksOfSpace } from "../queries";
import { spaces } from "../schema";
import { assertSlugFree, isUniqueViolation, parseSpaceInput, replaceSpaceFrameworks, resolveFrameworkIds, slugTaken } from "./shared";

/** Saves a space's settings; the audit entry names the fields that changed. */
export async function updateSpace(services: Services, actor: { id: string }, spaceId: string, input: SpaceInput | Record<string, unknown>, ip: string | null = null): Promise<{ slug: string }> {
  const data = parseSpaceInput(input);
  try {
    return await services.db.transaction(async (tx) => {
      const [before] = await tx.select().from(spaces).where(eq(spaces.id, spaceId)).for("update");
      if (!before) throw notFound();
      await assertSlugFree(tx, data.slug, spaceId);
      const frameworkIds = await resolveFrameworkIds(tx, data.frameworkKeys, spaceId);
      const previousFrameworks = (await frameworksOfSpace(tx, spaceId)).map((framework) => framework.key);
      const enabledModules = [...new Set(data.enabledModules)];
      await tx
        .update(spaces)
        .set({ slug: data.slug, title: data.title, description: data.description, visibility: data.visibility, enabledModules, updatedAt: services.clock.now() })
        .where(eq(spaces.id, spaceId));
      await replaceSpaceFrameworks(tx, spaceId, frameworkIds);
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      const changed = [
        before.slug !== data.slug && "slug",
        !same(before.title, data.title) && "title",
        !same(before.description, data.description) && "description",
        before.visibility !== data.visibility && "visibility",
        !same([...before.enabledModules].sort(), [...enabledModules].sort()) && "enabledModules",
        !same(previousFrameworks, [...new Set(data.frameworkKeys)]) && "frameworks",
      ].filter(Boolean);
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "space.updated",
        subjectType: "space",
        subjectId: spaceId,
        spaceId,
        details: { changed, ...(before.slug !== data.slug ? { previousSlug: before.slug } : {}), ...(before.visibility !== data.visibility ? { visibility: data.visibility } : {}) },
        ip,
      });
      return { slug: data.slug };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}
