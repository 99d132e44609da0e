import type { CurrentUser } from "../http/context";
import type { Locale } from "../i18n/locales";
import type { Services } from "../services";
import type { TextLanguage } from "./analyzer";

/*
 * Site-wide search is put together from providers: each module that has something to find registers one in its
 * manifest (`search`), and the platform's search page and `GET /api/v1/search` ask every provider whose type the
 * viewer asked for, then merge the results by score. A provider answers only with what the viewer may see — the
 * same visibility rule as the module's own pages (private spaces, hidden contributions, unpublished items).
 */

/** A query as every provider receives it: analysed once by the platform. */
export type SearchQuery = {
  /** The text as typed (trimmed). */
  text: string;
  /** The query's content stems (stop words left out), in order. */
  stems: string[];
  /** Stems the query's words may have meant when they are not in the index (typo tolerance), by original stem. */
  corrections: Record<string, string[]>;
  /** Glossary concepts the query names, and the stems of their terms in both languages (cross-language matching). */
  concepts: { id: string; stems: Record<TextLanguage, string[][]> }[];
  /** The language the query is written in, if it can be told. */
  language: TextLanguage | undefined;
  /** The interface language of the page or the API request (for titles and snippets). */
  locale: Locale;
  /** Restrict to one space (a space-level search), by id. */
  spaceId?: string;
};

export type SearchViewer = CurrentUser | undefined;

export type SearchHit = {
  /** The provider's type key, e.g. "commitment", "guidance". */
  type: string;
  id: string;
  title: string;
  /** Plain-text snippet (escaped by the view), with the matched words to highlight. */
  snippet: string;
  highlight: string[];
  url: string;
  /** Language of the item's text, so the page can mark it with `lang`. */
  language?: string;
  /** Relevance, comparable across providers: roughly 0..1 (1 = every query concept in the title). */
  score: number;
  /** When the item was last changed, for the "newest" order. */
  updatedAt?: Date;
};

/** A provider's answer: its best hits and how many match in all (at least, when isTotalLowerBound). */
export type SearchAnswer = { hits: SearchHit[]; total: number; isTotalLowerBound?: boolean };

export type SearchProvider = {
  /** Stable type key used in `?type=` and facets. */
  type: string;
  /** Message id of the type's plural label ("Commitments", «Обязательства»). */
  labelMessage: string;
  /**
   * The viewer's best `limit` hits, best first, and how many match in all. `limit` 0 asks for the count only (the
   * facets of the types not searched). A provider that stops counting at a bound says so with isTotalLowerBound.
   */
  search(services: Services, query: SearchQuery, viewer: SearchViewer, limit: number): Promise<SearchAnswer>;
};
