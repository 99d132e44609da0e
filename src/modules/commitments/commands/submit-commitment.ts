import { eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { AppError, validationFailed } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { submissionErrors } from "../form-criteria";
import { getCommitmentForViewer, indicatorsOf } from "../queries";
import { commitmentReviewEvents, commitments } from "../schema";
import type { CommitmentActor, CommitmentRef } from "./actor";
import { lockCommitment } from "./write-commitment-fields";

/**
 * The owner sends a draft or returned commitment for review. Refused (422, field errors) while the title
 * is missing or a criterion of the space fails; otherwise it becomes "submitted" with a review-trail
 * entry and an audit entry, in one transaction.
 */
export async function submitCommitment(
  services: Services,
  actor: CommitmentActor,
  ref: CommitmentRef,
  ip: string | null = null,
): Promise<{ id: string; number: number; status: "submitted" }> {
  const found = await getCommitmentForViewer(services.db, ref.space, ref.number, actor);
  if (!found.access.isOwner) throw new AppError("forbidden");
  return services.db.transaction(async (tx) => {
    const current = await lockCommitment(tx, found.commitment.id);
    if (current.status !== "draft" && current.status !== "returned") throw new AppError("conflict", "commitment.form.error.not_submittable");
    const errors = submissionErrors({ commitment: current, indicators: await indicatorsOf(tx, current.id), settings: found.settings });
    if (Object.keys(errors).length) throw validationFailed(errors);
    const now = services.clock.now();
    await tx.update(commitments).set({ status: "submitted", submittedAt: now, updatedAt: now }).where(eq(commitments.id, current.id));
    await tx.insert(commitmentReviewEvents).values({ commitmentId: current.id, actorUserId: actor.id, role: "author", action: "submitted", createdAt: now });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "commitment.submitted",
      subjectType: "commitment",
      subjectId: current.id,
      spaceId: current.spaceId,
      details: { number: current.number, from: current.status },
      ip,
    });
    return { id: current.id, number: current.number, status: "submitted" as const };
  });
}
