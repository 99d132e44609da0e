import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { conflict, notFound } from "../errors";
import type { SeatStatus } from "./schema";

// Seats: capacity with a fair first-come waitlist, shared by every module that has places to give (an event, a
// session with its own registration, a programme's cohort). Every change locks the pool's row first
// (`for update`, Decidim's with_lock), so capacity is checked against counts kept in that row under the lock,
// never against a count taken beside it: 100 people asking for the last seat at once get exactly one seat.
// A seat that frees up is offered to the first person waiting (by queue_seq, the order they asked in), held
// for them until the offer expires, then passed on. Modules react to the changes these functions return (mail
// the person offered a seat, the one confirmed); nothing here sends mail.

/** A claim that changed, for the owning module to react to (mail, audit). `from` is null for a new claim. */
export type SeatChange = {
  claimId: string;
  poolId: string;
  kind: string;
  ownerId: string;
  holderId: string;
  from: SeatStatus | null;
  to: SeatStatus;
  offerExpiresAt: Date | null;
};

export type SeatClaimView = {
  id: string;
  poolId: string;
  holderId: string;
  status: SeatStatus;
  offerExpiresAt: Date | null;
  createdAt: Date;
};

type PoolRow = { id: string; kind: string; owner_id: string; capacity: number | null; confirmed: number; offered: number; offer_hours: number };
type ClaimRow = { id: string; pool_id: string; holder_id: string; status: SeatStatus; offer_expires_at: Date | null; created_at: Date };

const claimView = (row: ClaimRow): SeatClaimView => ({
  id: row.id,
  poolId: row.pool_id,
  holderId: row.holder_id,
  status: row.status,
  offerExpiresAt: row.offer_expires_at ? new Date(row.offer_expires_at) : null,
  createdAt: new Date(row.created_at),
});

