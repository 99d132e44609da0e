import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import type { Services } from "../../platform/services";
import { addMember } from "../organisations/factories";
import { addSpaceRole } from "../spaces/factories";
import { buildUser, type BuiltUser } from "../../testing/factories";
import { buildCommitment, type BuiltCommitment } from "./factories";

/** Everyone a review test needs around one commitment covering Kazakhstan (by default). */
export type ReviewScene = {
  commitment: BuiltCommitment;
  owner: BuiltUser;
  orgMember: BuiltUser;
  coordinator: BuiltUser;
  focalPoint: BuiltUser;
  otherFocalPoint: BuiltUser;
  stranger: BuiltUser;
};

/**
 * A commitment (status `submitted` unless told) by an organisation whose admin writes in Russian, with a
 * plain member, a coordinator of the space, a Russian-speaking focal point of Kazakhstan, a focal point of
 * France and a signed-in stranger.
 */
export async function buildReviewScene(services: Services, overrides: Parameters<typeof buildCommitment>[1] = {}): Promise<ReviewScene> {
  const owner = await buildUser(services, { locale: "ru" });
  const commitment = await buildCommitment(services, { status: "submitted", ownerUserId: owner.id, ...overrides });
  const orgMember = await buildUser(services);
  if (commitment.organisationId) await addMember(services, commitment.organisationId, orgMember.id, "member");
  const coordinator = await buildUser(services);
  await addSpaceRole(services, commitment.spaceId, coordinator.id, "coordinator");
  const focalPoint = await buildUser(services, { locale: "ru" });
  await addSpaceRole(services, commitment.spaceId, focalPoint.id, "focal_point", "KZ");
  const otherFocalPoint = await buildUser(services);
  await addSpaceRole(services, commitment.spaceId, otherFocalPoint.id, "focal_point", "FR");
  const stranger = await buildUser(services);
  return { commitment, owner, orgMember, coordinator, focalPoint, otherFocalPoint, stranger };
}

export type QueuedMail = { to: string; subject: string; text: string; locale: string };

/** Mail waiting on the job queue (not yet sent), oldest first. */
export async function queuedMails(services: Services): Promise<QueuedMail[]> {
  const rows = await queryRows<{ payload: QueuedMail }>(services.db, sql`select payload from jobs where kind = 'mail.send' and status = 'pending' order by id`);
  return rows.map((row) => row.payload);
}

/** Audit rows about one subject, oldest first. */
export async function auditRowsOf(services: Services, subjectId: string): Promise<{ action: string; actor_user_id: string | null; space_id: string | null; details: Record<string, unknown> }[]> {
  return queryRows(services.db, sql`select action, actor_user_id, space_id, details from audit_log where subject_id = ${subjectId} order by created_at, id`);
}
