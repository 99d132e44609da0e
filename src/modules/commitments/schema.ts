import { sql } from "drizzle-orm";
import { bigserial, boolean, date, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../platform/i18n/localized";

// Mirrors src/db/migrations/0004_commitments.sql (the SQL file is the source of truth). The generated
// search_vector column is left out: only SQL reads it.

export const COMMITMENT_STAGES = ["planning", "development", "implementation", "evaluation", "completed"] as const;
export type CommitmentStage = (typeof COMMITMENT_STAGES)[number];
export const COMMITMENT_STATUSES = ["draft", "submitted", "under_review", "returned", "published", "withdrawn"] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];
export const COMMITMENT_TEMPLATES = ["person", "organisation", "business", "local_government"] as const;
export type CommitmentTemplate = (typeof COMMITMENT_TEMPLATES)[number];
export const COVERAGES = ["local", "national", "multi_country", "regional", "global"] as const;
export type Coverage = (typeof COVERAGES)[number];
export const FUNDING_SUFFICIENCY = ["sufficient", "partial", "insufficient", "unknown"] as const;
export type FundingSufficiency = (typeof FUNDING_SUFFICIENCY)[number];
export const CRITERIA = ["require_target", "require_indicator_target", "require_end_or_review_date", "require_intent_to_report"] as const;
export type Criterion = (typeof CRITERIA)[number];
export type IndicatorDirection = "increase" | "decrease" | "maintain";
export type CommitmentContact = { name: string; email: string; role: string; isPublic: boolean };
export type CommitmentLink = { url: string; label: string };

/**
 * What a commitment says about itself, in the shape import reads it (import.ts) and open data shows it
 * (queries-open-data.ts). Indicators, partners and the funding amount differ between the two and are added by each.
 */
