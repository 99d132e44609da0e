import { eq } from "drizzle-orm";
import { recordAudit } from "../../../../platform/audit/record";
import { AppError } from "../../../../platform/errors";
import type { Services } from "../../../../platform/services";
import { knowledgeExperts } from "../schema";

/** Pauses (delists) or lists again the person's own profile. A paused profile is hidden everywhere at once. */
export async function setExpertListing(services: Services, userId: string, isListed: boolean, options: { ip?: string } = {}): Promise<void> {
  await services.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(knowledgeExperts)
      .set({ isListed, updatedAt: services.clock.now() })
      .where(eq(knowledgeExperts.userId, userId))
      .returning({ id: knowledgeExperts.id });
    if (!updated) throw new AppError("not_found");
    await recordAudit(tx, { actorUserId: userId, action: isListed ? "expert.profile_listed" : "expert.profile_paused", subjectType: "expert", subjectId: updated.id, ip: options.ip ?? null });
  });
}
