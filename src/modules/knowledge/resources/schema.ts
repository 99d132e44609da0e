import { jsonb, numeric, pgTable, text, timestamp, uuid, date } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../../platform/i18n/localized";

// Mirrors src/db/migrations/0020_knowledge_resources.sql (the SQL is the source of truth). The search columns
// (stems, concepts, lexemes) are left out: only SQL writes and reads them.

/** Funding opportunities and the other kinds of resource, in the order the filters list them. */
export const RESOURCE_KINDS = ["funding", "toolkit", "training", "dataset", "report", "tool", "other"] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export const RESOURCE_STATUSES = ["draft", "submitted", "published"] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];
export const DEADLINE_KINDS = ["date", "rolling", "none"] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const knowledgeResources = pgTable("knowledge_resources", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id"),
  kind: text("kind").$type<ResourceKind>().notNull(),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  url: text("url").notNull(),
  languages: text("languages").array().notNull().default([]),
  tags: text("tags").array().notNull().default([]),
  targetIds: uuid("target_ids").array().notNull().default([]),
  countries: text("countries").array().notNull().default([]),
  funder: text("funder").notNull().default(""),
  programme: text("programme").notNull().default(""),
  eligibleActorTypes: text("eligible_actor_types").array().notNull().default([]),
  amountMin: numeric("amount_min", { precision: 16, scale: 2 }),
  amountMax: numeric("amount_max", { precision: 16, scale: 2 }),
  currency: text("currency"),
  deadlineKind: text("deadline_kind").$type<DeadlineKind>().notNull().default("none"),
  deadline: date("deadline", { mode: "string" }),
  applyUrl: text("apply_url"),
  status: text("status").$type<ResourceStatus>().notNull().default("draft"),
  suggestedByOrganisationId: uuid("suggested_by_organisation_id"),
  createdBy: uuid("created_by"),
  updatedBy: uuid("updated_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  publishedAt: timestamp("published_at", { withTimezone: true }),
});

export type ResourceRow = typeof knowledgeResources.$inferSelect;
