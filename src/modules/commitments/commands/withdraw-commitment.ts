import { eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { AppError } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { getCommitmentForViewer } from "../queries";
import { commitmentReviewEvents, commitments } from "../schema";
import type { CommitmentActor, CommitmentRef } from "./actor";
import { lockCommitment } from "./write-commitment-fields";

/** The owner withdraws a commitment at any stage; it leaves the public lists. Kept in the review trail and the audit log. */
export async function withdrawCommitment(services: Services, actor: CommitmentActor, ref: CommitmentRef, ip: string | null = null): Promise<{ id: string; number: number }> {
  const found = await getCommitmentForViewer(services.db, ref.space, ref.number, actor);
  if (!found.access.isOwner) throw new AppError("forbidden");
  return services.db.transaction(async (tx) => {
    const current = await lockCommitment(tx, found.commitment.id);
    if (current.status === "withdrawn") throw new AppError("conflict", "commitment.form.error.already_withdrawn");
    const now = services.clock.now();
    await tx.update(commitments).set({ status: "withdrawn", updatedAt: now }).where(eq(commitments.id, current.id));
    await tx.insert(commitmentReviewEvents).values({ commitmentId: current.id, actorUserId: actor.id, role: "author", action: "withdrawn", createdAt: now });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "commitment.withdrawn",
      subjectType: "commitment",
      subjectId: current.id,
      spaceId: current.spaceId,
      details: { number: current.number, from: current.status },
      ip,
    });
    return { id: current.id, number: current.number };
  });
}
