import { localize } from "../../platform/i18n/localized";
import type { SearchProvider } from "../../platform/search/providers";
import { listOrganisations } from "./queries";
import { normaliseQuery } from "./search-text";

/**
 * Site-wide search over the organisations directory (public): names, descriptions and themes in every language,
 * names also in Latin letters, typos through trigram similarity — the directory's own search.
 */
export const organisationSearchProvider: SearchProvider = {
  type: "organisation",
  labelMessage: "search.type.organisation",
  async search(services, query, _viewer, limit) {
    // Organisations are platform-wide: a search inside one space does not list them.
    if (query.spaceId || !query.text.trim()) return { hits: [], total: 0 };
    const page = await listOrganisations(services.db, { q: query.text, sort: "name", locale: query.locale, limit });
    const wanted = normaliseQuery(query.text);
    return {
      total: page.items.length,
      hits: page.items.map((organisation) => {
        const name = localize(organisation.name, query.locale);
        const description = localize(organisation.description, query.locale);
        const isNameMatch = Object.values(organisation.name).some((value) => value?.toLowerCase().includes(wanted));
        return {
          type: "organisation",
          id: organisation.id,
          title: name.text,
          snippet: description.text.length > 240 ? `${description.text.slice(0, 240)}…` : description.text,
          highlight: query.text.split(/\s+/).filter((word) => word.length > 2),
          url: `/organisations/${organisation.slug}`,
          language: name.locale,
          // A name that contains the query is what people mean when they type an organisation's name.
          score: isNameMatch ? 0.9 : 0.5,
          updatedAt: organisation.createdAt,
        };
      }),
    };
  },
};
