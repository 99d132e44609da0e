import { eq, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import type { Services } from "../../../platform/services";
import type { ConsultationForViewer } from "../queries";
import { notifyAboutNewTopic } from "../notifications";
import { findGroup } from "../queries-structure";
import { consultations, consultationTopics } from "../schema";
import { assertCanManage, parseInput, TopicInput, windowFromDays } from "./consultation-inputs";

/** A coordinator adds a topic at the end of a group; it takes the next free topic number of the consultation. */
export async function addTopic(services: Services, loaded: ConsultationForViewer, groupNumber: number, input: Record<string, unknown>, ip: string | null = null): Promise<{ number: number }> {
  assertCanManage(loaded.access);
  const fields = parseInput(TopicInput, input);
  const window = windowFromDays(fields.opensOn, fields.closesOn);
  return services.db.transaction(async (tx) => {
    // Lock the consultation row so two coordinators adding at once do not pick the same number.
    await tx.select({ id: consultations.id }).from(consultations).where(eq(consultations.id, loaded.consultation.id)).for("update");
    const group = await findGroup(tx, loaded.consultation.id, groupNumber);
    const [numbers] = await tx
      .select({
        number: sql<number>`coalesce(max(${consultationTopics.number}), 0) + 1`.mapWith(Number),
        position: sql<number>`coalesce(max(${consultationTopics.position}) filter (where ${consultationTopics.groupId} = ${group.id}), -1) + 1`.mapWith(Number),
      })
      .from(consultationTopics)
      .where(eq(consultationTopics.consultationId, loaded.consultation.id));
    const [topic] = await tx
      .insert(consultationTopics)
      .values({ consultationId: loaded.consultation.id, groupId: group.id, number: numbers!.number, position: numbers!.position, title: fields.title, description: fields.description, ...window, createdAt: services.clock.now() })
      .returning({ id: consultationTopics.id, number: consultationTopics.number });
    await recordAudit(tx, {
      actorUserId: loaded.access.viewer?.id ?? null,
      action: "consultation.topic_added",
      subjectType: "consultation_topic",
      subjectId: topic!.id,
      spaceId: loaded.space.id,
      details: { consultationId: loaded.consultation.id, group: groupNumber, number: topic!.number },
      ip,
    });
    // followers of the consultation hear of the new topic (nothing is sent while the consultation is a draft)
    await notifyAboutNewTopic(services, tx, { id: topic!.id, consultationId: loaded.consultation.id }, services.clock.now(), loaded.access.viewer?.id ?? null);
    return { number: topic!.number };
  });
}
