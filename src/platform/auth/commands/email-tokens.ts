import { and, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { hashToken, randomToken } from "../../crypto";
import { AppError } from "../../errors";
import { translator } from "../../i18n/messages";
import type { Services } from "../../services";
import { emailTokens, users } from "../../schema";

type Purpose = "verify_email" | "reset_password" | "change_email";
const LIFETIME_MS: Record<Purpose, number> = { verify_email: 48 * 3_600_000, reset_password: 3_600_000, change_email: 24 * 3_600_000 };
const PATH: Record<Purpose, string> = { verify_email: "/verify-email", reset_password: "/reset-password", change_email: "/account/email/confirm" };

/**
 * Creates a one-time token and queues the mail that carries its link to `email`, in the recipient's language.
 * A change_email token carries the address it confirms (`newEmail`, which is also where it is mailed).
 */
export async function sendEmailToken(
  services: Services,
  input: { userId: string; email: string; locale: string; name: string; purpose: Purpose; newEmail?: string },
): Promise<void> {
  const token = randomToken();
  const now = services.clock.now();
  await services.db.insert(emailTokens).values({
    userId: input.userId,
    purpose: input.purpose,
    tokenHash: hashToken(token),
    newEmail: input.newEmail ?? null,
    expiresAt: new Date(now.getTime() + LIFETIME_MS[input.purpose]),
  });
  const t = translator(input.locale);
  const link = `${services.config.publicUrl}${PATH[input.purpose]}?token=${encodeURIComponent(token)}`;
  await services.mailer.queue(
    { to: input.email, subject: t(`mail.${input.purpose}.subject`), text: t(`mail.${input.purpose}.body`, { name: input.name, link }), locale: input.locale },
    { db: services.db },
  );
}

/** Uses a token once; throws a translated 400 when it is unknown, used or expired. */
export async function consumeEmailToken(db: Database, now: Date, token: string, purpose: Purpose): Promise<{ userId: string; newEmail: string | null }> {
  const [row] = await db
    .update(emailTokens)
    .set({ usedAt: now })
    .where(and(eq(emailTokens.tokenHash, hashToken(token)), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt), gt(emailTokens.expiresAt, now)))
    .returning({ userId: emailTokens.userId, newEmail: emailTokens.newEmail });
  if (!row) throw new AppError("bad_request", "error.token_invalid");
  const [user] = await db.select({ id: users.id }).from(users).where(and(eq(users.id, row.userId), isNull(users.deletedAt)));
  if (!user) throw new AppError("bad_request", "error.token_invalid");
  return { userId: row.userId, newEmail: row.newEmail };
}

/** Whether a token is still usable (for a confirmation page that must not consume it). */
export async function isEmailTokenUsable(db: Database, now: Date, token: string, purpose: Purpose): Promise<boolean> {
  const [row] = await db
    .select({ id: emailTokens.id })
    .from(emailTokens)
    .where(and(eq(emailTokens.tokenHash, hashToken(token)), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt), gt(emailTokens.expiresAt, now)))
    .limit(1);
  return Boolean(row);
}
