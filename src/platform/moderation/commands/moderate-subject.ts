import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { conflict, notFound, validationFailed } from "../../errors";
import { translator } from "../../i18n/messages";
import { isLocale } from "../../i18n/locales";
import { users } from "../../schema";
import type { Services } from "../../services";
import { moderationLog, moderationReports, type ModerationAction } from "../schema";
import type { SubjectStatus, SubjectSummary } from "../subjects";
import { openReportCount, subjectTypeOrNotFound } from "./report-subject";

export const MODERATION_REASON_MAX = 1000;

/** A moderator's decision on a subject: hide it, restore a hidden one, approve a held one, or dismiss its reports. */
export type ModerationDecision = "hide" | "restore" | "approve" | "dismiss_reports";

export type ModerateInput = {
  /** The space the caller checked the actor may moderate; a subject elsewhere is a 404. */
  spaceId: string;
  subjectType: string;
  subjectId: string;
  decision: ModerationDecision;
  /** Shown to the author (required to hide). */
  reason: string;
};

// Which states each decision applies to, what it leads to, what the log calls it and how open reports end.
const RULES: Record<ModerationDecision, { from: readonly SubjectStatus[]; to: "published" | "hidden" | null; action: ModerationAction; resolution: "upheld" | "dismissed" }> = {
  hide: { from: ["published", "held"], to: "hidden", action: "hidden", resolution: "upheld" },
  restore: { from: ["hidden"], to: "published", action: "restored", resolution: "dismissed" },
  approve: { from: ["held"], to: "published", action: "approved", resolution: "dismissed" },
  dismiss_reports: { from: ["published", "held", "hidden"], to: null, action: "report_dismissed", resolution: "dismissed" },
};

/**
 * Carries out a moderator's decision (the caller checked the actor moderates `spaceId`): changes the subject's
 * state with the reason its author is shown, closes its open reports (upheld when hidden, dismissed otherwise),
 * logs the decision and mails the author in their language. A decision that does not fit the subject's
 * current state (restoring a published post) is a 409.
 */
export async function moderateSubject(services: Services, actor: { id: string }, input: ModerateInput): Promise<SubjectSummary> {
  const subject = subjectTypeOrNotFound(input.subjectType);
  const rule = RULES[input.decision];
  const reason = input.reason.trim();
  if (input.decision === "hide" && !reason) throw validationFailed({ reason: { key: "validation.required" } });
  if (reason.length > MODERATION_REASON_MAX) throw validationFailed({ reason: { key: "validation.too_long", values: { max: MODERATION_REASON_MAX } } });
  const now = services.clock.now();
  return services.db.transaction(async (tx) => {
    const [summary] = await subject.describe(tx, [input.subjectId]);
    if (!summary || summary.spaceId !== input.spaceId || summary.status === "deleted") throw notFound();
    if (!rule.from.includes(summary.status)) throw conflict(`moderation.error.conflict_${summary.status}`);
    if (rule.to) await subject.setStatus(tx, summary.id, rule.to, reason, now);
    await tx
      .update(moderationReports)
      .set({ resolvedAt: now, resolvedBy: actor.id, resolution: rule.resolution })
      .where(and(eq(moderationReports.subjectType, subject.type), eq(moderationReports.subjectId, summary.id), isNull(moderationReports.resolvedAt)));
    await subject.setReportCount?.(tx, summary.id, await openReportCount(tx, subject.type, summary.id));
    await tx.insert(moderationLog).values({
      spaceId: summary.spaceId,
      subjectType: subject.type,
      subjectId: summary.id,
      subjectUserId: summary.authorId,
      action: rule.action,
      reason,
      actorId: actor.id,
      createdAt: now,
    });
    if (rule.to && summary.authorId && summary.authorId !== actor.id) await mailAuthor(services, tx, summary, input.decision, reason);
    return { ...summary, status: rule.to ?? summary.status, reason: rule.to ? reason : summary.reason };
  });
}

/** Tells the author what happened to their post, in their language, inside the decision's transaction. */
async function mailAuthor(services: Services, tx: Database, summary: SubjectSummary, decision: ModerationDecision, reason: string): Promise<void> {
  const [author] = await tx.select({ email: users.email, locale: users.locale, deletedAt: users.deletedAt }).from(users).where(eq(users.id, summary.authorId ?? "")).limit(1);
  if (!author || author.deletedAt) return;
  const locale = isLocale(author.locale) ? author.locale : "en";
  const t = translator(locale);
  const values = { url: `${services.config.publicUrl.replace(/\/$/, "")}${summary.url}`, reason: reason || t("moderation.mail.no_reason"), excerpt: summary.excerpt };
  await services.mailer.queue({ to: author.email, subject: t(`moderation.mail.${decision}.subject`, values), text: t(`moderation.mail.${decision}.body`, values), locale }, { db: tx });
}
