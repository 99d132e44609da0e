import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../platform/i18n/localized";
import type { SurveyDefinition } from "./definition";

// Mirrors src/db/migrations/0043_surveys.sql (the SQL is the source of truth).

export const SURVEY_STATUSES = ["draft", "open", "closed"] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];
export const SURVEY_RESPONDENTS = ["anonymous", "person", "organisation"] as const;
export type SurveyRespondent = (typeof SURVEY_RESPONDENTS)[number];

export const surveySurveys = pgTable("survey_surveys", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  slug: text("slug").notNull(),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  status: text("status").$type<SurveyStatus>().notNull().default("draft"),
  opensAt: timestamp("opens_at", { withTimezone: true }),
  closesAt: timestamp("closes_at", { withTimezone: true }),
  respondent: text("respondent").$type<SurveyRespondent>().notNull().default("person"),
  resultsPublic: boolean("results_public").notNull().default(false),
  definition: jsonb("definition").$type<SurveyDefinition>().notNull(),
  nextKey: integer("next_key").notNull().default(1),
  responseCount: integer("response_count").notNull().default(0),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const surveyResponses = pgTable("survey_responses", {
  id: uuid("id").primaryKey().defaultRandom(),
  surveyId: uuid("survey_id").notNull(),
  respondentKey: text("respondent_key").notNull(),
  userId: uuid("user_id"),
  organisationId: uuid("organisation_id"),
  actorType: text("actor_type").notNull().default(""),
  country: text("country").notNull().default(""),
  constituency: text("constituency").notNull().default(""),
  locale: text("locale").notNull().default("en"),
  submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
});

export const surveyAnswers = pgTable(
  "survey_answers",
  {
    responseId: uuid("response_id").notNull(),
    surveyId: uuid("survey_id").notNull(),
    questionKey: text("question_key").notNull(),
    rowKey: text("row_key").notNull().default(""),
    optionKey: text("option_key").notNull().default(""),
    textValue: text("text_value"),
    isReleased: boolean("is_released").notNull().default(false),
    actorType: text("actor_type").notNull().default(""),
    country: text("country").notNull().default(""),
    constituency: text("constituency").notNull().default(""),
  },
  (table) => [primaryKey({ columns: [table.responseId, table.questionKey, table.rowKey, table.optionKey] })],
);

export const surveyTallies = pgTable(
  "survey_tallies",
  {
    surveyId: uuid("survey_id").notNull(),
    questionKey: text("question_key").notNull(),
    rowKey: text("row_key").notNull().default(""),
    optionKey: text("option_key").notNull(),
    dimension: text("dimension").notNull(),
    groupKey: text("group_key").notNull().default(""),
    count: integer("count").notNull(),
  },
  (table) => [primaryKey({ columns: [table.surveyId, table.questionKey, table.rowKey, table.optionKey, table.dimension, table.groupKey] })],
);
