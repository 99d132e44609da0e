import { date, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../platform/i18n/localized";

// Mirrors src/db/migrations/0049_partnerships.sql (the SQL is the source of truth).

export const PARTNERSHIP_SIDES = ["offer", "need"] as const;
export type PartnershipSide = (typeof PARTNERSHIP_SIDES)[number];
export const PARTNERSHIP_KINDS = ["expertise", "funding", "data", "joint_project", "other"] as const;
export type PartnershipKind = (typeof PARTNERSHIP_KINDS)[number];
export const PARTNERSHIP_STATUSES = ["published", "withdrawn"] as const;
export type PartnershipStatus = (typeof PARTNERSHIP_STATUSES)[number];

export const partnershipPosts = pgTable("partnership_posts", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  organisationId: uuid("organisation_id").notNull(),
  side: text("side").$type<PartnershipSide>().notNull(),
  kind: text("kind").$type<PartnershipKind>().notNull(),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  targetIds: uuid("target_ids").array().notNull().default([]),
  countries: text("countries").array().notNull().default([]),
  languages: text("languages").array().notNull().default([]),
  untilOn: date("until_on"),
  status: text("status").$type<PartnershipStatus>().notNull().default("published"),
  moderationStatus: text("moderation_status").$type<"published" | "held" | "hidden">().notNull().default("published"),
  moderationReason: text("moderation_reason").notNull().default(""),
  reportCount: integer("report_count").notNull().default(0),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
});
