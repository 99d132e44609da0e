import { smallint, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// Mirrors src/db/migrations/0029_event_attendance.sql: the one row holding the installation's signing secret.
export const signingSecretTable = pgTable("signing_secret", {
  id: smallint("id").primaryKey().default(1),
  secret: text("secret").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
