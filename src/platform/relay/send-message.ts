import { and, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { recordAudit } from "../audit/record";
import { AppError } from "../errors";
import type { CurrentUser } from "../http/context";
import { isLocale, type Locale } from "../i18n/locales";
import { translator } from "../i18n/messages";
import { screenText } from "../moderation/screening";
import { users } from "../schema";
import type { Services } from "../services";
import type { RelayTarget } from "./kinds";

/** Messages one signed-in sender may relay per rolling hour; anonymous senders count per IP address. */
export const RELAY_MESSAGES_PER_HOUR = 5;
export const RELAY_AUDIT_ACTION = "relay.message_sent";

const HOUR_MS = 60 * 60 * 1000;
const singleLine = (max: number) => z.string().trim().min(1).max(max).refine((value) => !/[\r\n]/.test(value), "validation.invalid_value");

export const RelayMessageBody = z.object({
  name: singleLine(120),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  subject: singleLine(150),
  message: z.string().trim().min(10).max(5000),
  consent: z.literal("yes", { message: "validation.relay_consent" }),
});
export type RelayMessageBody = z.infer<typeof RelayMessageBody>;

type Recipient = { email: string; locale: Locale };

/** The recipients' addresses and languages; people whose account is gone are skipped. Never leaves the server. */
async function recipientAddresses(db: Database, target: RelayTarget): Promise<Recipient[]> {
  const userIds = target.recipients.flatMap((recipient) => ("userId" in recipient ? [recipient.userId] : []));
  const rows = userIds.length
    ? await db.select({ email: users.email, locale: users.locale }).from(users).where(and(inArray(users.id, userIds), isNull(users.deletedAt)))
    : [];
  const all = [
    ...rows.map((row) => ({ email: row.email, locale: isLocale(row.locale) ? row.locale : "en" })),
    ...target.recipients.flatMap((recipient) => ("email" in recipient ? [recipient] : [])),
  ];
  const seen = new Set<string>();
  return all.filter((recipient) => {
    const key = recipient.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Refuses a sender over the hourly limit with a translated 429 saying when they can write again. A signed-in
 * sender counts per account (people behind one conference network share an address), an anonymous one per IP.
 * The audit log is the record: database time on both sides, so several app processes agree.
 */
async function checkRateLimit(db: Database, sender: { userId: string | null; ip: string }): Promise<void> {
  const who = sender.userId ? sql`actor_user_id = ${sender.userId}` : sql`actor_user_id is null and ip = ${sender.ip}`;
  const rows = await queryRows<{ created_at: Date | string; now: Date | string }>(
    db,
    sql`select created_at, now() as now from audit_log
      where action = ${RELAY_AUDIT_ACTION} and created_at > now() - interval '1 hour' and ${who}
      order by created_at desc limit ${RELAY_MESSAGES_PER_HOUR}`,
  );
  if (rows.length < RELAY_MESSAGES_PER_HOUR) return;
  const oldest = new Date(rows[rows.length - 1]!.created_at).getTime();
  const minutes = Math.max(1, Math.ceil((oldest + HOUR_MS - new Date(rows[0]!.now).getTime()) / 60_000));
  const values = { limit: RELAY_MESSAGES_PER_HOUR, minutes };
  throw new AppError("rate_limited", "relay.error.rate_limited", { _: { key: "relay.error.rate_limited", values } }, values);
}

/**
 * Relays one message by mail to the target's recipients, each in their own language, with Reply-To set to the
 * sender so the recipient answers them directly. Nothing is stored but an audit entry without the message or
 * the addresses. Abusive language (the moderation screening) is refused rather than passed on.
 */
export async function sendRelayMessage(
  services: Services,
  input: { kind: string; id: string; target: RelayTarget; body: RelayMessageBody; viewer: CurrentUser | null; ip: string },
): Promise<void> {
  const { target, body } = input;
  if (!target.canContact(input.viewer)) throw new AppError("forbidden");
  const screening = screenText(`${body.subject}\n${body.message}`);
  if (screening.isFlagged) throw new AppError("validation_failed", "relay.error.screened", { message: { key: "relay.error.screened" } });
  await services.db.transaction(async (tx) => {
    await checkRateLimit(tx, { userId: input.viewer?.id ?? null, ip: input.ip });
    const recipients = await recipientAddresses(tx, target);
    if (!recipients.length) throw new AppError("not_found");
    for (const recipient of recipients) {
      const t = translator(recipient.locale);
      const values = { name: body.name, email: body.email, label: target.label, subject: body.subject, message: body.message, site: services.config.publicUrl };
      await services.mailer.queue(
        {
          to: recipient.email,
          subject: t("relay.mail.subject", values),
          text: t("relay.mail.body", values),
          locale: recipient.locale,
          // The sender's name is free text: quoted by the mailer, and no line breaks reach the header (validated above).
          replyTo: `"${body.name.replace(/["\\]/g, "")}" <${body.email}>`,
        },
        { db: tx },
      );
    }
    // The audit says who wrote to what and when — never the message, the subject or anyone's address.
    await recordAudit(tx, {
      actorUserId: input.viewer?.id ?? null,
      action: RELAY_AUDIT_ACTION,
      subjectType: input.kind,
      subjectId: input.id,
      spaceId: target.spaceId ?? null,
      details: { recipients: recipients.length },
      ip: input.ip,
    });
  });
}
