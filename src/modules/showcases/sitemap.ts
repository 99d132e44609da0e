import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import type { SitemapSource } from "../../platform/feeds/sitemap";
import { showcasePath } from "./queries";

/** Published showcases of public spaces, newest change first. */
export const showcaseSitemapSource: SitemapSource = {
  name: "showcases",
  async entries(db, limit) {
    const rows = await queryRows<{ space_slug: string; slug: string; updated_at: Date | string }>(
      db,
      sql`select s.slug as space_slug, sc.slug, sc.updated_at from showcases sc join spaces s on s.id = sc.space_id
        where sc.status = 'published' and s.visibility = 'public' order by sc.updated_at desc limit ${limit}`,
    );
    return rows.map((row) => ({ path: showcasePath(row.space_slug, row.slug), updatedAt: new Date(row.updated_at) }));
  },
};
