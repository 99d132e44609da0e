import { bigserial, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../platform/i18n/localized";

// Mirrors src/db/migrations/0009_consultations.sql (the SQL file is the source of truth). The generated
// search_vector column is left out: only SQL reads it.

export const CONSULTATION_VISIBILITIES = ["public", "members"] as const;
export type ConsultationVisibility = (typeof CONSULTATION_VISIBILITIES)[number];
export type ConsultationStatus = "draft" | "published";
export const GROUP_KINDS = ["discussion", "session"] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];
export const CONTRIBUTION_STATUSES = ["published", "held", "hidden", "deleted"] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];
export const REACTION_KINDS = ["agree", "useful"] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];
export const CONSTITUENCIES = ["women", "youth", "indigenous_peoples_local_communities", "persons_with_disabilities", "farmers", "workers", "business", "local_authorities", "science", "ngo", "other"] as const;
export type Constituency = (typeof CONSTITUENCIES)[number];
export const SYNTHESIS_TAGS = ["good_practice", "recommendation", "gap", "partnership_offer", "agreement", "disagreement"] as const;
export type SynthesisTag = (typeof SYNTHESIS_TAGS)[number];
export const PRACTICE_KINDS = ["policy", "legislation", "project", "institution", "fund", "other"] as const;
export type PracticeKind = (typeof PRACTICE_KINDS)[number];
export type FindingStatus = "suggested" | "accepted" | "rejected";
export type NotificationKind = "reply" | "new_contribution" | "new_topic";

/** The subject type moderation rows use for a contribution. */
export const CONTRIBUTION_SUBJECT = "consultation_contribution";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const at = (name: string) => timestamp(name, { withTimezone: true });

export const consultations = pgTable("consultations", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  slug: text("slug").notNull(),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  visibility: text("visibility").$type<ConsultationVisibility>().notNull().default("public"),
  status: text("status").$type<ConsultationStatus>().notNull().default("draft"),
  opensAt: at("opens_at"),
  closesAt: at("closes_at"),
  archivedAt: at("archived_at"),
  editWindowMinutes: integer("edit_window_minutes").notNull().default(60),
  maxReplyDepth: integer("max_reply_depth").notNull().default(3),
  sourceOutline: text("source_outline").notNull().default(""),
  createdBy: uuid("created_by"),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const consultationGroups = pgTable("consultation_groups", {
  id: uuid("id").primaryKey().defaultRandom(),
  consultationId: uuid("consultation_id").notNull(),
  number: integer("number").notNull(),
  kind: text("kind").$type<GroupKind>().notNull().default("discussion"),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  opensAt: at("opens_at"),
  closesAt: at("closes_at"),
  createdAt: createdAt(),
});

export const consultationGroupFacilitators = pgTable(
  "consultation_group_facilitators",
  { groupId: uuid("group_id").notNull(), userId: uuid("user_id").notNull(), createdAt: createdAt() },
  (table) => [primaryKey({ columns: [table.groupId, table.userId] })],
);

export const consultationTopics = pgTable("consultation_topics", {
  id: uuid("id").primaryKey().defaultRandom(),
  consultationId: uuid("consultation_id").notNull(),
  groupId: uuid("group_id").notNull(),
  number: integer("number").notNull(),
  position: integer("position").notNull().default(0),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  opensAt: at("opens_at"),
  closesAt: at("closes_at"),
  createdAt: createdAt(),
});

export const consultationQuestions = pgTable("consultation_questions", {
  id: uuid("id").primaryKey().defaultRandom(),
  topicId: uuid("topic_id").notNull(),
  number: integer("number").notNull(),
  text: jsonb("text").$type<LocalizedText>().notNull(),
});

export const consultationBreakouts = pgTable("consultation_breakouts", {
  id: uuid("id").primaryKey().defaultRandom(),
  groupId: uuid("group_id").notNull(),
  number: integer("number").notNull(),
  name: jsonb("name").$type<LocalizedText>().notNull(),
  createdAt: createdAt(),
});

export const consultationBreakoutMembers = pgTable(
  "consultation_breakout_members",
  { groupId: uuid("group_id").notNull(), userId: uuid("user_id").notNull(), breakoutId: uuid("breakout_id").notNull(), createdAt: createdAt() },
  (table) => [primaryKey({ columns: [table.groupId, table.userId] })],
);

export const consultationContributions = pgTable("consultation_contributions", {
  id: uuid("id").primaryKey().defaultRandom(),
  number: bigserial("number", { mode: "number" }).notNull(),
  consultationId: uuid("consultation_id").notNull(),
  topicId: uuid("topic_id").notNull(),
  questionId: uuid("question_id"),
  breakoutId: uuid("breakout_id"),
  parentId: uuid("parent_id"),
  rootId: uuid("root_id"),
  depth: integer("depth").notNull().default(0),
  authorId: uuid("author_id"),
  organisationId: uuid("organisation_id"),
  constituency: text("constituency").$type<Constituency>(),
  language: text("language").notNull().default("en"),
  body: text("body").notNull(),
  /** The sanitized HTML of body (`contributionHtml`), written with it; null until first read for older rows. */
  bodyHtml: text("body_html"),
  status: text("status").$type<ContributionStatus>().notNull().default("published"),
  moderationReason: text("moderation_reason").notNull().default(""),
  reportCount: integer("report_count").notNull().default(0),
  createdAt: createdAt(),
  editedAt: at("edited_at"),
});

export const consultationContributionRevisions = pgTable("consultation_contribution_revisions", {
  id: uuid("id").primaryKey().defaultRandom(),
  contributionId: uuid("contribution_id").notNull(),
  body: text("body").notNull(),
  writtenAt: timestamp("written_at", { withTimezone: true }).notNull(),
  createdAt: createdAt(),
});

export const consultationReactions = pgTable(
  "consultation_reactions",
  { contributionId: uuid("contribution_id").notNull(), userId: uuid("user_id").notNull(), kind: text("kind").$type<ReactionKind>().notNull(), createdAt: createdAt() },
  (table) => [primaryKey({ columns: [table.contributionId, table.userId, table.kind] })],
);

export const consultationFollows = pgTable("consultation_follows", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id").notNull(),
  consultationId: uuid("consultation_id").notNull(),
  topicId: uuid("topic_id"),
  createdAt: createdAt(),
});

