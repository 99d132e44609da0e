import { and, desc, eq, gt, asc } from "drizzle-orm";
import type { Database } from "../../db/client";
import { decodeCursor, encodeCursor, invalidCursor } from "../../platform/api/pagination";
import { exchangeRecords, exchangeRuns, exchangeSources } from "./schema";

export type HarvestSource = typeof exchangeSources.$inferSelect;
export type HarvestRun = typeof exchangeRuns.$inferSelect;
export type PartnerRecord = typeof exchangeRecords.$inferSelect;

/** The saved sources of a space, by name. */
export async function listSources(db: Database, spaceId: string): Promise<HarvestSource[]> {
  return db.select().from(exchangeSources).where(eq(exchangeSources.spaceId, spaceId)).orderBy(asc(exchangeSources.name));
}

export async function findSource(db: Database, spaceId: string, id: string): Promise<HarvestSource | undefined> {
  const [row] = await db.select().from(exchangeSources).where(and(eq(exchangeSources.spaceId, spaceId), eq(exchangeSources.id, id)));
  return row;
}

/** The latest runs of a space (without their reports, which can be long). */
export async function recentRuns(db: Database, spaceId: string, limit = 20): Promise<Omit<HarvestRun, "report">[]> {
  return db
    .select({
      id: exchangeRuns.id,
      spaceId: exchangeRuns.spaceId,
      sourceId: exchangeRuns.sourceId,
      origin: exchangeRuns.origin,
      status: exchangeRuns.status,
      format: exchangeRuns.format,
      error: exchangeRuns.error,
      createdBy: exchangeRuns.createdBy,
      createdAt: exchangeRuns.createdAt,
      finishedAt: exchangeRuns.finishedAt,
    })
    .from(exchangeRuns)
    .where(eq(exchangeRuns.spaceId, spaceId))
    .orderBy(desc(exchangeRuns.createdAt))
    .limit(limit);
}

export async function findRun(db: Database, spaceId: string, id: string): Promise<HarvestRun | undefined> {
  const [row] = await db.select().from(exchangeRuns).where(and(eq(exchangeRuns.spaceId, spaceId), eq(exchangeRuns.id, id)));
  return row;
}

/** One keyset page of a space's harvested records of a kind (partner commitments: kind "commitment"), by id. */
export async function listPartnerRecords(db: Database, spaceId: string, kind: string, page: { cursor?: string; limit: number }): Promise<{ items: PartnerRecord[]; nextCursor: string | null }> {
  const after = page.cursor ? String(decodeCursor(page.cursor, 1)![0]) : null;
  if (after !== null && !/^[0-9a-f-]{36}$/i.test(after)) throw invalidCursor();
  const rows = await db
    .select()
    .from(exchangeRecords)
    .where(and(eq(exchangeRecords.spaceId, spaceId), eq(exchangeRecords.kind, kind), after ? gt(exchangeRecords.id, after) : undefined))
    .orderBy(asc(exchangeRecords.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  return { items, nextCursor: rows.length > page.limit ? encodeCursor([items[items.length - 1]!.id]) : null };
}

export async function findPartnerRecord(db: Database, spaceId: string, id: string): Promise<PartnerRecord | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db.select().from(exchangeRecords).where(and(eq(exchangeRecords.spaceId, spaceId), eq(exchangeRecords.id, id)));
  return row;
}

/**
 * Where a harvested record came from, for "From …" labels: the host of the URL it was fetched from, else (an
 * uploaded file) the platform the document names, else the file's name.
 */
export function sourceLabel(origin: string, sourceSystem = ""): string {
  try {
    return new URL(origin).host;
  } catch {
    return sourceSystem || origin;
  }
}
