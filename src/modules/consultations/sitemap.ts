import { sql } from "drizzle-orm";
import { sqlSitemapSource } from "../../platform/feeds/sitemap";
import { visibleSpaceCondition } from "../spaces/queries";
import { visibleConsultationCondition } from "./good-practices";

// What an anonymous reader may open: published, public consultations of public spaces with consultations on.
const isPublic = sql`${visibleSpaceCondition(null)} and ${visibleConsultationCondition(null)} and 'consultations' = any(spaces.enabled_modules)`;

/** sitemap.xml: public consultations and their topics. */
export const consultationSitemapSource = sqlSitemapSource(
  "consultations",
  (limit) => sql`(select '/spaces/' || spaces.slug || '/consultations/' || consultations.slug as path, consultations.updated_at
      from consultations join spaces on spaces.id = consultations.space_id
      where ${isPublic} order by consultations.updated_at desc limit ${limit})
    union all
    (select '/spaces/' || spaces.slug || '/consultations/' || consultations.slug || '/topics/' || t.number, consultations.updated_at
      from consultation_topics t join consultations on consultations.id = t.consultation_id join spaces on spaces.id = consultations.space_id
      where ${isPublic} order by consultations.updated_at desc, t.number limit ${limit})`,
);
