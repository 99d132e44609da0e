import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { resolveCards } from "../../../platform/content/sources";
import { BulkSender } from "../../../platform/mail/bulk-sender";
import type { MailMessage } from "../../../platform/mail/mailer";
import type { Services } from "../../../platform/services";
import { listMailFor } from "../audience/list-headers";
import type { Recipient } from "../tokens";
import { loadNewsletterContent } from "./queries";
import { blockReferences, renderNewsletterMail, type NewsletterContent } from "./render";
import { segmentSelect } from "./segments";
import type { Segment } from "./schema";

export const SEND_JOB = "newsletters.send";
export const RESUME_JOB = "newsletters.resume";
/** How long a sender's hold on a newsletter lasts without renewal; after that another process resumes it. */
export const LEASE_MS = 60_000;
/** How often the periodic job looks for due scheduled newsletters and stalled sends. */
export const RESUME_EVERY_MS = 60_000;
/** The most one job run sends before it re-enqueues itself (so other jobs get the worker in between). */
const MAX_BATCH = 500;
/** SMTP connections one sending newsletter uses at once. */
const CONNECTIONS = 8;

const PREFERENCES_MARK = "__convene_preferences__";
const UNSUBSCRIBE_MARK = "__convene_unsubscribe__";

/**
 * Starts sending: moves a draft or due scheduled newsletter to `sending`, materialises its recipients once into
 * `newsletter_deliveries` (one row per address; the segment is not resolved again, so people joining later do not
 * get it half-way), and queues the send job — all in one transaction. Answers false when it was not in a state to start.
 */
export async function startSending(services: Services, newsletterId: string, sentBy: string | null, fromStatuses: readonly ("draft" | "scheduled")[] = ["draft", "scheduled"]): Promise<boolean> {
  const now = services.clock.now();
  return services.db.transaction(async (tx) => {
    const [row] = await queryRows<{ space_id: string; segment: Partial<Segment> }>(tx, sql`
      update newsletters set status = 'sending', send_started_at = ${now}, sent_by = coalesce(${sentBy}::uuid, sent_by, created_by), updated_at = ${now}
      where id = ${newsletterId} and status = any(${`{${fromStatuses.join(",")}}`}::text[])
      returning space_id, segment`);
    if (!row) return false;
    await tx.execute(sql`
      insert into newsletter_deliveries (newsletter_id, email, locale, recipient_kind, recipient_id, display_name)
      select ${newsletterId}, email, locale, recipient_kind, recipient_id, display_name from (${segmentSelect(row.space_id, row.segment)}) recipients
      on conflict (newsletter_id, email) do nothing`);
    await tx.execute(sql`update newsletters set recipient_count = (select count(*) from newsletter_deliveries where newsletter_id = ${newsletterId}) where id = ${newsletterId}`);
    await services.jobs.enqueueUnlessActive(SEND_JOB, { newsletterId }, { db: tx, maxAttempts: 1000 });
    return true;
  });
}

/** Takes (or renews) the newsletter's lease for `owner`; false while another live sender holds it. */
async function takeLease(db: Database, newsletterId: string, owner: string, now: Date): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(db, sql`
    update newsletters set lease_owner = ${owner}, lease_until = ${new Date(now.getTime() + LEASE_MS)}
    where id = ${newsletterId} and status = 'sending' and (lease_owner is null or lease_owner = ${owner} or lease_until < ${now})
    returning id`);
  return rows.length > 0;
}

type PendingDelivery = { id: number | string; email: string; locale: string; recipient_kind: "user" | "subscriber"; recipient_id: string; suppressed: boolean };

/** One recipient's links, signed for the space and recipient (no login needed to unsubscribe or set preferences). */
/**
 * Sends the next batch of a `sending` newsletter under its lease, at most NEWSLETTER_RATE_PER_MINUTE, then queues
 * itself again — or marks the newsletter sent when nothing is pending. Each delivery is marked sent in the same
 * statement that checks the lease is still ours, before the message's end goes to the SMTP server (BulkSender), so
 * a recipient gets it at most once even if two processes ever raced; anyone suppressed or unsubscribed since the
 * send started is skipped.
 */
