import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { translator } from "../../platform/i18n/messages";
import type { Services } from "../../platform/services";
import { mentoringPath } from "./queries";

/**
 * The mail each person gets when an organiser confirms their pair, in the recipient's own language (users.locale),
 * queued inside the confirming transaction (platform mail through the job queue). It names the other person and
 * links to the pair's page, where they write to each other through the contact relay: no address is in it.
 */
export async function queuePairMails(services: Services, tx: Database, pair: { id: string; spaceSlug: string; mentor: { userId: string; displayName: string }; mentee: { userId: string; displayName: string } }): Promise<void> {
  const url = `${services.config.publicUrl.replace(/\/$/, "")}${mentoringPath(pair.spaceSlug)}/pairs/${pair.id}`;
  for (const [role, userId, other] of [["mentor", pair.mentor.userId, pair.mentee.displayName], ["mentee", pair.mentee.userId, pair.mentor.displayName]] as const) {
    const [recipient] = await queryRows<{ email: string; locale: string }>(tx, sql`select email, locale from users where id = ${userId} and deleted_at is null`);
    if (!recipient) continue;
    const locale = recipient.locale || "en";
    const t = translator(locale);
    const values = { other, url };
    await services.mailer.queue({ to: recipient.email, subject: t(`mentoring.mail.${role}.subject`, values), text: `${t(`mentoring.mail.${role}.body`, values)}\n\n${t("mentoring.mail.footer", values)}`, locale }, { db: tx });
  }
}
