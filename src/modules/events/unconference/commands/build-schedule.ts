import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "../../../../platform/audit/record";
import { conflict, notFound } from "../../../../platform/errors";
import type { Services } from "../../../../platform/services";
import type { Database } from "../../../../db/client";
import { eventUnconferences, eventUnconferenceSchedule } from "../../schema";
import { queryRows } from "../../../../db/sql";
import type { EventView } from "../../queries";
import { listProposals, scheduleOf, unconferenceRooms, unconferenceSlots, votersByProposal, type BuildReport } from "../queries";
import { buildSchedule, type ScheduleResult, type SchedulerInput } from "../scheduler";
import { requireUnconference } from "./configure-unconference";

type Actor = { id: string };

/** What the scheduler needs of an event, read in the caller's transaction: published proposals, their voters, places, pins. */
export async function schedulerInputOf(db: Database, eventId: string): Promise<SchedulerInput> {
  // One after another: inside a transaction they share one connection.
  const proposals = await listProposals(db, eventId, ["published"]);
  const voters = await votersByProposal(db, eventId);
  const rooms = await unconferenceRooms(db, eventId);
  const slots = await unconferenceSlots(db, eventId);
  const placed = await scheduleOf(db, eventId);
  return {
    slots: slots.map((slot) => ({ id: slot.id })),
    rooms: rooms.map((room) => ({ id: room.id, capacity: room.capacity })),
    proposals: proposals.map((proposal) => ({
      id: proposal.id,
      voters: voters.get(proposal.id) ?? [],
      hostId: proposal.hostUserId,
      availableSlotIds: proposal.availableSlotIds,
      preferredSlotIds: proposal.preferredSlotIds,
    })),
    pins: placed.filter((placement) => placement.isPinned).map(({ proposalId, slotId, roomId }) => ({ proposalId, slotId, roomId })),
  };
}

/**
 * Builds the schedule from the votes (organisers): pinned placements stay, everything else is placed anew, and
 * the build's report — proposals left out with the reason, pins it could not keep, the figures — is kept on the
 * unconference for the page. A published unconference stays published until it is published again.
 */
export async function buildUnconferenceSchedule(services: Services, actor: Actor, event: EventView, context: { ip?: string | null } = {}): Promise<ScheduleResult> {
  return services.db.transaction(async (tx) => {
    const unconference = await requireUnconference(tx, event.id);
    if (unconference.state === "closed") throw conflict("events.unconference.error.not_open");
    const input = await schedulerInputOf(tx, event.id);
    const result = buildSchedule(input);
    await tx.delete(eventUnconferenceSchedule).where(eq(eventUnconferenceSchedule.eventId, event.id));
    if (result.placements.length) {
      await tx.insert(eventUnconferenceSchedule).values(result.placements.map((placement) => ({ ...placement, eventId: event.id })));
    }
    const report: BuildReport = { builtAt: services.clock.now().toISOString(), unplaced: result.unplaced, problems: result.problems, quality: result.quality };
    const state = unconference.state === "published" ? "published" : "scheduling";
    await tx.update(eventUnconferences).set({ state, buildReport: report }).where(eq(eventUnconferences.eventId, event.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "events.unconference.built",
      subjectType: "event",
      subjectId: event.id,
      spaceId: event.spaceId,
      details: { placed: result.placements.length, unplaced: result.unplaced.length, problems: result.problems.length },
      ip: context.ip ?? null,
    });
    return result;
  });
}

/**
 * Pins a published proposal to a room and slot (organisers adjust the schedule). Whatever unpinned session held
 * that cell trades places with it (or goes back to the proposals to place when this one was not scheduled); a
 * cell pinned for another proposal is a 409. The host's availability is the organisers' call here, not checked.
 */
export async function pinProposal(services: Services, actor: Actor, event: EventView, input: { proposalId: string; slotId: string; roomId: string }, context: { ip?: string | null } = {}): Promise<void> {
  const uuid = /^[0-9a-f-]{36}$/i;
  if (![input.proposalId, input.slotId, input.roomId].every((id) => uuid.test(id))) throw notFound();
  await services.db.transaction(async (tx) => {
    await requireUnconference(tx, event.id);
    const [ok] = await queryRows<{ proposal: boolean; slot: boolean; room: boolean }>(tx, sql`select
      exists (select 1 from event_proposals where id = ${input.proposalId} and event_id = ${event.id} and status = 'published') as proposal,
      exists (select 1 from event_unconference_slots where id = ${input.slotId} and event_id = ${event.id}) as slot,
      exists (select 1 from event_unconference_rooms where id = ${input.roomId} and event_id = ${event.id}) as room`);
    if (!ok?.proposal || !ok.slot || !ok.room) throw notFound();
    const placed = await scheduleOf(tx, event.id);
    const mine = placed.find((placement) => placement.proposalId === input.proposalId);
    const occupant = placed.find((placement) => placement.slotId === input.slotId && placement.roomId === input.roomId && placement.proposalId !== input.proposalId);
    if (occupant?.isPinned) throw conflict("events.unconference.error.cell_pinned", { cell: { key: "events.unconference.error.cell_pinned" } });
    if (occupant) await tx.delete(eventUnconferenceSchedule).where(eq(eventUnconferenceSchedule.proposalId, occupant.proposalId));
    await tx.delete(eventUnconferenceSchedule).where(eq(eventUnconferenceSchedule.proposalId, input.proposalId));
    await tx.insert(eventUnconferenceSchedule).values({ proposalId: input.proposalId, eventId: event.id, slotId: input.slotId, roomId: input.roomId, isPinned: true });
    if (occupant && mine) await tx.insert(eventUnconferenceSchedule).values({ proposalId: occupant.proposalId, eventId: event.id, slotId: mine.slotId, roomId: mine.roomId, isPinned: false });
    await recordAudit(tx, { actorUserId: actor.id, action: "events.unconference.pinned", subjectType: "event", subjectId: event.id, spaceId: event.spaceId, details: { ...input, swappedWith: occupant?.proposalId ?? null }, ip: context.ip ?? null });
  });
}

/** Releases a pin: the placement stays until the next build, which may move it. */
export async function unpinProposal(services: Services, actor: Actor, event: EventView, proposalId: string, context: { ip?: string | null } = {}): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(proposalId)) throw notFound();
  await services.db.transaction(async (tx) => {
    const changed = await tx.update(eventUnconferenceSchedule).set({ isPinned: false }).where(and(eq(eventUnconferenceSchedule.eventId, event.id), eq(eventUnconferenceSchedule.proposalId, proposalId))).returning({ id: eventUnconferenceSchedule.proposalId });
    if (!changed.length) throw notFound();
    await recordAudit(tx, { actorUserId: actor.id, action: "events.unconference.unpinned", subjectType: "event", subjectId: event.id, spaceId: event.spaceId, details: { proposalId }, ip: context.ip ?? null });
  });
}
