import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "../../../../platform/audit/record";
import { conflict, notFound, validationFailed } from "../../../../platform/errors";
import type { Services } from "../../../../platform/services";
import { eventUnconferenceRooms, eventUnconferences, eventUnconferenceSlots, UNCONFERENCE_STATES, type UnconferenceState } from "../../schema";
import type { EventView } from "../../queries";

// Organisers set up an unconference: its state (closed → proposals → voting → scheduling → published), the
// votes each person has, the rooms (with capacities) and the slots. The caller checked canManageEvents.

type Actor = { id: string };
type Context = { ip?: string | null };

export const ROOM_NAME_MAX = 120;
export const ROOM_CAPACITY_MAX = 100_000;

/** Opens (or updates) the event's unconference: its state and the number of votes per person (1–50). */
export async function configureUnconference(services: Services, actor: Actor, event: EventView, input: { state: string; votesPerPerson: string | number }, context: Context = {}): Promise<void> {
  const state = UNCONFERENCE_STATES.find((candidate) => candidate === input.state);
  const votes = Number(input.votesPerPerson);
  const errors: Record<string, { key: string; values?: Record<string, number> }> = {};
  if (!state) errors.state = { key: "validation.invalid_value" };
  if (!Number.isInteger(votes) || votes < 1 || votes > 50) errors.votesPerPerson = { key: "events.unconference.error.votes_per_person", values: { max: 50 } };
  if (Object.keys(errors).length) throw validationFailed(errors);
  await services.db.transaction(async (tx) => {
    // "published" is reached by publishing the schedule, never by the settings form.
    if (state === "published") throw validationFailed({ state: { key: "events.unconference.error.publish_from_schedule" } });
    await tx
      .insert(eventUnconferences)
      .values({ eventId: event.id, state: state as UnconferenceState, votesPerPerson: votes })
      .onConflictDoUpdate({ target: eventUnconferences.eventId, set: { state: state as UnconferenceState, votesPerPerson: votes } });
    await recordAudit(tx, { actorUserId: actor.id, action: "events.unconference.configured", subjectType: "event", subjectId: event.id, spaceId: event.spaceId, details: { state, votesPerPerson: votes }, ip: context.ip ?? null });
  });
}

/** Adds a room with a capacity (people). */
export async function addUnconferenceRoom(services: Services, actor: Actor, event: EventView, input: { name: string; capacity: string | number }, context: Context = {}): Promise<void> {
  const name = String(input.name ?? "").trim();
  const capacity = Number(input.capacity);
  const errors: Record<string, { key: string; values?: Record<string, number> }> = {};
  if (!name) errors.name = { key: "validation.required" };
  else if (name.length > ROOM_NAME_MAX) errors.name = { key: "validation.too_long", values: { max: ROOM_NAME_MAX } };
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > ROOM_CAPACITY_MAX) errors.capacity = { key: "events.unconference.error.capacity", values: { max: ROOM_CAPACITY_MAX } };
  if (Object.keys(errors).length) throw validationFailed(errors);
  await services.db.transaction(async (tx) => {
    await requireUnconference(tx, event.id);
    const [next] = await tx.select({ position: sql<number>`coalesce(max(${eventUnconferenceRooms.position}), -1) + 1`.mapWith(Number) }).from(eventUnconferenceRooms).where(eq(eventUnconferenceRooms.eventId, event.id));
    const [room] = await tx.insert(eventUnconferenceRooms).values({ eventId: event.id, name, capacity, position: next?.position ?? 0 }).returning({ id: eventUnconferenceRooms.id });
    await recordAudit(tx, { actorUserId: actor.id, action: "events.unconference.room_added", subjectType: "event", subjectId: event.id, spaceId: event.spaceId, details: { roomId: room!.id, name, capacity }, ip: context.ip ?? null });
  });
}

/**
 * Adds a slot inside the event's time (start and end are instants; the form reads them in the event's zone).
 * Slots of one event may not overlap: a person could not be in both.
 */
export async function addUnconferenceSlot(services: Services, actor: Actor, event: EventView, input: { startsAt: Date | null; endsAt: Date | null }, context: Context = {}): Promise<void> {
  const { startsAt, endsAt } = input;
  if (!startsAt) throw validationFailed({ startsAt: { key: "events.error.time" } });
  if (!endsAt) throw validationFailed({ endsAt: { key: "events.error.time" } });
  if (endsAt <= startsAt) throw validationFailed({ endsAt: { key: "events.error.ends_before_start" } });
  if (startsAt < event.startsAt || endsAt > event.endsAt) throw validationFailed({ startsAt: { key: "events.unconference.error.slot_outside_event" } });
  await services.db.transaction(async (tx) => {
    await requireUnconference(tx, event.id);
    const overlapping = await tx
      .select({ id: eventUnconferenceSlots.id })
      .from(eventUnconferenceSlots)
      .where(and(eq(eventUnconferenceSlots.eventId, event.id), sql`${eventUnconferenceSlots.startsAt} < ${endsAt} and ${eventUnconferenceSlots.endsAt} > ${startsAt}`))
      .limit(1);
    if (overlapping.length) throw conflict("events.unconference.error.slot_overlaps", { startsAt: { key: "events.unconference.error.slot_overlaps" } });
    const [slot] = await tx.insert(eventUnconferenceSlots).values({ eventId: event.id, startsAt, endsAt }).returning({ id: eventUnconferenceSlots.id });
    await recordAudit(tx, { actorUserId: actor.id, action: "events.unconference.slot_added", subjectType: "event", subjectId: event.id, spaceId: event.spaceId, details: { slotId: slot!.id, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() }, ip: context.ip ?? null });
  });
}

/**
 * Removes a room or a slot. What was scheduled there goes back to the proposals to place (the schedule rows go
 * with the room or slot); the proposals themselves stay.
 */
export async function removeUnconferencePlace(services: Services, actor: Actor, event: EventView, kind: "room" | "slot", id: string, context: Context = {}): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
  const table = kind === "room" ? eventUnconferenceRooms : eventUnconferenceSlots;
  await services.db.transaction(async (tx) => {
    const removed = await tx.delete(table).where(and(eq(table.eventId, event.id), eq(table.id, id))).returning({ id: table.id });
    if (!removed.length) throw notFound();
    await recordAudit(tx, { actorUserId: actor.id, action: `events.unconference.${kind}_removed`, subjectType: "event", subjectId: event.id, spaceId: event.spaceId, details: { id }, ip: context.ip ?? null });
  });
}

/** The unconference row, locked for the rest of the transaction; 409 when the event has none yet. */
export async function requireUnconference(tx: Services["db"], eventId: string): Promise<{ state: UnconferenceState; votesPerPerson: number }> {
  const [row] = await tx.select({ state: eventUnconferences.state, votesPerPerson: eventUnconferences.votesPerPerson }).from(eventUnconferences).where(eq(eventUnconferences.eventId, eventId)).for("update");
  if (!row) throw conflict("events.unconference.error.not_open");
  return row;
}
