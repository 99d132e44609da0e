import { bigserial, boolean, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../../platform/schema";
import { spaces } from "../spaces/schema";

// Mirrors src/db/migrations/0035_newsletter_audience.sql (the SQL is the source of truth).

export const SUPPRESSION_REASONS = ["hard_bounce", "complaint", "manual"] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];
export const BOUNCE_KINDS = ["hard", "soft", "complaint"] as const;
export type BounceKind = (typeof BOUNCE_KINDS)[number];
export const SUBSCRIBER_STATUSES = ["pending", "active", "unsubscribed"] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];
export const DIGEST_FREQUENCIES = ["none", "weekly", "monthly"] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];
export const SUBSCRIBER_SOURCES = ["form", "api", "account", "import"] as const;
export type SubscriberSource = (typeof SUBSCRIBER_SOURCES)[number];

export const mailSuppressions = pgTable("mail_suppressions", {
  email: text("email").primaryKey(),
  reason: text("reason").$type<SuppressionReason>().notNull(),
  detail: text("detail").notNull().default(""),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const mailBounces = pgTable("mail_bounces", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  email: text("email").notNull(),
  kind: text("kind").$type<BounceKind>().notNull(),
  statusCode: text("status_code").notNull().default(""),
  diagnostic: text("diagnostic").notNull().default(""),
  newsletterId: uuid("newsletter_id"),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});

export const newsletterSubscribers = pgTable("newsletter_subscribers", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id")
    .notNull()
    .references(() => spaces.id, { onDelete: "cascade" }),
  userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
  email: text("email"),
  locale: text("locale").notNull().default("en"),
  status: text("status").$type<SubscriberStatus>().notNull(),
  newsletters: boolean("newsletters").notNull().default(true),
  digest: text("digest").$type<DigestFrequency>().notNull().default("none"),
  country: text("country"),
  actorType: text("actor_type"),
  confirmTokenHash: text("confirm_token_hash"),
  confirmSentAt: timestamp("confirm_sent_at", { withTimezone: true }),
  source: text("source").$type<SubscriberSource>().notNull().default("form"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
  unsubscribedAt: timestamp("unsubscribed_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

// Mirrors src/db/migrations/0038_newsletter_digest.sql.
export const newsletterDigestDeliveries = pgTable(
  "newsletter_digest_deliveries",
  {
    spaceId: uuid("space_id")
      .notNull()
      .references(() => spaces.id, { onDelete: "cascade" }),
    period: text("period").notNull(),
    recipient: text("recipient").notNull(),
    itemCount: integer("item_count").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.spaceId, table.period, table.recipient] })],
);
