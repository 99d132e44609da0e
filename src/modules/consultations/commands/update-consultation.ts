import { eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import type { Services } from "../../../platform/services";
import type { ConsultationForViewer } from "../queries";
import { consultations } from "../schema";
import { assertCanManage, ConsultationSettingsInput, parseInput, windowFromDays } from "./consultation-inputs";

/** A coordinator changes a consultation's title, description, visibility, window, edit window and reply depth. */
export async function updateConsultation(services: Services, loaded: ConsultationForViewer, input: Record<string, unknown>, ip: string | null = null): Promise<void> {
  assertCanManage(loaded.access);
  const settings = parseInput(ConsultationSettingsInput, input);
  const window = windowFromDays(settings.opensOn, settings.closesOn);
  await services.db.transaction(async (tx) => {
    await tx
      .update(consultations)
      .set({
        title: settings.title,
        description: settings.description,
        visibility: settings.visibility,
        ...window,
        editWindowMinutes: settings.editWindowMinutes,
        maxReplyDepth: settings.maxReplyDepth,
        updatedAt: services.clock.now(),
      })
      .where(eq(consultations.id, loaded.consultation.id));
    await recordAudit(tx, {
      actorUserId: loaded.access.viewer?.id ?? null,
      action: "consultation.updated",
      subjectType: "consultation",
      subjectId: loaded.consultation.id,
      spaceId: loaded.space.id,
      details: { visibility: settings.visibility, opensOn: settings.opensOn, closesOn: settings.closesOn, editWindowMinutes: settings.editWindowMinutes, maxReplyDepth: settings.maxReplyDepth },
      ip,
    });
  });
}
