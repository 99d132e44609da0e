import { sql, type SQL } from "drizzle-orm";
import type { LocalizedText } from "../../platform/i18n/localized";
import { localize } from "../../platform/i18n/localized";
import type { MessageCatalog } from "../../platform/i18n/messages";
import { makeSnippet } from "../../platform/search/snippet";
import { fullTextSearchProvider, scoreFromRank } from "../../platform/search/tsquery";
import { visibleSpaceCondition } from "../spaces/queries";

export const commitmentSearchMessages: MessageCatalog = {
  en: { "search.type.commitment": "Commitments and programme activities" },
  ru: { "search.type.commitment": "Обязательства и мероприятия программ" },
};

/**
 * A search reads at most this many matching commitments (in index order) and ranks those: a common word matching
 * half a million commitments costs one bounded read, not a sort of all of them. The count then says "more than".
 */
export const COMMITMENT_CANDIDATES_MAX = 500;

type Row = { id: string; number: number; title: LocalizedText; description: LocalizedText; updated_at: Date | string; space_slug: string; rank: number };

/**
 * "commitment": published commitments of the spaces the viewer may see, found through their English and Russian
 * full-text vectors. Every query unit must match (a named glossary concept by any of its terms in either
 * language); when that finds nothing, any unit will do.
 */
export const commitmentSearchProvider = fullTextSearchProvider<Row>({
  type: "commitment",
  labelMessage: "search.type.commitment",
  candidatesMax: COMMITMENT_CANDIDATES_MAX,
  candidates(_services, tsquery, query, viewer) {
    const spaceFilter: SQL = query.spaceId ? sql`and c.space_id = ${query.spaceId}` : sql``;
    // Only published commitments, in spaces the viewer may see that have commitments switched on: the rule of the
    // space's list and open data. The partial full-text index of migration 0014 holds exactly the published ones.
    return sql`select c.id, c.number, c.title, c.description, c.updated_at, spaces.slug as space_slug, ts_rank(c.search_vector, ${tsquery}) as rank
      from commitments c join spaces on spaces.id = c.space_id
      where c.status = 'published' and c.search_vector @@ ${tsquery}
        and ${visibleSpaceCondition(viewer ? { id: viewer.id, isPlatformAdmin: viewer.isPlatformAdmin } : null)}
        and 'commitments' = any(spaces.enabled_modules) ${spaceFilter}`;
  },
  toHit(row, query, highlight) {
    const title = localize(row.title, query.locale);
    return {
      type: "commitment",
      id: row.id,
      title: title.text,
      snippet: makeSnippet(row.description[title.locale] ?? "", highlight),
      highlight,
      url: `/spaces/${row.space_slug}/commitments/${row.number}`,
      language: title.locale,
      score: scoreFromRank(Number(row.rank)),
      updatedAt: new Date(row.updated_at),
    };
  },
});
