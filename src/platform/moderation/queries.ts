import { and, count, desc, eq, gt, inArray, isNull, lt, max, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../../db/client";
import { users } from "../schema";
import { moderationBlocks, moderationLog, moderationReports, type ModerationAction, type ReportReason } from "./schema";
import { moderationSubject, moderationSubjects, type SubjectSummary } from "./subjects";

/** How many items each section of a queue shows (the oldest wait longest, so they are not cut first). */
export const QUEUE_SECTION_LIMIT = 100;

export type QueueItem = SubjectSummary & {
  subjectType: string;
  authorName: string | null;
  openReports: number;
  /** Open reports per reason, most frequent first. */
  reasons: { reason: ReportReason; count: number }[];
  /** Reporters' notes (without their names: reporters are not exposed to anyone). */
  notes: string[];
};

export type ModerationQueue = { held: QueueItem[]; reported: QueueItem[]; hidden: QueueItem[] };

type SubjectKey = { subjectType: string; subjectId: string };

/**
 * The moderation queue of a space (or of every space when `spaceId` is null, for platform admins): posts held
 * for review, posts with open reports (most reported first) that are still out, and hidden posts.
 */
export async function moderationQueue(db: Database, spaceId: string | null): Promise<ModerationQueue> {
  const subjects = moderationSubjects();
  const [heldKeys, hiddenKeys, reportedRows] = await Promise.all([
    Promise.all(subjects.map(async (subject) => (await subject.listInStatus(db, { spaceId, status: "held", limit: QUEUE_SECTION_LIMIT })).map((subjectId) => ({ subjectType: subject.type, subjectId })))),
    Promise.all(subjects.map(async (subject) => (await subject.listInStatus(db, { spaceId, status: "hidden", limit: QUEUE_SECTION_LIMIT })).map((subjectId) => ({ subjectType: subject.type, subjectId })))),
    db
      .select({ subjectType: moderationReports.subjectType, subjectId: moderationReports.subjectId, reports: count(), latest: max(moderationReports.createdAt) })
      .from(moderationReports)
      .where(and(isNull(moderationReports.resolvedAt), spaceId ? eq(moderationReports.spaceId, spaceId) : undefined))
      .groupBy(moderationReports.subjectType, moderationReports.subjectId)
      .orderBy(desc(count()), desc(max(moderationReports.createdAt)))
      .limit(QUEUE_SECTION_LIMIT),
  ]);
  const all = [...heldKeys.flat(), ...hiddenKeys.flat(), ...reportedRows];
  const items = await describeItems(db, all);
  const pick = (keys: SubjectKey[]) => keys.map((key) => items.get(`${key.subjectType}:${key.subjectId}`)).filter((item): item is QueueItem => Boolean(item));
  return {
    held: pick(heldKeys.flat()),
    // Held and hidden posts with open reports are listed in their own section (with the reports), not twice.
    reported: pick(reportedRows).filter((item) => item.status === "published"),
    hidden: pick(hiddenKeys.flat()),
  };
}

/** Summaries of subjects with their authors' names and open reports, keyed "type:id". */
export async function describeItems(db: Database, keys: readonly SubjectKey[]): Promise<Map<string, QueueItem>> {
  const result = new Map<string, QueueItem>();
  if (!keys.length) return result;
  const byType = new Map<string, string[]>();
  for (const key of keys) byType.set(key.subjectType, [...(byType.get(key.subjectType) ?? []), key.subjectId]);
  const summaries = (
    await Promise.all(
      [...byType].map(async ([type, ids]) => {
        const subject = moderationSubject(type);
        return subject ? (await subject.describe(db, [...new Set(ids)])).map((summary) => ({ ...summary, subjectType: type })) : [];
      }),
    )
  ).flat();
  if (!summaries.length) return result;
  const ids = summaries.map((summary) => summary.id);
  const authorIds = [...new Set(summaries.map((summary) => summary.authorId).filter((id): id is string => Boolean(id)))];
  const [authors, reasons, notes] = await Promise.all([
    authorIds.length ? db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, authorIds)) : Promise.resolve([]),
    db
      .select({ subjectType: moderationReports.subjectType, subjectId: moderationReports.subjectId, reason: moderationReports.reason, reports: count() })
      .from(moderationReports)
      .where(and(inArray(moderationReports.subjectId, ids), isNull(moderationReports.resolvedAt)))
      .groupBy(moderationReports.subjectType, moderationReports.subjectId, moderationReports.reason),
    db
      .select({ subjectType: moderationReports.subjectType, subjectId: moderationReports.subjectId, note: moderationReports.note })
      .from(moderationReports)
      .where(and(inArray(moderationReports.subjectId, ids), isNull(moderationReports.resolvedAt), sql`${moderationReports.note} <> ''`))
      .orderBy(moderationReports.createdAt),
  ]);
  const names = new Map(authors.map((author) => [author.id, author.displayName]));
  for (const summary of summaries) {
    const key = `${summary.subjectType}:${summary.id}`;
    const own = reasons.filter((row) => row.subjectType === summary.subjectType && row.subjectId === summary.id);
    result.set(key, {
      ...summary,
      authorName: summary.authorId ? (names.get(summary.authorId) ?? null) : null,
      openReports: own.reduce((sum, row) => sum + Number(row.reports), 0),
      reasons: own.map((row) => ({ reason: row.reason, count: Number(row.reports) })).sort((a, b) => b.count - a.count),
      notes: notes.filter((row) => row.subjectType === summary.subjectType && row.subjectId === summary.id).map((row) => row.note),
    });
  }
  return result;
}

