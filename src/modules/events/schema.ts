import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../platform/i18n/localized";

// Mirrors src/db/migrations/0025_events.sql (the SQL is the source of truth). search_vector is left out: only
// SQL writes and reads it.

export const EVENT_KINDS = ["in_person", "online", "hybrid"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_STATUSES = ["draft", "published", "cancelled"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
/** public: anyone who may see the space; members: the space's members; invitation: invited people and organisers. */
export const EVENT_VISIBILITIES = ["public", "members", "invitation"] as const;
export type EventVisibility = (typeof EVENT_VISIBILITIES)[number];
export const REGISTRATION_STATES = ["open", "closed"] as const;
export type RegistrationState = (typeof REGISTRATION_STATES)[number];
export const REGISTRATION_MODES = ["open", "approval"] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];
export const SESSION_TYPES = ["plenary", "panel", "workshop", "breakout", "design_thinking", "unconference", "break", "other"] as const;
export type SessionType = (typeof SESSION_TYPES)[number];
export const QUESTION_KINDS = ["text", "single", "multiple"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const UNCONFERENCE_STATES = ["closed", "proposals", "voting", "scheduling", "published"] as const;
export type UnconferenceState = (typeof UNCONFERENCE_STATES)[number];
export const PROPOSAL_STATUSES = ["pending", "published", "hidden", "withdrawn"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** Seat pool kinds (platform/seats) that events own. */
export const EVENT_POOL = "event";
export const SESSION_POOL = "event_session";

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const eventSeries = pgTable("event_series", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
});

export const events = pgTable("events", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  slug: text("slug").notNull(),
  seriesId: uuid("series_id"),
  kind: text("kind").$type<EventKind>().notNull(),
  status: text("status").$type<EventStatus>().notNull().default("draft"),
  visibility: text("visibility").$type<EventVisibility>().notNull().default("public"),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  summary: jsonb("summary").$type<LocalizedText>().notNull().default({}),
  description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  descriptionHtml: jsonb("description_html").$type<LocalizedText>().notNull().default({}),
  startsAt: ts("starts_at").notNull(),
  endsAt: ts("ends_at").notNull(),
  timeZone: text("time_zone").notNull(),
  venueName: text("venue_name").notNull().default(""),
  venueAddress: text("venue_address").notNull().default(""),
  country: text("country").notNull().default(""),
  mapUrl: text("map_url"),
  meetingUrl: text("meeting_url"),
  joinEpoch: integer("join_epoch").notNull().default(1),
  languages: text("languages").array().notNull().default([]),
  interpretation: text("interpretation").array().notNull().default([]),
  accessibility: jsonb("accessibility").$type<LocalizedText>().notNull().default({}),
  themes: text("themes").array().notNull().default([]),
  targetIds: uuid("target_ids").array().notNull().default([]),
  isExternal: boolean("is_external").notNull().default(false),
  externalUrl: text("external_url"),
  registrationState: text("registration_state").$type<RegistrationState>().notNull().default("closed"),
  registrationMode: text("registration_mode").$type<RegistrationMode>().notNull().default("open"),
  allowsOrganisation: boolean("allows_organisation").notNull().default(true),
  registrationClosesAt: ts("registration_closes_at"),
  closingNotes: jsonb("closing_notes").$type<LocalizedText>().notNull().default({}),
  closingNotesHtml: jsonb("closing_notes_html").$type<LocalizedText>().notNull().default({}),
  sequence: integer("sequence").notNull().default(0),
  createdBy: uuid("created_by"),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
  publishedAt: ts("published_at"),
  cancelledAt: ts("cancelled_at"),
});

export const eventOrganisers = pgTable(
  "event_organisers",
  {
    eventId: uuid("event_id").notNull(),
    organisationId: uuid("organisation_id").notNull(),
    position: integer("position").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.eventId, table.organisationId] })],
);

export type SessionLink = { label: string; url: string };

export const eventSessions = pgTable("event_sessions", {
  id: uuid("id").primaryKey().defaultRandom(),
  eventId: uuid("event_id").notNull(),
  title: jsonb("title").$type<LocalizedText>().notNull(),
  description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  descriptionHtml: jsonb("description_html").$type<LocalizedText>().notNull().default({}),
  type: text("type").$type<SessionType>().notNull().default("other"),
  startsAt: ts("starts_at").notNull(),
  endsAt: ts("ends_at").notNull(),
  track: text("track").notNull().default(""),
  room: text("room").notNull().default(""),
  hasRegistration: boolean("has_registration").notNull().default(false),
  recordingUrl: text("recording_url"),
  slidesUrl: text("slides_url"),
  links: jsonb("links").$type<SessionLink[]>().notNull().default([]),
  consultationTopicId: uuid("consultation_topic_id"),
  proposalId: uuid("proposal_id"),
  sequence: integer("sequence").notNull().default(0),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const eventSessionPeople = pgTable("event_session_people", {
  id: uuid("id").primaryKey().defaultRandom(),
  sessionId: uuid("session_id").notNull(),
  role: text("role").$type<"speaker" | "moderator">().notNull(),
  userId: uuid("user_id"),
  name: text("name").notNull().default(""),
  organisation: text("organisation").notNull().default(""),
  bio: jsonb("bio").$type<LocalizedText>().notNull().default({}),
  position: integer("position").notNull().default(0),
});

export const eventAgendaMarks = pgTable(
  "event_agenda_marks",
  {
    userId: uuid("user_id").notNull(),
    sessionId: uuid("session_id").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.sessionId] })],
);

