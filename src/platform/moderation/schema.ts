import { bigserial, boolean, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Mirrors src/db/migrations/0008_moderation.sql; the SQL file is the source of truth.

export const REPORT_REASONS = ["spam", "abuse", "harassment", "off_topic", "personal_data", "misinformation", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const MODERATION_ACTIONS = ["held", "approved", "hidden", "auto_hidden", "restored", "report_dismissed", "blocked", "unblocked", "settings_changed"] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export const moderationSettings = pgTable("moderation_settings", {
  spaceId: uuid("space_id").primaryKey(),
  autoHideThreshold: integer("auto_hide_threshold").notNull().default(3),
  premoderateFirstPosts: integer("premoderate_first_posts").notNull().default(0),
  postsPerHour: integer("posts_per_hour").notNull().default(30),
  newAccountPostsPerHour: integer("new_account_posts_per_hour").notNull().default(6),
  newAccountDays: integer("new_account_days").notNull().default(7),
  isScreeningEnabled: boolean("is_screening_enabled").notNull().default(true),
  updatedBy: uuid("updated_by"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const moderationReports = pgTable("moderation_reports", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id"),
  subjectType: text("subject_type").notNull(),
  subjectId: uuid("subject_id").notNull(),
  reporterId: uuid("reporter_id"),
  reason: text("reason").$type<ReportReason>().notNull(),
  note: text("note").notNull().default(""),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  resolvedBy: uuid("resolved_by"),
  resolution: text("resolution").$type<"upheld" | "dismissed">(),
});

export const moderationLog = pgTable("moderation_log", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  spaceId: uuid("space_id"),
  subjectType: text("subject_type").notNull(),
  subjectId: uuid("subject_id"),
  subjectUserId: uuid("subject_user_id"),
  action: text("action").$type<ModerationAction>().notNull(),
  reason: text("reason").notNull().default(""),
  actorId: uuid("actor_id"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const moderationBlocks = pgTable(
  "moderation_blocks",
  {
    spaceId: uuid("space_id").notNull(),
    userId: uuid("user_id").notNull(),
    reason: text("reason").notNull().default(""),
    blockedBy: uuid("blocked_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.spaceId, table.userId] })],
);
