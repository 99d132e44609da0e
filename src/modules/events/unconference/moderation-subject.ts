import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { registerModerationSubject, type SubjectSummary } from "../../../platform/moderation/subjects";
import { eventProposals } from "../schema";

/** The moderation subject type of unconference proposals. */
export const PROPOSAL_SUBJECT = "event_proposal";

const EXCERPT_LENGTH = 280;

/** Proposals of the events of a space (or of every space), as a SQL condition. */
const inSpace = (spaceId: string | null) => (spaceId ? sql`${eventProposals.eventId} in (select e.id from events e where e.space_id = ${spaceId})` : undefined);

async function describeProposals(db: Database, ids: readonly string[]): Promise<SubjectSummary[]> {
  if (!ids.length) return [];
  const rows = await queryRows<{ id: string; host_user_id: string | null; status: string; moderation_reason: string; title: string; description: string; created_at: Date | string; space_id: string; space_slug: string; space_title: Record<string, string>; event_slug: string; event_title: Record<string, string> }>(
    db,
    sql`select p.id, p.host_user_id, p.status, p.moderation_reason, p.title, p.description, p.created_at, e.space_id, s.slug as space_slug, s.title as space_title,
          e.slug as event_slug, e.title as event_title
        from event_proposals p join events e on e.id = p.event_id join spaces s on s.id = e.space_id
        where p.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`,
  );
  return rows.map((row) => {
    const url = `/spaces/${row.space_slug}/events/${row.event_slug}/unconference`;
    const context: Record<string, string> = {};
    for (const code of new Set([...Object.keys(row.space_title), ...Object.keys(row.event_title)])) context[code] = `${row.space_title[code] ?? Object.values(row.space_title)[0] ?? ""} · ${row.event_title[code] ?? Object.values(row.event_title)[0] ?? ""}`;
    const text = `${row.title} — ${row.description}`.replace(/\s+/g, " ").trim();
    return {
      id: row.id,
      spaceId: row.space_id,
      authorId: row.host_user_id,
      // A proposal waiting for a moderator is "pending" on its own row; a withdrawn one is gone for moderation.
      status: row.status === "pending" ? "held" : row.status === "withdrawn" ? "deleted" : (row.status as "published" | "hidden"),
      reason: row.moderation_reason,
      excerpt: text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text,
      url: `${url}#proposal-${row.id}`,
      moderateUrl: `${url}/manage#proposal-${row.id}`,
      context,
      createdAt: new Date(row.created_at),
    };
  });
}

/**
 * Unconference proposals as a moderation subject: the gate holds them (status "pending") like any post, and a
 * moderator — the space's, the platform's, or the event's organisers on the manage page — approves or hides them.
 * Imported by the unconference routes, so it is registered with the module.
 */
registerModerationSubject({
  type: PROPOSAL_SUBJECT,
  setStatus: async (tx, id, status, reason) => {
    await tx.update(eventProposals).set({ status: status === "held" ? "pending" : status, moderationReason: reason, updatedAt: sql`now()` }).where(eq(eventProposals.id, id));
  },
  setReportCount: async (tx, id, count) => {
    await tx.update(eventProposals).set({ reportCount: count }).where(eq(eventProposals.id, id));
  },
  describe: describeProposals,
  listInStatus: async (db, { spaceId, status, limit }) => {
    const rows = await db
      .select({ id: eventProposals.id })
      .from(eventProposals)
      .where(and(eq(eventProposals.status, status === "held" ? "pending" : "hidden"), inSpace(spaceId)))
      .orderBy(status === "held" ? asc(eventProposals.createdAt) : desc(eventProposals.createdAt))
      .limit(limit);
    return rows.map((row) => row.id);
  },
  postTimesQuery: ({ spaceId, userId, since }) =>
    sql`select ${eventProposals.createdAt} as at from ${eventProposals} where ${eventProposals.hostUserId} = ${userId} and ${eventProposals.createdAt} > ${since} and ${inSpace(spaceId)}`,
  publishedCountQuery: ({ spaceId, userId }) =>
    sql`select count(*)::int as count from ${eventProposals} where ${eventProposals.hostUserId} = ${userId} and ${eventProposals.status} = 'published' and ${inSpace(spaceId)}`,
});
