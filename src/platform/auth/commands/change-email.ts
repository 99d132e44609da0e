import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { AppError, conflict } from "../../errors";
import { translator } from "../../i18n/messages";
import type { Services } from "../../services";
import { recordAudit } from "../../audit/record";
import { emailTokens, users } from "../../schema";
import { verifyPassword } from "../passwords";
import { consumeEmailToken, sendEmailToken } from "./email-tokens";

async function isEmailTaken(db: Database, email: string, exceptUserId: string): Promise<boolean> {
  const [other] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.toLowerCase()}`, isNull(users.deletedAt), ne(users.id, exceptUserId)))
    .limit(1);
  return Boolean(other);
}

/**
 * Starts an email change: checks the current password and that no other account uses the address, then mails a
 * one-time link to the NEW address. Nothing about the account changes until that link is used.
 */
export async function requestEmailChange(services: Services, userId: string, input: { newEmail: string; password: string }): Promise<void> {
  const [user] = await services.db
    .select({ passwordHash: users.passwordHash, email: users.email, locale: users.locale, displayName: users.displayName })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt)));
  if (!user || !(await verifyPassword(user.passwordHash, input.password))) {
    throw new AppError("validation_failed", "error.validation_failed", { password: { key: "validation.wrong_password" } });
  }
  if (user.email.toLowerCase() === input.newEmail) {
    throw new AppError("validation_failed", "error.validation_failed", { newEmail: { key: "validation.email_unchanged" } });
  }
  // What registration says of a taken address (without its "log in" advice), so this reveals nothing more.
  if (await isEmailTaken(services.db, input.newEmail, userId)) {
    throw new AppError("validation_failed", "error.validation_failed", { newEmail: { key: "error.email_taken" } });
  }
  await sendEmailToken(services, { userId, email: input.newEmail, newEmail: input.newEmail, locale: user.locale, name: user.displayName, purpose: "change_email" });
}

/**
 * Uses a change link: the account's email becomes the confirmed new address (verified, since the link reached it),
 * other pending changes are voided, the change is audited and the OLD address is told.
 */
export async function confirmEmailChange(services: Services, token: string): Promise<{ userId: string }> {
  return services.db.transaction(async (tx) => {
    const now = services.clock.now();
    const { userId, newEmail } = await consumeEmailToken(tx, now, token, "change_email");
    if (!newEmail) throw new AppError("bad_request", "error.token_invalid");
    // Someone may have registered the address since the link was sent (the unique index would otherwise fail).
    if (await isEmailTaken(tx, newEmail, userId)) throw conflict("error.email_taken");
    const [before] = await tx.select({ email: users.email, locale: users.locale, displayName: users.displayName }).from(users).where(eq(users.id, userId));
    await tx.update(users).set({ email: newEmail, emailVerifiedAt: now }).where(eq(users.id, userId));
    await tx
      .update(emailTokens)
      .set({ usedAt: now })
      .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, "change_email"), isNull(emailTokens.usedAt)));
    await recordAudit(tx, { actorUserId: userId, action: "account.email_changed", subjectType: "user", subjectId: userId, details: { from: before.email, to: newEmail } });
    const t = translator(before.locale);
    await services.mailer.queue(
      { to: before.email, subject: t("mail.email_changed.subject"), text: t("mail.email_changed.body", { name: before.displayName, email: newEmail }), locale: before.locale },
      { db: tx },
    );
    return { userId };
  });
}
