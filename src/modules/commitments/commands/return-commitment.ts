import { eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { AppError, forbidden, validationFailed } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { isReviewStaff, canReturnAsCoordinator, canReturnAsFocalPoint, coveredFocalCountries } from "../permissions-review";
import { authorContacts } from "../queries-review";
import { lockCommitmentFor, type ReviewActor } from "../review-context";
import { commitmentUrl, queueCommitmentMail } from "../review-mail";
import { commitmentReviewEvents, commitments } from "../schema";

export const RETURN_COMMENT_MAX = 4000;

/**
 * Sends a commitment back to its author with a comment: the coordinator while it is submitted or under
 * review, a focal point of a covered country only while the review window is open. The author edits and
 * submits it again.
 */
export async function returnCommitment(services: Services, actor: ReviewActor, commitmentId: string, input: { comment: string; ip?: string | null }): Promise<void> {
  const comment = input.comment.trim();
  if (!comment) throw validationFailed({ comment: { key: "validation.required" } });
  if (comment.length > RETURN_COMMENT_MAX) throw validationFailed({ comment: { key: "validation.too_long", values: { max: RETURN_COMMENT_MAX } } });
  await services.db.transaction(async (tx) => {
    const { commitment, space, roles, subject } = await lockCommitmentFor(tx, commitmentId, actor);
    const now = services.clock.now();
    const isCoordinator = canReturnAsCoordinator(actor, roles, subject);
    const focalCountries = coveredFocalCountries(roles, commitment.countries);
    if (!isCoordinator && !canReturnAsFocalPoint(roles, subject, now)) {
      if (isReviewStaff(actor, roles)) throw new AppError("conflict", "commitment.review.error.not_in_review");
      // A focal point of a covered country who comes before the window opens or after it closed is told so.
      if (focalCountries.length && (commitment.status === "submitted" || commitment.status === "under_review")) throw new AppError("conflict", "commitment.review.error.window_closed");
      throw forbidden();
    }
    const role = isCoordinator ? "coordinator" : "focal_point";
    const country = isCoordinator ? "" : focalCountries[0];
    await tx
      .update(commitments)
      .set({ status: "returned", returnedAt: now, returnComment: comment, reviewDeadline: null, updatedAt: now })
      .where(eq(commitments.id, commitmentId));
    await tx.insert(commitmentReviewEvents).values({ commitmentId, actorUserId: actor.id, role, country, action: "returned", comment, createdAt: now });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "commitment.returned",
      subjectType: "commitment",
      subjectId: commitmentId,
      spaceId: space.id,
      details: { number: commitment.number, role, countries: isCoordinator ? [] : focalCountries },
      ip: input.ip,
    });
    await queueCommitmentMail(services, tx, await authorContacts(tx, commitment), {
      kind: "returned",
      spaceId: space.id,
      title: commitment.title,
      values: { url: commitmentUrl(services, space.slug, commitment.number), comment },
    });
  });
}
