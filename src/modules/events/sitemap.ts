import { sql } from "drizzle-orm";
import { sqlSitemapSource } from "../../platform/feeds/sitemap";
import { visibleEventCondition } from "./queries";

/** sitemap.xml: the calendar and the events an anonymous reader may see (public, published or cancelled, public spaces). */
export const eventSitemapSource = sqlSitemapSource(
  "events",
  (limit) => sql`(select '/events' as path, null::timestamptz as updated_at)
    union all
    (select '/spaces/' || s.slug || '/events/' || e.slug, e.updated_at from events e join spaces s on s.id = e.space_id
      where ${visibleEventCondition(null)} order by e.updated_at desc limit ${limit})`,
);