export const consultationNotifications = pgTable("consultation_notifications", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id").notNull(),
  kind: text("kind").$type<NotificationKind>().notNull(),
  consultationId: uuid("consultation_id").notNull(),
  topicId: uuid("topic_id"),
  contributionId: uuid("contribution_id"),
  createdAt: createdAt(),
  sentAt: at("sent_at"),
});

export const consultationTags = pgTable(
  "consultation_tags",
  {
    contributionId: uuid("contribution_id").notNull(),
    tag: text("tag").$type<SynthesisTag>().notNull(),
    practiceKind: text("practice_kind").$type<PracticeKind>(),
    note: text("note").notNull().default(""),
    taggedBy: uuid("tagged_by"),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.contributionId, table.tag] })],
);

export const consultationSyntheses = pgTable("consultation_syntheses", {
  id: uuid("id").primaryKey().defaultRandom(),
  consultationId: uuid("consultation_id").notNull(),
  topicId: uuid("topic_id"),
  groupId: uuid("group_id"),
  body: text("body").notNull().default(""),
  updatedBy: uuid("updated_by"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const consultationFindings = pgTable("consultation_findings", {
  id: uuid("id").primaryKey().defaultRandom(),
  consultationId: uuid("consultation_id").notNull(),
  title: text("title").notNull(),
  summary: text("summary").notNull().default(""),
  status: text("status").$type<FindingStatus>().notNull().default("suggested"),
  signature: text("signature").notNull(),
  score: real("score").notNull().default(0),
  decidedBy: uuid("decided_by"),
  decidedAt: at("decided_at"),
  createdAt: createdAt(),
});

export const consultationFindingItems = pgTable(
  "consultation_finding_items",
  { findingId: uuid("finding_id").notNull(), contributionId: uuid("contribution_id").notNull() },
  (table) => [primaryKey({ columns: [table.findingId, table.contributionId] })],
);

export const goodPractices = pgTable("good_practices", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  sourceType: text("source_type").notNull(),
  sourceId: uuid("source_id").notNull(),
  kind: text("kind").$type<PracticeKind>().notNull(),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  organisationId: uuid("organisation_id"),
  language: text("language").notNull().default("en"),
  createdBy: uuid("created_by"),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