export type CommitmentProfile = {
  template: CommitmentTemplate;
  title: LocalizedText;
  description: LocalizedText;
  themes: string[];
  coverage: Coverage;
  countries: string[];
  regions: string[];
  locationNote: LocalizedText;
  startDate: string | null;
  endDate: string | null;
  isOpenEnded: boolean;
  reviewDate: string | null;
  stage: CommitmentStage;
  targetAudience: LocalizedText;
  scale: string;
  expectedImpact: LocalizedText;
  fundingSource: string;
  fundingSufficiency: FundingSufficiency;
  fundingCurrency: string | null;
  links: CommitmentLink[];
  isPartnerDisplayAllowed: boolean;
  intendsToReport: boolean;
};

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export const commitmentSpaceSettings = pgTable("commitment_space_settings", {
  spaceId: uuid("space_id").primaryKey(),
  mode: text("mode").$type<"commitments" | "memorandum">().notNull().default("commitments"),
  criteria: text("criteria").array().$type<Criterion[]>().notNull().default(sql`'{}'`),
  reviewWindowDays: integer("review_window_days").notNull().default(28),
  greenMonths: integer("green_months").notNull().default(12),
  redMonths: integer("red_months").notNull().default(24),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const commitmentCountrySettings = pgTable(
  "commitment_country_settings",
  {
    spaceId: uuid("space_id").notNull(),
    country: text("country").notNull(),
    isAutoPublish: boolean("is_auto_publish").notNull().default(false),
    updatedBy: uuid("updated_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.spaceId, table.country] })],
);

export const commitments = pgTable("commitments", {
  id: uuid("id").primaryKey().defaultRandom(),
  number: bigserial("number", { mode: "number" }).notNull(),
  spaceId: uuid("space_id").notNull(),
  organisationId: uuid("organisation_id"),
  personUserId: uuid("person_user_id"),
  createdBy: uuid("created_by"),
  template: text("template").$type<CommitmentTemplate>().notNull().default("organisation"),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  primaryItemId: uuid("primary_item_id"),
  themes: text("themes").array().notNull().default(sql`'{}'`),
  coverage: text("coverage").$type<Coverage>().notNull().default("national"),
  countries: text("countries").array().notNull().default(sql`'{}'`),
  regions: text("regions").array().notNull().default(sql`'{}'`),
  locationNote: jsonb("location_note").$type<LocalizedText>().notNull().default({}),
  startDate: date("start_date"),
  endDate: date("end_date"),
  isOpenEnded: boolean("is_open_ended").notNull().default(false),
  reviewDate: date("review_date"),
  stage: text("stage").$type<CommitmentStage>().notNull().default("planning"),
  status: text("status").$type<CommitmentStatus>().notNull().default("draft"),
  contacts: jsonb("contacts").$type<CommitmentContact[]>().notNull().default([]),
  targetAudience: jsonb("target_audience").$type<LocalizedText>().notNull().default({}),
  scale: text("scale").notNull().default(""),
  expectedImpact: jsonb("expected_impact").$type<LocalizedText>().notNull().default({}),
  fundingSource: text("funding_source").notNull().default(""),
  fundingSufficiency: text("funding_sufficiency").$type<FundingSufficiency>().notNull().default("unknown"),
  fundingAmount: numeric("funding_amount", { precision: 18, scale: 2 }),
  fundingCurrency: text("funding_currency"),
  links: jsonb("links").$type<CommitmentLink[]>().notNull().default([]),
  isPartnerDisplayAllowed: boolean("is_partner_display_allowed").notNull().default(false),
  intendsToReport: boolean("intends_to_report").notNull().default(false),
  draftStep: integer("draft_step").notNull().default(1),
  submittedAt: timestamp("submitted_at", { withTimezone: true }),
  reviewDeadline: timestamp("review_deadline", { withTimezone: true }),
  publishedAt: timestamp("published_at", { withTimezone: true }),
  returnedAt: timestamp("returned_at", { withTimezone: true }),
  returnComment: text("return_comment"),
  lastReportAt: date("last_report_at"),
  revision: integer("revision").notNull().default(0),
  ...timestamps,
  searchText: text("search_text").notNull().default(""),
});

export const commitmentTargets = pgTable(
  "commitment_targets",
  {
    commitmentId: uuid("commitment_id").notNull(),
    frameworkItemId: uuid("framework_item_id").notNull(),
    isPrimary: boolean("is_primary").notNull().default(false),
  },
  (table) => [primaryKey({ columns: [table.commitmentId, table.frameworkItemId] })],
);

export const commitmentPartners = pgTable("commitment_partners", {
  id: uuid("id").primaryKey().defaultRandom(),
  commitmentId: uuid("commitment_id").notNull(),
  organisationId: uuid("organisation_id"),
  name: text("name").notNull().default(""),
  role: text("role").notNull().default(""),
  position: integer("position").notNull().default(0),
});

export const commitmentIndicators = pgTable("commitment_indicators", {
  id: uuid("id").primaryKey().defaultRandom(),
  commitmentId: uuid("commitment_id").notNull(),
  position: integer("position").notNull().default(0),
  name: jsonb("name").$type<LocalizedText>().notNull(),
  unit: text("unit").notNull().default(""),
  baselineValue: numeric("baseline_value"),
  baselineDate: date("baseline_date"),
  targetValue: numeric("target_value"),
  targetDate: date("target_date"),
  direction: text("direction").$type<IndicatorDirection>().notNull().default("increase"),
});

export const commitmentRevisions = pgTable("commitment_revisions", {
  id: uuid("id").primaryKey().defaultRandom(),
  commitmentId: uuid("commitment_id").notNull(),
  revision: integer("revision").notNull(),
  changedFields: text("changed_fields").array().notNull().default(sql`'{}'`),
  snapshot: jsonb("snapshot").$type<Record<string, unknown>>().notNull(),
  editedBy: uuid("edited_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type ReviewAction = "submitted" | "review_started" | "window_opened" | "returned" | "published" | "auto_published" | "withdrawn";

export const commitmentReviewEvents = pgTable("commitment_review_events", {
  id: uuid("id").primaryKey().defaultRandom(),
  commitmentId: uuid("commitment_id").notNull(),
  actorUserId: uuid("actor_user_id"),
  role: text("role").$type<"" | "author" | "coordinator" | "focal_point" | "system">().notNull().default(""),
  country: text("country").notNull().default(""),
  action: text("action").$type<ReviewAction>().notNull(),
  comment: text("comment").notNull().default(""),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const progressReports = pgTable("progress_reports", {
  id: uuid("id").primaryKey().defaultRandom(),
  commitmentId: uuid("commitment_id").notNull(),
  reportDate: date("report_date").notNull(),
  stage: text("stage").$type<CommitmentStage>().notNull(),
  percentComplete: integer("percent_complete"),
  narrative: jsonb("narrative").$type<LocalizedText>().notNull().default({}),
  evidenceLinks: jsonb("evidence_links").$type<CommitmentLink[]>().notNull().default([]),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const progressValues = pgTable(
  "progress_values",
  {
    reportId: uuid("report_id").notNull(),
    indicatorId: uuid("indicator_id").notNull(),
    value: numeric("value").notNull(),
  },
  (table) => [primaryKey({ columns: [table.reportId, table.indicatorId] })],
);

// Mirrors src/db/migrations/0007_commitments_stats.sql: per-space counts of published commitments, kept by
// triggers (see the migration for why), and the ledger of what each commitment counts for.
export const STATS_DIMENSIONS = ["stage", "actor_type", "actor", "month", "report", "country", "region", "item_primary", "item_other", "framework"] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];

export const commitmentStats = pgTable(
  "commitment_stats",
  {
    spaceId: uuid("space_id").notNull(),
    dimension: text("dimension").$type<StatsDimension>().notNull(),
    key: text("key").notNull(),
    count: integer("count").notNull(),
  },
  (table) => [primaryKey({ columns: [table.spaceId, table.dimension, table.key] })],
);

export const commitmentStatsMembers = pgTable("commitment_stats_members", {
  commitmentId: uuid("commitment_id").primaryKey(),
  spaceId: uuid("space_id").notNull(),
  stage: text("stage").$type<CommitmentStage>().notNull(),
  actorType: text("actor_type").notNull(),
  actorKey: text("actor_key").notNull(),
  month: text("month").notNull(),
  reportKey: text("report_key").notNull(),
  countries: text("countries").array().notNull(),
  regions: text("regions").array().notNull(),
  primaryItems: text("primary_items").array().notNull(),
  otherItems: text("other_items").array().notNull(),
  frameworks: text("frameworks").array().notNull(),
});

export const commitmentStatsRegions = pgTable(
  "commitment_stats_regions",
  {
    region: text("region").notNull(),
    level: text("level").$type<"region" | "subregion">().notNull(),
    country: text("country").notNull(),
  },
  (table) => [primaryKey({ columns: [table.country, table.region] })],
);
