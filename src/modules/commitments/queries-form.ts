import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { LocalizedText } from "../../platform/i18n/localized";
import { users } from "../../platform/schema";
import { frameworksOfSpace, listFrameworkItems, type FrameworkItem, type FrameworkRef } from "../spaces/queries";
import type { Commitment } from "./queries";
import { commitmentReviewEvents, commitments, type CommitmentStatus, type ReviewAction } from "./schema";

export type SimilarCommitment = { number: number; title: LocalizedText; status: CommitmentStatus };

// Above this trigram similarity two titles (or texts) are treated as "probably the same pledge".
const SIMILARITY_THRESHOLD = 0.4;

/**
 * Other commitments of the same actor (organisation or person) in the same space whose text or title is
 * very similar to this one's (pg_trgm similarity). Withdrawn ones are left out. Used only to warn.
 */
export async function similarCommitments(db: Database, commitment: Commitment): Promise<SimilarCommitment[]> {
  const titles = Object.values(commitment.title).filter((text): text is string => Boolean(text?.trim()));
  if (!titles.length) return [];
  const owner = commitment.organisationId ? eq(commitments.organisationId, commitment.organisationId) : eq(commitments.personUserId, commitment.personUserId ?? "");
  const titleMatches = titles.map(
    (title) => sql`similarity(coalesce(${commitments.title}->>'en', ''), ${title}) > ${SIMILARITY_THRESHOLD} or similarity(coalesce(${commitments.title}->>'ru', ''), ${title}) > ${SIMILARITY_THRESHOLD}`,
  );
  return db
    .select({ number: commitments.number, title: commitments.title, status: commitments.status })
    .from(commitments)
    .where(
      and(
        eq(commitments.spaceId, commitment.spaceId),
        owner,
        ne(commitments.id, commitment.id),
        ne(commitments.status, "withdrawn"),
        sql`(similarity(${commitments.searchText}, ${commitment.searchText}) > ${SIMILARITY_THRESHOLD} or ${sql.join(titleMatches, sql` or `)})`,
      ),
    )
    .orderBy(desc(sql`similarity(${commitments.searchText}, ${commitment.searchText})`))
    .limit(5);
}

export type FrameworkChoices = { framework: FrameworkRef; items: FrameworkItem[] }[];

/** The space's frameworks with their items, for the alignment step's grouped choices. */
export async function frameworkChoicesOfSpace(db: Database, spaceId: string): Promise<FrameworkChoices> {
  const frameworks = await frameworksOfSpace(db, spaceId);
  return Promise.all(frameworks.map(async (framework) => ({ framework, items: await listFrameworkItems(db, framework.id) })));
}

export type ReviewTrailEntry = { action: ReviewAction; role: string; country: string; comment: string; createdAt: Date; actorName: string | null };

/** The review trail of a commitment, oldest first (shown to its owner and coordinators). */
export async function reviewTrail(db: Database, commitmentId: string): Promise<ReviewTrailEntry[]> {
  return db
    .select({
      action: commitmentReviewEvents.action,
      role: commitmentReviewEvents.role,
      country: commitmentReviewEvents.country,
      comment: commitmentReviewEvents.comment,
      createdAt: commitmentReviewEvents.createdAt,
      actorName: users.displayName,
    })
    .from(commitmentReviewEvents)
    .leftJoin(users, eq(users.id, commitmentReviewEvents.actorUserId))
    .where(eq(commitmentReviewEvents.commitmentId, commitmentId))
    .orderBy(asc(commitmentReviewEvents.createdAt));
}
