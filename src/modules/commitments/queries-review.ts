import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { notFound } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import { users } from "../../platform/schema";
import { canActForOrganisation, listMembers } from "../organisations/queries";
import type { Viewer } from "../spaces/permissions";
import { getSpaceForViewer, spacePeople, type ViewedSpace } from "../spaces/queries";
import { canSeeCommitment, type ReviewSubject } from "./permissions-review";
import { commitmentCountrySettings, commitmentReviewEvents, commitments, type ReviewAction } from "./schema";

const reviewColumns = {
  id: commitments.id,
  number: commitments.number,
  spaceId: commitments.spaceId,
  organisationId: commitments.organisationId,
  personUserId: commitments.personUserId,
  createdBy: commitments.createdBy,
  title: commitments.title,
  status: commitments.status,
  stage: commitments.stage,
  countries: commitments.countries,
  submittedAt: commitments.submittedAt,
  reviewDeadline: commitments.reviewDeadline,
  publishedAt: commitments.publishedAt,
  returnedAt: commitments.returnedAt,
  returnComment: commitments.returnComment,
  lastReportAt: commitments.lastReportAt,
};

/** The fields of a commitment the review and progress parts work with. */
export type ReviewCommitment = {
  id: string;
  number: number;
  spaceId: string;
  organisationId: string | null;
  personUserId: string | null;
  createdBy: string | null;
  title: LocalizedText;
  status: ReviewSubject["status"];
  stage: typeof commitments.$inferSelect.stage;
  countries: string[];
  submittedAt: Date | null;
  reviewDeadline: Date | null;
  publishedAt: Date | null;
  returnedAt: Date | null;
  returnComment: string | null;
  lastReportAt: string | null;
};

/** One commitment by id; `isLocked` takes a row lock until the transaction ends (one transition at a time). */
export async function findReviewCommitment(db: Database, id: string, options: { isLocked?: boolean } = {}): Promise<ReviewCommitment | undefined> {
  const query = db.select(reviewColumns).from(commitments).where(eq(commitments.id, id));
  const [row] = options.isLocked ? await query.for("update") : await query;
  return row;
}

export async function findCommitmentByNumber(db: Database, spaceId: string, number: number): Promise<ReviewCommitment | undefined> {
  if (!Number.isSafeInteger(number) || number < 1) return undefined;
  const [row] = await db.select(reviewColumns).from(commitments).where(and(eq(commitments.spaceId, spaceId), eq(commitments.number, number)));
  return row;
}

/** Whether the user is the committing person or a member of the committing organisation. */
export async function isCommitmentOwner(db: Database, commitment: Pick<ReviewCommitment, "personUserId" | "organisationId">, userId: string | null | undefined): Promise<boolean> {
  if (!userId) return false;
  if (commitment.personUserId === userId) return true;
  return commitment.organisationId ? canActForOrganisation(db, userId, commitment.organisationId) : false;
}

export function reviewSubject(commitment: ReviewCommitment, isOwner: boolean): ReviewSubject {
  return { status: commitment.status, countries: commitment.countries, reviewDeadline: commitment.reviewDeadline, isOwner };
}

export type ViewedCommitment = { space: ViewedSpace; commitment: ReviewCommitment; subject: ReviewSubject };

/**
 * The commitment `number` of the space `slug` as this viewer may see it. A commitment the viewer may not
 * see is a 404 exactly like a missing one (drafts and private spaces cannot be probed).
 */
export async function loadCommitmentForViewer(db: Database, slug: string, numberText: string, viewer: Viewer): Promise<ViewedCommitment> {
  const space = await getSpaceForViewer(db, slug, viewer);
  const number = /^\d{1,15}$/.test(numberText) ? Number(numberText) : NaN;
  const commitment = await findCommitmentByNumber(db, space.id, number);
  if (!commitment) throw notFound();
  const subject = reviewSubject(commitment, await isCommitmentOwner(db, commitment, viewer?.id));
  if (!canSeeCommitment(viewer, space.viewerRoles, subject)) throw notFound();
  return { space, commitment, subject };
}

export type Recipient = { userId: string; email: string; locale: string };

