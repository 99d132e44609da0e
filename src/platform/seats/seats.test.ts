import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { createTestApp, type TestApp } from "../../testing/harness";
import { queryRows } from "../../db/sql";
import { AppError } from "../errors";
import { acceptOffer, approveClaim, claimSeat, ensureSeatPool, expireOffers, releaseClaim, seatCounts, setSeatCapacity, waitlistPosition } from "./seats";

type Row = { id: string; holder_id: string; status: string; queue_seq: string };

/** Every claim of a pool in queue order. */
const claimsOf = (t: TestApp, poolId: string) => queryRows<Row>(t.services.db, sql`select id, holder_id, status, queue_seq from seat_claims where pool_id = ${poolId} order by queue_seq`);

/** The pool's kept counts agree with its claims, and never exceed capacity. */
async function assertConsistent(t: TestApp, poolId: string, capacity: number): Promise<void> {
  const claims = await claimsOf(t, poolId);
  const counts = await seatCounts(t.services.db, poolId);
  const confirmed = claims.filter((claim) => claim.status === "confirmed").length;
  const offered = claims.filter((claim) => claim.status === "offered").length;
  assert.equal(counts.confirmed, confirmed, "kept confirmed count matches the claims");
  assert.equal(counts.offered, offered, "kept offered count matches the claims");
  assert.ok(confirmed + offered <= capacity, `confirmed ${confirmed} + offered ${offered} never exceed ${capacity}`);
}

