import { and, eq, isNull, sql } from "drizzle-orm";
import { conflict } from "../../errors";
import type { Services } from "../../services";
import { users } from "../../schema";
import type { RegisterBody } from "../inputs";
import { hashPassword } from "../passwords";
import { sendEmailToken } from "./email-tokens";

/** Creates an unverified account and mails a verification link. Email is unique, case-insensitively. */
export async function registerUser(services: Services, input: RegisterBody): Promise<{ userId: string }> {
  const { db } = services;
  const [existing] = await db.select({ id: users.id }).from(users).where(and(sql`lower(${users.email}) = ${input.email}`, isNull(users.deletedAt))).limit(1);
  if (existing) throw conflict("error.email_taken", { email: { key: "validation.email_taken" } });
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [user] = await tx.insert(users).values({ email: input.email, passwordHash, displayName: input.displayName, locale: input.locale }).returning({ id: users.id });
    await sendEmailToken({ ...services, db: tx }, { userId: user.id, email: input.email, locale: input.locale, name: input.displayName, purpose: "verify_email" });
    return { userId: user.id };
  });
}

/** Marks a user's email verified (used by the CLI and seeds, which have no inbox). */
export async function markEmailVerified(services: Services, userId: string): Promise<void> {
  await services.db.update(users).set({ emailVerifiedAt: services.clock.now() }).where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)));
}
