import { localize } from "../../../platform/i18n/localized";
import type { SearchProvider } from "../../../platform/search/providers";
import { contentStems } from "../../../platform/search/analyzer";
import { listPractices, NO_FILTERS } from "./queries";
import { queryTerms, titleScore } from "./text-search";

/**
 * Site-wide search over good practices: published submissions and practices tagged in consultations the
 * viewer may see (the same rule as the compilation's pages), matched word by word with typo corrections and
 * glossary concepts in both languages; ranked by how much of the query the title holds.
 */
export const practiceSearchProvider: SearchProvider = {
  type: "practice",
  labelMessage: "search.type.practice",
  async search(services, query, viewer, limit) {
    const terms = queryTerms(query);
    if (!terms.length) return { hits: [], total: 0 };
    // A bounded candidate set, newest first; ranking happens on it.
    const page = await listPractices(services.db, { viewer: viewer ?? null, spaceId: query.spaceId ?? null, filters: NO_FILTERS, terms }, { limit: Math.max(limit * 3, 30) });
    const hits = page.items.map((item) => {
      const title = localize(item.title, query.locale);
      const summary = localize(item.summary, query.locale).text;
      const score = 0.4 + 0.6 * titleScore(terms, new Set(contentStems(Object.values(item.title).join(" "))));
      return {
        type: "practice",
        id: item.id,
        title: title.text,
        snippet: summary.length > 240 ? `${summary.slice(0, 239)}…` : summary,
        highlight: query.text.split(/\s+/).filter((word) => word.length > 2),
        url: item.url,
        language: item.language,
        score,
        updatedAt: item.updatedAt,
      };
    });
    hits.sort((a, b) => b.score - a.score);
    return { hits: hits.slice(0, limit), total: page.nextCursor ? hits.length + 1 : hits.length };
  },
};
