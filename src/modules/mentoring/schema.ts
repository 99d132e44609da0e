import { date, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Mirrors src/db/migrations/0046_mentoring.sql (the SQL is the source of truth).

export const MENTOR_STATUSES = ["open", "paused", "withdrawn"] as const;
export type MentorStatus = (typeof MENTOR_STATUSES)[number];
export const MENTEE_STATUSES = ["waiting", "paired", "closed", "withdrawn"] as const;
export type MenteeStatus = (typeof MENTEE_STATUSES)[number];
export type PairStatus = "active" | "closed";

export const mentoringMentors = pgTable("mentoring_mentors", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  userId: uuid("user_id").notNull(),
  displayName: text("display_name").notNull(),
  bio: text("bio").notNull().default(""),
  itemIds: uuid("item_ids").array().notNull().default([]),
  tags: text("tags").array().notNull().default([]),
  languages: text("languages").array().notNull().default([]),
  timeZone: text("time_zone").notNull(),
  capacity: integer("capacity").notNull(),
  status: text("status").$type<MentorStatus>().notNull().default("open"),
  programmeId: uuid("programme_id"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
});

export const mentoringMentees = pgTable("mentoring_mentees", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  userId: uuid("user_id").notNull(),
  displayName: text("display_name").notNull(),
  needs: text("needs").notNull().default(""),
  itemIds: uuid("item_ids").array().notNull().default([]),
  tags: text("tags").array().notNull().default([]),
  languages: text("languages").array().notNull().default([]),
  timeZone: text("time_zone").notNull(),
  status: text("status").$type<MenteeStatus>().notNull().default("waiting"),
  programmeId: uuid("programme_id"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
});

export const mentoringPairs = pgTable("mentoring_pairs", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  mentorId: uuid("mentor_id").notNull(),
  menteeId: uuid("mentee_id").notNull(),
  status: text("status").$type<PairStatus>().notNull().default("active"),
  score: numeric("score"),
  reasons: jsonb("reasons").$type<Record<string, unknown>>().notNull().default({}),
  confirmedBy: uuid("confirmed_by"),
  confirmedAt: timestamp("confirmed_at", { withTimezone: true }).notNull().defaultNow(),
  closedAt: timestamp("closed_at", { withTimezone: true }),
});

export const mentoringRejections = pgTable(
  "mentoring_rejections",
  {
    menteeId: uuid("mentee_id").notNull(),
    mentorId: uuid("mentor_id").notNull(),
    rejectedBy: uuid("rejected_by"),
    rejectedAt: timestamp("rejected_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.menteeId, table.mentorId] })],
);

export const mentoringMeetings = pgTable("mentoring_meetings", {
  id: uuid("id").primaryKey().defaultRandom(),
  pairId: uuid("pair_id").notNull(),
  metOn: date("met_on").notNull(),
  minutes: integer("minutes").notNull(),
  notes: text("notes").notNull().default(""),
  loggedBy: uuid("logged_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
