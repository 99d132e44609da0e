import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import type { LocalizedText } from "../../platform/i18n/localized";

// Mirrors src/db/migrations/0003_spaces_frameworks.sql; the SQL file is the source of truth.

export type SpaceVisibility = "public" | "private";
export type SpaceRole = "coordinator" | "facilitator" | "focal_point" | "member";

export const spaces = pgTable("spaces", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull(),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  visibility: text("visibility").$type<SpaceVisibility>().notNull().default("public"),
  enabledModules: text("enabled_modules").array().notNull().default(sql`'{}'`),
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  archivedAt: timestamp("archived_at", { withTimezone: true }),
});

export const spaceMembers = pgTable(
  "space_members",
  {
    spaceId: uuid("space_id").notNull(),
    userId: uuid("user_id").notNull(),
    role: text("role").$type<SpaceRole>().notNull(),
    country: text("country").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.spaceId, table.userId, table.role, table.country] })],
);

export const frameworks = pgTable("frameworks", {
  id: uuid("id").primaryKey().defaultRandom(),
  key: text("key").notNull(),
  name: jsonb("name").$type<LocalizedText>().notNull(),
  description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  source: text("source").notNull().default(""),
  unofficialLocales: text("unofficial_locales").array().notNull().default(sql`'{}'`),
  ownerSpaceId: uuid("owner_space_id"),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const frameworkItems = pgTable("framework_items", {
  id: uuid("id").primaryKey().defaultRandom(),
  frameworkId: uuid("framework_id").notNull(),
  key: text("key").notNull(),
  parentId: uuid("parent_id"),
  kind: text("kind").notNull().default("item"),
  number: text("number"),
  label: jsonb("label").$type<LocalizedText>().notNull(),
  position: integer("position").notNull().default(0),
});

export const spaceFrameworks = pgTable(
  "space_frameworks",
  {
    spaceId: uuid("space_id").notNull(),
    frameworkId: uuid("framework_id").notNull(),
    position: integer("position").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.spaceId, table.frameworkId] })],
);