export async function sendNewsletterBatch(services: Services, newsletterId: string): Promise<void> {
  const { db, clock, config } = services;
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  if (!(await takeLease(db, newsletterId, owner, clock.now()))) return;
  const content = await loadNewsletterContent(db, newsletterId);
  if (!content) return;
  const publicUrl = config.publicUrl.replace(/\/$/, "");
  const cards = await resolveCards(db, blockReferences(content.blocks));
  const templates = new Map<string, ReturnType<typeof renderNewsletterMail>>();
  const template = (locale: string) => {
    let found = templates.get(locale);
    if (!found) {
      found = renderNewsletterMail(content, cards, locale, publicUrl, { preferencesUrl: PREFERENCES_MARK, unsubscribeUrl: UNSUBSCRIBE_MARK, webUrl: `${publicUrl}/spaces/${content.space.slug}/newsletters/${content.id}` });
      templates.set(locale, found);
    }
    return found;
  };
  const ratePerMinute = config.newsletterRatePerMinute;
  const batchSize = Math.max(1, Math.min(MAX_BATCH, Math.ceil(ratePerMinute / 3)));
  const pending = await queryRows<PendingDelivery>(db, sql`
    select d.id, d.email, d.locale, d.recipient_kind, d.recipient_id,
      (exists (select 1 from mail_suppressions s where s.email = d.email)
        or exists (select 1 from newsletter_subscribers x where x.space_id = ${content.spaceId} and (x.email = d.email or (d.recipient_kind = 'user' and x.user_id = d.recipient_id)) and (x.status = 'unsubscribed' or not x.newsletters))
        or (d.recipient_kind = 'user' and not exists (select 1 from users u where u.id = d.recipient_id and u.deleted_at is null))) as suppressed
    from newsletter_deliveries d
    where d.newsletter_id = ${newsletterId} and d.status = 'pending'
    order by d.id limit ${batchSize}`);

  const sender = new BulkSender({ smtpUrl: config.smtpUrl, from: config.mailFrom, connections: CONNECTIONS }, services.mailer);
  const startedAt = performance.now();
  let started = 0;
  let isLeaseLost = false;
  const queue = [...pending];
  /**
   * Marks a delivery in a statement that checks the lease is still ours, and only once that mark is committed lets
   * `finish` end the SMTP message (see BulkSender): a message goes out only after its own committed mark, and a
   * marked delivery is never taken up again, so nobody receives a newsletter twice, whatever kills the process
   * (the issue's "at most once"). The price: killed between the COMMIT and the terminator, the server discards the
   * unfinished message, and that recipient — at most one per connection — misses this issue. The delivery row alone
   * decides (only a pending row is marked, and its row lock makes a racing sender wait and then find it no longer
   * pending), so the newsletter's row is not locked per mail; its counts are recounted after each batch.
   */
  const mark = async (delivery: PendingDelivery, status: "sent" | "skipped", finish?: () => Promise<void>): Promise<boolean> => {
    const isMarked = await db.transaction(async (tx) => {
      const marked = await queryRows<{ id: string }>(tx, sql`
        update newsletter_deliveries set status = ${status}, sent_at = ${clock.now()}
        where id = ${delivery.id} and status = 'pending'
          and exists (select 1 from newsletters where id = ${newsletterId} and lease_owner = ${owner} and status = 'sending')
        returning newsletter_id as id`);
      return marked.length > 0;
    });
    // A failure to end the message is the send's outcome to report (recordFailure moves the mark to failed).
    if (isMarked && finish) await finish().catch(() => undefined);
    return isMarked;
  };
  // the lease is renewed while the batch runs; losing it stops the batch
  const renewal = setInterval(() => {
    void takeLease(db, newsletterId, owner, clock.now()).then((isHeld) => {
      if (!isHeld) isLeaseLost = true;
    }, () => undefined);
  }, LEASE_MS / 4);
  const worker = async () => {
    for (let delivery = queue.shift(); delivery && !isLeaseLost; delivery = queue.shift()) {
      if (delivery.suppressed) {
        if (!(await mark(delivery, "skipped"))) isLeaseLost = true;
        continue;
      }
      // pace the whole batch to the rate: the n-th message of the batch waits for its slot
      const slot = startedAt + (started++ * 60_000) / ratePerMinute;
      const wait = slot - performance.now();
      if (wait > 0) await new Promise((done) => setTimeout(done, wait));
      const recipient: Recipient = delivery.recipient_kind === "user" ? { kind: "user", userId: delivery.recipient_id } : { kind: "subscriber", subscriberId: delivery.recipient_id };
      const links = await listMailFor(db, publicUrl, { id: content.spaceId, slug: content.space.slug }, recipient);
      const mail = template(delivery.locale);
      const personal = (text: string) => text.replaceAll(PREFERENCES_MARK, links.preferencesUrl).replaceAll(UNSUBSCRIBE_MARK, links.unsubscribeUrl);
      const message: MailMessage = {
        to: delivery.email,
        subject: mail.subject,
        html: personal(mail.html),
        text: personal(mail.text),
        locale: delivery.locale,
        // bounces come back to the envelope sender and are read from the report itself (audience/bounces.ts)
        headers: links.headers,
      };
      let wasRecorded = false;
      const outcome = await sender.send(message, async (finish) => (wasRecorded = await mark(delivery, "sent", finish)));
      if (outcome.status === "abandoned") isLeaseLost = true;
      else if (outcome.status === "failed") await recordFailure(db, newsletterId, delivery, owner, wasRecorded, outcome.error, clock.now());
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONNECTIONS, Math.max(1, queue.length)) }, worker));
  } catch (error) {
    // e.g. the SMTP server is down: let the job's retry (or the periodic resume) take it up at once
    await db.execute(sql`update newsletters set lease_owner = null, lease_until = null where id = ${newsletterId} and lease_owner = ${owner}`);
    throw error;
  } finally {
    clearInterval(renewal);
    sender.close();
    await recount(db, newsletterId);
  }
  if (isLeaseLost) return;
  await finishOrContinue(services, newsletterId, owner);
}

