import { sql, type SQL } from "drizzle-orm";
import { localize, type LocalizedText } from "../../../platform/i18n/localized";
import type { MessageCatalog } from "../../../platform/i18n/messages";
import { makeSnippet } from "../../../platform/search/snippet";
import { fullTextSearchProvider, scoreFromRank } from "../../../platform/search/tsquery";
import { eventPath, visibleEventCondition } from "../queries";

export const eventSearchMessages: MessageCatalog = {
  en: { "search.type.event": "Events" },
  ru: { "search.type.event": "Мероприятия" },
};

type Row = { id: string; slug: string; title: LocalizedText; summary: LocalizedText; updated_at: Date | string; space_slug: string; rank: number };

/** Enough candidates to rank well; beyond it the total is a lower bound. */
const EVENT_CANDIDATES_MAX = 2_000;

/**
 * "event": the events the viewer may see (visibleEventCondition — the rule of the lists and the calendar), by the
 * full-text index of migration 0026 over titles, summaries and descriptions in English and Russian.
 */
export const eventSearchProvider = fullTextSearchProvider<Row>({
  type: "event",
  labelMessage: "search.type.event",
  candidatesMax: EVENT_CANDIDATES_MAX,
  candidates(_services, tsquery, query, viewer) {
    const spaceFilter: SQL = query.spaceId ? sql`and e.space_id = ${query.spaceId}` : sql``;
    return sql`select e.id, e.slug, e.title, e.summary, e.updated_at, s.slug as space_slug, ts_rank(e.search_vector, ${tsquery}) as rank
      from events e join spaces s on s.id = e.space_id
      where e.search_vector @@ ${tsquery} and ${visibleEventCondition(viewer ? { id: viewer.id, isPlatformAdmin: viewer.isPlatformAdmin } : null)} ${spaceFilter}`;
  },
  toHit(row, query, highlight) {
    const title = localize(row.title, query.locale);
    return {
      type: "event",
      id: row.id,
      title: title.text,
      snippet: makeSnippet(row.summary[title.locale] ?? "", highlight),
      highlight,
      url: eventPath(row.space_slug, row.slug),
      language: title.locale,
      score: scoreFromRank(Number(row.rank)),
      updatedAt: new Date(row.updated_at),
    };
  },
});
