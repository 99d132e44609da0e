import { customType, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../platform/i18n/localized";

// Mirrors src/db/migrations/0036_news.sql (the SQL is the source of truth). search_vector is left out: only SQL
// writes and reads it.

export const NEWS_KINDS = ["news", "story", "announcement"] as const;
export type NewsKind = (typeof NEWS_KINDS)[number];
export const NEWS_STATUSES = ["draft", "submitted", "returned", "published", "unpublished", "rejected"] as const;
export type NewsStatus = (typeof NEWS_STATUSES)[number];
export type NewsModerationStatus = "published" | "held" | "hidden";
export type ContentReference = { kind: string; id: string };
export type VideoLink = { url: string; title: string };
export type NewsQuote = { text: LocalizedText; attribution: string };

const ts = (name: string) => timestamp(name, { withTimezone: true });
const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

export const newsPosts = pgTable("news_posts", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  slug: text("slug").notNull(),
  kind: text("kind").$type<NewsKind>().notNull(),
  status: text("status").$type<NewsStatus>().notNull().default("draft"),
  moderationStatus: text("moderation_status").$type<NewsModerationStatus>().notNull().default("published"),
  moderationReason: text("moderation_reason").notNull().default(""),
  reportCount: integer("report_count").notNull().default(0),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  lead: jsonb("lead").$type<LocalizedText>().notNull().default({}),
  body: jsonb("body").$type<LocalizedText>().notNull().default({}),
  bodyHtml: jsonb("body_html").$type<LocalizedText>().notNull().default({}),
  organisationId: uuid("organisation_id"),
  authorIds: uuid("author_ids").array().notNull().default([]),
  createdBy: uuid("created_by"),
  related: jsonb("related").$type<ContentReference[]>().notNull().default([]),
  videoLinks: jsonb("video_links").$type<VideoLink[]>().notNull().default([]),
  quotes: jsonb("quotes").$type<NewsQuote[]>().notNull().default([]),
  topics: text("topics").array().notNull().default([]),
  reviewComment: text("review_comment").notNull().default(""),
  submittedAt: ts("submitted_at"),
  publishedAt: ts("published_at"),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const newsImages = pgTable("news_images", {
  id: uuid("id").primaryKey().defaultRandom(),
  postId: uuid("post_id").notNull(),
  position: integer("position").notNull().default(0),
  alt: jsonb("alt").$type<LocalizedText>().notNull(),
  caption: jsonb("caption").$type<LocalizedText>().notNull().default({}),
  width: integer("width").notNull(),
  height: integer("height").notNull(),
  createdBy: uuid("created_by"),
  createdAt: ts("created_at").notNull().defaultNow(),
});

export const newsImageVariants = pgTable(
  "news_image_variants",
  {
    imageId: uuid("image_id").notNull(),
    width: integer("width").notNull(),
    format: text("format").$type<"webp" | "jpeg">().notNull(),
    height: integer("height").notNull(),
    bytes: bytea("bytes").notNull(),
    etag: text("etag").notNull(),
  },
  (table) => [primaryKey({ columns: [table.imageId, table.width, table.format] })],
);