/** The newsletter's counts from its deliveries (after each batch, so the pages show progress). */
async function recount(db: Database, newsletterId: string): Promise<void> {
  await db.execute(sql`
    update newsletters n set sent_count = c.sent, skipped_count = c.skipped, failed_count = c.failed
    from (select count(*) filter (where status = 'sent') as sent, count(*) filter (where status = 'skipped') as skipped, count(*) filter (where status = 'failed') as failed
          from newsletter_deliveries where newsletter_id = ${newsletterId}) c
    where n.id = ${newsletterId}`);
}

/**
 * A message the server refused: its delivery becomes failed — from pending (refused before the body), or from sent
 * (refused after its end went out), moving the count.
 */
async function recordFailure(db: Database, newsletterId: string, delivery: PendingDelivery, owner: string, wasRecorded: boolean, error: string, now: Date): Promise<void> {
  await db.execute(sql`
    update newsletter_deliveries set status = 'failed', error = ${error.slice(0, 500)}, sent_at = ${now}
    where id = ${delivery.id} and status = ${wasRecorded ? "sent" : "pending"}
      and exists (select 1 from newsletters n where n.id = ${newsletterId} and n.lease_owner = ${owner})`);
}

/** Marks the newsletter sent when nothing is pending, else releases the lease and queues the next batch. */
async function finishOrContinue(services: Services, newsletterId: string, owner: string): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    const [finished] = await queryRows<{ id: string }>(tx, sql`
      update newsletters set status = 'sent', sent_at = ${now}, updated_at = ${now}, lease_owner = null, lease_until = null
      where id = ${newsletterId} and lease_owner = ${owner} and status = 'sending'
        and not exists (select 1 from newsletter_deliveries where newsletter_id = ${newsletterId} and status = 'pending')
      returning id`);
    if (finished) return;
    const [released] = await queryRows<{ id: string }>(tx, sql`
      update newsletters set lease_owner = null, lease_until = null where id = ${newsletterId} and lease_owner = ${owner} and status = 'sending' returning id`);
    if (released) await services.jobs.enqueue(SEND_JOB, { newsletterId }, { db: tx, maxAttempts: 1000 });
  });
}

/**
 * The periodic job (and start-up): starts scheduled newsletters that are due, and queues a send job for every
 * sending newsletter nobody holds — its lease expired because its process died (the job queue would only notice
 * after ten minutes) or it has no lease and no job. The lease keeps a resumed send from running twice.
 */
export async function resumeNewsletters(services: Services): Promise<{ started: number; resumed: number }> {
  const now = services.clock.now();
  const due = await queryRows<{ id: string }>(services.db, sql`select id from newsletters where status = 'scheduled' and scheduled_at <= ${now} order by scheduled_at`);
  let started = 0;
  for (const row of due) if (await startSending(services, row.id, null, ["scheduled"])) started++;
  const stalled = await queryRows<{ id: string }>(services.db, sql`
    select id from newsletters where status = 'sending' and (lease_until is null or lease_until < ${now})`);
  let resumed = 0;
  for (const row of stalled) if ((await services.jobs.enqueueUnlessActive(SEND_JOB, { newsletterId: row.id }, { maxAttempts: 1000 })).isNew) resumed++;
  return { started, resumed };
}

/** Keeps the periodic job queued (idempotent; called at start and after each run). */
export async function scheduleResumeJob(services: Services): Promise<void> {
  await services.jobs.enqueueUnlessActive(RESUME_JOB, {}, { runAt: new Date(services.clock.now().getTime() + RESUME_EVERY_MS) });
}

export type { NewsletterContent };
