import { and, eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { AppError } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import type { ConsultationForViewer } from "../queries";
import { consultations } from "../schema";
import { assertCanManage } from "./consultation-inputs";

/** A coordinator publishes a draft: participants see it from now on (its windows decide what is open). */
export async function publishConsultation(services: Services, loaded: ConsultationForViewer, ip: string | null = null): Promise<void> {
  assertCanManage(loaded.access);
  await services.db.transaction(async (tx) => {
    const changed = await tx
      .update(consultations)
      .set({ status: "published", updatedAt: services.clock.now() })
      .where(and(eq(consultations.id, loaded.consultation.id), eq(consultations.status, "draft")))
      .returning({ id: consultations.id });
    if (!changed.length) throw new AppError("conflict", "consultation.structure.error.already_published");
    await recordAudit(tx, { actorUserId: loaded.access.viewer?.id ?? null, action: "consultation.published", subjectType: "consultation", subjectId: loaded.consultation.id, spaceId: loaded.space.id, ip });
  });
}
