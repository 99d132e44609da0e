import { and, asc, eq, isNull } from "drizzle-orm";
import { AppError } from "../../platform/errors";
import { localize } from "../../platform/i18n/localized";
import type { Locale } from "../../platform/i18n/locales";
import type { MessageCatalog } from "../../platform/i18n/messages";
import { matchScore, stemSet } from "../../platform/search/match";
import type { SearchHit, SearchProvider, SearchViewer } from "../../platform/search/providers";
import type { SearchSpace } from "../../platform/search/routes";
import { makeSnippet } from "../../platform/search/snippet";
import { highlightStems, queryUnits } from "../../platform/search/tsquery";
import type { Services } from "../../platform/services";
import type { Viewer } from "./permissions";
import { getSpaceForViewer, visibleSpaceCondition } from "./queries";
import { spaces } from "./schema";

export const spaceSearchMessages: MessageCatalog = {
  en: { "search.type.space": "Spaces" },
  ru: { "search.type.space": "Пространства" },
};

// Spaces are few (tens, at most a few thousand): they are matched in memory rather than through an index.
const SPACES_READ_MAX = 5_000;

function viewerOf(viewer: SearchViewer): Viewer {
  return viewer ? { id: viewer.id, isPlatformAdmin: viewer.isPlatformAdmin } : null;
}

/** "space": the active spaces the viewer may see, by their titles and descriptions in every language. */
export const spaceSearchProvider: SearchProvider = {
  type: "space",
  labelMessage: "search.type.space",
  async search(services, query, viewer, limit) {
    const rows = await services.db
      .select({ id: spaces.id, slug: spaces.slug, title: spaces.title, description: spaces.description, updatedAt: spaces.updatedAt })
      .from(spaces)
      .where(and(visibleSpaceCondition(viewerOf(viewer)), isNull(spaces.archivedAt), query.spaceId ? eq(spaces.id, query.spaceId) : undefined))
      .orderBy(asc(spaces.slug))
      .limit(SPACES_READ_MAX);
    const units = queryUnits(query);
    const fields = rows.map((row) => [
      { stems: stemSet(Object.values(row.title).join(" ")), weight: 1 },
      { stems: stemSet(Object.values(row.description).join(" ")), weight: 0.6 },
    ]);
    let scored = rows.map((row, index) => ({ row, score: matchScore(units, fields[index]!, "all") }));
    if (!scored.some((entry) => entry.score !== null) && units.length > 1) scored = rows.map((row, index) => ({ row, score: matchScore(units, fields[index]!, "any") }));
    const matches = scored.filter((entry): entry is { row: (typeof rows)[number]; score: number } => entry.score !== null).sort((a, b) => b.score - a.score);
    const highlight = highlightStems(query);
    const hits: SearchHit[] = matches.slice(0, limit).map(({ row, score }) => {
      const title = localize(row.title, query.locale);
      const description = localize(row.description, title.locale);
      return {
        type: "space",
        id: row.id,
        title: title.text,
        snippet: makeSnippet(description.locale === title.locale ? description.text : "", highlight),
        highlight,
        url: `/spaces/${row.slug}`,
        language: title.locale,
        score: score * 0.9,
        updatedAt: row.updatedAt,
      };
    });
    return { hits, total: matches.length };
  },
};

/** The space a search is limited to (`?space=slug`), if the viewer may see it. */
export async function findSearchSpace(services: Services, slug: string, viewer: SearchViewer, locale: Locale): Promise<SearchSpace | null> {
  try {
    const space = await getSpaceForViewer(services.db, slug, viewerOf(viewer));
    return { id: space.id, slug: space.slug, title: localize(space.title, locale).text };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  }
}
