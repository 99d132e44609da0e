import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../platform/i18n/localized";

// Mirrors src/db/migrations/0002_organisations.sql.

export type ContactVisibility = "public" | "members" | "private";
export type ContactField = { value: string; visibility: ContactVisibility };
export type OrganisationContacts = Partial<Record<"email" | "phone" | "address" | "person", ContactField>>;
export type OrganisationRole = "admin" | "member";

export const organisations = pgTable("organisations", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull(),
  name: jsonb("name").$type<LocalizedText>().notNull(),
  description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  actorType: text("actor_type").notNull(),
  country: text("country"),
  website: text("website"),
  contacts: jsonb("contacts").$type<OrganisationContacts>().notNull().default({}),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  searchText: text("search_text").notNull().default(""),
  /** Free themes, lower-case (migration 0021). */
  themes: text("themes").array().notNull().default([]),
});

/** The framework targets an organisation works on (migration 0021). */
export const organisationFrameworkItems = pgTable(
  "organisation_framework_items",
  {
    organisationId: uuid("organisation_id").notNull(),
    itemId: uuid("item_id").notNull(),
  },
  (table) => [primaryKey({ columns: [table.organisationId, table.itemId] })],
);

export const organisationMembers = pgTable(
  "organisation_members",
  {
    organisationId: uuid("organisation_id").notNull(),
    userId: uuid("user_id").notNull(),
    role: text("role").$type<OrganisationRole>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.organisationId, table.userId] })],
);

export const organisationInvitations = pgTable("organisation_invitations", {
  id: uuid("id").primaryKey().defaultRandom(),
  organisationId: uuid("organisation_id").notNull(),
  email: text("email").notNull(),
  role: text("role").$type<OrganisationRole>().notNull(),
  tokenHash: text("token_hash").notNull(),
  invitedBy: uuid("invited_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  acceptedAt: timestamp("accepted_at", { withTimezone: true }),
  acceptedBy: uuid("accepted_by"),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

export const organisationJoinRequests = pgTable("organisation_join_requests", {
  id: uuid("id").primaryKey().defaultRandom(),
  organisationId: uuid("organisation_id").notNull(),
  userId: uuid("user_id").notNull(),
  message: text("message").notNull().default(""),
  status: text("status").$type<"pending" | "accepted" | "declined">().notNull().default("pending"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  decidedBy: uuid("decided_by"),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
});
