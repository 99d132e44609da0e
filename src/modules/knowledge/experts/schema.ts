import { boolean, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../../platform/i18n/localized";

// Mirrors src/db/migrations/0021_experts_organisation_themes.sql (the SQL file is the source of truth).

export const knowledgeExperts = pgTable("knowledge_experts", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id").notNull(),
  displayName: text("display_name").notNull(),
  headline: jsonb("headline").$type<LocalizedText>().notNull().default({}),
  bio: jsonb("bio").$type<LocalizedText>().notNull().default({}),
  tags: text("tags").array().notNull().default([]),
  languages: text("languages").array().notNull().default([]),
  country: text("country"),
  organisationId: uuid("organisation_id"),
  isListed: boolean("is_listed").notNull().default(true),
  searchStems: text("search_stems").array().notNull().default([]),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const knowledgeExpertItems = pgTable(
  "knowledge_expert_items",
  {
    expertId: uuid("expert_id").notNull(),
    itemId: uuid("item_id").notNull(),
  },
  (table) => [primaryKey({ columns: [table.expertId, table.itemId] })],
);
