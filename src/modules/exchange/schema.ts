import { jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../platform/i18n/localized";

// Mirrors src/db/migrations/0039_exchange.sql.

/** Public contact details of a contact record (an organisation's public email, phone, address, website). */
export type ExchangeContact = { email?: string; phone?: string; address?: string; website?: string };
export type RunStatus = "queued" | "running" | "done" | "failed";
export type RecordOutcome = "created" | "updated" | "unchanged" | "skipped";
/** One line of a harvest's report: what happened to one record of the document, and why when skipped. */
export type RunReportLine = { position: number; identifier: string | null; kind: string | null; title: string; outcome: RecordOutcome; reason: string | null };

export const exchangeSources = pgTable("exchange_sources", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  name: text("name").notNull(),
  url: text("url").notNull(),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastRunAt: timestamp("last_run_at", { withTimezone: true }),
});

export const exchangeRuns = pgTable("exchange_runs", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  sourceId: uuid("source_id"),
  origin: text("origin").notNull(),
  status: text("status").$type<RunStatus>().notNull(),
  format: text("format"),
  report: jsonb("report").$type<RunReportLine[]>().notNull().default([]),
  error: text("error"),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
});

export const exchangeRecords = pgTable("exchange_records", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  kind: text("kind").notNull(),
  sourceSystem: text("source_system").notNull(),
  sourceIdentifier: text("source_identifier").notNull(),
  sourceOrigin: text("source_origin").notNull(),
  recordUrl: text("record_url"),
  title: jsonb("title").$type<LocalizedText>().notNull().default({}),
  description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  actorName: jsonb("actor_name").$type<LocalizedText>().notNull().default({}),
  contact: jsonb("contact").$type<ExchangeContact>().notNull().default({}),
  countries: text("countries").array().notNull().default([]),
  keywords: text("keywords").array().notNull().default([]),
  startDate: text("start_date"),
  endDate: text("end_date"),
  stage: text("stage"),
  publishedAt: timestamp("published_at", { withTimezone: true }),
  sourceUpdatedAt: timestamp("source_updated_at", { withTimezone: true }),
  raw: jsonb("raw").$type<unknown>().notNull(),
  rawHash: text("raw_hash").notNull(),
  harvestedAt: timestamp("harvested_at", { withTimezone: true }).notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
