import { and, eq, inArray, isNotNull, notInArray, sql } from "drizzle-orm";
import { recordAudit } from "../../../../platform/audit/record";
import { conflict } from "../../../../platform/errors";
import { escapeHtml } from "../../../../platform/html";
import type { LocalizedText } from "../../../../platform/i18n/localized";
import type { Services } from "../../../../platform/services";
import type { Database } from "../../../../db/client";
import { eventSessionPeople, eventSessions, eventUnconferences } from "../../schema";
import type { EventView } from "../../queries";
import { listProposals, scheduleOf, unconferenceRooms, unconferenceSlots } from "../queries";
import { requireUnconference } from "./configure-unconference";

/** What an agenda session is made of: the agenda part's columns of event_sessions (and its host as speaker). */
export type AgendaSessionFields = {
  title: LocalizedText;
  description: LocalizedText;
  type: "unconference";
  startsAt: Date;
  endsAt: Date;
  room: string;
  proposalId: string;
  hostUserId: string | null;
};

/** Plain text as escaped paragraphs (a proposal's description is plain text, not Markdown). */
const paragraphs = (text: string): string =>
  text.split(/\n{2,}/).map((part) => part.trim()).filter(Boolean).map((part) => `<p>${escapeHtml(part).replace(/\n/g, "<br>")}</p>`).join("\n");

/**
 * Writes one proposal's agenda session, in the caller's transaction: updates the session made from it before
 * (bumping its iCalendar SEQUENCE when the time or room moved) or inserts one, with its host as the speaker.
 */
export async function upsertProposalSession(tx: Database, eventId: string, fields: AgendaSessionFields, now: Date): Promise<string> {
  const descriptionHtml: LocalizedText = Object.fromEntries(Object.entries(fields.description).map(([code, text]) => [code, paragraphs(text ?? "")]));
  const values = { title: fields.title, description: fields.description, descriptionHtml, type: fields.type, startsAt: fields.startsAt, endsAt: fields.endsAt, room: fields.room, updatedAt: now };
  const [existing] = await tx.select({ id: eventSessions.id }).from(eventSessions).where(and(eq(eventSessions.eventId, eventId), eq(eventSessions.proposalId, fields.proposalId)));
  let id: string;
  if (existing) {
    id = existing.id;
    await tx
      .update(eventSessions)
      .set({ ...values, sequence: sql`${eventSessions.sequence} + case when ${eventSessions.startsAt} <> ${fields.startsAt} or ${eventSessions.room} <> ${fields.room} or ${eventSessions.title} <> ${JSON.stringify(fields.title)}::jsonb then 1 else 0 end` })
      .where(eq(eventSessions.id, id));
    await tx.delete(eventSessionPeople).where(and(eq(eventSessionPeople.sessionId, id), eq(eventSessionPeople.role, "speaker")));
  } else {
    const [row] = await tx.insert(eventSessions).values({ ...values, eventId, proposalId: fields.proposalId, createdAt: now }).returning({ id: eventSessions.id });
    id = row!.id;
  }
  if (fields.hostUserId) await tx.insert(eventSessionPeople).values({ sessionId: id, role: "speaker", userId: fields.hostUserId, position: 0 });
  return id;
}

/**
 * Publishes the schedule as agenda sessions of type "unconference" (organisers): one per placed proposal, in its
 * slot's time and its room, titled in the proposal's language; sessions made from proposals no longer scheduled
 * are removed. The unconference becomes "published". Publishing again updates the agenda.
 */
export async function publishUnconferenceSchedule(services: Services, actor: { id: string }, event: EventView, context: { ip?: string | null } = {}): Promise<{ sessions: number }> {
  const now = services.clock.now();
  return services.db.transaction(async (tx) => {
    const unconference = await requireUnconference(tx, event.id);
    if (unconference.state === "closed") throw conflict("events.unconference.error.not_open");
    // One after another: the transaction has one connection.
    const placements = await scheduleOf(tx, event.id);
    const proposals = await listProposals(tx, event.id, ["published"]);
    const rooms = await unconferenceRooms(tx, event.id);
    const slots = await unconferenceSlots(tx, event.id);
    const proposalById = new Map(proposals.map((proposal) => [proposal.id, proposal]));
    const roomById = new Map(rooms.map((room) => [room.id, room]));
    const slotById = new Map(slots.map((slot) => [slot.id, slot]));
    const scheduled = placements.filter((placement) => proposalById.has(placement.proposalId) && roomById.has(placement.roomId) && slotById.has(placement.slotId));
    if (!scheduled.length) throw conflict("events.unconference.error.nothing_to_publish");
    const language = (proposal: { language: string }) => proposal.language || event.languages[0] || "en";
    for (const placement of scheduled) {
      const proposal = proposalById.get(placement.proposalId)!;
      const slot = slotById.get(placement.slotId)!;
      await upsertProposalSession(
        tx,
        event.id,
        {
          title: { [language(proposal)]: proposal.title },
          description: proposal.description ? { [language(proposal)]: proposal.description } : {},
          type: "unconference",
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          room: roomById.get(placement.roomId)!.name,
          proposalId: proposal.id,
          hostUserId: proposal.hostUserId,
        },
        now,
      );
    }
    const keep = scheduled.map((placement) => placement.proposalId);
    await tx.delete(eventSessions).where(and(eq(eventSessions.eventId, event.id), isNotNull(eventSessions.proposalId), notInArray(eventSessions.proposalId, keep)));
    await tx.update(eventUnconferences).set({ state: "published", publishedAt: now }).where(eq(eventUnconferences.eventId, event.id));
    await recordAudit(tx, { actorUserId: actor.id, action: "events.unconference.published", subjectType: "event", subjectId: event.id, spaceId: event.spaceId, details: { sessions: scheduled.length }, ip: context.ip ?? null });
    return { sessions: scheduled.length };
  });
}

/** Sessions of an event made from the given proposals (ids), for tests and pages. */
export async function sessionsOfProposals(db: Database, eventId: string, proposalIds: readonly string[]): Promise<{ id: string; proposalId: string | null; room: string; startsAt: Date }[]> {
  if (!proposalIds.length) return [];
  return db.select({ id: eventSessions.id, proposalId: eventSessions.proposalId, room: eventSessions.room, startsAt: eventSessions.startsAt }).from(eventSessions).where(and(eq(eventSessions.eventId, eventId), inArray(eventSessions.proposalId, [...proposalIds])));
}
