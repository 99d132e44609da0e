import { date, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../platform/i18n/localized";
import type { Narratives, ReportSnapshot } from "./document";

// Mirrors src/db/migrations/0048_reports.sql (the SQL is the source of truth).

export const reportReports = pgTable("report_reports", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  periodFrom: date("period_from").notNull(),
  periodUntil: date("period_until").notNull(),
  symbol: text("symbol").notNull().default(""),
  sectionKeys: text("section_keys").array().notNull().default([]),
  narratives: jsonb("narratives").$type<Narratives>().notNull().default({}),
  versionCount: integer("version_count").notNull().default(0),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const reportVersions = pgTable(
  "report_versions",
  {
    reportId: uuid("report_id").notNull(),
    number: integer("number").notNull(),
    title: jsonb("title").$type<LocalizedText>().notNull(),
    symbol: text("symbol").notNull().default(""),
    periodFrom: date("period_from").notNull(),
    periodUntil: date("period_until").notNull(),
    snapshot: jsonb("snapshot").$type<ReportSnapshot>().notNull(),
    frozenAt: timestamp("frozen_at", { withTimezone: true }).notNull().defaultNow(),
    frozenBy: uuid("frozen_by"),
  },
  (table) => [primaryKey({ columns: [table.reportId, table.number] })],
);
