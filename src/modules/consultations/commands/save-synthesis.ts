import { sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { forbidden, validationFailed } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { canFacilitateGroup, type ConsultationViewer } from "../permissions";
import type { ConsultationGroup, ConsultationTopic } from "../queries";
import { consultationSyntheses } from "../schema";

export const SYNTHESIS_MAX = 50_000;

export type SynthesisSubject = { consultationId: string; spaceId: string; access: ConsultationViewer; group: ConsultationGroup; topic: ConsultationTopic | null };

/**
 * A facilitator of the group saves the Markdown synthesis of a topic (when `topic` is set) or of the group's
 * plenary, replacing the previous text and recording who saved it and when. An empty text clears it.
 */
export async function saveSynthesis(services: Services, actorId: string, subject: SynthesisSubject, input: { body: string; ip?: string | null }): Promise<void> {
  if (!canFacilitateGroup(subject.access, subject.group.id)) throw forbidden();
  const body = input.body.replace(/\r\n/g, "\n").trim();
  if (body.length > SYNTHESIS_MAX) throw validationFailed({ body: { key: "validation.too_long", values: { max: SYNTHESIS_MAX } } });
  await services.db.transaction(async (tx) => {
    const now = services.clock.now();
    const values = { body, updatedBy: actorId, updatedAt: now };
    const insert = tx.insert(consultationSyntheses).values({
      consultationId: subject.consultationId,
      topicId: subject.topic?.id ?? null,
      groupId: subject.topic ? null : subject.group.id,
      ...values,
    });
    // the unique indexes are partial (topic_id / group_id not null), so the conflict target names its predicate
    await (subject.topic
      ? insert.onConflictDoUpdate({ target: consultationSyntheses.topicId, targetWhere: sql`topic_id is not null`, set: values })
      : insert.onConflictDoUpdate({ target: consultationSyntheses.groupId, targetWhere: sql`group_id is not null`, set: values }));
    await recordAudit(tx, {
      actorUserId: actorId,
      action: "consultation.synthesis_saved",
      subjectType: subject.topic ? "consultation_topic" : "consultation_group",
      subjectId: subject.topic?.id ?? subject.group.id,
      spaceId: subject.spaceId,
      details: { consultationId: subject.consultationId, groupNumber: subject.group.number, topicNumber: subject.topic?.number ?? null, length: body.length },
      ip: input.ip,
    });
  });
}
