import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { recordAudit } from "../../../platform/audit/record";
import { AppError, forbidden } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { isReviewStaff } from "../permissions-review";
import { authorContacts, type ReviewCommitment } from "../queries-review";
import { lockCommitmentFor, type ReviewActor } from "../review-context";
import { commitmentUrl, queueCommitmentMail } from "../review-mail";
import { commitmentReviewEvents, commitments } from "../schema";

/** Marks a locked commitment published, with its review event, audit row and mail to the author (shared with the window job). */
export async function writePublication(
  services: Services,
  tx: Database,
  input: { commitment: ReviewCommitment; spaceSlug: string; actorUserId: string | null; role: "coordinator" | "system"; comment?: string; ip?: string | null },
): Promise<void> {
  const { commitment } = input;
  const now = services.clock.now();
  await tx.update(commitments).set({ status: "published", publishedAt: now, reviewDeadline: null, updatedAt: now }).where(eq(commitments.id, commitment.id));
  await tx.insert(commitmentReviewEvents).values({ commitmentId: commitment.id, actorUserId: input.actorUserId, role: input.role, action: "published", comment: input.comment ?? "", createdAt: now });
  await recordAudit(tx, {
    actorUserId: input.actorUserId,
    action: "commitment.published",
    subjectType: "commitment",
    subjectId: commitment.id,
    spaceId: commitment.spaceId,
    details: { number: commitment.number, by: input.role },
    ip: input.ip,
  });
  await queueCommitmentMail(services, tx, await authorContacts(tx, commitment), { kind: "published", spaceId: commitment.spaceId, title: commitment.title, values: { url: commitmentUrl(services, input.spaceSlug, commitment.number) } });
}

/** A coordinator publishes a commitment that is submitted or under review, without waiting for the window. */
export async function publishCommitment(services: Services, actor: ReviewActor, commitmentId: string, options: { comment?: string; ip?: string | null } = {}): Promise<void> {
  await services.db.transaction(async (tx) => {
    const { commitment, space, roles } = await lockCommitmentFor(tx, commitmentId, actor);
    if (!isReviewStaff(actor, roles)) throw forbidden();
    if (commitment.status !== "submitted" && commitment.status !== "under_review") throw new AppError("conflict", "commitment.review.error.not_in_review");
    await writePublication(services, tx, { commitment, spaceSlug: space.slug, actorUserId: actor.id, role: "coordinator", comment: options.comment?.trim().slice(0, 4000), ip: options.ip });
  });
}
