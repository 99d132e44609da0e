import { eq } from "drizzle-orm";
import { recordAudit } from "../../../../platform/audit/record";
import { AppError, forbidden, notFound } from "../../../../platform/errors";
import { isLocale } from "../../../../platform/i18n/locales";
import { localizedString } from "../../../../platform/i18n/localized";
import { translator } from "../../../../platform/i18n/messages";
import { users } from "../../../../platform/schema";
import type { Services } from "../../../../platform/services";
import { isCoordinator, type Viewer } from "../../../spaces/permissions";
import { findSpaceById, spaceRolesOf } from "../../../spaces/queries";
import { parseReviewDecision, parseReviewReason, type ReviewDecision } from "../inputs";
import { knowledgePractices, type PracticeStatus } from "../schema";


const OUTCOME: Record<ReviewDecision, Exclude<PracticeStatus, "submitted">> = { publish: "published", return: "returned", reject: "rejected" };

/** Coordinators of the practice's space and platform admins review practices. */
export async function canReviewPractices(services: Services, viewer: Viewer, spaceId: string): Promise<boolean> {
  if (!viewer) return false;
  return viewer.isPlatformAdmin || isCoordinator(await spaceRolesOf(services.db, spaceId, viewer.id));
}

/** The absolute address of a practice's page, for mail and exports. */
export function practiceUrl(publicUrl: string, spaceSlug: string, practiceId: string): string {
  return `${publicUrl.replace(/\/$/, "")}/spaces/${encodeURIComponent(spaceSlug)}/knowledge/practices/${practiceId}`;
}

/**
 * A coordinator decides on a submitted practice: publish it (everyone who sees the space sees it from now on),
 * return it with a reason (the submitter changes it and submits again) or reject it with a reason. The submitter
 * is told by mail in their own language, queued in the same transaction. Deciding twice is a 409.
 */
export async function reviewPractice(
  services: Services,
  actor: { id: string; isPlatformAdmin: boolean },
  practiceId: string,
  input: { decision: unknown; reason?: unknown; ip?: string | null },
): Promise<{ status: PracticeStatus }> {
  const [practice] = await services.db.select().from(knowledgePractices).where(eq(knowledgePractices.id, practiceId)).limit(1);
  if (!practice) throw notFound();
  if (!(await canReviewPractices(services, actor, practice.spaceId))) throw forbidden();
  const decision = parseReviewDecision(input.decision);
  // Publishing needs no reason; returning and rejecting always tell the submitter why.
  const reason = decision === "publish" ? "" : parseReviewReason(input.reason);
  const status = OUTCOME[decision];
  const space = await findSpaceById(services.db, practice.spaceId);
  if (!space) throw notFound();
  await services.db.transaction(async (tx) => {
    const [locked] = await tx.select({ status: knowledgePractices.status }).from(knowledgePractices).where(eq(knowledgePractices.id, practiceId)).for("update");
    if (locked?.status !== "submitted") throw new AppError("conflict", "knowledge.practice.error.not_in_review");
    const now = services.clock.now();
    await tx
      .update(knowledgePractices)
      .set({ status, reviewReason: reason, reviewedAt: now, reviewedBy: actor.id, updatedAt: now, ...(status === "published" ? { publishedAt: now } : {}) })
      .where(eq(knowledgePractices.id, practiceId));
    await recordAudit(tx, { actorUserId: actor.id, action: `practice.${status}`, subjectType: "knowledge_practice", subjectId: practiceId, spaceId: practice.spaceId, details: reason ? { reason } : {}, ip: input.ip ?? null });
    const [submitter] = practice.submittedBy
      ? await tx.select({ email: users.email, locale: users.locale, deletedAt: users.deletedAt }).from(users).where(eq(users.id, practice.submittedBy)).limit(1)
      : [];
    if (submitter && !submitter.deletedAt) {
      const locale = isLocale(submitter.locale) ? submitter.locale : "en";
      const t = translator(locale);
      const values = { title: localizedString(practice.title, locale), space: localizedString(space.title, locale), reason, url: practiceUrl(services.config.publicUrl, space.slug, practiceId) };
      await services.mailer.queue({ to: submitter.email, subject: t(`knowledge.practice.mail.${status}.subject`, values), text: t(`knowledge.practice.mail.${status}.body`, values), locale }, { db: tx });
    }
  });
  return { status };
}
