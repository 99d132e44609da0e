import { jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../../platform/i18n/localized";
import type { PracticeKind } from "../../consultations/schema";

// Mirrors src/db/migrations/0019_knowledge_practices.sql (the SQL is the source of truth). The `lexemes`
// tsvector column is left out: only SQL reads and writes it.

export const PRACTICE_STATUSES = ["submitted", "published", "returned", "rejected"] as const;
export type PracticeStatus = (typeof PRACTICE_STATUSES)[number];

/** A framework item a practice serves, copied when the practice is written (labels for facets and exports). */
export type PracticeTarget = { id: string; framework: string; key: string; number: string | null; label: LocalizedText };
export type PracticeLink = { url: string; label: string };

const at = (name: string) => timestamp(name, { withTimezone: true });

export const knowledgePractices = pgTable("knowledge_practices", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  organisationId: uuid("organisation_id").notNull(),
  submittedBy: uuid("submitted_by"),
  contactUserId: uuid("contact_user_id"),
  kind: text("kind").$type<PracticeKind>().notNull(),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  summary: jsonb("summary").$type<LocalizedText>().notNull().default({}),
  results: jsonb("results").$type<LocalizedText>().notNull().default({}),
  language: text("language").notNull(),
  countries: text("countries").array().notNull().default([]),
  regions: text("regions").array().notNull().default([]),
  actorTypes: text("actor_types").array().notNull().default([]),
  targets: jsonb("targets").$type<PracticeTarget[]>().notNull().default([]),
  targetKeys: text("target_keys").array().notNull().default([]),
  links: jsonb("links").$type<PracticeLink[]>().notNull().default([]),
  status: text("status").$type<PracticeStatus>().notNull().default("submitted"),
  reviewReason: text("review_reason").notNull().default(""),
  screeningTerms: text("screening_terms").array().notNull().default([]),
  stems: text("stems").array().notNull().default([]),
  concepts: text("concepts").array().notNull().default([]),
  submittedAt: at("submitted_at").notNull().defaultNow(),
  reviewedAt: at("reviewed_at"),
  reviewedBy: uuid("reviewed_by"),
  publishedAt: at("published_at"),
  createdAt: at("created_at").notNull().defaultNow(),
  updatedAt: at("updated_at").notNull().defaultNow(),
});
export type PracticeRow = typeof knowledgePractices.$inferSelect;
