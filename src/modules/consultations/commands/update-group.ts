import { eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import type { Services } from "../../../platform/services";
import type { ConsultationForViewer } from "../queries";
import { findGroup } from "../queries-structure";
import { consultationGroups } from "../schema";
import { assertCanManage, GroupInput, parseInput, windowFromDays } from "./consultation-inputs";

/** A coordinator edits a group or session: titles and descriptions in each language, kind, window. */
export async function updateGroup(services: Services, loaded: ConsultationForViewer, groupNumber: number, input: Record<string, unknown>, ip: string | null = null): Promise<void> {
  assertCanManage(loaded.access);
  const fields = parseInput(GroupInput, input);
  const window = windowFromDays(fields.opensOn, fields.closesOn);
  await services.db.transaction(async (tx) => {
    const group = await findGroup(tx, loaded.consultation.id, groupNumber);
    await tx.update(consultationGroups).set({ title: fields.title, description: fields.description, kind: fields.kind, ...window }).where(eq(consultationGroups.id, group.id));
    await recordAudit(tx, {
      actorUserId: loaded.access.viewer?.id ?? null,
      action: "consultation.group_updated",
      subjectType: "consultation_group",
      subjectId: group.id,
      spaceId: loaded.space.id,
      details: { consultationId: loaded.consultation.id, number: groupNumber, kind: fields.kind, opensOn: fields.opensOn, closesOn: fields.closesOn },
      ip,
    });
  });
}
