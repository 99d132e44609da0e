import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Database } from "../../db/client";
import { notFound } from "../../platform/errors";
import { getSpaceForViewer, type ViewedSpace } from "../spaces/queries";
import { canOrganiseMentoring } from "./permissions";
import { mentoringMeetings, mentoringMentees, mentoringMentors, mentoringPairs, mentoringRejections, type PairStatus } from "./schema";

export type MentorView = typeof mentoringMentors.$inferSelect & { activePairs: number };
export type MenteeView = typeof mentoringMentees.$inferSelect;
export type MeetingView = typeof mentoringMeetings.$inferSelect;
export type PairView = {
  id: string;
  spaceId: string;
  status: PairStatus;
  score: number | null;
  reasons: Record<string, unknown>;
  confirmedAt: Date;
  closedAt: Date | null;
  mentor: MentorView;
  mentee: MenteeView;
  mentorUserId: string;
  menteeUserId: string;
};

/** The path of the space's mentoring pages. */
export const mentoringPath = (spaceSlug: string): string => `/spaces/${spaceSlug}/mentoring`;

/** A space with mentoring (its "programmes" feature) for this viewer, or 404 when it may not be seen or has none. */
export async function loadMentoringSpace(request: FastifyRequest, slug: string): Promise<{ space: ViewedSpace; isOrganiser: boolean }> {
  const space = await getSpaceForViewer(request.server.services.db, slug, request.user);
  if (!space.enabledModules.includes("programmes")) throw notFound();
  return { space, isOrganiser: canOrganiseMentoring(request.user, space.viewerRoles) };
}

// Qualified by hand: inside a sql template Drizzle renders a column without its table, which the subquery would
// resolve to its own mentoring_pairs.id.
const activeCount = sql<number>`(select count(*)::int from mentoring_pairs p where p.mentor_id = mentoring_mentors.id and p.status = 'active')`;

/** Mentors of a space with how many active pairs each has; `onlyOpen` keeps those listed (open). */
export async function listMentors(db: Database, spaceId: string, options: { onlyOpen?: boolean } = {}): Promise<MentorView[]> {
  const rows = await db
    .select({ mentor: mentoringMentors, activePairs: activeCount })
    .from(mentoringMentors)
    .where(and(eq(mentoringMentors.spaceId, spaceId), options.onlyOpen ? eq(mentoringMentors.status, "open") : sql`${mentoringMentors.status} <> 'withdrawn'`))
    .orderBy(asc(mentoringMentors.displayName), asc(mentoringMentors.id));
  return rows.map((row) => ({ ...row.mentor, activePairs: Number(row.activePairs) }));
}

export async function findMentorOfUser(db: Database, spaceId: string, userId: string): Promise<MentorView | undefined> {
  const [row] = await db.select({ mentor: mentoringMentors, activePairs: activeCount }).from(mentoringMentors).where(and(eq(mentoringMentors.spaceId, spaceId), eq(mentoringMentors.userId, userId)));
  return row ? { ...row.mentor, activePairs: Number(row.activePairs) } : undefined;
}

export async function findMenteeOfUser(db: Database, spaceId: string, userId: string): Promise<MenteeView | undefined> {
  const [row] = await db.select().from(mentoringMentees).where(and(eq(mentoringMentees.spaceId, spaceId), eq(mentoringMentees.userId, userId)));
  return row;
}

/** Mentees still waiting for a mentor, longest waiting first. */
export async function listWaitingMentees(db: Database, spaceId: string): Promise<MenteeView[]> {
  return db.select().from(mentoringMentees).where(and(eq(mentoringMentees.spaceId, spaceId), eq(mentoringMentees.status, "waiting"))).orderBy(asc(mentoringMentees.createdAt), asc(mentoringMentees.id));
}

async function pairsWhere(db: Database, condition: ReturnType<typeof and>): Promise<PairView[]> {
  const rows = await db
    .select({ pair: mentoringPairs, mentor: mentoringMentors, mentee: mentoringMentees, activePairs: activeCount })
    .from(mentoringPairs)
    .innerJoin(mentoringMentors, eq(mentoringMentors.id, mentoringPairs.mentorId))
    .innerJoin(mentoringMentees, eq(mentoringMentees.id, mentoringPairs.menteeId))
    .where(condition)
    .orderBy(desc(mentoringPairs.confirmedAt), asc(mentoringPairs.id));
  return rows.map(({ pair, mentor, mentee, activePairs }) => ({
    id: pair.id, spaceId: pair.spaceId, status: pair.status, score: pair.score === null ? null : Number(pair.score), reasons: pair.reasons,
    confirmedAt: pair.confirmedAt, closedAt: pair.closedAt, mentor: { ...mentor, activePairs: Number(activePairs) }, mentee,
    mentorUserId: mentor.userId, menteeUserId: mentee.userId,
  }));
}

/** The pairs of a space (organisers), or only those a person is in. */
export async function listPairs(db: Database, spaceId: string, options: { userId?: string; status?: PairStatus } = {}): Promise<PairView[]> {
  return pairsWhere(
    db,
    and(
      eq(mentoringPairs.spaceId, spaceId),
      options.status ? eq(mentoringPairs.status, options.status) : undefined,
      options.userId ? sql`(${mentoringMentors.userId} = ${options.userId} or ${mentoringMentees.userId} = ${options.userId})` : undefined,
    ),
  );
}

export async function findPair(db: Database, spaceId: string, pairId: string): Promise<PairView | undefined> {
  const [pair] = await pairsWhere(db, and(eq(mentoringPairs.spaceId, spaceId), eq(mentoringPairs.id, pairId)));
  return pair;
}

/** An active pair by id alone (the relay resolves ids without a space). */
export async function findActivePair(db: Database, pairId: string): Promise<PairView | undefined> {
  const [pair] = await pairsWhere(db, and(eq(mentoringPairs.id, pairId), eq(mentoringPairs.status, "active")));
  return pair;
}

export async function listMeetings(db: Database, pairId: string): Promise<MeetingView[]> {
  return db.select().from(mentoringMeetings).where(eq(mentoringMeetings.pairId, pairId)).orderBy(desc(mentoringMeetings.metOn), desc(mentoringMeetings.createdAt));
}

/** Mentee–mentor combinations that were paired before (closed pairs), and those an organiser rejected. */
export async function pairingHistory(db: Database, spaceId: string): Promise<{ previous: { menteeId: string; mentorId: string }[]; rejected: { menteeId: string; mentorId: string }[] }> {
  const [previous, rejected] = await Promise.all([
    db.select({ menteeId: mentoringPairs.menteeId, mentorId: mentoringPairs.mentorId }).from(mentoringPairs).where(and(eq(mentoringPairs.spaceId, spaceId), eq(mentoringPairs.status, "closed"))),
    db
      .select({ menteeId: mentoringRejections.menteeId, mentorId: mentoringRejections.mentorId })
      .from(mentoringRejections)
      .innerJoin(mentoringMentees, eq(mentoringMentees.id, mentoringRejections.menteeId))
      .where(eq(mentoringMentees.spaceId, spaceId)),
  ]);
  return { previous, rejected };
}

/** Meetings logged per pair (for the organisers' list). */
export async function meetingCounts(db: Database, pairIds: string[]): Promise<Map<string, number>> {
  if (!pairIds.length) return new Map();
  const rows = await db.select({ pairId: mentoringMeetings.pairId, count: sql<number>`count(*)::int` }).from(mentoringMeetings).where(inArray(mentoringMeetings.pairId, pairIds)).groupBy(mentoringMeetings.pairId);
  return new Map(rows.map((row) => [row.pairId, Number(row.count)]));
}
