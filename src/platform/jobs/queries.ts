import { and, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { decodeCursor, encodeCursor } from "../api/pagination";
import { AppError } from "../errors";
import { jobs, type JobStatus } from "../schema";

export const JOB_STATUSES = ["pending", "running", "done", "failed"] as const satisfies readonly JobStatus[];

export type JobFilters = { status?: JobStatus; kind?: string };

/** What the admin page shows of a job. The payload is left out on purpose: mail jobs carry one-time login links. */
export type JobRow = {
  id: number;
  kind: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

/** Jobs, newest first, with keyset pagination on the id. */
export async function listJobs(db: Database, filters: JobFilters, page: { cursor?: string; limit: number }): Promise<{ rows: JobRow[]; nextCursor: string | null }> {
  const conditions: SQL[] = [];
  if (filters.status) conditions.push(eq(jobs.status, filters.status));
  if (filters.kind) conditions.push(eq(jobs.kind, filters.kind));
  const cursor = decodeCursor(page.cursor, 1);
  if (cursor) {
    const lastId = cursor[0];
    if (typeof lastId !== "number" || !Number.isSafeInteger(lastId)) throw new AppError("bad_request", "error.invalid_cursor");
    conditions.push(lt(jobs.id, lastId));
  }
  const rows = await db
    .select({
      id: jobs.id,
      kind: jobs.kind,
      status: jobs.status,
      attempts: jobs.attempts,
      maxAttempts: jobs.maxAttempts,
      runAt: jobs.runAt,
      lastError: jobs.lastError,
      createdAt: jobs.createdAt,
      finishedAt: jobs.finishedAt,
    })
    .from(jobs)
    .where(and(...conditions))
    .orderBy(desc(jobs.id))
    .limit(page.limit + 1);
  const hasMore = rows.length > page.limit;
  const shown = rows.slice(0, page.limit);
  return { rows: shown, nextCursor: hasMore ? encodeCursor([shown[shown.length - 1].id]) : null };
}

/** How many jobs are in each status (statuses with none are 0). */
export async function countJobsByStatus(db: Database): Promise<Record<JobStatus, number>> {
  const rows = await db.select({ status: jobs.status, count: sql<number>`count(*)::int` }).from(jobs).groupBy(jobs.status);
  const counts: Record<JobStatus, number> = { pending: 0, running: 0, done: 0, failed: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

/** The job kinds present, for the filter's choices. */
export async function listJobKinds(db: Database): Promise<string[]> {
  const rows = await db.selectDistinct({ kind: jobs.kind }).from(jobs).orderBy(jobs.kind).limit(200);
  return rows.map((row) => row.kind);
}
