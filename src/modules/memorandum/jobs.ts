import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { isLocale, FALLBACK_LOCALE } from "../../platform/i18n/locales";
import { localizedString, type LocalizedText } from "../../platform/i18n/localized";
import { translator } from "../../platform/i18n/messages";
import type { JobHandler } from "../../platform/jobs/queue";
import type { Services } from "../../platform/services";
import { listMembers, organisationNames } from "../organisations/queries";
import { findSpaceById } from "../spaces/queries";
import { canSignFor } from "./permissions";

/** Queued when a version after the first is published: `{ spaceId, version }`. */
export const INVITE_RESIGN_JOB = "memorandum.invite_resign";

/**
 * Mails the admins of every organisation whose standing signature is of an earlier version, each in their own
 * language, inviting them to re-sign. Each organisation is marked (invited_version) in the same transaction as its
 * mails are queued, so a second run of the job — delivery is at least once — mails nobody twice.
 */
export async function inviteToResign(services: Services, payload: Record<string, unknown>): Promise<void> {
  const spaceId = String(payload.spaceId ?? "");
  const version = Number(payload.version);
  const space = await findSpaceById(services.db, spaceId);
  if (!space || !Number.isSafeInteger(version)) return;
  const pending = await queryRows<{ organisation_id: string; version: number }>(
    services.db,
    sql`select organisation_id, version from memorandum_signatures
      where space_id = ${spaceId} and status = 'signed' and version < ${version} and coalesce(invited_version, 0) < ${version}`,
  );
  const names = await organisationNames(services.db, pending.map((row) => row.organisation_id));
  const base = services.config.publicUrl.replace(/\/$/, "");
  for (const row of pending) {
    const admins = (await listMembers(services.db, row.organisation_id)).filter((member) => canSignFor(member.role));
    await services.db.transaction(async (tx) => {
      const [claimed] = await queryRows<{ organisation_id: string }>(
        tx,
        sql`update memorandum_signatures set invited_version = ${version}
          where space_id = ${spaceId} and organisation_id = ${row.organisation_id} and status = 'signed' and version < ${version} and coalesce(invited_version, 0) < ${version}
          returning organisation_id`,
      );
      if (!claimed) return;
      for (const admin of admins) {
        const locale = isLocale(admin.locale) ? admin.locale : FALLBACK_LOCALE;
        const t = translator(locale);
        const values = {
          space: localizedString(space.title as LocalizedText, locale),
          organisation: localizedString(names.get(row.organisation_id)?.name, locale),
          signed: Number(row.version),
          version,
          url: `${base}/spaces/${space.slug}/memorandum`,
          changes: `${base}/spaces/${space.slug}/memorandum/versions/${version}/changes`,
        };
        await services.mailer.queue({ to: admin.email, subject: t("memorandum.mail.resign.subject", values), text: t("memorandum.mail.resign.body", values), locale }, { db: tx });
      }
    });
  }
}

export function memorandumJobs(services: Services): Record<string, JobHandler> {
  return { [INVITE_RESIGN_JOB]: (payload) => inviteToResign(services, payload) };
}
