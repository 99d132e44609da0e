import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { contentSources } from "../../../platform/content/sources";
import { FALLBACK_LOCALE, isLocale } from "../../../platform/i18n/locales";
import type { LocalizedText } from "../../../platform/i18n/localized";
import type { Services } from "../../../platform/services";
import { DIGEST_FREQUENCIES } from "../schema";
import type { Recipient } from "../tokens";
import { listMailFor } from "../audience/list-headers";
import { suppressedAmong } from "../audience/suppression";
import { lastDigestPeriod, type DigestPeriod } from "./period";
import { renderDigest, type DigestSection } from "./render";

/** At most this many items per kind in one digest (the rest is on the space's pages). */
export const DIGEST_ITEMS_PER_KIND = 10;

type DigestSpace = { id: string; slug: string; title: LocalizedText };
type DigestRecipient = { recipient: Recipient; key: string; email: string; locale: string };

/** Active followers and confirmed subscribers of a space who chose this frequency, with the address to use. */
async function digestRecipients(services: Services, spaceId: string, period: DigestPeriod): Promise<DigestRecipient[]> {
  const rows = await queryRows<{ id: string; user_id: string | null; email: string; locale: string }>(services.db, sql`
    select n.id, n.user_id, coalesce(n.email, lower(u.email)) as email, n.locale
    from newsletter_subscribers n left join users u on u.id = n.user_id
    where n.space_id = ${spaceId} and n.status = 'active' and n.digest = ${period.frequency}
      and (n.user_id is null or (u.deleted_at is null and u.email is not null))
    order by n.id`);
  const suppressed = await suppressedAmong(services.db, rows.map((row) => row.email));
  return rows
    .filter((row) => !suppressed.has(row.email.toLowerCase()))
    .map((row) => {
      const recipient: Recipient = row.user_id ? { kind: "user", userId: row.user_id } : { kind: "subscriber", subscriberId: row.id };
      return { recipient, key: row.user_id ? `user:${row.user_id}` : `subscriber:${row.id}`, email: row.email, locale: isLocale(row.locale) ? row.locale : FALLBACK_LOCALE };
    });
}

/** What happened in the space during the period, by kind, from every registered content source. */
export async function digestSections(services: Services, spaceId: string, period: DigestPeriod): Promise<DigestSection[]> {
  const sections: DigestSection[] = [];
  for (const source of contentSources()) {
    const cards = await source.recent(services.db, spaceId, { since: period.since, until: period.until }, DIGEST_ITEMS_PER_KIND);
    if (cards.length) sections.push({ labelKey: source.labelKey, cards });
  }
  return sections;
}

/**
 * Sends one space's digest for one period: nothing when nothing happened or nobody asked for it. Each recipient's
 * delivery row is inserted in the transaction that queues their mail (`on conflict do nothing`), so a second run
 * — a retried job, another worker — sends nobody the same period twice. Answers how many mails were queued.
 */
export async function sendSpaceDigest(services: Services, space: DigestSpace, period: DigestPeriod): Promise<number> {
  const recipients = await digestRecipients(services, space.id, period);
  if (!recipients.length) return 0;
  const sections = await digestSections(services, space.id, period);
  const itemCount = sections.reduce((total, section) => total + section.cards.length, 0);
  if (!itemCount) return 0;
  let queued = 0;
  for (const recipient of recipients) {
    await services.db.transaction(async (tx) => {
      const inserted = await queryRows<{ recipient: string }>(tx, sql`
        insert into newsletter_digest_deliveries (space_id, period, recipient, item_count, sent_at)
        values (${space.id}, ${period.key}, ${recipient.key}, ${itemCount}, ${services.clock.now()})
        on conflict do nothing returning recipient`);
      if (!inserted.length) return;
      const list = await listMailFor(tx, services.config.publicUrl, space, recipient.recipient);
      const mail = renderDigest({ locale: recipient.locale, publicUrl: services.config.publicUrl, spaceTitle: space.title, spacePath: `/spaces/${space.slug}`, period, sections, preferencesUrl: list.preferencesUrl, unsubscribeUrl: list.unsubscribeUrl });
      await services.mailer.queue({ to: recipient.email, locale: recipient.locale, subject: mail.subject, text: mail.text, html: mail.html, headers: list.headers }, { db: tx });
      queued++;
    });
  }
  return queued;
}

/** Every space with news on, every frequency: the digest of the last finished period (the periodic job). */
export async function sendDigests(services: Services): Promise<number> {
  const spaces = await queryRows<DigestSpace>(services.db, sql`
    select id, slug, title from spaces where archived_at is null and 'news' = any(enabled_modules) order by slug`);
  let queued = 0;
  for (const space of spaces) {
    for (const frequency of DIGEST_FREQUENCIES) {
      if (frequency === "none") continue;
      queued += await sendSpaceDigest(services, space, lastDigestPeriod(frequency, services.clock.now()));
    }
  }
  return queued;
}
