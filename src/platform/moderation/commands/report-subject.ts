import { and, count, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { notFound, validationFailed, type FieldErrors } from "../../errors";
import { translator } from "../../i18n/messages";
import { isLocale } from "../../i18n/locales";
import { users } from "../../schema";
import type { Services } from "../../services";
import { moderationLog, moderationReports, REPORT_REASONS, type ReportReason } from "../schema";
import { moderationSettingsOf } from "../settings";
import { moderationSubject, type ModerationSubject } from "../subjects";

export const REPORT_NOTE_MAX = 1000;

export type ReportInput = { subjectType: string; subjectId: string; reason: string; note: string };
export type ReportOutcome = { isDuplicate: boolean; isAutoHidden: boolean };

/** The registered subject type, or a 404 (an unknown type cannot be a page anyone saw). */
export function subjectTypeOrNotFound(type: string): ModerationSubject {
  const subject = moderationSubject(type);
  if (!subject) throw notFound();
  return subject;
}

/** The number of different people with an open report on the subject. */
export async function openReportCount(db: Database, subjectType: string, subjectId: string): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(moderationReports)
    .where(and(eq(moderationReports.subjectType, subjectType), eq(moderationReports.subjectId, subjectId), isNull(moderationReports.resolvedAt)));
  return Number(row?.value ?? 0);
}

/**
 * A person reports a subject they can see (the caller checked that) with a reason from REPORT_REASONS.
 * One open report per person per subject: a second one is not stored and does not count again. Once the
 * subject has `auto_hide_threshold` open reports (the space's setting) a published subject is hidden, with
 * a reason its author sees, and the log records `auto_hidden`; its reports stay open for a moderator.
 */
export async function reportSubject(services: Services, reporter: { id: string }, input: ReportInput): Promise<ReportOutcome> {
  const subject = subjectTypeOrNotFound(input.subjectType);
  const fields: FieldErrors = {};
  if (!(REPORT_REASONS as readonly string[]).includes(input.reason)) fields.reason = { key: input.reason ? "validation.invalid_choice" : "validation.required" };
  const note = input.note.trim();
  if (note.length > REPORT_NOTE_MAX) fields.note = { key: "validation.too_long", values: { max: REPORT_NOTE_MAX } };
  if (Object.keys(fields).length) throw validationFailed(fields);
  const now = services.clock.now();
  return services.db.transaction(async (tx) => {
    // Reports on one subject take turns, so two reports arriving together cannot both hide it (or neither).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${input.subjectType}:${input.subjectId}`}))`);
    const [summary] = await subject.describe(tx, [input.subjectId]);
    if (!summary || summary.status === "deleted") throw notFound();
    const inserted = await tx
      .insert(moderationReports)
      .values({ spaceId: summary.spaceId, subjectType: subject.type, subjectId: summary.id, reporterId: reporter.id, reason: input.reason as ReportReason, note, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: moderationReports.id });
    if (!inserted.length) return { isDuplicate: true, isAutoHidden: false };
    const open = await openReportCount(tx, subject.type, summary.id);
    await subject.setReportCount?.(tx, summary.id, open);
    const settings = await moderationSettingsOf(tx, summary.spaceId);
    if (summary.status !== "published" || open < settings.autoHideThreshold) return { isDuplicate: false, isAutoHidden: false };
    const [author] = summary.authorId ? await tx.select({ locale: users.locale }).from(users).where(eq(users.id, summary.authorId)).limit(1) : [];
    const reason = translator(author && isLocale(author.locale) ? author.locale : "en")("moderation.auto_hidden_reason");
    await subject.setStatus(tx, summary.id, "hidden", reason, now);
    await tx.insert(moderationLog).values({
      spaceId: summary.spaceId,
      subjectType: subject.type,
      subjectId: summary.id,
      subjectUserId: summary.authorId,
      action: "auto_hidden",
      reason: `reports: ${open}`,
      actorId: null,
      createdAt: now,
    });
    return { isDuplicate: false, isAutoHidden: true };
  });
}
