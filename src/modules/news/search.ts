import { sql, type SQL } from "drizzle-orm";
import { localize, type LocalizedText } from "../../platform/i18n/localized";
import { makeSnippet } from "../../platform/search/snippet";
import { fullTextSearchProvider, scoreFromRank } from "../../platform/search/tsquery";
import { postPath, visiblePostCondition } from "./queries";

type Row = { id: string; slug: string; title: LocalizedText; lead: LocalizedText; updated_at: Date | string; space_slug: string; rank: number };

/**
 * "news": published posts the viewer may see (visiblePostCondition, the rule of the lists and feeds — drafts and
 * proposals never), by the full-text index of migration 0036 over titles, leads and bodies in English and Russian.
 */
export const newsSearchProvider = fullTextSearchProvider<Row>({
  type: "news",
  labelMessage: "search.type.news",
  candidatesMax: 2_000,
  candidates(_services, tsquery, query, viewer) {
    const spaceFilter: SQL = query.spaceId ? sql`and p.space_id = ${query.spaceId}` : sql``;
    return sql`select p.id, p.slug, p.title, p.lead, p.updated_at, s.slug as space_slug, ts_rank(p.search_vector, ${tsquery}) as rank
      from news_posts p join spaces s on s.id = p.space_id
      where p.search_vector @@ ${tsquery} and p.status = 'published' and ${visiblePostCondition(viewer ? { id: viewer.id, isPlatformAdmin: viewer.isPlatformAdmin } : null)} ${spaceFilter}`;
  },
  toHit(row, query, highlight) {
    const title = localize(row.title, query.locale);
    return {
      type: "news",
      id: row.id,
      title: title.text,
      snippet: makeSnippet(row.lead[title.locale] ?? "", highlight),
      highlight,
      url: postPath(row.space_slug, row.slug),
      language: title.locale,
      score: scoreFromRank(Number(row.rank)),
      updatedAt: new Date(row.updated_at),
    };
  },
});
