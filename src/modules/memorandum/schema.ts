import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../platform/i18n/localized";

// Mirrors src/db/migrations/0047_memorandum.sql (the SQL is the source of truth).

export const SIGNATURE_STATUSES = ["signed", "withdrawn"] as const;
export type SignatureStatus = (typeof SIGNATURE_STATUSES)[number];
export const SIGNATURE_ACTIONS = ["signed", "resigned", "withdrawn"] as const;
export type SignatureAction = (typeof SIGNATURE_ACTIONS)[number];

export const memorandumVersions = pgTable("memorandum_versions", {
  id: uuid("id").primaryKey().defaultRandom(),
  spaceId: uuid("space_id").notNull(),
  version: integer("version").notNull(),
  bodyMd: jsonb("body_md").$type<LocalizedText>().notNull(),
  bodyHtml: jsonb("body_html").$type<LocalizedText>().notNull(),
  changeSummary: jsonb("change_summary").$type<LocalizedText>().notNull().default({}),
  publishedBy: uuid("published_by"),
  publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
});

export const memorandumSignatures = pgTable(
  "memorandum_signatures",
  {
    spaceId: uuid("space_id").notNull(),
    organisationId: uuid("organisation_id").notNull(),
    status: text("status").$type<SignatureStatus>().notNull(),
    version: integer("version").notNull(),
    signedAt: timestamp("signed_at", { withTimezone: true }).notNull(),
    signedBy: uuid("signed_by"),
    firstSignedAt: timestamp("first_signed_at", { withTimezone: true }).notNull(),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    withdrawalReason: text("withdrawal_reason").notNull().default(""),
    invitedVersion: integer("invited_version"),
  },
  (table) => [primaryKey({ columns: [table.spaceId, table.organisationId] })],
);

export const memorandumSignatureEvents = pgTable("memorandum_signature_events", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  spaceId: uuid("space_id").notNull(),
  organisationId: uuid("organisation_id").notNull(),
  action: text("action").$type<SignatureAction>().notNull(),
  version: integer("version").notNull(),
  userId: uuid("user_id"),
  reason: text("reason").notNull().default(""),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