/** Whether the person has an open report on the subject (the report page says so instead of offering the form). */
export async function hasOpenReport(db: Database, subject: SubjectKey, reporterId: string): Promise<boolean> {
  const rows = await db
    .select({ id: moderationReports.id })
    .from(moderationReports)
    .where(and(eq(moderationReports.subjectType, subject.subjectType), eq(moderationReports.subjectId, subject.subjectId), eq(moderationReports.reporterId, reporterId), isNull(moderationReports.resolvedAt)))
    .limit(1);
  return rows.length > 0;
}

export type LogEntry = {
  id: number;
  spaceId: string | null;
  subjectType: string;
  subjectId: string | null;
  subjectUserName: string | null;
  action: ModerationAction;
  reason: string;
  actorName: string | null;
  createdAt: Date;
};

export const LOG_PAGE_SIZE = 50;

/** Moderation log entries of a space (or every space), newest first, `before` an id for the next page. */
export async function moderationLogPage(db: Database, options: { spaceId: string | null; before?: number; limit?: number; subject?: SubjectKey }): Promise<{ entries: LogEntry[]; nextBefore: number | null }> {
  const limit = options.limit ?? LOG_PAGE_SIZE;
  const actor = alias(users, "actor");
  const person = alias(users, "person");
  const rows = await db
    .select({
      id: moderationLog.id,
      spaceId: moderationLog.spaceId,
      subjectType: moderationLog.subjectType,
      subjectId: moderationLog.subjectId,
      subjectUserName: person.displayName,
      action: moderationLog.action,
      reason: moderationLog.reason,
      actorName: actor.displayName,
      createdAt: moderationLog.createdAt,
    })
    .from(moderationLog)
    .leftJoin(actor, eq(actor.id, moderationLog.actorId))
    .leftJoin(person, eq(person.id, moderationLog.subjectUserId))
    .where(
      and(
        options.spaceId ? eq(moderationLog.spaceId, options.spaceId) : undefined,
        options.before ? lt(moderationLog.id, options.before) : undefined,
        options.subject ? and(eq(moderationLog.subjectType, options.subject.subjectType), eq(moderationLog.subjectId, options.subject.subjectId)) : undefined,
      ),
    )
    .orderBy(desc(moderationLog.id))
    .limit(limit + 1);
  const entries = rows.slice(0, limit);
  return { entries, nextBefore: rows.length > limit ? (entries[entries.length - 1]?.id ?? null) : null };
}

export type BlockRow = { userId: string; displayName: string; reason: string; createdAt: Date; expiresAt: Date | null };

/** People blocked in a space now (expired blocks are over and not listed). */
export async function activeBlocks(db: Database, spaceId: string, now: Date): Promise<BlockRow[]> {
  return db
    .select({ userId: moderationBlocks.userId, displayName: users.displayName, reason: moderationBlocks.reason, createdAt: moderationBlocks.createdAt, expiresAt: moderationBlocks.expiresAt })
    .from(moderationBlocks)
    .innerJoin(users, eq(users.id, moderationBlocks.userId))
    .where(and(eq(moderationBlocks.spaceId, spaceId), or(isNull(moderationBlocks.expiresAt), gt(moderationBlocks.expiresAt, now))))
    .orderBy(desc(moderationBlocks.createdAt));
}