/** Creates the pool of an owner (idempotent: the existing pool's id when there is one). capacity null = unlimited. */
export async function ensureSeatPool(db: Database, input: { kind: string; ownerId: string; capacity: number | null; offerHours?: number }): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into seat_pools (kind, owner_id, capacity, offer_hours) values (${input.kind}, ${input.ownerId}, ${input.capacity}, ${input.offerHours ?? 48})
      on conflict (kind, owner_id) do update set kind = excluded.kind returning id`,
  );
  return row.id;
}

/** The pool of an owner, or undefined. */
export async function findSeatPool(db: Database, kind: string, ownerId: string): Promise<{ id: string; capacity: number | null; confirmed: number; offered: number; offerHours: number } | undefined> {
  const [row] = await queryRows<PoolRow>(db, sql`select * from seat_pools where kind = ${kind} and owner_id = ${ownerId}`);
  return row ? { id: row.id, capacity: row.capacity, confirmed: row.confirmed, offered: row.offered, offerHours: row.offer_hours } : undefined;
}

async function lockPool(tx: Database, poolId: string): Promise<PoolRow> {
  const [pool] = await queryRows<PoolRow>(tx, sql`select * from seat_pools where id = ${poolId} for update`);
  if (!pool) throw notFound();
  return pool;
}

async function lockClaim(tx: Database, claimId: string): Promise<{ pool: PoolRow; claim: ClaimRow }> {
  const [found] = await queryRows<{ pool_id: string }>(tx, sql`select pool_id from seat_claims where id = ${claimId}`);
  if (!found) throw notFound();
  const pool = await lockPool(tx, found.pool_id);
  // Read again under the pool's lock: every writer of this claim holds that lock, so this is current.
  const [claim] = await queryRows<ClaimRow>(tx, sql`select * from seat_claims where id = ${claimId}`);
  return { pool, claim };
}

const change = (pool: PoolRow, claim: ClaimRow, from: SeatStatus | null, to: SeatStatus, offerExpiresAt: Date | null = null): SeatChange => ({
  claimId: claim.id,
  poolId: pool.id,
  kind: pool.kind,
  ownerId: pool.owner_id,
  holderId: claim.holder_id,
  from,
  to,
  offerExpiresAt,
});

/**
 * Offers the pool's free seats (capacity less confirmed and offered) to the first people waiting, in the
 * order they asked. Runs under the pool's lock.
 */
async function offerFreeSeats(tx: Database, pool: PoolRow, now: Date): Promise<SeatChange[]> {
  if (pool.capacity === null) return [];
  const free = pool.capacity - pool.confirmed - pool.offered;
  if (free <= 0) return [];
  const expiresAt = new Date(now.getTime() + pool.offer_hours * 3_600_000);
  const offered = await queryRows<ClaimRow>(
    tx,
    sql`update seat_claims set status = 'offered', offered_at = ${now}, offer_expires_at = ${expiresAt}, updated_at = ${now}
      where id in (select id from seat_claims where pool_id = ${pool.id} and status = 'waitlisted' order by queue_seq limit ${free})
      returning *`,
  );
  if (!offered.length) return [];
  await tx.execute(sql`update seat_pools set offered = offered + ${offered.length} where id = ${pool.id}`);
  pool.offered += offered.length;
  return offered.sort((a, b) => a.created_at.valueOf() - b.created_at.valueOf()).map((claim) => change(pool, claim, "waitlisted", "offered", expiresAt));
}

/**
 * Asks for a seat. With room (and no approval needed) the claim is confirmed; a full pool puts it on the
 * waitlist; `needsApproval` makes it pending until an organiser approves. Someone who already holds a live claim
 * gets that claim back unchanged (asking twice never takes a second seat or a new place in the queue).
 */
export async function claimSeat(
  db: Database,
  input: { poolId: string; holderId: string; needsApproval?: boolean; now: Date },
): Promise<{ claim: SeatClaimView; isNew: boolean; changes: SeatChange[] }> {
  return db.transaction(async (tx) => {
    const pool = await lockPool(tx, input.poolId);
    const [existing] = await queryRows<ClaimRow>(
      tx,
      sql`select * from seat_claims where pool_id = ${pool.id} and holder_id = ${input.holderId} and status in ('pending', 'confirmed', 'waitlisted', 'offered')`,
    );
    if (existing) return { claim: claimView(existing), isNew: false, changes: [] };
    const hasRoom = pool.capacity === null || pool.confirmed + pool.offered < pool.capacity;
    const status: SeatStatus = input.needsApproval ? "pending" : hasRoom ? "confirmed" : "waitlisted";
    const [claim] = await queryRows<ClaimRow>(
      tx,
      sql`insert into seat_claims (pool_id, holder_id, status, created_at, updated_at) values (${pool.id}, ${input.holderId}, ${status}, ${input.now}, ${input.now}) returning *`,
    );
    if (status === "confirmed") await tx.execute(sql`update seat_pools set confirmed = confirmed + 1 where id = ${pool.id}`);
    return { claim: claimView(claim), isNew: true, changes: [change(pool, claim, null, status)] };
  });
}

/** An organiser approves a pending claim: confirmed when there is room, otherwise waitlisted in its original place. */
export async function approveClaim(db: Database, claimId: string, now: Date): Promise<SeatChange[]> {
  return db.transaction(async (tx) => {
    const { pool, claim } = await lockClaim(tx, claimId);
    if (claim.status !== "pending") throw conflict("seats.error.notPending");
    const hasRoom = pool.capacity === null || pool.confirmed + pool.offered < pool.capacity;
    // Someone waiting longer than this person keeps their turn: a free seat goes to the queue first.
    const [earlier] = await queryRows<{ id: string }>(
      tx,
      sql`select id from seat_claims where pool_id = ${pool.id} and status = 'waitlisted' and queue_seq < (select queue_seq from seat_claims where id = ${claimId}) limit 1`,
    );
    const to: SeatStatus = hasRoom && !earlier ? "confirmed" : "waitlisted";
    await tx.execute(sql`update seat_claims set status = ${to}, updated_at = ${now} where id = ${claimId}`);
    if (to === "confirmed") await tx.execute(sql`update seat_pools set confirmed = confirmed + 1 where id = ${pool.id}`);
    const changes = [change(pool, claim, "pending", to)];
    if (to === "waitlisted") changes.push(...(await offerFreeSeats(tx, pool, now)));
    return changes;
  });
}

/**
 * Ends a live claim: `cancelled` (the person or an organiser), `declined` (an organiser turns a request down, or
 * the person turns an offer down). A seat it held is offered to the next person waiting.
 */
export async function releaseClaim(db: Database, claimId: string, to: "cancelled" | "declined", now: Date): Promise<SeatChange[]> {
  return db.transaction(async (tx) => {
    const { pool, claim } = await lockClaim(tx, claimId);
    if (!["pending", "confirmed", "waitlisted", "offered"].includes(claim.status)) return [];
    await tx.execute(sql`update seat_claims set status = ${to}, offer_expires_at = null, updated_at = ${now} where id = ${claimId}`);
    if (claim.status === "confirmed") {
      await tx.execute(sql`update seat_pools set confirmed = confirmed - 1 where id = ${pool.id}`);
      pool.confirmed -= 1;
    } else if (claim.status === "offered") {
      await tx.execute(sql`update seat_pools set offered = offered - 1 where id = ${pool.id}`);
      pool.offered -= 1;
    }
    return [change(pool, claim, claim.status, to), ...(await offerFreeSeats(tx, pool, now))];
  });
}

/** The person offered a seat takes it before the offer expires; after that it has passed on (409). */
export async function acceptOffer(db: Database, claimId: string, now: Date): Promise<SeatChange[]> {
  return db.transaction(async (tx) => {
    const { pool, claim } = await lockClaim(tx, claimId);
    if (claim.status === "confirmed") return [];
    if (claim.status !== "offered") throw conflict("seats.error.noOffer");
    if (claim.offer_expires_at && new Date(claim.offer_expires_at) <= now) throw conflict("seats.error.offerExpired");
    await tx.execute(sql`update seat_claims set status = 'confirmed', offer_expires_at = null, updated_at = ${now} where id = ${claimId}`);
    await tx.execute(sql`update seat_pools set confirmed = confirmed + 1, offered = offered - 1 where id = ${pool.id}`);
    return [change(pool, claim, "offered", "confirmed")];
  });
}

/** Offers not taken in time expire and pass to the next person waiting (run by each module's periodic job). */
export async function expireOffers(db: Database, now: Date, kinds: readonly string[]): Promise<SeatChange[]> {
  if (!kinds.length) return [];
  const pools = await queryRows<{ pool_id: string }>(
    db,
    sql`select distinct c.pool_id from seat_claims c join seat_pools p on p.id = c.pool_id
      where c.status = 'offered' and c.offer_expires_at <= ${now} and p.kind in (${sql.join(kinds.map((kind) => sql`${kind}`), sql`, `)})`,
  );
  const changes: SeatChange[] = [];
  for (const { pool_id } of pools) {
    changes.push(
      ...(await db.transaction(async (tx) => {
        const pool = await lockPool(tx, pool_id);
        const expired = await queryRows<ClaimRow>(
          tx,
          sql`update seat_claims set status = 'expired', updated_at = ${now} where pool_id = ${pool_id} and status = 'offered' and offer_expires_at <= ${now} returning *`,
        );
        if (!expired.length) return [];
        await tx.execute(sql`update seat_pools set offered = offered - ${expired.length} where id = ${pool_id}`);
        pool.offered -= expired.length;
        return [...expired.map((claim) => change(pool, claim, "offered", "expired")), ...(await offerFreeSeats(tx, pool, now))];
      })),
    );
  }
  return changes;
}

/** Changes a pool's capacity; more room is offered to the queue at once. Nobody confirmed loses a seat. */
export async function setSeatCapacity(db: Database, poolId: string, capacity: number | null, now: Date, offerHours?: number): Promise<SeatChange[]> {
  return db.transaction(async (tx) => {
    const pool = await lockPool(tx, poolId);
    await tx.execute(sql`update seat_pools set capacity = ${capacity}, offer_hours = ${offerHours ?? pool.offer_hours} where id = ${poolId}`);
    pool.capacity = capacity;
    pool.offer_hours = offerHours ?? pool.offer_hours;
    if (capacity === null) {
      // Unlimited: everyone waiting or offered is in.
      const promoted = await queryRows<ClaimRow & { previous: SeatStatus }>(
        tx,
        sql`update seat_claims c set status = 'confirmed', offer_expires_at = null, updated_at = ${now}
          from (select id, status as previous from seat_claims where pool_id = ${poolId} and status in ('waitlisted', 'offered') for update) p
          where c.id = p.id returning c.*, p.previous`,
      );
      await tx.execute(sql`update seat_pools set confirmed = confirmed + ${promoted.length}, offered = 0 where id = ${poolId}`);
      return promoted.map((claim) => change(pool, claim, claim.previous, "confirmed"));
    }
    return offerFreeSeats(tx, pool, now);
  });
}

/** A claim by id, or undefined. */
export async function findSeatClaim(db: Database, claimId: string): Promise<SeatClaimView | undefined> {
  const [row] = await queryRows<ClaimRow>(db, sql`select * from seat_claims where id = ${claimId}`);
  return row ? claimView(row) : undefined;
}

/** A waiting claim's place in the queue (1 = next to be offered), or null when it is not waiting. */
export async function waitlistPosition(db: Database, claimId: string): Promise<number | null> {
  const [row] = await queryRows<{ position: string | number | null }>(
    db,
    sql`select case when c.status = 'waitlisted'
        then (select count(*) from seat_claims w where w.pool_id = c.pool_id and w.status = 'waitlisted' and w.queue_seq <= c.queue_seq) end as position
      from seat_claims c where c.id = ${claimId}`,
  );
  return row?.position === null || row?.position === undefined ? null : Number(row.position);
}

export type SeatCounts = { capacity: number | null; confirmed: number; offered: number; waitlisted: number; pending: number; free: number | null };

/** What a pool holds now: the kept counts plus the queue and pending requests. */
export async function seatCounts(db: Database, poolId: string): Promise<SeatCounts> {
  const [row] = await queryRows<{ capacity: number | null; confirmed: number; offered: number; waitlisted: string; pending: string }>(
    db,
    sql`select p.capacity, p.confirmed, p.offered,
        (select count(*) from seat_claims c where c.pool_id = p.id and c.status = 'waitlisted') as waitlisted,
        (select count(*) from seat_claims c where c.pool_id = p.id and c.status = 'pending') as pending
      from seat_pools p where p.id = ${poolId}`,
  );
  if (!row) throw notFound();
  const free = row.capacity === null ? null : Math.max(0, row.capacity - row.confirmed - row.offered);
  return { capacity: row.capacity, confirmed: row.confirmed, offered: row.offered, waitlisted: Number(row.waitlisted), pending: Number(row.pending), free };
}
