import { localize } from "../../../platform/i18n/localized";
import type { SearchProvider } from "../../../platform/search/providers";
import { searchExperts } from "./queries";

/** Site-wide search over listed expert profiles (paused ones are never found). */
export const expertSearchProvider: SearchProvider = {
  type: "expert",
  labelMessage: "search.type.expert",
  async search(services, query, _viewer, limit) {
    // Experts are platform-wide: a search inside one space does not list them.
    if (query.spaceId) return { hits: [], total: 0 };
    const found = await searchExperts(services.db, query, limit);
    return {
      total: found.total,
      hits: found.items.map((expert) => {
        const headline = localize(expert.headline, query.locale);
        const bio = localize(expert.bio, query.locale);
        const text = headline.text ? `${headline.text}. ${bio.text}` : bio.text;
        return {
          type: "expert",
          id: expert.id,
          title: expert.displayName,
          snippet: text.length > 240 ? `${text.slice(0, 240)}…` : text,
          highlight: query.text.split(/\s+/).filter((word) => word.length > 2),
          url: `/experts/${expert.id}`,
          language: headline.text ? headline.locale : bio.locale,
          score: expert.wanted ? expert.matched / expert.wanted : 0,
          updatedAt: expert.updatedAt,
        };
      }),
    };
  },
};
