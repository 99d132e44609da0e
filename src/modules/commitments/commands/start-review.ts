import { recordAudit } from "../../../platform/audit/record";
import { AppError, forbidden } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { REVIEW_WINDOWS_JOB } from "./expire-review-windows";
import { isReviewStaff } from "../permissions-review";
import { commitmentSettingsOf } from "../queries";
import { authorContacts, autoPublishCountries, focalPointRecipients } from "../queries-review";
import { lockCommitmentFor, type ReviewActor } from "../review-context";
import { commitmentUrl, queueCommitmentMail } from "../review-mail";
import { commitmentReviewEvents, commitments } from "../schema";
import { eq } from "drizzle-orm";

export type StartReviewResult = { status: "under_review" | "published"; reviewDeadline: Date | null };

/**
 * A coordinator takes a submitted commitment into review. The focal points of every country it covers get
 * a window (the space's review_window_days) to return it; when the window ends unreturned a job publishes it.
 * When every covered country auto-publishes, or it covers no country, it is published at once.
 */
export async function startReview(services: Services, actor: ReviewActor, commitmentId: string, options: { ip?: string | null } = {}): Promise<StartReviewResult> {
  return services.db.transaction(async (tx) => {
    const { commitment, space, roles } = await lockCommitmentFor(tx, commitmentId, actor);
    if (!isReviewStaff(actor, roles)) throw forbidden();
    if (commitment.status !== "submitted") throw new AppError("conflict", "commitment.review.error.not_submitted");
    const now = services.clock.now();
    const autoCountries = await autoPublishCountries(tx, space.id);
    const windowCountries = commitment.countries.filter((country) => !autoCountries.has(country));
    const url = commitmentUrl(services, space.slug, commitment.number);
    const author = await authorContacts(tx, commitment);
    await tx.insert(commitmentReviewEvents).values({ commitmentId, actorUserId: actor.id, role: "coordinator", action: "review_started", createdAt: now });
    if (!windowCountries.length) {
      await tx.update(commitments).set({ status: "published", publishedAt: now, reviewDeadline: null, updatedAt: now }).where(eq(commitments.id, commitmentId));
      await tx.insert(commitmentReviewEvents).values({ commitmentId, actorUserId: null, role: "system", action: "auto_published", createdAt: now });
      await recordAudit(tx, { actorUserId: actor.id, action: "commitment.auto_published", subjectType: "commitment", subjectId: commitmentId, spaceId: space.id, details: { number: commitment.number, countries: commitment.countries }, ip: options.ip });
      await queueCommitmentMail(services, tx, author, { kind: "published", spaceId: space.id, title: commitment.title, values: { url } });
      return { status: "published", reviewDeadline: null };
    }
    const { reviewWindowDays } = await commitmentSettingsOf(tx, space.id);
    const reviewDeadline = new Date(now.getTime() + reviewWindowDays * 86_400_000);
    await tx.update(commitments).set({ status: "under_review", reviewDeadline, updatedAt: now }).where(eq(commitments.id, commitmentId));
    for (const country of windowCountries) {
      await tx.insert(commitmentReviewEvents).values({ commitmentId, actorUserId: actor.id, role: "coordinator", country, action: "window_opened", createdAt: now });
    }
    // The sweep also runs hourly; this job makes publication happen right at the deadline.
    await services.jobs.enqueue(REVIEW_WINDOWS_JOB, { commitmentId }, { runAt: reviewDeadline, db: tx });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "commitment.review_started",
      subjectType: "commitment",
      subjectId: commitmentId,
      spaceId: space.id,
      details: { number: commitment.number, reviewDeadline: reviewDeadline.toISOString(), countries: windowCountries },
      ip: options.ip,
    });
    await queueCommitmentMail(services, tx, author, { kind: "review_started", spaceId: space.id, title: commitment.title, deadline: reviewDeadline, values: { url } });
    const reviewUrl = commitmentUrl(services, space.slug, commitment.number, "/review");
    await queueCommitmentMail(services, tx, await focalPointRecipients(tx, space.id, windowCountries), { kind: "window_opened", spaceId: space.id, title: commitment.title, deadline: reviewDeadline, values: { url: reviewUrl } });
    return { status: "under_review", reviewDeadline };
  });
}
