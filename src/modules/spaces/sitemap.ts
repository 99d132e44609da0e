import { sql } from "drizzle-orm";
import { sqlSitemapSource } from "../../platform/feeds/sitemap";
import { visibleSpaceCondition } from "./queries";

/** sitemap.xml: the spaces list and every public space that is not archived. */
export const spaceSitemapSource = sqlSitemapSource(
  "spaces",
  (limit) => sql`(select '/spaces' as path, null::timestamptz as updated_at)
    union all
    (select '/spaces/' || spaces.slug, spaces.updated_at from spaces
      where ${visibleSpaceCondition(null)} and spaces.archived_at is null order by spaces.updated_at desc limit ${limit})`,
);
