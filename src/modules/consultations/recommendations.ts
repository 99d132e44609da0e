import { and, asc, eq, ne } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { LocalizedText } from "../../platform/i18n/localized";
import { consultationContributions, consultations, consultationTags } from "./schema";

// For other modules (follow-up): the recommendations a synthesis accepted. A facilitator accepts a contribution
// as a recommendation by tagging it `recommendation` in the synthesis (the tag's note is the synthesis' wording);
// only published contributions of consultations past their draft count.

export type AcceptedRecommendation = {
  /** The contribution's id. */
  id: string;
  consultationTitle: LocalizedText;
  number: number;
  /** The synthesis' note on the tag, or the start of the contribution when the facilitator wrote none. */
  text: string;
  /** The contribution's permalink, relative to the site. */
  path: string;
};

const EXCERPT = 200;

function toRecommendation(spaceSlug: string, row: { id: string; slug: string; title: LocalizedText; number: number; note: string; body: string }): AcceptedRecommendation {
  const body = row.body.replace(/\s+/g, " ").trim();
  const text = row.note.trim() || (body.length > EXCERPT ? `${body.slice(0, EXCERPT - 1)}…` : body);
  return { id: row.id, consultationTitle: row.title, number: Number(row.number), text, path: `/spaces/${spaceSlug}/consultations/${row.slug}/contributions/${row.number}` };
}

const columns = {
  id: consultationContributions.id,
  slug: consultations.slug,
  title: consultations.title,
  number: consultationContributions.number,
  note: consultationTags.note,
  body: consultationContributions.body,
};

/** The accepted recommendations of a space's consultations, by consultation and number (bounded). */
export async function listAcceptedRecommendations(db: Database, space: { id: string; slug: string }, limit = 500): Promise<AcceptedRecommendation[]> {
  const rows = await db
    .select(columns)
    .from(consultationTags)
    .innerJoin(consultationContributions, eq(consultationContributions.id, consultationTags.contributionId))
    .innerJoin(consultations, eq(consultations.id, consultationContributions.consultationId))
    .where(and(eq(consultations.spaceId, space.id), ne(consultations.status, "draft"), eq(consultationContributions.status, "published"), eq(consultationTags.tag, "recommendation")))
    .orderBy(asc(consultations.createdAt), asc(consultationContributions.number))
    .limit(limit);
  return rows.map((row) => toRecommendation(space.slug, row));
}

/** One accepted recommendation of the space, or undefined when the id is not one. */
export async function findAcceptedRecommendation(db: Database, space: { id: string; slug: string }, contributionId: string): Promise<AcceptedRecommendation | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(contributionId)) return undefined;
  const [row] = await db
    .select(columns)
    .from(consultationTags)
    .innerJoin(consultationContributions, eq(consultationContributions.id, consultationTags.contributionId))
    .innerJoin(consultations, eq(consultations.id, consultationContributions.consultationId))
    .where(and(eq(consultations.spaceId, space.id), ne(consultations.status, "draft"), eq(consultationContributions.status, "published"), eq(consultationTags.tag, "recommendation"), eq(consultationContributions.id, contributionId)));
  return row ? toRecommendation(space.slug, row) : undefined;
}

/** A follow-up item of an accepted recommendation, as the consultation report links it (label already translated). */
export type RecommendationFollowupLink = { label: string; path: string };
/** Given a space and recommendations (contribution ids), their follow-up items by contribution id, labelled in `locale`. */
export type RecommendationFollowupSource = (db: Database, space: { id: string; slug: string }, contributionIds: readonly string[], locale: string) => Promise<Map<string, RecommendationFollowupLink[]>>;

// The follow-up module depends on this one (it reads accepted recommendations), so it plugs its items in here
// rather than this module importing it: without it the report simply shows no follow-up links.
let followupSource: RecommendationFollowupSource | null = null;

/** Lets the follow-up module link each accepted recommendation of a report to its items. */
export function registerRecommendationFollowups(source: RecommendationFollowupSource): void {
  followupSource = source;
}

/** The follow-up items of these recommendations, by contribution id (empty when no follow-up module is there). */
export async function recommendationFollowups(db: Database, space: { id: string; slug: string }, contributionIds: readonly string[], locale: string): Promise<Map<string, RecommendationFollowupLink[]>> {
  return followupSource && contributionIds.length ? followupSource(db, space, contributionIds, locale) : new Map();
}