async function recipientsByIds(db: Database, userIds: string[]): Promise<Recipient[]> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return [];
  return db
    .select({ userId: users.id, email: users.email, locale: users.locale })
    .from(users)
    .where(and(inArray(users.id, ids), isNull(users.deletedAt)))
    .orderBy(asc(users.email));
}

/** Who hears about a commitment's review and reminders: its creator, the committing person and the organisation's admins. */
export async function authorContacts(db: Database, commitment: Pick<ReviewCommitment, "createdBy" | "personUserId" | "organisationId">): Promise<Recipient[]> {
  const ids = [commitment.createdBy, commitment.personUserId].filter((id): id is string => Boolean(id));
  if (commitment.organisationId) {
    for (const member of await listMembers(db, commitment.organisationId)) if (member.role === "admin") ids.push(member.userId);
  }
  return recipientsByIds(db, ids);
}

/** The focal points of the given countries in a space, each with the country they stand for. */
export async function focalPointRecipients(db: Database, spaceId: string, countries: readonly string[]): Promise<(Recipient & { country: string })[]> {
  if (!countries.length) return [];
  const people = (await spacePeople(db, spaceId, ["focal_point"])).filter((person) => countries.includes(person.country));
  const byId = new Map((await recipientsByIds(db, people.map((person) => person.userId))).map((recipient) => [recipient.userId, recipient]));
  return people.flatMap((person) => {
    const recipient = byId.get(person.userId);
    return recipient ? [{ ...recipient, country: person.country }] : [];
  });
}

/** Countries of the space whose focal points publish commitments naming them without review. */
export async function autoPublishCountries(db: Database, spaceId: string): Promise<Set<string>> {
  const rows = await db
    .select({ country: commitmentCountrySettings.country })
    .from(commitmentCountrySettings)
    .where(and(eq(commitmentCountrySettings.spaceId, spaceId), eq(commitmentCountrySettings.isAutoPublish, true)));
  return new Set(rows.map((row) => row.country));
}

export type ReviewQueueItem = Pick<ReviewCommitment, "id" | "number" | "title" | "status" | "countries" | "submittedAt" | "reviewDeadline">;

/**
 * Commitments waiting for review in a space: all of them for coordinators, only those naming one of
 * `focalCountries` otherwise (pass null for "all"). Oldest submission first.
 */
export async function reviewQueue(db: Database, spaceId: string, focalCountries: readonly string[] | null): Promise<ReviewQueueItem[]> {
  if (focalCountries && !focalCountries.length) return [];
  return db
    .select({
      id: commitments.id,
      number: commitments.number,
      title: commitments.title,
      status: commitments.status,
      countries: commitments.countries,
      submittedAt: commitments.submittedAt,
      reviewDeadline: commitments.reviewDeadline,
    })
    .from(commitments)
    .where(
      and(
        eq(commitments.spaceId, spaceId),
        inArray(commitments.status, ["submitted", "under_review"]),
        focalCountries ? sql`${commitments.countries} && ${sql`array[${sql.join(focalCountries.map((country) => sql`${country}`), sql`, `)}]::text[]`}` : undefined,
      ),
    )
    .orderBy(asc(commitments.submittedAt), asc(commitments.number));
}

export type ReviewEventRow = { action: ReviewAction; role: string; country: string; comment: string; createdAt: Date };

export async function reviewEvents(db: Database, commitmentId: string): Promise<ReviewEventRow[]> {
  return db
    .select({ action: commitmentReviewEvents.action, role: commitmentReviewEvents.role, country: commitmentReviewEvents.country, comment: commitmentReviewEvents.comment, createdAt: commitmentReviewEvents.createdAt })
    .from(commitmentReviewEvents)
    .where(eq(commitmentReviewEvents.commitmentId, commitmentId))
    .orderBy(desc(commitmentReviewEvents.createdAt));
}

/** Every country setting of a space, for the countries page. */
export async function countrySettingsOf(db: Database, spaceId: string): Promise<{ country: string; isAutoPublish: boolean }[]> {
  return db
    .select({ country: commitmentCountrySettings.country, isAutoPublish: commitmentCountrySettings.isAutoPublish })
    .from(commitmentCountrySettings)
    .where(eq(commitmentCountrySettings.spaceId, spaceId))
    .orderBy(asc(commitmentCountrySettings.country));
}
