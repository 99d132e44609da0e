import type { Database } from "../../db/client";
import { notFound } from "../../platform/errors";
import type { SpaceRoleGrant, Viewer } from "../spaces/permissions";
import { findSpaceById, spaceRolesOf, type Space } from "../spaces/queries";
import { canSeeCommitment, type ReviewSubject } from "./permissions-review";
import { findReviewCommitment, isCommitmentOwner, reviewSubject, type ReviewCommitment } from "./queries-review";

/** A person acting on a commitment: signed in (session or token); platform admins act as coordinators. */
export type ReviewActor = NonNullable<Viewer>;

export type LockedCommitment = { commitment: ReviewCommitment; space: Space; roles: SpaceRoleGrant[]; subject: ReviewSubject };

/**
 * Inside a transaction: the commitment locked for update, its space, and the actor's roles there.
 * Someone who may not see the commitment gets a 404, exactly as if it did not exist.
 */
export async function lockCommitmentFor(tx: Database, commitmentId: string, actor: ReviewActor): Promise<LockedCommitment> {
  const commitment = await findReviewCommitment(tx, commitmentId, { isLocked: true });
  if (!commitment) throw notFound();
  const space = await findSpaceById(tx, commitment.spaceId);
  if (!space) throw notFound();
  const roles = await spaceRolesOf(tx, space.id, actor.id);
  const subject = reviewSubject(commitment, await isCommitmentOwner(tx, commitment, actor.id));
  if (space.visibility !== "public" && !actor.isPlatformAdmin && !roles.length) throw notFound();
  if (!canSeeCommitment(actor, roles, subject)) throw notFound();
  return { commitment, space, roles, subject };
}
