import { sql } from "drizzle-orm";
import type { Database } from "../../../../db/client";
import { queryRows } from "../../../../db/sql";
import { localizedString, type LocalizedText } from "../../../../platform/i18n/localized";
import { isLocale } from "../../../../platform/i18n/locales";
import { translator } from "../../../../platform/i18n/messages";
import type { Services } from "../../../../platform/services";

/**
 * Queues a mail to whoever reviews a suggestion — the space's coordinators, or the platform admins for a
 * platform-wide one — each in their own language, inside the caller's transaction (nothing is sent if it rolls back).
 */
export async function queueSuggestionMail(services: Services, tx: Database, input: { spaceId: string | null; title: LocalizedText; reviewUrl: string }): Promise<void> {
  const recipients = await queryRows<{ email: string; locale: string }>(
    tx,
    input.spaceId
      ? sql`select distinct u.email, u.locale from space_members m join users u on u.id = m.user_id where m.space_id = ${input.spaceId} and m.role = 'coordinator' and u.email_verified_at is not null`
      : sql`select u.email, u.locale from users u where u.is_platform_admin and u.email_verified_at is not null`,
  );
  for (const recipient of recipients) {
    const locale = isLocale(recipient.locale) ? recipient.locale : "en";
    const t = translator(locale);
    const values = { title: localizedString(input.title, locale), url: input.reviewUrl };
    await services.mailer.queue({ to: recipient.email, subject: t("resource.mail.suggested.subject", values), text: t("resource.mail.suggested.body", values), locale }, { db: tx });
  }
}
