import { bigserial, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../../platform/i18n/localized";
import type { SpaceRole } from "../../spaces/schema";

// Mirrors src/db/migrations/0037_newsletter_issues.sql (the SQL is the source of truth).

export const NEWSLETTER_STATUSES = ["draft", "scheduled", "sending", "sent", "cancelled"] as const;
export type NewsletterStatus = (typeof NEWSLETTER_STATUSES)[number];
export const DELIVERY_STATUSES = ["pending", "sent", "skipped", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A block of a newsletter: a text of its own, or a public item of a content source (resolved when sent). */
export type NewsletterBlock = { type: "text"; body: LocalizedText; bodyHtml: LocalizedText } | { type: "item"; kind: string; id: string };

export const AUDIENCE_KINDS = ["members", "followers", "subscribers"] as const;
export type AudienceKind = (typeof AUDIENCE_KINDS)[number];

/**
 * Who a newsletter goes to. Audience kinds are OR-ed (members of the space — of the roles listed, all when none —,
 * followers: subscribers with an account, subscribers without an account); each non-empty filter is AND-ed.
 */
export type Segment = {
  audiences: AudienceKind[];
  roles: SpaceRole[];
  actorTypes: string[];
  countries: string[];
  /** UN M49 region codes; a recipient matches through any of its countries. */
  regions: string[];
  /** framework_items ids: recipients whose organisation works on any of them. */
  frameworkItems: string[];
  locales: string[];
};

export const newsletters = pgTable("newsletters", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  subject: jsonb("subject").$type<LocalizedText>().notNull().default({}),
  preheader: jsonb("preheader").$type<LocalizedText>().notNull().default({}),
  intro: jsonb("intro").$type<LocalizedText>().notNull().default({}),
  introHtml: jsonb("intro_html").$type<LocalizedText>().notNull().default({}),
  blocks: jsonb("blocks").$type<NewsletterBlock[]>().notNull().default([]),
  segment: jsonb("segment").$type<Partial<Segment>>().notNull().default({}),
  status: text("status").$type<NewsletterStatus>().notNull().default("draft"),
  scheduledAt: timestamp("scheduled_at", { withTimezone: true }),
  createdBy: uuid("created_by"),
  sentBy: uuid("sent_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  sendStartedAt: timestamp("send_started_at", { withTimezone: true }),
  sentAt: timestamp("sent_at", { withTimezone: true }),
  cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
  recipientCount: integer("recipient_count").notNull().default(0),
  sentCount: integer("sent_count").notNull().default(0),
  skippedCount: integer("skipped_count").notNull().default(0),
  failedCount: integer("failed_count").notNull().default(0),
  leaseOwner: text("lease_owner"),
  leaseUntil: timestamp("lease_until", { withTimezone: true }),
});

export const newsletterDeliveries = pgTable("newsletter_deliveries", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  newsletterId: uuid("newsletter_id").notNull(),
  email: text("email").notNull(),
  locale: text("locale").notNull(),
  recipientKind: text("recipient_kind").$type<"user" | "subscriber">().notNull(),
  recipientId: uuid("recipient_id").notNull(),
  displayName: text("display_name").notNull().default(""),
  status: text("status").$type<DeliveryStatus>().notNull().default("pending"),
  sentAt: timestamp("sent_at", { withTimezone: true }),
  error: text("error"),
});
