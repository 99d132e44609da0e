import { boolean, integer, pgTable, primaryKey, real, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Mirrors migration 0018_knowledge_answers.sql (the SQL is the source of truth).

/** How many sections name each stem ('~' + concept id for glossary concepts; '#sections', '#stems' totals). */
export const knowledgeTermStats = pgTable("knowledge_term_stats", {
  term: text("term").primaryKey(),
  sections: integer("sections").notNull().default(0),
});

/** A term coordinators (space) or platform administrators (space null) add to the shipped glossary. */
export const knowledgeGlossaryTerms = pgTable("knowledge_glossary_terms", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id"),
  conceptId: text("concept_id").notNull(),
  language: text("language").$type<"en" | "ru">().notNull(),
  term: text("term").notNull(),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

// Mirrors migration 0032_knowledge_section_terms.sql (kept by a trigger on knowledge_sections).

/** Per section and term (stem, or '~' + concept id): how much of the term the section carries, for the answers' candidates. */
export const knowledgeSectionTerms = pgTable(
  "knowledge_section_terms",
  {
    sectionId: uuid("section_id").notNull(),
    term: text("term").notNull(),
    impact: real("impact").notNull(),
    spaceId: uuid("space_id"),
    isPublished: boolean("is_published").notNull(),
  },
  (table) => [primaryKey({ columns: [table.sectionId, table.term] })],
);
