import { localize } from "../../../platform/i18n/localized";
import type { SearchProvider } from "../../../platform/search/providers";
import { searchResources } from "./queries";
import { resourcePath } from "./views/shared";

/**
 * Funding and resources in site-wide search: published ones of spaces the viewer may see and platform-wide ones.
 * The score is PostgreSQL's ts_rank squeezed into 0..1 (title words weigh A, the rest D).
 */
export const resourceSearchProvider: SearchProvider = {
  type: "resource",
  labelMessage: "search.type.resource",
  async search(services, query, viewer, limit) {
    const { items, total } = await searchResources(services.db, query, viewer ?? null, services.clock.now(), limit);
    return {
      total,
      hits: items.map((item) => {
        const title = localize(item.title, query.locale);
        const description = localize(item.description, query.locale).text;
        return {
          type: "resource",
          id: item.id,
          title: title.text,
          snippet: [item.funder, description.length > 280 ? `${description.slice(0, 280).trimEnd()}…` : description].filter(Boolean).join(" — "),
          highlight: query.text.split(/\s+/).filter((word) => word.length > 1),
          url: resourcePath(item),
          language: title.locale,
          score: Math.min(1, item.rank * 2),
          updatedAt: item.updatedAt,
        };
      }),
    };
  },
};
