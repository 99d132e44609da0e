import { date, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../platform/i18n/localized";
import type { AnswerRow, SurveyDefinition } from "../surveys/definition";

// Mirrors src/db/migrations/0044_programmes.sql (the SQL is the source of truth).

export const PROGRAMME_STATUSES = ["draft", "open", "running", "completed"] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];
/** An application's status is its seat claim's (platform/seats): confirmed = accepted, cancelled = withdrawn. */
export const APPLICATION_STATUSES = ["pending", "confirmed", "waitlisted", "offered", "declined", "cancelled", "expired"] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
/** The seat pool kind of a cohort. */
export const COHORT_SEAT_KIND = "programme_cohort";

export const programmeProgrammes = pgTable("programme_programmes", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  slug: text("slug").notNull(),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  descriptionHtml: jsonb("description_html").$type<LocalizedText>().notNull().default({}),
  status: text("status").$type<ProgrammeStatus>().notNull().default("draft"),
  form: jsonb("form").$type<SurveyDefinition>().notNull(),
  nextKey: integer("next_key").notNull().default(2),
  requiredSessions: integer("required_sessions").notNull().default(0),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const programmeTracks = pgTable("programme_tracks", {
  id: uuid("id").primaryKey().defaultRandom(),
  programmeId: uuid("programme_id").notNull(),
  name: jsonb("name").$type<LocalizedText>().notNull(),
  description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  position: integer("position").notNull().default(0),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const programmeCohorts = pgTable("programme_cohorts", {
  id: uuid("id").primaryKey().defaultRandom(),
  programmeId: uuid("programme_id").notNull(),
  name: jsonb("name").$type<LocalizedText>().notNull(),
  startsOn: date("starts_on").notNull(),
  endsOn: date("ends_on").notNull(),
  capacity: integer("capacity"),
  trackIds: uuid("track_ids").array().notNull().default([]),
  applicationsOpenAt: timestamp("applications_open_at", { withTimezone: true }),
  applicationsCloseAt: timestamp("applications_close_at", { withTimezone: true }),
  spaceId: uuid("space_id"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const programmeApplications = pgTable("programme_applications", {
  id: uuid("id").primaryKey().defaultRandom(),
  cohortId: uuid("cohort_id").notNull(),
  programmeId: uuid("programme_id").notNull(),
  userId: uuid("user_id").notNull(),
  claimId: uuid("claim_id").notNull(),
  status: text("status").$type<ApplicationStatus>().notNull(),
  answers: jsonb("answers").$type<AnswerRow[]>().notNull().default([]),
  organisationId: uuid("organisation_id"),
  actorType: text("actor_type").notNull().default(""),
  country: text("country").notNull().default(""),
  locale: text("locale").notNull().default("en"),
  trackId: uuid("track_id"),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
  completedAt: timestamp("completed_at", { withTimezone: true }),
  completedBy: uuid("completed_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const programmeSessions = pgTable("programme_sessions", {
  id: uuid("id").primaryKey().defaultRandom(),
  cohortId: uuid("cohort_id").notNull(),
  title: jsonb("title").$type<LocalizedText>().notNull().default({}),
  startsAt: timestamp("starts_at", { withTimezone: true }),
  eventId: uuid("event_id"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const programmeMaterials = pgTable("programme_materials", {
  id: uuid("id").primaryKey().defaultRandom(),
  programmeId: uuid("programme_id").notNull(),
  title: jsonb("title").$type<LocalizedText>().notNull().default({}),
  url: text("url"),
  documentId: uuid("document_id"),
  documentSlug: text("document_slug"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const programmeProgress = pgTable(
  "programme_progress",
  {
    applicationId: uuid("application_id").notNull(),
    itemKind: text("item_kind").$type<"session" | "material">().notNull(),
    itemId: uuid("item_id").notNull(),
    source: text("source").$type<"organiser" | "event">().notNull().default("organiser"),
    markedBy: uuid("marked_by"),
    markedAt: timestamp("marked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.applicationId, table.itemId] })],
);
