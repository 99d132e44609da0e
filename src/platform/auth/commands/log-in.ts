import { and, eq, isNull, sql } from "drizzle-orm";
import { AppError } from "../../errors";
import type { Services } from "../../services";
import { users } from "../../schema";
import type { LoginBody } from "../inputs";
import { dummyPasswordHash, verifyPassword } from "../passwords";

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

/**
 * Checks credentials. Five wrong passwords in a row lock the account for 15 minutes, whatever the
 * IP (the per-IP rate limit is in the route); the error never says whether the email exists.
 */
export async function logIn(services: Services, input: LoginBody): Promise<{ userId: string }> {
  const { db, clock } = services;
  const now = clock.now();
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, lockedUntil: users.lockedUntil, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${input.email}`, isNull(users.deletedAt)))
    .limit(1);
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    throw new AppError("unauthenticated", "error.bad_credentials");
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    const minutes = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000);
    throw new AppError("rate_limited", "error.account_locked", {}, { minutes });
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const [updated] = await db
      .update(users)
      .set({ failedLoginCount: sql`${users.failedLoginCount} + 1` })
      .where(eq(users.id, user.id))
      .returning({ failedLoginCount: users.failedLoginCount });
    if (updated.failedLoginCount >= MAX_FAILED_LOGINS) {
      await db.update(users).set({ lockedUntil: new Date(now.getTime() + LOCKOUT_MS), failedLoginCount: 0 }).where(eq(users.id, user.id));
      throw new AppError("rate_limited", "error.account_locked", {}, { minutes: LOCKOUT_MS / 60_000 });
    }
    throw new AppError("unauthenticated", "error.bad_credentials");
  }
  if (!user.emailVerifiedAt) throw new AppError("forbidden", "error.email_not_verified");
  await db.update(users).set({ failedLoginCount: 0, lockedUntil: null }).where(eq(users.id, user.id));
  return { userId: user.id };
}
