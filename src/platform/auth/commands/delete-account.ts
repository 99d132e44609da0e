import { eq } from "drizzle-orm";
import { AppError } from "../../errors";
import type { Services } from "../../services";
import { apiTokens, users } from "../../schema";
import { recordAudit } from "../../audit/record";
import { personalDataContributors } from "../personal-data";
import { verifyPassword } from "../passwords";
import { endAllSessions } from "../sessions";

/**
 * Deletes an account: personal data is erased and the row kept as a tombstone, so contributions others
 * replied to stay readable under "deleted user". Modules drop memberships through their contributors.
 */
export async function deleteAccount(services: Services, userId: string, password: string): Promise<void> {
  const [user] = await services.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!user || !(await verifyPassword(user.passwordHash, password))) {
    throw new AppError("validation_failed", "error.validation_failed", { password: { key: "validation.wrong_password" } });
  }
  await services.db.transaction(async (tx) => {
    const now = services.clock.now();
    for (const contributor of personalDataContributors()) await contributor.onAccountDeleted?.(tx, userId);
    await tx
      .update(users)
      .set({ email: `deleted-${userId}@deleted.invalid`, displayName: "", passwordHash: null, notificationSettings: {}, isPlatformAdmin: false, deletedAt: now })
      .where(eq(users.id, userId));
    await tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.userId, userId));
    await endAllSessions(tx, userId);
    await recordAudit(tx, { actorUserId: userId, action: "account.deleted", subjectType: "user", subjectId: userId });
  });
}
