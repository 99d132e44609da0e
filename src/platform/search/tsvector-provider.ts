import { sql, type SQL } from "drizzle-orm";
import { localize, type LocalizedText } from "../i18n/localized";
import type { SearchProvider } from "./providers";
import { makeSnippet } from "./snippet";
import { fullTextSearchProvider, scoreFromRank } from "./tsquery";

/** What a module's candidate query selects: the item, its multilingual title and summary (the snippet's text), and its rank. */
export type TsvectorRow = { id: string; title: LocalizedText; summary: LocalizedText; updated_at: Date | string; rank: number };

/** The viewer as the modules' visibility conditions take it (null: anonymous). */
export type TsvectorViewer = { id: string; isPlatformAdmin: boolean } | null;

export type TsvectorProviderSpec<Row extends TsvectorRow> = {
  type: string;
  labelMessage: string;
  /** At most this many matches are read and ranked; beyond it the total is a lower bound. */
  candidatesMax: number;
  /**
   * The matching rows the viewer may see, without a limit (see TsvectorRow; `rank` is `ts_rank(vector, tsquery)`),
   * under the module's own visibility rule. `inSpace(column)` is `and <column> = <space>` for a space-level search,
   * nothing otherwise.
   */
  candidates(input: { tsquery: SQL; viewer: TsvectorViewer; inSpace: (column: SQL) => SQL }): SQL;
  /** The item's page, relative to the site. */
  url(row: Row): string;
};

/**
 * A search provider over one table's `search_vector` whose hits are a localized title, a snippet of a localized
 * summary and a link: the shape news, events and commitments share (fullTextSearchProvider does the ranking).
 */
export function tsvectorProvider<Row extends TsvectorRow>(spec: TsvectorProviderSpec<Row>): SearchProvider {
  return fullTextSearchProvider<Row>({
    type: spec.type,
    labelMessage: spec.labelMessage,
    candidatesMax: spec.candidatesMax,
    candidates(_services, tsquery, query, viewer) {
      const inSpace = (column: SQL): SQL => (query.spaceId ? sql`and ${column} = ${query.spaceId}` : sql``);
      return spec.candidates({ tsquery, viewer: viewer ? { id: viewer.id, isPlatformAdmin: viewer.isPlatformAdmin } : null, inSpace });
    },
    toHit(row, query, highlight) {
      const title = localize(row.title, query.locale);
      return {
        type: spec.type,
        id: row.id,
        title: title.text,
        snippet: makeSnippet(row.summary[title.locale] ?? "", highlight),
        highlight,
        url: spec.url(row),
        language: title.locale,
        score: scoreFromRank(Number(row.rank)),
        updatedAt: new Date(row.updated_at),
      };
    },
  });
}