describe("seats: capacity and a fair first-come waitlist", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
  });
  after(() => t.close());

  it("gives exactly the capacity when 50 people ask at once, and queues the rest in the order they asked", async () => {
    const poolId = await ensureSeatPool(t.services.db, { kind: "test", ownerId: randomUUID(), capacity: 10 });
    const holders = Array.from({ length: 50 }, () => randomUUID());
    const now = t.clock.now();
    const results = await Promise.all(holders.map((holderId) => claimSeat(t.services.db, { poolId, holderId, now })));
    assert.equal(results.filter((result) => result.claim.status === "confirmed").length, 10);
    assert.equal(results.filter((result) => result.claim.status === "waitlisted").length, 40);
    await assertConsistent(t, poolId, 10);
    // The confirmed ten are the first ten in queue order: nobody who asked later got in ahead.
    const claims = await claimsOf(t, poolId);
    assert.deepEqual(
      claims.map((claim) => claim.status),
      [...Array(10).fill("confirmed"), ...Array(40).fill("waitlisted")],
    );
    const firstWaiting = claims[10];
    assert.equal(await waitlistPosition(t.services.db, firstWaiting.id), 1);
    assert.equal(await waitlistPosition(t.services.db, claims[12].id), 3);
  });

  it("keeps capacity and queue order when people cancel and others ask concurrently", async () => {
    const poolId = await ensureSeatPool(t.services.db, { kind: "test", ownerId: randomUUID(), capacity: 10 });
    const now = t.clock.now();
    for (let index = 0; index < 30; index += 1) await claimSeat(t.services.db, { poolId, holderId: randomUUID(), now });
    const before = await claimsOf(t, poolId);
    const cancelling = [...before.slice(0, 6), ...before.slice(15, 20)];
    const newcomers: string[] = Array.from({ length: 20 }, () => randomUUID());
    await Promise.all([
      ...cancelling.map((claim) => releaseClaim(t.services.db, claim.id, "cancelled", now)),
      ...newcomers.map((holderId) => claimSeat(t.services.db, { poolId, holderId, now })),
    ]);
    await assertConsistent(t, poolId, 10);
    const afterwards = await claimsOf(t, poolId);
    const offered = afterwards.filter((claim) => claim.status === "offered");
    assert.equal(offered.length, 6, "each of the six freed seats is offered");
    // The offers went to the six earliest of those still waiting before anyone new arrived.
    const expected = before.slice(10).filter((claim) => !cancelling.some((gone) => gone.id === claim.id)).slice(0, 6);
    assert.deepEqual(offered.map((claim) => claim.id).sort(), expected.map((claim) => claim.id).sort());
    assert.ok(afterwards.filter((claim) => newcomers.includes(claim.holder_id)).every((claim) => claim.status === "waitlisted"));
  });

  it("lets an offer expire and passes the seat on, and refuses a late acceptance", async () => {
    const poolId = await ensureSeatPool(t.services.db, { kind: "test-expiry", ownerId: randomUUID(), capacity: 1, offerHours: 24 });
    const now = t.clock.now();
    const first = await claimSeat(t.services.db, { poolId, holderId: randomUUID(), now });
    const second = await claimSeat(t.services.db, { poolId, holderId: randomUUID(), now });
    const third = await claimSeat(t.services.db, { poolId, holderId: randomUUID(), now });
    const changes = await releaseClaim(t.services.db, first.claim.id, "cancelled", now);
    assert.deepEqual(
      changes.map((item) => [item.claimId, item.to]),
      [
        [first.claim.id, "cancelled"],
        [second.claim.id, "offered"],
      ],
    );
    assert.equal(changes[1].offerExpiresAt?.toISOString(), new Date(now.getTime() + 24 * 3_600_000).toISOString());
    assert.deepEqual(await expireOffers(t.services.db, new Date(now.getTime() + 23 * 3_600_000), ["test-expiry"]), []);
    const later = new Date(now.getTime() + 25 * 3_600_000);
    const expired = await expireOffers(t.services.db, later, ["test-expiry"]);
    assert.deepEqual(
      expired.map((item) => [item.claimId, item.from, item.to]),
      [
        [second.claim.id, "offered", "expired"],
        [third.claim.id, "waitlisted", "offered"],
      ],
    );
    await assert.rejects(acceptOffer(t.services.db, second.claim.id, later), (error: AppError) => error.code === "conflict");
    await acceptOffer(t.services.db, third.claim.id, later);
    await assertConsistent(t, poolId, 1);
    assert.equal((await seatCounts(t.services.db, poolId)).confirmed, 1);
  });

  it("gives a person asking twice the same claim, and a new place at the back after cancelling", async () => {
    const poolId = await ensureSeatPool(t.services.db, { kind: "test", ownerId: randomUUID(), capacity: 1 });
    const now = t.clock.now();
    const holderId = randomUUID();
    await claimSeat(t.services.db, { poolId, holderId: randomUUID(), now });
    const first = await claimSeat(t.services.db, { poolId, holderId, now });
    const again = await claimSeat(t.services.db, { poolId, holderId, now });
    assert.equal(again.claim.id, first.claim.id);
    assert.equal(again.isNew, false);
    await claimSeat(t.services.db, { poolId, holderId: randomUUID(), now });
    await releaseClaim(t.services.db, first.claim.id, "cancelled", now);
    const back = await claimSeat(t.services.db, { poolId, holderId, now });
    assert.notEqual(back.claim.id, first.claim.id);
    assert.equal(await waitlistPosition(t.services.db, back.claim.id), 2);
  });

  it("holds approval requests outside the seats and keeps an earlier waiter's turn", async () => {
    const poolId = await ensureSeatPool(t.services.db, { kind: "test", ownerId: randomUUID(), capacity: 2 });
    const now = t.clock.now();
    const pending = await claimSeat(t.services.db, { poolId, holderId: randomUUID(), needsApproval: true, now });
    assert.equal(pending.claim.status, "pending");
    assert.equal((await seatCounts(t.services.db, poolId)).confirmed, 0);
    assert.deepEqual(
      (await approveClaim(t.services.db, pending.claim.id, now)).map((item) => item.to),
      ["confirmed"],
    );
    await assert.rejects(approveClaim(t.services.db, pending.claim.id, now), (error: AppError) => error.code === "conflict");
    await claimSeat(t.services.db, { poolId, holderId: randomUUID(), now });
    const late = await claimSeat(t.services.db, { poolId, holderId: randomUUID(), needsApproval: true, now });
    assert.deepEqual(
      (await approveClaim(t.services.db, late.claim.id, now)).map((item) => item.to),
      ["waitlisted"],
    );
    await assertConsistent(t, poolId, 2);
  });

  it("offers new room to the queue when capacity grows and lets everyone in when it is lifted", async () => {
    const poolId = await ensureSeatPool(t.services.db, { kind: "test", ownerId: randomUUID(), capacity: 1 });
    const now = t.clock.now();
    for (let index = 0; index < 4; index += 1) await claimSeat(t.services.db, { poolId, holderId: randomUUID(), now });
    assert.deepEqual(
      (await setSeatCapacity(t.services.db, poolId, 2, now)).map((item) => item.to),
      ["offered"],
    );
    await assertConsistent(t, poolId, 2);
    const lifted = await setSeatCapacity(t.services.db, poolId, null, now);
    assert.equal(lifted.length, 3);
    const counts = await seatCounts(t.services.db, poolId);
    assert.deepEqual([counts.confirmed, counts.offered, counts.waitlisted, counts.free], [4, 0, 0, null]);
  });
});
