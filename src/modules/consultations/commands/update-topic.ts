import { and, asc, eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { AppError } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import type { ConsultationForViewer } from "../queries";
import { findTopic } from "../queries-structure";
import { consultationTopics } from "../schema";
import { assertCanManage, parseInput, TopicInput, windowFromDays } from "./consultation-inputs";

/** A coordinator edits a topic: titles and descriptions in each language and its window. */
export async function updateTopic(services: Services, loaded: ConsultationForViewer, topicNumber: number, input: Record<string, unknown>, ip: string | null = null): Promise<void> {
  assertCanManage(loaded.access);
  const fields = parseInput(TopicInput, input);
  const window = windowFromDays(fields.opensOn, fields.closesOn);
  await services.db.transaction(async (tx) => {
    const { topic } = await findTopic(tx, loaded.consultation.id, topicNumber);
    await tx.update(consultationTopics).set({ title: fields.title, description: fields.description, ...window }).where(eq(consultationTopics.id, topic.id));
    await recordAudit(tx, {
      actorUserId: loaded.access.viewer?.id ?? null,
      action: "consultation.topic_updated",
      subjectType: "consultation_topic",
      subjectId: topic.id,
      spaceId: loaded.space.id,
      details: { consultationId: loaded.consultation.id, number: topicNumber, opensOn: fields.opensOn, closesOn: fields.closesOn },
      ip,
    });
  });
}

/** Moves a topic one place up or down within its group (its number, the address, stays). */
export async function moveTopic(services: Services, loaded: ConsultationForViewer, topicNumber: number, direction: "up" | "down", ip: string | null = null): Promise<void> {
  assertCanManage(loaded.access);
  await services.db.transaction(async (tx) => {
    const { topic } = await findTopic(tx, loaded.consultation.id, topicNumber);
    const siblings = await tx.select().from(consultationTopics).where(and(eq(consultationTopics.groupId, topic.groupId))).orderBy(asc(consultationTopics.position), asc(consultationTopics.number));
    const index = siblings.findIndex((sibling) => sibling.id === topic.id);
    const target = direction === "up" ? index - 1 : index + 1;
    if (target < 0 || target >= siblings.length) throw new AppError("conflict", "consultation.structure.error.cannot_move");
    [siblings[index], siblings[target]] = [siblings[target]!, siblings[index]!];
    // Positions are rewritten 0…n-1 so ties left by older data do not make the move a no-op.
    for (const [position, sibling] of siblings.entries()) await tx.update(consultationTopics).set({ position }).where(eq(consultationTopics.id, sibling.id));
    await recordAudit(tx, {
      actorUserId: loaded.access.viewer?.id ?? null,
      action: "consultation.topic_moved",
      subjectType: "consultation_topic",
      subjectId: topic.id,
      spaceId: loaded.space.id,
      details: { consultationId: loaded.consultation.id, number: topicNumber, direction },
      ip,
    });
  });
}
