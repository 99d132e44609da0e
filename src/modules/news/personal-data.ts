import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import type { PersonalDataContributor } from "../../platform/auth/personal-data";

/**
 * News in a person's data export: the posts and stories they wrote (with their state and the reviewers' comments).
 * Deleting the account takes the person off the posts' authors; published posts stay (they belong to the space
 * and, for stories, to the organisation), and proposals no one published are deleted with their pictures.
 */
export const newsPersonalData: PersonalDataContributor = {
  section: "news",
  async exportFor(db: Database, userId: string) {
    const posts = await queryRows(
      db,
      sql`select p.id, s.slug as space, p.slug, p.kind, p.status, p.title, p.lead, p.body, p.organisation_id, p.review_comment, p.submitted_at,
          p.published_at, p.created_at, p.updated_at
        from news_posts p join spaces s on s.id = p.space_id where ${userId}::uuid = any(p.author_ids) or p.created_by = ${userId} order by p.created_at, p.id`,
    );
    return { posts };
  },
  async onAccountDeleted(db: Database, userId: string) {
    await db.execute(sql`delete from news_posts where created_by = ${userId} and submitted_at is not null and published_at is null`);
    await db.execute(sql`update news_posts set author_ids = array_remove(author_ids, ${userId}::uuid) where ${userId}::uuid = any(author_ids)`);
  },
};
