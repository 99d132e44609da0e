import { sql } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import type { Database } from "../../db/client";
import { queryRows, textArrayLiteral } from "../../db/sql";
import { tokenize } from "./analyzer";
import type { SearchHit, SearchProvider, SearchQuery, SearchViewer } from "./providers";
import type { Services } from "../services";

/** Results per page on /search and the API's default `limit`. */
export const SEARCH_PAGE_SIZE = 20;
/** How deep pages go: providers are asked for the best `offset + limit` hits each, so depth is bounded. */
export const SEARCH_MAX_DEPTH = 200;

export type SearchFacet = { type: string; labelMessage: string; count: number; isLowerBound: boolean };

export type SiteSearchResult = {
  hits: SearchHit[];
  /** Every provider's type with its number of matches (the facets), in the providers' order. */
  facets: SearchFacet[];
  /** Matches of the types searched. */
  total: number;
  /** Offset of the next page, or null on the last one. */
  nextOffset: number | null;
};

/**
 * Asks every provider for the viewer's best hits and merges them by score. Providers whose type is not searched
 * are asked for their count only (limit 0), so the facets always show every type. A provider that fails is
 * logged and counted as empty: one module's fault does not take search down.
 */
export async function runSiteSearch(
  services: Services,
  providers: readonly SearchProvider[],
  query: SearchQuery,
  viewer: SearchViewer,
  options: { type?: string; offset: number; limit: number; log?: FastifyBaseLogger },
): Promise<SiteSearchResult> {
  const depth = Math.min(options.offset + options.limit, SEARCH_MAX_DEPTH);
  const answers = await Promise.all(
    providers.map(async (provider) => {
      const isSearched = !options.type || options.type === provider.type;
      try {
        const answer = await provider.search(services, query, viewer, isSearched ? depth : 0);
        return { provider, isSearched, ...answer };
      } catch (error) {
        options.log?.error({ err: error, provider: provider.type }, "search provider failed");
        return { provider, isSearched, hits: [] as SearchHit[], total: 0, isTotalLowerBound: false };
      }
    }),
  );
  const facets = answers.map((answer) => ({ type: answer.provider.type, labelMessage: answer.provider.labelMessage, count: answer.total, isLowerBound: Boolean(answer.isTotalLowerBound) }));
  const searched = answers.filter((answer) => answer.isSearched);
  const merged = searched
    .flatMap((answer) => answer.hits.slice(0, depth))
    .sort((a, b) => b.score - a.score || (b.updatedAt?.getTime() ?? 0) - (a.updatedAt?.getTime() ?? 0) || a.type.localeCompare(b.type) || a.id.localeCompare(b.id));
  const total = searched.reduce((sum, answer) => sum + answer.total, 0);
  const end = options.offset + options.limit;
  const hits = merged.slice(options.offset, end);
  const hasMore = merged.length > end || (total > end && merged.length >= end);
  return { hits, facets, total, nextOffset: hasMore && end < SEARCH_MAX_DEPTH ? end : null };
}

/**
 * The query as the searcher probably meant it, when typo corrections were used: each corrected word replaced by
 * the most common spelling the vocabulary holds for its corrected stem. Null when nothing was corrected.
 */
export async function correctedText(db: Database, query: SearchQuery): Promise<string | null> {
  const stems = [...new Set(Object.values(query.corrections).map((corrected) => corrected[0]).filter((stem): stem is string => Boolean(stem)))];
  if (!stems.length) return null;
  const rows = await queryRows<{ stem: string; word: string }>(
    db,
    sql`select distinct on (stem) stem, word from search_vocabulary where stem = any(${textArrayLiteral(stems)}::text[]) order by stem, char_length(word), word`,
  );
  const wordOf = new Map(rows.map((row) => [row.stem, row.word]));
  let text = query.text;
  let isChanged = false;
  for (const token of tokenize(query.text)) {
    const corrected = query.corrections[token.stem]?.[0];
    const word = corrected ? wordOf.get(corrected) : undefined;
    if (!word) continue;
    // replace the word as typed (any case) once, on a word boundary
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${token.word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "iu");
    text = text.replace(pattern, word);
    isChanged = true;
  }
  return isChanged ? text : null;
}
