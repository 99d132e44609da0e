import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { recordAudit } from "../../../platform/audit/record";
import type { Services } from "../../../platform/services";
import { DEFAULT_FETCH_LIMITS, fetchDocument, FetchRefused, type FetchLimits } from "../fetch-source";
import { parseDocument, UnreadableDocument, type ParsedRecord } from "../parse";
import type { ExchangeFormat, ExchangeItem } from "../shapes";
import { exchangeRecords, exchangeRuns, exchangeSources, type RunReportLine } from "../schema";

export const HARVEST_JOB = "exchange.harvest";
/** The most pages of an OData answer one harvest follows (`@odata.nextLink`). */
export const MAX_PAGES = 100;

/** The same JSON whatever the order of its keys: what the raw-record hash is taken over. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export const rawHash = (raw: unknown): string => createHash("sha256").update(canonicalJson(raw)).digest("hex");

const validDate = (value: string | null): Date | null => {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** How many rows one statement reads or inserts when storing a document. */
const BATCH = 500;

/**
 * Stores the valid records of a read document in one transaction and says what happened to each: created, updated
 * (same identifier, different record), unchanged (identical record: same hash) or skipped with the reason.
 * Invalid records are never stored; a record repeated in one document is taken once. Existing rows are read and
 * new ones inserted in batches, so a 10,000-record document is a few dozen statements plus one per changed record.
 */
export async function storeRecords(db: Database, context: { spaceId: string; origin: string; sourceSystem: string; harvestedAt: Date }, records: ParsedRecord[]): Promise<RunReportLine[]> {
  const seen = new Set<string>();
  const report: RunReportLine[] = [];
  const valid: { lineIndex: number; item: ExchangeItem; raw: unknown; hash: string }[] = [];
  for (const record of records) {
    const line = { position: record.position, identifier: record.identifier, kind: record.item?.kind ?? null, title: record.title };
    if (!record.item) {
      report.push({ ...line, outcome: "skipped", reason: record.reason });
      continue;
    }
    const key = `${record.item.kind}\u0000${record.item.identifier}`;
    if (seen.has(key)) {
      report.push({ ...line, outcome: "skipped", reason: "duplicate: the same identifier appears earlier in this document" });
      continue;
    }
    seen.add(key);
    // Provisionally "created"; the lookup below turns it into updated or unchanged.
    report.push({ ...line, outcome: "created", reason: null });
    valid.push({ lineIndex: report.length - 1, item: record.item, raw: record.raw, hash: rawHash(record.raw) });
  }
  const values = (entry: (typeof valid)[number]) => ({
    spaceId: context.spaceId,
    kind: entry.item.kind,
    sourceIdentifier: entry.item.identifier,
    sourceSystem: context.sourceSystem,
    sourceOrigin: context.origin,
    recordUrl: entry.item.url,
    title: entry.item.title,
    description: entry.item.description,
    actorName: entry.item.actorName,
    contact: entry.item.contact,
    countries: entry.item.countries,
    keywords: entry.item.keywords,
    startDate: entry.item.startDate,
    endDate: entry.item.endDate,
    stage: entry.item.stage,
    publishedAt: validDate(entry.item.publishedAt),
    sourceUpdatedAt: validDate(entry.item.updatedAt),
    raw: entry.raw,
    rawHash: entry.hash,
    harvestedAt: context.harvestedAt,
  });
  await db.transaction(async (tx) => {
    for (let offset = 0; offset < valid.length; offset += BATCH) {
      const batch = valid.slice(offset, offset + BATCH);
      const existing = await tx
        .select({ id: exchangeRecords.id, kind: exchangeRecords.kind, sourceIdentifier: exchangeRecords.sourceIdentifier, rawHash: exchangeRecords.rawHash })
        .from(exchangeRecords)
        .where(and(eq(exchangeRecords.spaceId, context.spaceId), inArray(exchangeRecords.sourceIdentifier, batch.map((entry) => entry.item.identifier))))
        .for("update");
      const byKey = new Map(existing.map((row) => [`${row.kind}\u0000${row.sourceIdentifier}`, row]));
      const fresh: typeof batch = [];
      for (const entry of batch) {
        const found = byKey.get(`${entry.item.kind}\u0000${entry.item.identifier}`);
        if (!found) fresh.push(entry);
        else if (found.rawHash === entry.hash) report[entry.lineIndex]!.outcome = "unchanged";
        else {
          const { spaceId: _space, kind: _kind, sourceIdentifier: _identifier, ...changed } = values(entry);
          await tx.update(exchangeRecords).set(changed).where(eq(exchangeRecords.id, found.id));
          report[entry.lineIndex]!.outcome = "updated";
        }
      }
      if (fresh.length) await tx.insert(exchangeRecords).values(fresh.map(values));
    }
  });
  return report;
}

export type UploadResult = { runId: string; format: ExchangeFormat; report: RunReportLine[] };

