import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import type { ProposalStatus, UnconferenceState } from "../schema";
import type { ScheduleProblem, ScheduleQuality, Unplaced } from "./scheduler";

// Read models of the unconference: its settings, rooms and slots, proposals (with the viewer's votes) and the
// schedule. Pages and the panel start here; commands re-read what they need under their own locks.

export type UnconferenceSettings = {
  eventId: string;
  state: UnconferenceState;
  votesPerPerson: number;
  publishedAt: Date | null;
  buildReport: BuildReport | null;
};
export type BuildReport = { builtAt: string; unplaced: Unplaced[]; problems: ScheduleProblem[]; quality: ScheduleQuality };
export type UnconferenceRoom = { id: string; name: string; capacity: number; position: number };
export type UnconferenceSlot = { id: string; startsAt: Date; endsAt: Date };
export type ProposalView = {
  id: string;
  hostUserId: string | null;
  hostName: string | null;
  title: string;
  description: string;
  format: string;
  language: string;
  availableSlotIds: string[];
  preferredSlotIds: string[];
  status: ProposalStatus;
  moderationReason: string;
  votes: number;
  createdAt: Date;
};
export type SchedulePlacement = { proposalId: string; slotId: string; roomId: string; isPinned: boolean };

const toDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

/** The unconference of an event, or null when the event has none. */
export async function findUnconference(db: Database, eventId: string): Promise<UnconferenceSettings | null> {
  const [row] = await queryRows<{ event_id: string; state: UnconferenceState; votes_per_person: number; published_at: Date | string | null; build_report: Partial<BuildReport> }>(
    db,
    sql`select event_id, state, votes_per_person, published_at, build_report from event_unconferences where event_id = ${eventId}`,
  );
  if (!row) return null;
  const report = row.build_report;
  return {
    eventId: row.event_id,
    state: row.state,
    votesPerPerson: row.votes_per_person,
    publishedAt: row.published_at ? toDate(row.published_at) : null,
    buildReport: report && report.builtAt ? (report as BuildReport) : null,
  };
}

/** Rooms, biggest first as the scheduler fills them, then by the organisers' order. */
export async function unconferenceRooms(db: Database, eventId: string): Promise<UnconferenceRoom[]> {
  return queryRows<UnconferenceRoom>(
    db,
    sql`select id, name, capacity, position from event_unconference_rooms where event_id = ${eventId} order by position, name, id`,
  );
}

export async function unconferenceSlots(db: Database, eventId: string): Promise<UnconferenceSlot[]> {
  const rows = await queryRows<{ id: string; starts_at: Date | string; ends_at: Date | string }>(
    db,
    sql`select id, starts_at, ends_at from event_unconference_slots where event_id = ${eventId} order by starts_at, ends_at, id`,
  );
  return rows.map((row) => ({ id: row.id, startsAt: toDate(row.starts_at), endsAt: toDate(row.ends_at) }));
}

type ProposalRow = {
  id: string;
  host_user_id: string | null;
  host_name: string | null;
  title: string;
  description: string;
  format: string;
  language: string;
  available_slot_ids: string[];
  preferred_slot_ids: string[];
  status: ProposalStatus;
  moderation_reason: string;
  votes: number;
  created_at: Date | string;
};

/**
 * Proposals of an event in the given states, most voted first. Someone who is not an organiser passes
 * `["published"]` and sees, besides, their own held or hidden proposals with the reason (`ownerId`).
 */
export async function listProposals(db: Database, eventId: string, statuses: readonly ProposalStatus[], ownerId: string | null = null): Promise<ProposalView[]> {
  const states = sql.join(statuses.map((status) => sql`${status}`), sql`, `);
  const own = ownerId ? sql`or (p.host_user_id = ${ownerId} and p.status <> 'withdrawn')` : sql``;
  const rows = await queryRows<ProposalRow>(
    db,
    sql`select p.id, p.host_user_id, u.display_name as host_name, p.title, p.description, p.format, p.language, p.available_slot_ids,
          p.preferred_slot_ids, p.status, p.moderation_reason, p.votes, p.created_at
        from event_proposals p left join users u on u.id = p.host_user_id
        where p.event_id = ${eventId} and (p.status in (${states}) ${own})
        order by p.votes desc, p.created_at, p.id`,
  );
  return rows.map(proposalFromRow);
}

/** One proposal of an event, or undefined. */
export async function findProposal(db: Database, eventId: string, proposalId: string): Promise<ProposalView | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(proposalId)) return undefined;
  const [row] = await queryRows<ProposalRow>(
    db,
    sql`select p.id, p.host_user_id, u.display_name as host_name, p.title, p.description, p.format, p.language, p.available_slot_ids,
          p.preferred_slot_ids, p.status, p.moderation_reason, p.votes, p.created_at
        from event_proposals p left join users u on u.id = p.host_user_id where p.event_id = ${eventId} and p.id = ${proposalId}`,
  );
  return row ? proposalFromRow(row) : undefined;
}

function proposalFromRow(row: ProposalRow): ProposalView {
  return {
    id: row.id,
    hostUserId: row.host_user_id,
    hostName: row.host_name,
    title: row.title,
    description: row.description,
    format: row.format,
    language: row.language,
    availableSlotIds: row.available_slot_ids,
    preferredSlotIds: row.preferred_slot_ids,
    status: row.status,
    moderationReason: row.moderation_reason,
    votes: row.votes,
    createdAt: toDate(row.created_at),
  };
}

/** The proposals a person voted for in an event. */
export async function votesOf(db: Database, eventId: string, userId: string | null | undefined): Promise<Set<string>> {
  if (!userId) return new Set();
  const rows = await queryRows<{ proposal_id: string }>(db, sql`select proposal_id from event_proposal_votes where event_id = ${eventId} and user_id = ${userId}`);
  return new Set(rows.map((row) => row.proposal_id));
}

/** Voters per published proposal, for the scheduler. */
export async function votersByProposal(db: Database, eventId: string): Promise<Map<string, string[]>> {
  const rows = await queryRows<{ proposal_id: string; user_id: string }>(
    db,
    sql`select v.proposal_id, v.user_id from event_proposal_votes v join event_proposals p on p.id = v.proposal_id
        where v.event_id = ${eventId} and p.status = 'published'`,
  );
  const voters = new Map<string, string[]>();
  for (const row of rows) {
    const list = voters.get(row.proposal_id);
    if (list) list.push(row.user_id);
    else voters.set(row.proposal_id, [row.user_id]);
  }
  return voters;
}

/** The current schedule (built, adjusted or published). */
export async function scheduleOf(db: Database, eventId: string): Promise<SchedulePlacement[]> {
  return queryRows<SchedulePlacement>(
    db,
    sql`select proposal_id as "proposalId", slot_id as "slotId", room_id as "roomId", is_pinned as "isPinned" from event_unconference_schedule where event_id = ${eventId}`,
  );
}

export type PublishedSession = { id: string; proposalId: string; consultationTopicId: string | null };

/** Agenda sessions that publishing made from proposals. */
export async function publishedSessions(db: Database, eventId: string): Promise<PublishedSession[]> {
  return queryRows<PublishedSession>(
    db,
    sql`select id, proposal_id as "proposalId", consultation_topic_id as "consultationTopicId" from event_sessions where event_id = ${eventId} and proposal_id is not null`,
  );
}