export type QuestionOption = { key: string; label: LocalizedText };

export const eventQuestions = pgTable("event_questions", {
  id: uuid("id").primaryKey().defaultRandom(),
  eventId: uuid("event_id").notNull(),
  position: integer("position").notNull().default(0),
  kind: text("kind").$type<QuestionKind>().notNull(),
  label: jsonb("label").$type<LocalizedText>().notNull(),
  options: jsonb("options").$type<QuestionOption[]>().notNull().default([]),
  isRequired: boolean("is_required").notNull().default(false),
});

/** Answers by question id: text for a text question, an option key for single choice, keys for multiple. */
export type RegistrationAnswers = Record<string, string | string[]>;

export const eventRegistrations = pgTable("event_registrations", {
  id: uuid("id").primaryKey().defaultRandom(),
  eventId: uuid("event_id").notNull(),
  userId: uuid("user_id").notNull(),
  claimId: uuid("claim_id").notNull(),
  organisationId: uuid("organisation_id"),
  answers: jsonb("answers").$type<RegistrationAnswers>().notNull().default({}),
  locale: text("locale").notNull().default("en"),
  checkInCode: text("check_in_code").notNull(),
  checkedInAt: ts("checked_in_at"),
  attendedOnlineAt: ts("attended_online_at"),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const eventSessionRegistrations = pgTable("event_session_registrations", {
  id: uuid("id").primaryKey().defaultRandom(),
  sessionId: uuid("session_id").notNull(),
  userId: uuid("user_id").notNull(),
  claimId: uuid("claim_id").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
});

export const eventInvitations = pgTable("event_invitations", {
  id: uuid("id").primaryKey().defaultRandom(),
  eventId: uuid("event_id").notNull(),
  email: text("email").notNull(),
  tokenHash: text("token_hash").notNull(),
  invitedBy: uuid("invited_by"),
  userId: uuid("user_id"),
  createdAt: ts("created_at").notNull().defaultNow(),
  acceptedAt: ts("accepted_at"),
});

export const eventCalendarFeeds = pgTable("event_calendar_feeds", {
  userId: uuid("user_id").primaryKey(),
  tokenHash: text("token_hash").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
});

export const eventUnconferences = pgTable("event_unconferences", {
  eventId: uuid("event_id").primaryKey(),
  state: text("state").$type<UnconferenceState>().notNull().default("closed"),
  votesPerPerson: integer("votes_per_person").notNull().default(3),
  proposalsCloseAt: ts("proposals_close_at"),
  votingClosesAt: ts("voting_closes_at"),
  publishedAt: ts("published_at"),
  /** 0030_events_unconference.sql: the last build's report (unconference/queries.ts BuildReport). */
  buildReport: jsonb("build_report").$type<Record<string, unknown>>().notNull().default({}),
});

export const eventUnconferenceRooms = pgTable("event_unconference_rooms", {
  id: uuid("id").primaryKey().defaultRandom(),
  eventId: uuid("event_id").notNull(),
  name: text("name").notNull(),
  capacity: integer("capacity").notNull(),
  position: integer("position").notNull().default(0),
});

export const eventUnconferenceSlots = pgTable("event_unconference_slots", {
  id: uuid("id").primaryKey().defaultRandom(),
  eventId: uuid("event_id").notNull(),
  startsAt: ts("starts_at").notNull(),
  endsAt: ts("ends_at").notNull(),
});

export const eventProposals = pgTable("event_proposals", {
  id: uuid("id").primaryKey().defaultRandom(),
  eventId: uuid("event_id").notNull(),
  hostUserId: uuid("host_user_id"),
  title: text("title").notNull(),
  description: text("description").notNull().default(""),
  format: text("format").notNull().default("discussion"),
  language: text("language").notNull().default(""),
  availableSlotIds: uuid("available_slot_ids").array().notNull().default([]),
  preferredSlotIds: uuid("preferred_slot_ids").array().notNull().default([]),
  status: text("status").$type<ProposalStatus>().notNull().default("pending"),
  votes: integer("votes").notNull().default(0),
  /** 0030_events_unconference.sql: the moderation gate's reason shown to the host, open reports. */
  moderationReason: text("moderation_reason").notNull().default(""),
  reportCount: integer("report_count").notNull().default(0),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const eventProposalVotes = pgTable(
  "event_proposal_votes",
  {
    proposalId: uuid("proposal_id").notNull(),
    userId: uuid("user_id").notNull(),
    eventId: uuid("event_id").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.proposalId, table.userId] })],
);

export const eventUnconferenceSchedule = pgTable("event_unconference_schedule", {
  proposalId: uuid("proposal_id").primaryKey(),
  eventId: uuid("event_id").notNull(),
  slotId: uuid("slot_id").notNull(),
  roomId: uuid("room_id").notNull(),
  isPinned: boolean("is_pinned").notNull().default(false),
});

export type EventRow = typeof events.$inferSelect;
export type SessionRow = typeof eventSessions.$inferSelect;
export type RegistrationRow = typeof eventRegistrations.$inferSelect;
