import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import type { LocalizedText } from "../../platform/i18n/localized";
import { registerModerationSubject, type SubjectSummary } from "../../platform/moderation/subjects";
import { postPath } from "./queries";

/** The moderation subject type of stories organisations propose (coordinators' own posts are not moderated). */
export const STORY_SUBJECT = "news_story";

const EXCERPT_LENGTH = 280;
const first = (value: LocalizedText): string => value.en ?? value.ru ?? Object.values(value)[0] ?? "";

async function describeStories(db: Database, ids: readonly string[]): Promise<SubjectSummary[]> {
  if (!ids.length) return [];
  const rows = await queryRows<{ id: string; space_id: string; space_slug: string; space_title: LocalizedText; slug: string; title: LocalizedText; lead: LocalizedText; body: LocalizedText; author_ids: string[]; moderation_status: "published" | "held" | "hidden"; moderation_reason: string; created_at: Date | string }>(
    db,
    sql`select p.id, p.space_id, s.slug as space_slug, s.title as space_title, p.slug, p.title, p.lead, p.body, p.author_ids, p.moderation_status, p.moderation_reason, p.created_at
      from news_posts p join spaces s on s.id = p.space_id where p.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`,
  );
  return rows.map((row) => {
    const text = `${first(row.title)} — ${first(row.lead)} ${first(row.body)}`.replace(/\s+/g, " ").trim();
    const url = postPath(row.space_slug, row.slug);
    return {
      id: row.id,
      spaceId: row.space_id,
      authorId: row.author_ids[0] ?? null,
      status: row.moderation_status,
      reason: row.moderation_reason,
      excerpt: text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text,
      url,
      moderateUrl: `/spaces/${row.space_slug}/news/review`,
      context: row.space_title,
      createdAt: new Date(row.created_at),
    };
  });
}

/**
 * Proposed stories as a moderation subject: the gate may hold a story's text (abusive language, a new author's
 * first posts); a moderator releases it (then coordinators may publish it) or hides it (then it is out nowhere).
 */
registerModerationSubject({
  type: STORY_SUBJECT,
  setStatus: async (tx, id, status, reason) => {
    await tx.execute(sql`update news_posts set moderation_status = ${status}, moderation_reason = ${reason}, updated_at = now() where id = ${id}`);
  },
  setReportCount: async (tx, id, count) => {
    await tx.execute(sql`update news_posts set report_count = ${count} where id = ${id}`);
  },
  describe: describeStories,
  listInStatus: async (db, { spaceId, status, limit }) => {
    const rows = await queryRows<{ id: string }>(
      db,
      sql`select id from news_posts where moderation_status = ${status} and submitted_at is not null ${spaceId ? sql`and space_id = ${spaceId}` : sql``}
        order by created_at ${status === "held" ? sql`asc` : sql`desc`} limit ${limit}`,
    );
    return rows.map((row) => row.id);
  },
  postTimesQuery: ({ spaceId, userId, since }) => sql`select submitted_at as at from news_posts where space_id = ${spaceId} and created_by = ${userId} and submitted_at > ${since}`,
  publishedCountQuery: ({ spaceId, userId }) =>
    sql`select count(*)::int as count from news_posts where space_id = ${spaceId} and created_by = ${userId} and submitted_at is not null and moderation_status = 'published'`,
});
