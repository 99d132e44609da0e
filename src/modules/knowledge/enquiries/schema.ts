import { bigint, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Mirrors src/db/migrations/0024_knowledge_enquiries.sql (the SQL file is the source of truth).

export const ENQUIRY_STATUSES = ["new", "assigned", "answered", "closed"] as const;
export type EnquiryStatus = (typeof ENQUIRY_STATUSES)[number];

export const knowledgeEnquiries = pgTable("knowledge_enquiries", {
  id: uuid("id").primaryKey().defaultRandom(),
  number: bigint("number", { mode: "number" }).notNull().generatedByDefaultAsIdentity(),
  spaceId: uuid("space_id"),
  askerUserId: uuid("asker_user_id"),
  askerName: text("asker_name").notNull().default(""),
  askerEmail: text("asker_email"),
  askerLanguage: text("asker_language").notNull(),
  question: text("question").notNull(),
  details: text("details").notNull().default(""),
  tags: text("tags").array().notNull().default([]),
  status: text("status").$type<EnquiryStatus>().notNull().default("new"),
  assigneeUserId: uuid("assignee_user_id"),
  answer: text("answer").notNull().default(""),
  answeredBy: uuid("answered_by"),
  answeredAt: timestamp("answered_at", { withTimezone: true }),
  closedAt: timestamp("closed_at", { withTimezone: true }),
  faqDocumentId: uuid("faq_document_id"),
  consentedAt: timestamp("consented_at", { withTimezone: true }).notNull(),
  addressErasedAt: timestamp("address_erased_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const knowledgeEnquiryNotes = pgTable("knowledge_enquiry_notes", {
  id: uuid("id").primaryKey().defaultRandom(),
  enquiryId: uuid("enquiry_id").notNull(),
  authorUserId: uuid("author_user_id"),
  body: text("body").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
