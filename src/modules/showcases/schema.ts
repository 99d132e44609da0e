import { date, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../platform/i18n/localized";

// Mirrors src/db/migrations/0040_showcases.sql (the SQL is the source of truth).

export const SHOWCASE_STATUSES = ["draft", "published"] as const;
export type ShowcaseStatus = (typeof SHOWCASE_STATUSES)[number];
/** The kind of a showcase entry that is a heading, not a reference to a content source's item. */
export const SECTION_KIND = "section";

const at = (name: string) => timestamp(name, { withTimezone: true });

export const showcases = pgTable("showcases", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  slug: text("slug").notNull(),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  intro: jsonb("intro").$type<LocalizedText>().notNull().default({}),
  introHtml: jsonb("intro_html").$type<LocalizedText>().notNull().default({}),
  occasion: jsonb("occasion").$type<LocalizedText>().notNull().default({}),
  startsOn: date("starts_on"),
  endsOn: date("ends_on"),
  colour: text("colour").notNull().default(""),
  status: text("status").$type<ShowcaseStatus>().notNull().default("draft"),
  publishedAt: at("published_at"),
  createdBy: uuid("created_by"),
  createdAt: at("created_at").notNull().defaultNow(),
  updatedAt: at("updated_at").notNull().defaultNow(),
});
export type ShowcaseRow = typeof showcases.$inferSelect;

export const showcaseItems = pgTable("showcase_items", {
  id: uuid("id").primaryKey().defaultRandom(),
  showcaseId: uuid("showcase_id").notNull(),
  position: integer("position").notNull(),
  kind: text("kind").notNull(),
  itemId: text("item_id").notNull().default(""),
  heading: jsonb("heading").$type<LocalizedText>().notNull().default({}),
  note: jsonb("note").$type<LocalizedText>().notNull().default({}),
  label: jsonb("label").$type<LocalizedText>().notNull().default({}),
  addedAt: at("added_at").notNull().defaultNow(),
});
export type ShowcaseItemRow = typeof showcaseItems.$inferSelect;
