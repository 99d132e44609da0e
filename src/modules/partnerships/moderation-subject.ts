import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import type { LocalizedText } from "../../platform/i18n/localized";
import { registerModerationSubject, type SubjectSummary } from "../../platform/moderation/subjects";

/** The moderation subject type of offers and needs. */
export const PARTNERSHIP_SUBJECT = "partnership_post";

const EXCERPT_LENGTH = 280;
const first = (value: LocalizedText): string => value.en ?? value.ru ?? Object.values(value)[0] ?? "";

async function describePosts(db: Database, ids: readonly string[]): Promise<SubjectSummary[]> {
  if (!ids.length) return [];
  const rows = await queryRows<{ id: string; space_id: string; space_slug: string; space_title: LocalizedText; title: LocalizedText; description: LocalizedText; created_by: string | null; moderation_status: "published" | "held" | "hidden"; moderation_reason: string; created_at: Date | string }>(
    db,
    sql`select p.id, p.space_id, s.slug as space_slug, s.title as space_title, p.title, p.description, p.created_by, p.moderation_status, p.moderation_reason, p.created_at
      from partnership_posts p join spaces s on s.id = p.space_id where p.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`,
  );
  return rows.map((row) => {
    const text = `${first(row.title)} — ${first(row.description)}`.replace(/\s+/g, " ").trim();
    const url = `/spaces/${row.space_slug}/partnerships/${row.id}`;
    return {
      id: row.id, spaceId: row.space_id, authorId: row.created_by, status: row.moderation_status, reason: row.moderation_reason,
      excerpt: text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text,
      url, moderateUrl: url, context: row.space_title, createdAt: new Date(row.created_at),
    };
  });
}

/**
 * Offers and needs as a moderation subject, like news stories and practices: the gate may hold a post's text
 * (abusive language, a new author's first posts when the space pre-moderates); a moderator lets it out or hides it.
 */
registerModerationSubject({
  type: PARTNERSHIP_SUBJECT,
  setStatus: async (tx, id, status, reason) => {
    await tx.execute(sql`update partnership_posts set moderation_status = ${status}, moderation_reason = ${reason}, updated_at = now() where id = ${id}`);
  },
  setReportCount: async (tx, id, count) => {
    await tx.execute(sql`update partnership_posts set report_count = ${count} where id = ${id}`);
  },
  describe: describePosts,
  listInStatus: async (db, { spaceId, status, limit }) => {
    const rows = await queryRows<{ id: string }>(
      db,
      sql`select id from partnership_posts where moderation_status = ${status} ${spaceId ? sql`and space_id = ${spaceId}` : sql``}
        order by created_at ${status === "held" ? sql`asc` : sql`desc`} limit ${limit}`,
    );
    return rows.map((row) => row.id);
  },
  postTimesQuery: ({ spaceId, userId, since }) => sql`select created_at as at from partnership_posts where space_id = ${spaceId} and created_by = ${userId} and created_at > ${since}`,
  publishedCountQuery: ({ spaceId, userId }) =>
    sql`select count(*)::int as count from partnership_posts where space_id = ${spaceId} and created_by = ${userId} and moderation_status = 'published'`,
});
