import { eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { AppError } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import type { ConsultationForViewer } from "../queries";
import { consultations } from "../schema";
import { assertCanManage } from "./consultation-inputs";

/**
 * A coordinator archives a consultation (everything in it reads "archived" and takes no more posts) or
 * brings it back; the contributions stay readable either way.
 */
export async function setConsultationArchived(services: Services, loaded: ConsultationForViewer, isArchived: boolean, ip: string | null = null): Promise<void> {
  assertCanManage(loaded.access);
  if (Boolean(loaded.consultation.archivedAt) === isArchived) throw new AppError("conflict", isArchived ? "consultation.structure.error.already_archived" : "consultation.structure.error.not_archived");
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    await tx.update(consultations).set({ archivedAt: isArchived ? now : null, updatedAt: now }).where(eq(consultations.id, loaded.consultation.id));
    await recordAudit(tx, {
      actorUserId: loaded.access.viewer?.id ?? null,
      action: isArchived ? "consultation.archived" : "consultation.unarchived",
      subjectType: "consultation",
      subjectId: loaded.consultation.id,
      spaceId: loaded.space.id,
      ip,
    });
  });
}
