import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { createTestApp, type TestApp } from "../../../testing/harness";
import { buildUser } from "../../../testing/factories";
import { buildSpace } from "../../spaces/factories";
import { buildEvent } from "../factories";
import { seedEventAgendaDemo } from "./seed";

describe("events agenda demo", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
  });
  after(() => t.close());

  it("adds the forum's programme and the past seminar's material once, however often it runs", async () => {
    const space = await buildSpace(t.services, { slug: "aarhus-kazakhstan-2018-2020", enabledModules: ["events"] });
    const forum = await buildEvent(t.services, { space, slug: "forum-orhus-2027", endsAt: new Date(t.clock.now().getTime() + 7 * 86_400_000 + 8 * 3_600_000) });
    const seminar = await buildEvent(t.services, { space, slug: "seminar-dostup-k-informacii", startsAt: new Date("2026-01-10T05:00:00Z"), endsAt: new Date("2026-01-10T09:00:00Z") });
    const facilitator = await buildUser(t.services);
    const demo = { adminUserId: space.createdBy, memberUserId: facilitator.id, facilitatorUserId: facilitator.id, organisationIds: {}, spaceIds: { [space.slug]: space.id } };
    await seedEventAgendaDemo(t.services, demo);
    await seedEventAgendaDemo(t.services, demo);
    const count = async (eventId: string) => (await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from event_sessions where event_id = ${eventId}`))[0].n;
    assert.equal(await count(forum.id), 6);
    assert.equal(await count(seminar.id), 2);
    const [pool] = await queryRows<{ capacity: number }>(t.services.db, sql`select p.capacity from seat_pools p join event_sessions s on s.id = p.owner_id where s.event_id = ${forum.id}`);
    assert.equal(pool.capacity, 12, "the workshop has its own small seat pool");
    const [notes] = await queryRows<{ closing_notes_html: { ru: string } }>(t.services.db, sql`select closing_notes_html from events where id = ${seminar.id}`);
    assert.match(notes.closing_notes_html.ru, /<strong>трёх шагах<\/strong>/);
  });
});
