import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { DAY_MS } from "../../platform/clock";
import type { Database } from "../../db/client";
import type { JobHandler } from "../../platform/jobs/queue";
import { translator } from "../../platform/i18n/messages";
import type { NotificationSettings } from "../../platform/schema";
import type { Services } from "../../platform/services";
import { FINDINGS_JOB, suggestFindings } from "./commands/suggest-findings";
import { emailFrequency, isStillShowable, notificationDetails, notificationValues, NOTIFY_JOB, type NotificationDetail } from "./notifications";

/** The recurring job that gathers unsent notifications into daily and weekly digests. */
export const DIGEST_JOB = "consultations.digest";
const HOUR_MS = 3_600_000;
/** How often the digest job looks for due digests. Each person still gets at most one per period. */
const DIGEST_EVERY_MS = HOUR_MS;

/**
 * Makes sure the digest job has its next run queued (one pending job of its kind). Idempotent: routes call it
 * when the app is ready (with the job worker on), and the handler after each run to keep the chain going.
 */
export async function scheduleConsultationJobs(services: Services): Promise<void> {
  await services.jobs.enqueueUnlessActive(DIGEST_JOB, {}, { runAt: new Date(services.clock.now().getTime() + DIGEST_EVERY_MS) });
}

/** Start of the UTC day of `now`. */
export function startOfDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** Start of the UTC week (Monday 00:00) of `now`. */
export function startOfWeek(now: Date): Date {
  const day = startOfDay(now);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS);
}

/**
 * Claims notifications for sending: marks them sent and returns the ids this caller won. Claiming by update
 * means the at-once job and the digest, or two workers, never mail the same row twice.
 */
async function claim(tx: Database, condition: ReturnType<typeof sql>, now: Date): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(tx, sql`update consultation_notifications set sent_at = ${now} where sent_at is null and ${condition} returning id`);
  return rows.map((row) => row.id);
}

/** Mails one notification at once, unless its recipient has since switched to a digest or off. */
export async function sendNotification(services: Services, notificationId: string): Promise<void> {
  const [owner] = await queryRows<{ notification_settings: NotificationSettings | null }>(services.db, sql`
    select u.notification_settings from consultation_notifications n join users u on u.id = n.user_id
    where n.id = ${notificationId} and n.sent_at is null and u.deleted_at is null`);
  if (!owner) return;
  const frequency = emailFrequency(owner.notification_settings);
  // Switched to a digest since: the digest picks the row up.
  if (frequency === "daily" || frequency === "weekly") return;
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    const won = await claim(tx, sql`id = ${notificationId}`, now);
    if (!won.length || frequency === "off") return;
    const [detail] = await notificationDetails(tx, won);
    if (!detail || !isStillShowable(detail)) return;
    const t = translator(detail.locale);
    const values = notificationValues(services.config.publicUrl, detail);
    await services.mailer.queue(
      {
        to: detail.email,
        subject: t(`consultation.participation.mail.${detail.kind}.subject`, values),
        text: `${t(`consultation.participation.mail.${detail.kind}.body`, values)}\n\n${t("consultation.participation.mail.footer", values)}`,
        locale: detail.locale,
      },
      { db: tx },
    );
  });
}

function digestText(services: Services, details: NotificationDetail[], period: "daily" | "weekly"): { subject: string; text: string } {
  const first = details[0]!;
  const t = translator(first.locale);
  const lines = details.map((detail) => {
    const values = notificationValues(services.config.publicUrl, detail);
    return `- ${t(`consultation.participation.digest.line.${detail.kind}`, values)}\n  ${values.url}`;
  });
  const values = { count: details.length, settingsUrl: notificationValues(services.config.publicUrl, first).settingsUrl };
  return {
    subject: t(`consultation.participation.digest.${period}.subject`, values),
    text: `${t(`consultation.participation.digest.${period}.intro`, values)}\n\n${lines.join("\n\n")}\n\n${t("consultation.participation.mail.footer", values)}`,
  };
}

/**
 * Sends due digests: one mail per person per period with everything not yet sent. "daily" gathers what came
 * before today (UTC), "weekly" what came before this week's Monday (UTC); running it again in the same period
 * finds nothing new to send, so the hourly job is idempotent. Rows of people who chose "off" are closed without
 * mail; rows of "immediately" people older than a day (their job was lost) go out as a daily digest.
 * Returns how many digests were queued.
 */
export async function sendDigests(services: Services): Promise<number> {
  const now = services.clock.now();
  const people = await queryRows<{ user_id: string; notification_settings: NotificationSettings | null }>(services.db, sql`
    select distinct n.user_id, u.notification_settings
    from consultation_notifications n join users u on u.id = n.user_id
    where n.sent_at is null and u.deleted_at is null`);
  let sent = 0;
  for (const person of people) {
    const frequency = emailFrequency(person.notification_settings);
    const cutoff = frequency === "weekly" ? startOfWeek(now) : frequency === "daily" ? startOfDay(now) : frequency === "off" ? now : new Date(now.getTime() - DAY_MS);
    const isSent = await services.db.transaction(async (tx) => {
      const won = await claim(tx, sql`user_id = ${person.user_id} and created_at < ${cutoff}`, now);
      if (!won.length || frequency === "off") return false;
      const details = (await notificationDetails(tx, won)).filter(isStillShowable);
      if (!details.length) return false;
      const { subject, text } = digestText(services, details, frequency === "weekly" ? "weekly" : "daily");
      await services.mailer.queue({ to: details[0]!.email, subject, text, locale: details[0]!.locale }, { db: tx });
      return true;
    });
    if (isSent) sent += 1;
  }
  return sent;
}

/** Background jobs of consultations: at-once notification mails, the daily/weekly digests, recurring findings. */
export function consultationJobs(services: Services): Record<string, JobHandler> {
  return {
    [FINDINGS_JOB]: async (payload) => {
      if (typeof payload.consultationId !== "string" || typeof payload.spaceId !== "string") return;
      await suggestFindings(services, typeof payload.actorId === "string" ? payload.actorId : null, { consultationId: payload.consultationId, spaceId: payload.spaceId });
    },
    [NOTIFY_JOB]: async (payload) => {
      if (typeof payload.notificationId === "string") await sendNotification(services, payload.notificationId);
    },
    [DIGEST_JOB]: async () => {
      await sendDigests(services);
      await scheduleConsultationJobs(services);
    },
  };
}
