import { eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { AppError, fieldErrorsFromZod, validationFailed } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { CommitmentUpdateBody } from "../inputs";
import { getCommitmentForViewer } from "../queries";
import { changedFields, snapshotOf } from "../revisions";
import { commitmentRevisions, commitments } from "../schema";
import type { CommitmentActor, CommitmentRef } from "./actor";
import { lockCommitment, writeCommitmentFields } from "./write-commitment-fields";

/**
 * Saves a change to a commitment the actor may edit: a draft or returned one freely; a published one
 * keeps the previous state as a revision (with the names of the fields that changed), public in its
 * history. `draftStep` records the form step the author reached. Returns what changed.
 */
export async function updateCommitment(
  services: Services,
  actor: CommitmentActor,
  ref: CommitmentRef,
  input: CommitmentUpdateBody | Record<string, unknown>,
  options: { draftStep?: number; ip?: string | null } = {},
): Promise<{ id: string; number: number; revision: number; changedFields: string[] }> {
  const found = await getCommitmentForViewer(services.db, ref.space, ref.number, actor);
  if (!found.access.canEdit) throw new AppError(found.access.isOwner ? "conflict" : "forbidden", found.access.isOwner ? "commitment.form.error.not_editable" : "error.forbidden");
  const parsed = CommitmentUpdateBody.safeParse(input);
  if (!parsed.success) throw validationFailed(fieldErrorsFromZod(parsed.error));
  return services.db.transaction(async (tx) => {
    const current = await lockCommitment(tx, found.commitment.id);
    const isPublished = current.status === "published";
    const before = isPublished ? await snapshotOf(tx, current) : null;
    const now = services.clock.now();
    await writeCommitmentFields(tx, current, parsed.data, now, options.draftStep);
    if (!before) return { id: current.id, number: current.number, revision: current.revision, changedFields: [] };
    const [updated] = await tx.select().from(commitments).where(eq(commitments.id, current.id));
    const changed = changedFields(before, await snapshotOf(tx, updated));
    if (!changed.length) return { id: current.id, number: current.number, revision: current.revision, changedFields: [] };
    const revision = current.revision + 1;
    await tx.insert(commitmentRevisions).values({ commitmentId: current.id, revision, changedFields: changed, snapshot: before, editedBy: actor.id, createdAt: now });
    await tx.update(commitments).set({ revision }).where(eq(commitments.id, current.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "commitment.revised",
      subjectType: "commitment",
      subjectId: current.id,
      spaceId: current.spaceId,
      details: { number: current.number, revision, changedFields: changed },
      ip: options.ip ?? null,
    });
    return { id: current.id, number: current.number, revision, changedFields: changed };
  });
}
