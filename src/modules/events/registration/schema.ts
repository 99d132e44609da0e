import { pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Mirrors src/db/migrations/0028_event_registration_reminders.sql (the SQL is the source of truth).

export const REMINDER_KINDS = ["day", "hour"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const eventRegistrationReminders = pgTable(
  "event_registration_reminders",
  {
    registrationId: uuid("registration_id").notNull(),
    kind: text("kind").$type<ReminderKind>().notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.registrationId, table.kind] })],
);
