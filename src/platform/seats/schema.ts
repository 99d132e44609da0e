import { bigint, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Mirrors src/db/migrations/0025_events.sql (the SQL is the source of truth).

/** What a claim can be: pending holds no seat; confirmed and offered hold one; waitlisted waits in queue order. */
export const SEAT_STATUSES = ["pending", "confirmed", "waitlisted", "offered", "cancelled", "declined", "expired"] as const;
export type SeatStatus = (typeof SEAT_STATUSES)[number];
/** The statuses of a claim that is still alive (one per person and pool). */
export const LIVE_SEAT_STATUSES: readonly SeatStatus[] = ["pending", "confirmed", "waitlisted", "offered"];

export const seatPools = pgTable("seat_pools", {
  id: uuid("id").primaryKey().defaultRandom(),
  kind: text("kind").notNull(),
  ownerId: uuid("owner_id").notNull(),
  capacity: integer("capacity"),
  confirmed: integer("confirmed").notNull().default(0),
  offered: integer("offered").notNull().default(0),
  offerHours: integer("offer_hours").notNull().default(48),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const seatClaims = pgTable("seat_claims", {
  id: uuid("id").primaryKey().defaultRandom(),
  poolId: uuid("pool_id").notNull(),
  holderId: uuid("holder_id").notNull(),
  status: text("status").$type<SeatStatus>().notNull(),
  queueSeq: bigint("queue_seq", { mode: "number" }).notNull(),
  offeredAt: timestamp("offered_at", { withTimezone: true }),
  offerExpiresAt: timestamp("offer_expires_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type SeatPool = typeof seatPools.$inferSelect;
export type SeatClaim = typeof seatClaims.$inferSelect;
