import { sql } from "drizzle-orm";
import { sqlSitemapSource } from "../../platform/feeds/sitemap";
import { visibleSpaceCondition } from "../spaces/queries";

// Platform-wide items (no space) are public; a space's only when the space is public and has knowledge switched on.
const inPublicHub = (column: string) =>
  sql`(${sql.raw(column)} is null or exists (select 1 from spaces where spaces.id = ${sql.raw(column)} and 'knowledge' = any(spaces.enabled_modules) and ${visibleSpaceCondition(null)}))`;
// The hub's base path: /knowledge, or /spaces/<slug>/knowledge.
const hubBase = (column: string) => sql`coalesce((select '/spaces/' || spaces.slug from spaces where spaces.id = ${sql.raw(column)}), '') || '/knowledge'`;

/** sitemap.xml: published guidance documents of public hubs. */
export const guidanceSitemapSource = sqlSitemapSource(
  "guidance",
  (limit) => sql`select ${hubBase("d.space_id")} || '/guidance/' || d.slug as path, d.updated_at from knowledge_documents d
    where d.kind = 'guidance' and d.status = 'published' and ${inPublicHub("d.space_id")} order by d.updated_at desc limit ${limit}`,
);

/** sitemap.xml: published good practices of public hubs. */
export const practiceSitemapSource = sqlSitemapSource(
  "practices",
  (limit) => sql`select ${hubBase("p.space_id")} || '/practices/' || p.id as path, p.updated_at from knowledge_practices p
    where p.status = 'published' and ${inPublicHub("p.space_id")} order by p.updated_at desc limit ${limit}`,
);

/** sitemap.xml: published funding and resources of public hubs. */
export const resourceSitemapSource = sqlSitemapSource(
  "resources",
  (limit) => sql`select ${hubBase("r.space_id")} || '/resources/' || r.id as path, r.updated_at from knowledge_resources r
    where r.status = 'published' and ${inPublicHub("r.space_id")} order by r.updated_at desc limit ${limit}`,
);

/** sitemap.xml: listed expert profiles (a paused profile is a 404 to everyone but its owner). */
export const expertSitemapSource = sqlSitemapSource(
  "experts",
  (limit) => sql`select '/experts/' || e.id as path, e.updated_at from knowledge_experts e where e.is_listed order by e.updated_at desc limit ${limit}`,
);

export const knowledgeSitemapSources = [guidanceSitemapSource, practiceSitemapSource, resourceSitemapSource, expertSitemapSource];
