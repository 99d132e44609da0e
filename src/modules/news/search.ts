import { sql } from "drizzle-orm";
import { tsvectorProvider, type TsvectorRow } from "../../platform/search/tsvector-provider";
import { postPath, visiblePostCondition } from "./queries";

type Row = TsvectorRow & { slug: string; space_slug: string };

/**
 * "news": published posts the viewer may see (visiblePostCondition, the rule of the lists and feeds — drafts and
 * proposals never), by the full-text index of migration 0036 over titles, leads and bodies in English and Russian.
 */
export const newsSearchProvider = tsvectorProvider<Row>({
  type: "news",
  labelMessage: "search.type.news",
  candidatesMax: 2_000,
  candidates: ({ tsquery, viewer, inSpace }) =>
    sql`select p.id, p.slug, p.title, p.lead as summary, p.updated_at, s.slug as space_slug, ts_rank(p.search_vector, ${tsquery}) as rank
      from news_posts p join spaces s on s.id = p.space_id
      where p.search_vector @@ ${tsquery} and p.status = 'published' and ${visiblePostCondition(viewer)} ${inSpace(sql`p.space_id`)}`,
  url: (row) => postPath(row.space_slug, row.slug),
});
