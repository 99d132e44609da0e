import { sql } from "drizzle-orm";
import { sqlSitemapSource } from "../../platform/feeds/sitemap";
import { visibleSpaceCondition } from "../spaces/queries";

/** sitemap.xml: published commitments of public spaces that have commitments switched on. */
export const commitmentSitemapSource = sqlSitemapSource(
  "commitments",
  (limit) => sql`select '/spaces/' || spaces.slug || '/commitments/' || c.number as path, c.updated_at
    from commitments c join spaces on spaces.id = c.space_id
    where c.status = 'published' and ${visibleSpaceCondition(null)} and 'commitments' = any(spaces.enabled_modules)
    order by c.updated_at desc limit ${limit}`,
);
