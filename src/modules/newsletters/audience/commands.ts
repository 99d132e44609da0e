import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { DAY_MS } from "../../../platform/clock";
import { hashToken, randomToken } from "../../../platform/crypto";
import { localizedString, type LocalizedText } from "../../../platform/i18n/localized";
import { isLocale, FALLBACK_LOCALE } from "../../../platform/i18n/locales";
import { translator } from "../../../platform/i18n/messages";
import type { Services } from "../../../platform/services";
import { users } from "../../../platform/schema";
import { newsletterDigestDeliveries, newsletterSubscribers, type DigestFrequency, type SubscriberSource } from "../schema";
import { preferencesPath, recipientToken, type Recipient } from "../tokens";
import { isSuppressed, normalizeAddress } from "./suppression";

/** A confirmation link works this long. */
export const CONFIRM_VALID_MS = 7 * DAY_MS;
/** At most one confirmation (or "already subscribed") mail per address and space in this time. */
export const CONFIRM_RESEND_AFTER_MS = 15 * 60_000;
export const CONFIRM_PREFIX = "/newsletters/confirm/";

/** What a space's newsletters need to know about the space. */
export type AudienceSpace = { id: string; slug: string; title: LocalizedText };

/** What a recipient receives from a space. */
export type Preferences = { newsletters: boolean; digest: DigestFrequency; locale: string };

export type SubscribeInput = { email: string; locale: string; country: string | null; actorType: string | null; source: Extract<SubscriberSource, "form" | "api"> };

const absolute = (services: Services, path: string): string => `${services.config.publicUrl}${path}`;

function mailLocale(locale: string): string {
  return isLocale(locale) ? locale : FALLBACK_LOCALE;
}

/**
 * Starts (or restarts) the double opt-in of an address without an account. Whatever the address's state —
 * new, waiting for confirmation, already subscribed, suppressed — the caller answers the same, so the form
 * reveals nothing about who is subscribed: a new or pending address gets a confirmation link, an active one a
 * note with its preferences link, a suppressed one nothing. One mail per address and space per quarter hour.
 */
export async function subscribeAddress(services: Services, space: AudienceSpace, input: SubscribeInput): Promise<void> {
  const email = normalizeAddress(input.email);
  const locale = mailLocale(input.locale);
  if (await isSuppressed(services.db, email)) return;
  await services.db.transaction(async (tx) => {
    const now = services.clock.now();
    // Lock the (space, address) pair so two posts at once make one row and one mail.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`newsletter-subscribe:${space.id}:${email}`}))`);
    const [row] = await tx
      .select()
      .from(newsletterSubscribers)
      .where(and(eq(newsletterSubscribers.spaceId, space.id), eq(newsletterSubscribers.email, email)))
      .limit(1);
    if (row?.confirmSentAt && now.getTime() - row.confirmSentAt.getTime() < CONFIRM_RESEND_AFTER_MS) return;
    const t = translator(locale);
    const title = localizedString(space.title, locale);
    if (row?.status === "active") {
      await tx.update(newsletterSubscribers).set({ confirmSentAt: now, updatedAt: now }).where(eq(newsletterSubscribers.id, row.id));
      const link = absolute(services, preferencesPath(await recipientToken(tx, space.id, { kind: "subscriber", subscriberId: row.id })));
      await services.mailer.queue({ to: email, locale: row.locale, subject: translator(mailLocale(row.locale))("newsletters.audience.mail.already.subject", { space: localizedString(space.title, row.locale) }), text: translator(mailLocale(row.locale))("newsletters.audience.mail.already.body", { space: localizedString(space.title, row.locale), link }) }, { db: tx });
      return;
    }
    const token = randomToken(24);
    const facts = { locale, country: input.country, actorType: input.actorType, confirmTokenHash: hashToken(token), confirmSentAt: now, updatedAt: now };
    if (row) await tx.update(newsletterSubscribers).set({ ...facts, status: "pending" }).where(eq(newsletterSubscribers.id, row.id));
    else await tx.insert(newsletterSubscribers).values({ ...facts, spaceId: space.id, email, status: "pending", source: input.source, createdAt: now });
    const link = absolute(services, `${CONFIRM_PREFIX}${token}`);
    await services.mailer.queue({ to: email, locale, subject: t("newsletters.audience.mail.confirm.subject", { space: title }), text: t("newsletters.audience.mail.confirm.body", { space: title, link, days: CONFIRM_VALID_MS / DAY_MS }) }, { db: tx });
  });
}

