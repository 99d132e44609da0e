import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { notifyAboutApprovedContribution } from "./notifications";
import type { Database } from "../../db/client";
import { LOCALE_CODES } from "../../platform/i18n/locales";
import { localizedString, type LocalizedText } from "../../platform/i18n/localized";
import { registerModerationSubject, type SubjectSummary } from "../../platform/moderation/subjects";
import { findSpaceById } from "../spaces/queries";
import { consultationContributions, consultations, CONTRIBUTION_SUBJECT } from "./schema";

const EXCERPT_LENGTH = 280;

/** The start of a contribution as one line of plain text for the moderation queue (the view escapes it). */
export function contributionExcerpt(body: string): string {
  const line = body.replace(/\s+/g, " ").trim();
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH - 1)}…` : line;
}

/** The contributions of the consultations in a space (or in every space), as a SQL condition. */
const inSpace = (spaceId: string | null) =>
  spaceId ? sql`${consultationContributions.consultationId} in (select ${consultations.id} from ${consultations} where ${consultations.spaceId} = ${spaceId})` : undefined;

async function describeContributions(db: Database, ids: readonly string[]): Promise<SubjectSummary[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({ contribution: consultationContributions, spaceId: consultations.spaceId, consultationSlug: consultations.slug, consultationTitle: consultations.title })
    .from(consultationContributions)
    .innerJoin(consultations, eq(consultations.id, consultationContributions.consultationId))
    .where(inArray(consultationContributions.id, [...ids]));
  // A queue spans few spaces: their slugs and titles come through the spaces module, one lookup per space.
  const spaceIds = [...new Set(rows.map((row) => row.spaceId))];
  const spaces = new Map((await Promise.all(spaceIds.map((id) => findSpaceById(db, id)))).filter((space) => space !== undefined).map((space) => [space.id, space]));
  return rows.map(({ contribution, spaceId, consultationSlug, consultationTitle }) => {
    const space = spaces.get(spaceId);
    const context: LocalizedText = {};
    for (const code of LOCALE_CODES) context[code] = `${localizedString(space?.title, code)} · ${localizedString(consultationTitle, code)}`;
    const url = `/spaces/${space?.slug ?? ""}/consultations/${consultationSlug}/contributions/${contribution.number}`;
    return {
      id: contribution.id,
      spaceId,
      authorId: contribution.authorId,
      status: contribution.status,
      reason: contribution.moderationReason,
      excerpt: contributionExcerpt(contribution.body),
      url,
      moderateUrl: `${url}/moderate`,
      context,
      createdAt: contribution.createdAt,
    };
  });
}

/**
 * Consultation contributions as a moderation subject: moderation sets their status and the reason their
 * author sees, keeps `report_count` current, and counts a person's contributions in a space for the
 * posting limits and pre-moderation. Imported by routes-moderation.ts, so it is registered with the module.
 */
registerModerationSubject({
  type: CONTRIBUTION_SUBJECT,
  setStatus: async (tx, id, status, reason, now) => {
    await tx.update(consultationContributions).set({ status, moderationReason: reason }).where(eq(consultationContributions.id, id));
    // a held post that a moderator lets out reaches its followers now (once: restoring a hidden one sends nothing new)
    if (status === "published") await notifyAboutApprovedContribution(tx, id, now);
  },
  setReportCount: async (tx, id, count) => {
    await tx.update(consultationContributions).set({ reportCount: count }).where(eq(consultationContributions.id, id));
  },
  describe: describeContributions,
  listInStatus: async (db, { spaceId, status, limit }) => {
    const rows = await db
      .select({ id: consultationContributions.id })
      .from(consultationContributions)
      .where(and(eq(consultationContributions.status, status), inSpace(spaceId)))
      // held posts wait for a decision: the longest-waiting first; hidden ones: the latest first
      .orderBy(status === "held" ? asc(consultationContributions.createdAt) : desc(consultationContributions.createdAt))
      .limit(limit);
    return rows.map((row) => row.id);
  },
  postTimesQuery: ({ spaceId, userId, since }) =>
    sql`select ${consultationContributions.createdAt} as at from ${consultationContributions}
      where ${consultationContributions.authorId} = ${userId} and ${consultationContributions.createdAt} > ${since} and ${inSpace(spaceId)}`,
  publishedCountQuery: ({ spaceId, userId }) =>
    sql`select count(*)::int as count from ${consultationContributions}
      where ${consultationContributions.authorId} = ${userId} and ${consultationContributions.status} = 'published' and ${inSpace(spaceId)}`,
});