/**
 * Imports an uploaded document at once (files are small enough to answer in the request). A document that is not
 * JSON, or in none of the known shapes, throws UnreadableDocument and leaves no trace but the error.
 */
export async function importUpload(services: Services, input: { spaceId: string; userId: string; fileName: string; body: string; ip?: string }): Promise<UploadResult> {
  const parsed = parseDocument(input.body);
  const now = services.clock.now();
  const origin = input.fileName.slice(0, 300) || "upload.json";
  const report = await storeRecords(services.db, { spaceId: input.spaceId, origin, sourceSystem: parsed.sourceSystem, harvestedAt: now }, parsed.records);
  const [run] = await services.db
    .insert(exchangeRuns)
    .values({ spaceId: input.spaceId, origin, status: "done", format: parsed.format, report, createdBy: input.userId, createdAt: now, finishedAt: now })
    .returning({ id: exchangeRuns.id });
  await recordAudit(services.db, { actorUserId: input.userId, action: "exchange.import_file", subjectType: "exchange_run", subjectId: run!.id, spaceId: input.spaceId, details: { origin }, ip: input.ip ?? null });
  return { runId: run!.id, format: parsed.format, report };
}

/** Queues the harvest of a URL (a saved source's or one typed once); the job fetches and imports it. */
export async function queueHarvest(services: Services, input: { spaceId: string; userId: string; url: string; sourceId?: string | null; ip?: string }): Promise<string> {
  return services.db.transaction(async (tx) => {
    const [run] = await tx
      .insert(exchangeRuns)
      .values({ spaceId: input.spaceId, sourceId: input.sourceId ?? null, origin: input.url, status: "queued", createdBy: input.userId, createdAt: services.clock.now() })
      .returning({ id: exchangeRuns.id });
    await services.jobs.enqueue(HARVEST_JOB, { runId: run!.id }, { db: tx, maxAttempts: 1 });
    if (input.sourceId) await tx.update(exchangeSources).set({ lastRunAt: services.clock.now() }).where(eq(exchangeSources.id, input.sourceId));
    await recordAudit(tx, { actorUserId: input.userId, action: "exchange.harvest_url", subjectType: "exchange_run", subjectId: run!.id, spaceId: input.spaceId, details: { url: input.url }, ip: input.ip ?? null });
    return run!.id;
  });
}

/** Saves a URL as a harvest source of the space (the same URL twice is the same source). */
export async function saveSource(db: Database, input: { spaceId: string; userId: string; name: string; url: string }): Promise<string> {
  const [row] = await db
    .insert(exchangeSources)
    .values({ spaceId: input.spaceId, name: input.name, url: input.url, createdBy: input.userId })
    .onConflictDoUpdate({ target: [exchangeSources.spaceId, exchangeSources.url], set: { name: input.name } })
    .returning({ id: exchangeSources.id });
  return row!.id;
}

export const fetchLimitsOf = (services: Services): FetchLimits => ({ ...DEFAULT_FETCH_LIMITS, isPrivateAllowed: services.config.isHarvestPrivateAllowed });

/**
 * The job: fetches the run's URL (and the following pages of an OData answer), reads and stores the records, and
 * writes the report. Refusals (scheme, private address, size, timeout) and unreadable documents fail the run with
 * their reason; nothing of a failed fetch is stored.
 */
export async function runHarvest(services: Services, runId: string, limits: FetchLimits = fetchLimitsOf(services)): Promise<void> {
  const { db, clock } = services;
  const [run] = await db.select().from(exchangeRuns).where(eq(exchangeRuns.id, runId));
  if (!run || run.status === "done" || run.status === "failed") return;
  await db.update(exchangeRuns).set({ status: "running" }).where(eq(exchangeRuns.id, runId));
  try {
    let url: string | null = run.origin;
    let format: string | null = null;
    const records: ParsedRecord[] = [];
    let sourceSystem = "";
    for (let page = 0; url && page < MAX_PAGES; page += 1) {
      const fetched = await fetchDocument(url, limits);
      const parsed = parseDocument(fetched.body);
      format ??= parsed.format;
      sourceSystem ||= `${parsed.sourceSystem} (${new URL(fetched.url).host})`;
      records.push(...parsed.records.map((record) => ({ ...record, position: records.length + record.position })));
      url = parsed.nextLink ? new URL(parsed.nextLink, fetched.url).toString() : null;
    }
    const report = await storeRecords(db, { spaceId: run.spaceId, origin: run.origin, sourceSystem, harvestedAt: clock.now() }, records);
    await db.update(exchangeRuns).set({ status: "done", format, report, finishedAt: clock.now() }).where(eq(exchangeRuns.id, runId));
  } catch (error) {
    const reason = error instanceof FetchRefused || error instanceof UnreadableDocument ? error.message : "exchange.error.failed";
    await db.update(exchangeRuns).set({ status: "failed", error: reason.slice(0, 500), finishedAt: clock.now() }).where(eq(exchangeRuns.id, runId));
    if (!(error instanceof FetchRefused || error instanceof UnreadableDocument)) throw error;
  }
}