/** The pending subscription a confirmation link names, while the link is valid; null otherwise. */
export async function findPendingByConfirmToken(services: Services, token: string): Promise<{ id: string; spaceId: string; email: string } | null> {
  if (!/^[A-Za-z0-9_-]{16,100}$/.test(token)) return null;
  const [row] = await services.db
    .select({ id: newsletterSubscribers.id, spaceId: newsletterSubscribers.spaceId, email: newsletterSubscribers.email, status: newsletterSubscribers.status, sentAt: newsletterSubscribers.confirmSentAt })
    .from(newsletterSubscribers)
    .where(eq(newsletterSubscribers.confirmTokenHash, hashToken(token)))
    .limit(1);
  if (!row || row.status !== "pending" || !row.sentAt || !row.email) return null;
  if (services.clock.now().getTime() - row.sentAt.getTime() > CONFIRM_VALID_MS) return null;
  return { id: row.id, spaceId: row.spaceId, email: row.email };
}

/** Confirms a subscription (the second step of double opt-in); answers its recipient, or null for a dead link. */
export async function confirmSubscription(services: Services, token: string): Promise<{ spaceId: string; recipient: Recipient } | null> {
  const pending = await findPendingByConfirmToken(services, token);
  if (!pending) return null;
  const now = services.clock.now();
  const updated = await services.db
    .update(newsletterSubscribers)
    .set({ status: "active", confirmedAt: now, confirmTokenHash: null, unsubscribedAt: null, updatedAt: now })
    .where(and(eq(newsletterSubscribers.id, pending.id), eq(newsletterSubscribers.status, "pending")))
    .returning({ id: newsletterSubscribers.id });
  return updated.length ? { spaceId: pending.spaceId, recipient: { kind: "subscriber", subscriberId: pending.id } } : null;
}

/** A recipient's current choices for a space; null when the token names no one (a deleted account or row). */
export async function recipientPreferences(db: Database, spaceId: string, recipient: Recipient): Promise<(Preferences & { email: string; status: "pending" | "active" | "unsubscribed" | "default" }) | null> {
  if (recipient.kind === "subscriber") {
    const [row] = await db
      .select()
      .from(newsletterSubscribers)
      .where(and(eq(newsletterSubscribers.id, recipient.subscriberId), eq(newsletterSubscribers.spaceId, spaceId)))
      .limit(1);
    // A subscription never confirmed has no preferences: its links were never sent.
    if (!row?.email || !row.confirmedAt) return null;
    return { email: row.email, status: row.status, newsletters: row.newsletters, digest: row.digest, locale: row.locale };
  }
  const [user] = await db.select({ email: users.email, locale: users.locale, deletedAt: users.deletedAt }).from(users).where(eq(users.id, recipient.userId)).limit(1);
  if (!user || user.deletedAt) return null;
  const [row] = await db
    .select()
    .from(newsletterSubscribers)
    .where(and(eq(newsletterSubscribers.spaceId, spaceId), eq(newsletterSubscribers.userId, recipient.userId)))
    .limit(1);
  // A member reached through a segment has no row: they get the newsletters, no digest, in their language.
  if (!row) return { email: user.email, status: "default", newsletters: true, digest: "none", locale: user.locale };
  return { email: user.email, status: row.status, newsletters: row.newsletters, digest: row.digest, locale: row.locale };
}

/** Upserts an account holder's row for a space (the partial unique index on space and user is the target). */
async function upsertUserRow(db: Database, now: Date, spaceId: string, userId: string, values: { status: "active" | "unsubscribed" } & Partial<Preferences>): Promise<void> {
  const locale = values.locale ?? null;
  const newsletters = values.newsletters ?? null;
  const digest = values.digest ?? null;
  const unsubscribedAt = values.status === "unsubscribed" ? now : null;
  await db.execute(sql`
    insert into newsletter_subscribers (space_id, user_id, status, newsletters, digest, locale, source, confirmed_at, unsubscribed_at, created_at, updated_at)
    values (${spaceId}, ${userId}, ${values.status}, coalesce(${newsletters}::boolean, true), coalesce(${digest}::text, 'none'),
      coalesce(${locale}::text, (select locale from users where id = ${userId}), 'en'), 'account', ${now}, ${unsubscribedAt}, ${now}, ${now})
    on conflict (space_id, user_id) where user_id is not null do update set
      status = excluded.status,
      newsletters = coalesce(${newsletters}::boolean, newsletter_subscribers.newsletters),
      digest = coalesce(${digest}::text, newsletter_subscribers.digest),
      locale = coalesce(${locale}::text, newsletter_subscribers.locale),
      unsubscribed_at = excluded.unsubscribed_at,
      updated_at = excluded.updated_at`);
}

