import { and, eq, isNull, sql } from "drizzle-orm";
import type { Services } from "../../services";
import { users } from "../../schema";
import { hashPassword } from "../passwords";
import { endAllSessions } from "../sessions";
import { consumeEmailToken, sendEmailToken } from "./email-tokens";

/** Mails a reset link if the account exists; says nothing either way, so emails cannot be probed. */
export async function requestPasswordReset(services: Services, email: string): Promise<void> {
  const [user] = await services.db
    .select({ id: users.id, email: users.email, locale: users.locale, displayName: users.displayName })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.toLowerCase()}`, isNull(users.deletedAt)))
    .limit(1);
  if (!user) return;
  await sendEmailToken(services, { userId: user.id, email: user.email, locale: user.locale, name: user.displayName, purpose: "reset_password" });
}

/** Sets a new password from a reset link, unlocks the account and signs it out everywhere. */
export async function resetPassword(services: Services, token: string, password: string): Promise<{ userId: string }> {
  const passwordHash = await hashPassword(password);
  return services.db.transaction(async (tx) => {
    const now = services.clock.now();
    const { userId } = await consumeEmailToken(tx, now, token, "reset_password");
    // Following the link proves the address too.
    await tx.update(users).set({ passwordHash, failedLoginCount: 0, lockedUntil: null, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now})` }).where(eq(users.id, userId));
    await endAllSessions(tx, userId);
    return { userId };
  });
}
