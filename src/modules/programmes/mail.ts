import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { localizedString, type LocalizedText } from "../../platform/i18n/localized";
import { translator } from "../../platform/i18n/messages";
import type { Services } from "../../platform/services";
import { certificatePath, completionCertificateCode } from "./certificate";

// Mail to applicants, each in the recipient's own language (users.locale), queued inside the caller's transaction
// (job queue + platform mail), so a decision and its mail commit together.

export const APPLICATION_MAIL_KINDS = ["confirmed", "waitlisted", "offered", "declined", "expired", "completed"] as const;
export type ApplicationMailKind = (typeof APPLICATION_MAIL_KINDS)[number];

/** Queues the mail of one decision about an application to its applicant. */
export async function mailApplicant(services: Services, tx: Database, applicationId: string, kind: ApplicationMailKind, offerExpiresAt: Date | null = null): Promise<void> {
  const [row] = await queryRows<{ email: string; locale: string; display_name: string; title: LocalizedText; name: LocalizedText; space_slug: string; programme_slug: string; cohort_id: string }>(
    tx,
    sql`select u.email, u.locale, u.display_name, p.title, c.name, s.slug as space_slug, p.slug as programme_slug, c.id as cohort_id
      from programme_applications a join users u on u.id = a.user_id join programme_programmes p on p.id = a.programme_id
      join programme_cohorts c on c.id = a.cohort_id join spaces s on s.id = p.space_id
      where a.id = ${applicationId} and u.deleted_at is null`,
  );
  if (!row) return;
  const locale = row.locale || "en";
  const t = translator(locale);
  const publicUrl = services.config.publicUrl.replace(/\/$/, "");
  const link = kind === "completed"
    ? `${publicUrl}${certificatePath(await completionCertificateCode(tx, applicationId))}`
    : `${publicUrl}/spaces/${row.space_slug}/programmes/${row.programme_slug}/cohorts/${row.cohort_id}`;
  const until = offerExpiresAt ? new Intl.DateTimeFormat(locale === "ru" ? "ru-RU" : "en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(offerExpiresAt) + " UTC" : "";
  const values = { name: row.display_name, programme: localizedString(row.title, locale), cohort: localizedString(row.name, locale), link, until, account: `${publicUrl}/account/programmes` };
  await services.mailer.queue({ to: row.email, subject: t(`programmes.mail.${kind}.subject`, values), text: t(`programmes.mail.${kind}.body`, values), locale }, { db: tx });
}
