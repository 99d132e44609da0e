import { eq } from "drizzle-orm";
import type { Database } from "../../../../db/client";
import { recordAudit } from "../../../../platform/audit/record";
import type { Services } from "../../../../platform/services";
import { knowledgeExperts } from "../schema";

/** Removes a person's profile and its expertise links (cascade); returns whether there was one. */
export async function removeExpertProfile(db: Database, userId: string): Promise<string | null> {
  const [deleted] = await db.delete(knowledgeExperts).where(eq(knowledgeExperts.userId, userId)).returning({ id: knowledgeExperts.id });
  return deleted?.id ?? null;
}

/** The person deletes their own profile (the account stays). */
export async function deleteExpertProfile(services: Services, userId: string, options: { ip?: string } = {}): Promise<boolean> {
  return services.db.transaction(async (tx) => {
    const id = await removeExpertProfile(tx, userId);
    if (id) await recordAudit(tx, { actorUserId: userId, action: "expert.profile_deleted", subjectType: "expert", subjectId: id, ip: options.ip ?? null });
    return id !== null;
  });
}
