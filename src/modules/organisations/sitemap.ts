import { sql } from "drizzle-orm";
import { sqlSitemapSource } from "../../platform/feeds/sitemap";

/** sitemap.xml: the organisations directory and every organisation's page (the directory is public). */
export const organisationSitemapSource = sqlSitemapSource(
  "organisations",
  (limit) => sql`(select '/organisations' as path, null::timestamptz as updated_at)
    union all
    (select '/organisations/' || o.slug, o.updated_at from organisations o order by o.updated_at desc limit ${limit})`,
);
