import { aliasedTable, and, desc, eq, gt, lt, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { escapeLike } from "../../db/sql";
import { decodeCursor, encodeCursor } from "../api/pagination";
import { AppError } from "../errors";
import { auditLog, users } from "../schema";

export type AuditFilters = { actionPrefix?: string; subjectType?: string; actorEmail?: string; spaceId?: string };

export type AuditRow = {
  id: number;
  createdAt: Date;
  action: string;
  subjectType: string;
  subjectId: string | null;
  spaceId: string | null;
  details: Record<string, unknown>;
  /** Null when the actor's account was deleted (or never was a person). */
  actorName: string | null;
  actorEmail: string | null;
  /** For entries about a user account: that user's current name, null when deleted. */
  subjectUserName: string | null;
};


/** The audit log, newest first, filtered; keyset pagination on the (ever-growing) id. */
export async function listAuditEntries(db: Database, filters: AuditFilters, page: { cursor?: string; limit: number }): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
  const actor = aliasedTable(users, "actor");
  const subjectUser = aliasedTable(users, "subject_user");
  const conditions: SQL[] = [];
  if (filters.actionPrefix) conditions.push(sql`${auditLog.action} like ${`${escapeLike(filters.actionPrefix)}%`}`);
  if (filters.subjectType) conditions.push(eq(auditLog.subjectType, filters.subjectType));
  if (filters.actorEmail) conditions.push(sql`lower(${actor.email}) like ${`%${escapeLike(filters.actorEmail.toLowerCase())}%`}`);
  if (filters.spaceId) conditions.push(eq(auditLog.spaceId, filters.spaceId));
  const cursor = decodeCursor(page.cursor, 1);
  if (cursor) {
    const lastId = cursor[0];
    if (typeof lastId !== "number" || !Number.isSafeInteger(lastId)) throw new AppError("bad_request", "error.invalid_cursor");
    conditions.push(lt(auditLog.id, lastId));
  }
  const rows = await db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      spaceId: auditLog.spaceId,
      details: auditLog.details,
      actorName: sql<string | null>`case when ${actor.deletedAt} is null then ${actor.displayName} end`,
      actorEmail: sql<string | null>`case when ${actor.deletedAt} is null then ${actor.email} end`,
      subjectUserName: sql<string | null>`case when ${subjectUser.deletedAt} is null then ${subjectUser.displayName} end`,
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorUserId))
    .leftJoin(subjectUser, and(eq(auditLog.subjectType, "user"), sql`${subjectUser.id}::text = ${auditLog.subjectId}`))
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(page.limit + 1);
  const hasMore = rows.length > page.limit;
  const shown = rows.slice(0, page.limit);
  return { rows: shown, nextCursor: hasMore ? encodeCursor([shown[shown.length - 1].id]) : null };
}

/** Entries written in the last `days` days, by the database's clock (which stamps them). */
export async function countRecentAuditEntries(db: Database, days: number): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(auditLog).where(gt(auditLog.createdAt, sql`now() - make_interval(days => ${days})`));
  return Number(row?.count ?? 0);
}

/** The subject types present, for the filter's choices. */
export async function listAuditSubjectTypes(db: Database): Promise<string[]> {
  const rows = await db.selectDistinct({ subjectType: auditLog.subjectType }).from(auditLog).orderBy(auditLog.subjectType).limit(200);
  return rows.map((row) => row.subjectType);
}
