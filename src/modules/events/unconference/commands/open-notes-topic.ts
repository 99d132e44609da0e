import { and, eq } from "drizzle-orm";
import { recordAudit } from "../../../../platform/audit/record";
import { conflict, notFound } from "../../../../platform/errors";
import type { Services } from "../../../../platform/services";
import type { Viewer } from "../../../spaces/permissions";
import { addTopic } from "../../../consultations/commands/add-topic";
import { loadConsultationForViewer } from "../../../consultations/queries";
import { findTopic } from "../../../consultations/queries-structure";
import { eventSessions } from "../../schema";
import type { EventView } from "../../queries";

/**
 * Opens a topic in a consultation group of the space for a published unconference session's notes, through the
 * consultations module's own command (its rules: the actor must coordinate the consultation; its followers hear
 * of the topic), and links the session to it — so the session's outputs reach the plenary synthesis there.
 */
export async function openNotesTopic(
  services: Services,
  actor: NonNullable<Viewer>,
  event: EventView,
  input: { sessionId: string; spaceSlug: string; consultationSlug: string; groupNumber: number; title: Record<string, string> },
  context: { ip?: string | null } = {},
): Promise<{ topicPath: string }> {
  if (!/^[0-9a-f-]{36}$/i.test(input.sessionId)) throw notFound();
  const db = services.db;
  const [session] = await db.select({ id: eventSessions.id, topicId: eventSessions.consultationTopicId }).from(eventSessions).where(and(eq(eventSessions.id, input.sessionId), eq(eventSessions.eventId, event.id)));
  if (!session) throw notFound();
  if (session.topicId) throw conflict("events.unconference.error.notes_open");
  const loaded = await loadConsultationForViewer(db, input.spaceSlug, input.consultationSlug, actor, services.clock.now());
  if (loaded.space.id !== event.spaceId) throw notFound();
  const { number } = await addTopic(services, loaded, input.groupNumber, { title: input.title, description: {}, opensOn: "", closesOn: "" }, context.ip ?? null);
  const { topic } = await findTopic(db, loaded.consultation.id, number);
  await db.transaction(async (tx) => {
    await tx.update(eventSessions).set({ consultationTopicId: topic.id, updatedAt: services.clock.now() }).where(eq(eventSessions.id, session.id));
    await recordAudit(tx, { actorUserId: actor.id, action: "events.unconference.notes_opened", subjectType: "event_session", subjectId: session.id, spaceId: event.spaceId, details: { topicId: topic.id }, ip: context.ip ?? null });
  });
  return { topicPath: `/spaces/${input.spaceSlug}/consultations/${input.consultationSlug}/topics/${number}` };
}
