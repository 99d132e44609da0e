import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../platform/i18n/localized";

// Mirrors the knowledge migrations (src/db/migrations/0015_knowledge_guidance.sql …; the SQL files are the source
// of truth). The `lexemes` tsvector column is left out: only SQL reads and writes it.

export const DOCUMENT_KINDS = ["guidance", "faq"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_STATUSES = ["draft", "published"] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
export type DocumentSource = "ui" | "import" | "enquiry" | "api";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const knowledgeCollections = pgTable("knowledge_collections", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id"),
  slug: text("slug").notNull(),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  position: integer("position").notNull().default(0),
  createdAt: createdAt(),
});

export const knowledgeDocuments = pgTable("knowledge_documents", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id"),
  collectionId: uuid("collection_id"),
  kind: text("kind").$type<DocumentKind>().notNull().default("guidance"),
  slug: text("slug").notNull(),
  language: text("language").notNull(),
  translationOf: uuid("translation_of"),
  title: text("title").notNull(),
  tags: text("tags").array().notNull().default([]),
  bodyMd: text("body_md").notNull().default(""),
  bodyHtml: text("body_html").notNull().default(""),
  status: text("status").$type<DocumentStatus>().notNull().default("published"),
  version: integer("version").notNull().default(1),
  source: text("source").$type<DocumentSource>().notNull().default("ui"),
  sourceFile: text("source_file").notNull().default(""),
  position: integer("position").notNull().default(0),
  createdBy: uuid("created_by"),
  updatedBy: uuid("updated_by"),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  publishedAt: timestamp("published_at", { withTimezone: true }),
});

export const knowledgeDocumentVersions = pgTable(
  "knowledge_document_versions",
  {
    documentId: uuid("document_id").notNull(),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    bodyMd: text("body_md").notNull(),
    tags: text("tags").array().notNull().default([]),
    source: text("source").$type<DocumentSource>().notNull().default("ui"),
    note: text("note").notNull().default(""),
    editedBy: uuid("edited_by"),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.documentId, table.version] })],
);

export const knowledgeSections = pgTable("knowledge_sections", {
  id: uuid("id").primaryKey().defaultRandom(),
  documentId: uuid("document_id").notNull(),
  spaceId: uuid("space_id"),
  kind: text("kind").$type<DocumentKind>().notNull(),
  language: text("language").notNull(),
  isPublished: boolean("is_published").notNull(),
  position: integer("position").notNull(),
  level: integer("level").notNull(),
  heading: text("heading").notNull(),
  anchor: text("anchor").notNull(),
  bodyText: text("body_text").notNull(),
  bodyHtml: text("body_html").notNull(),
  stems: text("stems").array().notNull().default([]),
  concepts: text("concepts").array().notNull().default([]),
  wordCount: integer("word_count").notNull().default(0),
});

export * from "./experts/schema";
export * from "./answers/schema";
