import { bigserial, date, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../platform/i18n/localized";

// Mirrors src/db/migrations/0050_followup.sql (the SQL is the source of truth).

export const FOLLOWUP_STATUSES = ["planned", "in_progress", "done", "dropped"] as const;
export type FollowupStatus = (typeof FOLLOWUP_STATUSES)[number];
/** Statuses in which an item past its due date counts as overdue. */
export const OPEN_STATUSES: readonly FollowupStatus[] = ["planned", "in_progress"];

export const followupItems = pgTable("followup_items", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  number: integer("number").notNull(),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  recommendationId: uuid("recommendation_id"),
  recommendationLabel: text("recommendation_label").notNull().default(""),
  recommendationPath: text("recommendation_path").notNull().default(""),
  actorOrganisationIds: uuid("actor_organisation_ids").array().notNull().default([]),
  actorText: text("actor_text").notNull().default(""),
  status: text("status").$type<FollowupStatus>().notNull().default("planned"),
  dueOn: date("due_on"),
  evidenceText: text("evidence_text").notNull().default(""),
  evidenceLinks: text("evidence_links").array().notNull().default([]),
  doneAt: timestamp("done_at", { withTimezone: true }),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const followupStatusChanges = pgTable("followup_status_changes", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  itemId: uuid("item_id").notNull(),
  fromStatus: text("from_status").$type<FollowupStatus>(),
  toStatus: text("to_status").$type<FollowupStatus>().notNull(),
  note: text("note").notNull().default(""),
  changedBy: uuid("changed_by"),
  changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
});
