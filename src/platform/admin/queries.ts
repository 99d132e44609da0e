import { and, asc, isNull, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { escapeLike } from "../../db/sql";
import { decodeCursor, encodeCursor } from "../api/pagination";
import { countRecentAuditEntries } from "../audit/queries";
import { AppError } from "../errors";
import { countJobsByStatus } from "../jobs/queries";
import { countOutbox } from "../mail/outbox";
import { users } from "../schema";
import type { Services } from "../services";

export type AdminOverview = {
  users: number;
  jobsPending: number;
  jobsFailed: number;
  /** Null when mail goes through SMTP (there is no outbox to count). */
  outbox: number | null;
  auditLastWeek: number;
};

/** The counts on the administration home page. */
export async function adminOverview(services: Services): Promise<AdminOverview> {
  const [userCount] = await services.db.select({ count: sql<number>`count(*)::int` }).from(users).where(isNull(users.deletedAt));
  const jobCounts = await countJobsByStatus(services.db);
  return {
    users: Number(userCount?.count ?? 0),
    jobsPending: jobCounts.pending,
    jobsFailed: jobCounts.failed,
    outbox: services.mailer.usesOutbox ? await countOutbox(services.mailer.outboxDir) : null,
    auditLastWeek: await countRecentAuditEntries(services.db, 7),
  };
}

export type AdminUserRow = {
  id: string;
  email: string;
  displayName: string;
  isPlatformAdmin: boolean;
  emailVerifiedAt: Date | null;
  lockedUntil: Date | null;
  createdAt: Date;
};


/** Accounts (not deleted) whose email or name contains `search`, by email; keyset pagination on (email, id). */
export async function searchUsers(db: Database, search: string, page: { cursor?: string; limit: number }): Promise<{ rows: AdminUserRow[]; nextCursor: string | null }> {
  const conditions: SQL[] = [isNull(users.deletedAt)];
  const needle = search.trim().toLowerCase();
  if (needle) {
    const pattern = `%${escapeLike(needle)}%`;
    conditions.push(sql`(lower(${users.email}) like ${pattern} or lower(${users.displayName}) like ${pattern})`);
  }
  const cursor = decodeCursor(page.cursor, 2);
  if (cursor) {
    const [lastEmail, lastId] = cursor;
    if (typeof lastEmail !== "string" || typeof lastId !== "string" || !/^[0-9a-f-]{36}$/.test(lastId)) throw new AppError("bad_request", "error.invalid_cursor");
    conditions.push(sql`(lower(${users.email}), ${users.id}) > (${lastEmail}, ${lastId}::uuid)`);
  }
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      isPlatformAdmin: users.isPlatformAdmin,
      emailVerifiedAt: users.emailVerifiedAt,
      lockedUntil: users.lockedUntil,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(and(...conditions))
    .orderBy(sql`lower(${users.email})`, asc(users.id))
    .limit(page.limit + 1);
  const hasMore = rows.length > page.limit;
  const shown = rows.slice(0, page.limit);
  const last = shown[shown.length - 1];
  return { rows: shown, nextCursor: hasMore ? encodeCursor([last.email.toLowerCase(), last.id]) : null };
}
