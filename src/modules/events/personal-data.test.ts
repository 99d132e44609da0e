import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { createTestApp, type TestApp } from "../../testing/harness";
import { buildUser } from "../../testing/factories";
import { queryRows } from "../../db/sql";
import { deleteAccount } from "../../platform/auth/commands/delete-account";
import { claimSeat, findSeatPool, seatCounts } from "../../platform/seats/seats";
import { buildEvent } from "./factories";
import { eventsPersonalData } from "./personal-data";
import { EVENT_POOL } from "./schema";

describe("events: personal data", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
  });
  after(() => t.close());

  /** A registration made straight through the seats engine (the registration pages are tested in their part). */
  async function register(eventId: string, userId: string): Promise<string> {
    const pool = await findSeatPool(t.services.db, EVENT_POOL, eventId);
    const { claim } = await claimSeat(t.services.db, { poolId: pool!.id, holderId: userId, now: t.clock.now() });
    await t.services.db.execute(sql`insert into event_registrations (event_id, user_id, claim_id, answers, check_in_code) values (${eventId}, ${userId}, ${claim.id}, '{"q":"vegetarian"}'::jsonb, ${claim.id.slice(0, 8)})`);
    return claim.id;
  }

  it("exports a person's registrations, and deleting the account frees the seat for the next person waiting", async () => {
    const event = await buildEvent(t.services, { capacity: 1 });
    const leaving = await buildUser(t.services);
    const waiting = await buildUser(t.services);
    await register(event.id, leaving.id);
    const waitingClaim = await register(event.id, waiting.id);
    const exported = (await eventsPersonalData.exportFor(t.services.db, leaving.id)) as { registrations: { event: string; status: string; answers: unknown }[] };
    assert.deepEqual(
      exported.registrations.map((row) => [row.event, row.status, row.answers]),
      [[event.slug, "confirmed", { q: "vegetarian" }]],
    );
    await deleteAccount(t.services, leaving.id, leaving.password);
    const pool = await findSeatPool(t.services.db, EVENT_POOL, event.id);
    const counts = await seatCounts(t.services.db, pool!.id);
    assert.deepEqual([counts.confirmed, counts.offered], [0, 1]);
    const [offered] = await queryRows<{ status: string }>(t.services.db, sql`select status from seat_claims where id = ${waitingClaim}`);
    assert.equal(offered.status, "offered");
    const jobs = await queryRows<{ payload: { changes: { holderId: string; to: string }[] } }>(t.services.db, sql`select payload from jobs where kind = 'events.seats-changed'`);
    assert.deepEqual(jobs.flatMap((job) => job.payload.changes.map((change) => [change.holderId, change.to])), [[waiting.id, "offered"]]);
    const [kept] = await queryRows<{ answers: unknown }>(t.services.db, sql`select answers from event_registrations where user_id = ${leaving.id}`);
    assert.deepEqual(kept.answers, {}, "answers are erased, the row stays for attendance figures");
  });
});