/** An account holder follows a space (or changes what they receive from it). */
export async function followSpace(services: Services, userId: string, spaceId: string, preferences: Preferences): Promise<void> {
  await upsertUserRow(services.db, services.clock.now(), spaceId, userId, { status: "active", ...preferences });
}

/**
 * Saves what a recipient wants from a space (the preferences page). Choosing neither newsletters nor a digest
 * is leaving. A subscriber without an account who had left comes back only because their address was confirmed.
 */
export async function savePreferences(services: Services, spaceId: string, recipient: Recipient, preferences: Preferences): Promise<void> {
  const isLeaving = !preferences.newsletters && preferences.digest === "none";
  const now = services.clock.now();
  if (recipient.kind === "user") {
    await upsertUserRow(services.db, now, spaceId, recipient.userId, { status: isLeaving ? "unsubscribed" : "active", ...preferences });
    return;
  }
  await services.db
    .update(newsletterSubscribers)
    .set({ ...preferences, status: isLeaving ? "unsubscribed" : "active", unsubscribedAt: isLeaving ? now : null, updatedAt: now })
    .where(and(eq(newsletterSubscribers.id, recipient.subscriberId), eq(newsletterSubscribers.spaceId, spaceId), sql`${newsletterSubscribers.confirmedAt} is not null`));
}

/**
 * Unsubscribes a recipient from everything a space sends. A member reached through a segment has no row yet:
 * one is created with status "unsubscribed", which every segment excludes. Doing it twice changes nothing.
 */
export async function unsubscribeRecipient(services: Services, spaceId: string, recipient: Recipient): Promise<void> {
  const now = services.clock.now();
  if (recipient.kind === "user") {
    await upsertUserRow(services.db, now, spaceId, recipient.userId, { status: "unsubscribed" });
    return;
  }
  await services.db
    .update(newsletterSubscribers)
    .set({ status: "unsubscribed", unsubscribedAt: now, confirmTokenHash: null, updatedAt: now })
    .where(and(eq(newsletterSubscribers.id, recipient.subscriberId), eq(newsletterSubscribers.spaceId, spaceId), sql`${newsletterSubscribers.status} <> 'unsubscribed'`));
}

export type Follow = { spaceId: string; slug: string; title: LocalizedText; status: string; newsletters: boolean; digest: DigestFrequency; locale: string };

/** The spaces an account holder follows or left (the account's newsletters page), by space slug. */
export async function followsOf(db: Database, userId: string): Promise<Follow[]> {
  return queryRows<Follow>(db, sql`
    select s.id as "spaceId", s.slug, s.title, n.status, n.newsletters, n.digest, n.locale
    from newsletter_subscribers n join spaces s on s.id = n.space_id
    where n.user_id = ${userId}
    order by s.slug`);
}

/** A person's subscriptions for "export my data": their follows, and rows under their address without an account. */
export async function exportSubscriptions(db: Database, userId: string): Promise<unknown> {
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    select s.slug as space, n.status, n.newsletters, n.digest, n.locale, n.country, n.actor_type, n.source, n.created_at, n.confirmed_at, n.unsubscribed_at,
      case when n.user_id is null then n.email end as email
    from newsletter_subscribers n join spaces s on s.id = n.space_id
    where n.user_id = ${userId} or n.email = (select lower(email) from users where id = ${userId})
    order by s.slug`);
  const digests = await db
    .select({ period: newsletterDigestDeliveries.period, itemCount: newsletterDigestDeliveries.itemCount, sentAt: newsletterDigestDeliveries.sentAt })
    .from(newsletterDigestDeliveries)
    .where(eq(newsletterDigestDeliveries.recipient, `user:${userId}`));
  return { subscriptions: rows, digestsReceived: digests };
}

/** Account deletion: the follows go, and so does any subscription under the address the account had. */
export async function eraseSubscriptions(db: Database, userId: string): Promise<void> {
  await db.execute(sql`
    delete from newsletter_digest_deliveries where recipient = ${`user:${userId}`}
      or recipient in (select 'subscriber:' || id::text from newsletter_subscribers where email = (select lower(email) from users where id = ${userId}))`);
  await db.execute(sql`delete from newsletter_subscribers where user_id = ${userId} or email = (select lower(email) from users where id = ${userId})`);
}
