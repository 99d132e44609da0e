import { and, eq, isNull, ne } from "drizzle-orm";
import { AppError } from "../../errors";
import type { Services } from "../../services";
import { emailTokens, sessions, users } from "../../schema";
import type { AccountUpdateBody } from "../inputs";
import { hashPassword, verifyPassword } from "../passwords";

export async function updateAccount(services: Services, userId: string, input: AccountUpdateBody): Promise<void> {
  await services.db
    .update(users)
    .set({ displayName: input.displayName, locale: input.locale, notificationSettings: { email: input.notificationEmail, news: input.notificationNews } })
    .where(eq(users.id, userId));
}

/**
 * Changes the password after checking the current one. Whoever else holds a session of this account (a stolen
 * cookie, a forgotten library computer) is signed out, and reset links still outstanding stop working; the
 * session that made the change (`keepSessionId`) stays.
 */
export async function changePassword(services: Services, userId: string, currentPassword: string, newPassword: string, keepSessionId?: string): Promise<void> {
  const [user] = await services.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError("validation_failed", "error.validation_failed", { currentPassword: { key: "validation.wrong_password" } });
  }
  const passwordHash = await hashPassword(newPassword);
  await services.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await tx.delete(sessions).where(keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId));
    await tx
      .update(emailTokens)
      .set({ usedAt: services.clock.now() })
      .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, "reset_password"), isNull(emailTokens.usedAt)));
  });
}
