import { asc, eq, isNull } from "drizzle-orm";
import { cachedLookup } from "../../db/lookup-cache";
import { AppError } from "../../platform/errors";
import { localize, type LocalizedText } from "../../platform/i18n/localized";
import type { Locale } from "../../platform/i18n/locales";
import { matchScore, stemSet, type MatchField } from "../../platform/search/match";
import type { SearchHit, SearchProvider, SearchViewer } from "../../platform/search/providers";
import type { SearchSpace } from "../../platform/search/routes";
import { makeSnippet } from "../../platform/search/snippet";
import { highlightStems, queryUnits } from "../../platform/search/tsquery";
import type { Services } from "../../platform/services";
import type { Viewer } from "./permissions";
import { getSpaceForViewer } from "./queries";
import { spaceMembers, spaces } from "./schema";

// Spaces are few (tens, at most a few thousand): they are matched in memory rather than through an index.
const SPACES_READ_MAX = 5_000;

function viewerOf(viewer: SearchViewer): Viewer {
  return viewer ? { id: viewer.id, isPlatformAdmin: viewer.isPlatformAdmin } : null;
}

type SearchableSpace = {
  id: string;
  slug: string;
  title: LocalizedText;
  description: LocalizedText;
  visibility: string;
  updatedAt: Date;
  fields: MatchField[];
};

// The active spaces with their text already stemmed, kept in the process and dropped when any space changes: a
// search then stems nothing but the query.
const searchableSpaces = cachedLookup(["spaces"], async (db, _key: "active"): Promise<SearchableSpace[]> => {
  const rows = await db
    .select({ id: spaces.id, slug: spaces.slug, title: spaces.title, description: spaces.description, visibility: spaces.visibility, updatedAt: spaces.updatedAt })
    .from(spaces)
    .where(isNull(spaces.archivedAt))
    .orderBy(asc(spaces.slug))
    .limit(SPACES_READ_MAX);
  return rows.map((row) => ({
    ...row,
    fields: [
      { stems: stemSet(Object.values(row.title).join(" ")), weight: 1 },
      { stems: stemSet(Object.values(row.description).join(" ")), weight: 0.6 },
    ],
  }));
}, 1);

/** The spaces the viewer may see among `all`: the rule of visibleSpaceCondition (public ones, their own, all for admins). */
async function visibleAmong(services: Services, all: SearchableSpace[], viewer: SearchViewer): Promise<SearchableSpace[]> {
  if (viewer?.isPlatformAdmin) return all;
  const memberOf = viewer
    ? new Set((await services.db.select({ spaceId: spaceMembers.spaceId }).from(spaceMembers).where(eq(spaceMembers.userId, viewer.id))).map((row) => row.spaceId))
    : new Set<string>();
  return all.filter((space) => space.visibility === "public" || memberOf.has(space.id));
}

/** "space": the active spaces the viewer may see, by their titles and descriptions in every language. */
export const spaceSearchProvider: SearchProvider = {
  type: "space",
  labelMessage: "search.type.space",
  async search(services, query, viewer, limit) {
    const visible = (await visibleAmong(services, await searchableSpaces(services.db, "active"), viewer)).filter((space) => !query.spaceId || space.id === query.spaceId);
    const units = queryUnits(query);
    let scored = visible.map((space) => ({ space, score: matchScore(units, space.fields, "all") }));
    if (!scored.some((entry) => entry.score !== null) && units.length > 1) scored = visible.map((space) => ({ space, score: matchScore(units, space.fields, "any") }));
    const matches = scored.filter((entry): entry is { space: SearchableSpace; score: number } => entry.score !== null).sort((a, b) => b.score - a.score);
    const highlight = highlightStems(query);
    const hits: SearchHit[] = matches.slice(0, limit).map(({ space, score }) => {
      const title = localize(space.title, query.locale);
      const description = localize(space.description, title.locale);
      return {
        type: "space",
        id: space.id,
        title: title.text,
        snippet: makeSnippet(description.locale === title.locale ? description.text : "", highlight),
        highlight,
        url: `/spaces/${space.slug}`,
        language: title.locale,
        score: score * 0.9,
        updatedAt: space.updatedAt,
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
