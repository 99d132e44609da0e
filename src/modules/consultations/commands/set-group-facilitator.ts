import { and, eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { validationFailed } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { spaceRolesOf } from "../../spaces/queries";
import type { ConsultationForViewer } from "../queries";
import { findGroup } from "../queries-structure";
import { consultationGroupFacilitators } from "../schema";
import { assertCanManage } from "./consultation-inputs";

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** A coordinator names a facilitator for a group; only people holding a role in the space can be named. */
export async function addGroupFacilitator(services: Services, loaded: ConsultationForViewer, groupNumber: number, userId: string, ip: string | null = null): Promise<void> {
  assertCanManage(loaded.access);
  if (!isUuid(userId) || (await spaceRolesOf(services.db, loaded.space.id, userId)).length === 0) throw validationFailed({ userId: { key: "consultation.structure.error.not_in_space" } });
  await services.db.transaction(async (tx) => {
    const group = await findGroup(tx, loaded.consultation.id, groupNumber);
    const added = await tx.insert(consultationGroupFacilitators).values({ groupId: group.id, userId, createdAt: services.clock.now() }).onConflictDoNothing().returning({ userId: consultationGroupFacilitators.userId });
    if (!added.length) return;
    await recordAudit(tx, { actorUserId: loaded.access.viewer?.id ?? null, action: "consultation.facilitator_added", subjectType: "consultation_group", subjectId: group.id, spaceId: loaded.space.id, details: { userId, group: groupNumber }, ip });
  });
}

export async function removeGroupFacilitator(services: Services, loaded: ConsultationForViewer, groupNumber: number, userId: string, ip: string | null = null): Promise<void> {
  assertCanManage(loaded.access);
  // Anything but an id names nobody: there is nothing to remove (and the database would refuse it as a uuid).
  if (!isUuid(userId)) return;
  await services.db.transaction(async (tx) => {
    const group = await findGroup(tx, loaded.consultation.id, groupNumber);
    const removed = await tx
      .delete(consultationGroupFacilitators)
      .where(and(eq(consultationGroupFacilitators.groupId, group.id), eq(consultationGroupFacilitators.userId, userId)))
      .returning({ userId: consultationGroupFacilitators.userId });
    if (!removed.length) return;
    await recordAudit(tx, { actorUserId: loaded.access.viewer?.id ?? null, action: "consultation.facilitator_removed", subjectType: "consultation_group", subjectId: group.id, spaceId: loaded.space.id, details: { userId, group: groupNumber }, ip });
  });
}
