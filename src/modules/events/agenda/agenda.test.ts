import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { claimSeat, ensureSeatPool } from "../../../platform/seats/seats";
import type { Services } from "../../../platform/services";
import { Browser, createTestApp, type TestApp } from "../../../testing/harness";
import { buildUser, XSS, type BuiltUser } from "../../../testing/factories";
import { addSpaceRole, buildSpace } from "../../spaces/factories";
import { buildEvent, type BuiltEvent } from "../factories";
import { eventPath } from "../queries";
import { EVENT_POOL } from "../schema";

/** A confirmed registration for the event, made directly (the registration part's form is not under test here). */
async function registerForEvent(services: Services, eventId: string, userId: string): Promise<void> {
  const poolId = await ensureSeatPool(services.db, { kind: EVENT_POOL, ownerId: eventId, capacity: null });
  const { claim } = await claimSeat(services.db, { poolId, holderId: userId, now: services.clock.now() });
  await services.db.execute(
    sql`insert into event_registrations (event_id, user_id, claim_id, check_in_code) values (${eventId}, ${userId}, ${claim.id}, ${randomBytes(4).toString("hex")})`,
  );
}

const sessionForm = (overrides: Record<string, string> = {}): Record<string, string> => ({
  "title.en": `${XSS} Opening plenary`,
  "title.ru": `${XSS} Открытие`,
  "description.en": "Why we **meet**.",
  type: "plenary",
  starts_at: "2026-03-09T10:00",
  ends_at: "2026-03-09T11:00",
  track: "Main",
  room: "Hall A",
  ...overrides,
});

describe("events agenda: sessions, speakers, personal agenda and session seats", () => {
  let t: TestApp;
  let organiser: BuiltUser;
  let event: BuiltEvent;
  let base: string;
  let browser: Browser;

  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
    organiser = await buildUser(t.services);
    const space = await buildSpace(t.services, { enabledModules: ["events"] });
    await addSpaceRole(t.services, space.id, organiser.id, "coordinator");
    // 9 March 2026, 09:00–17:00 Berlin time (the test clock stands at 2 March).
    event = await buildEvent(t.services, { space, startsAt: new Date("2026-03-09T08:00:00Z"), endsAt: new Date("2026-03-09T16:00:00Z") });
    base = eventPath(space.slug, event.slug);
    browser = await new Browser(t.app).logIn(organiser.email, organiser.password);
  });
  after(() => t.close());

  it("lets an organiser add a session with a platform speaker and a guest moderator, shown escaped without the address", async () => {
    const speaker = await buildUser(t.services, { displayName: "Aigerim Speaker" });
    const response = await browser.post(`${base}/sessions`, {
      ...sessionForm(),
      "person.0.role": "speaker",
      "person.0.email": speaker.email.toUpperCase(),
      "person.1.role": "moderator",
      "person.1.name": `${XSS} Guest Moderator`,
      "person.1.organisation": "Green Steppe",
      "person.1.bio.en": "Works on water.",
    });
    assert.equal(response.statusCode, 303, response.body.slice(0, 500));
    const [row] = await queryRows<{ id: string; starts_at: Date; description_html: { en: string } }>(t.services.db, sql`select id, starts_at, description_html from event_sessions where event_id = ${event.id}`);
    assert.equal(new Date(row.starts_at).toISOString(), "2026-03-09T09:00:00.000Z", "10:00 Berlin time");
    assert.match(row.description_html.en, /<strong>meet<\/strong>/);
    const people = await queryRows<{ role: string; user_id: string | null; name: string }>(t.services.db, sql`select role, user_id, name from event_session_people where session_id = ${row.id} order by position`);
    assert.deepEqual(people.map((person) => [person.role, person.user_id]), [["speaker", speaker.id], ["moderator", null]]);
    const audit = await queryRows<{ action: string }>(t.services.db, sql`select action from audit_log where subject_id = ${row.id}`);
    assert.deepEqual(audit.map((entry) => entry.action), ["event.session_created"]);

    const page = await new Browser(t.app).get(`${base}/agenda`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes("Aigerim Speaker"));
    assert.ok(page.body.includes("&lt;script&gt;alert(1)&lt;/script&gt; Guest Moderator"));
    assert.ok(!page.body.includes("<script>alert(1)</script>"), "escaped");
    assert.ok(!page.body.includes(speaker.email), "a speaker's address is never shown");
    assert.match(page.body, /10:00–11:00/);
    assert.ok(!page.body.includes(`${base}/sessions/new`), "no organiser tools for a reader");
  });

  it("re-renders the form with the input kept and translated errors, and refuses people who do not organise", async () => {
    const russianOrganiser = await buildUser(t.services, { locale: "ru" });
    await addSpaceRole(t.services, event.space.id, russianOrganiser.id, "facilitator");
    const russian = await new Browser(t.app, "ru").logIn(russianOrganiser.email, russianOrganiser.password);
    const bad = await russian.post(`${base}/sessions`, sessionForm({ "title.en": "", "title.ru": "", starts_at: "2026-03-10T10:00", ends_at: "2026-03-10T11:00", room: "Hall B", "person.0.email": "nobody@nowhere.example" }));
    assert.equal(bad.statusCode, 422);
    assert.ok(bad.body.includes("value=\"Hall B\""), "input kept");
    assert.ok(bad.body.includes("Сессия должна проходить в пределах начала и окончания мероприятия."));
    const unknown = await russian.post(`${base}/sessions`, sessionForm({ starts_at: "2026-03-09T12:00", ends_at: "2026-03-09T13:00", "person.0.email": "nobody@nowhere.example" }));
    assert.equal(unknown.statusCode, 422);
    assert.ok(unknown.body.includes("В Convene нет человека с таким адресом"));

    const stranger = await buildUser(t.services);
    const other = await new Browser(t.app).logIn(stranger.email, stranger.password);
    assert.equal((await other.get(`${base}/sessions/new`)).statusCode, 404);
    assert.equal((await other.post(`${base}/sessions`, sessionForm())).statusCode, 404);
    const count = await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from event_sessions where event_id = ${event.id}`);
    assert.equal(count[0].n, 1, "nothing saved by the refused posts");
  });

  it("edits a session: a calendar change bumps its SEQUENCE, the edit form shows the platform speaker by address", async () => {
    const [row] = await queryRows<{ id: string; sequence: number }>(t.services.db, sql`select id, sequence from event_sessions where event_id = ${event.id}`);
    const form = await browser.get(`${base}/sessions/${row.id}/edit`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="person\.0\.email"[^>]*value="[^"]+@/);
    const values: Record<string, string> = {};
    for (const match of form.body.matchAll(/<input type="(?:text|email|datetime-local|number)" id="[^"]+" name="([^"]+)"[^>]*?value="([^"]*)"/g)) values[match[1]] = match[2].replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'");
    values.type = "plenary";
    const saved = await browser.post(`${base}/sessions/${row.id}/edit`, { ...values, starts_at: "2026-03-09T10:30", ends_at: "2026-03-09T11:30" });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 400));
    const [after] = await queryRows<{ sequence: number; starts_at: Date }>(t.services.db, sql`select sequence, starts_at from event_sessions where id = ${row.id}`);
    assert.equal(after.sequence, row.sequence + 1);
    assert.equal(new Date(after.starts_at).toISOString(), "2026-03-09T09:30:00.000Z");
    const people = await queryRows<{ user_id: string | null }>(t.services.db, sql`select user_id from event_session_people where session_id = ${row.id} and role = 'speaker'`);
    assert.ok(people[0]?.user_id, "the platform speaker is kept through an edit");
  });

  it("marks sessions for a personal agenda and lists them on the personal agenda page", async () => {
    const [row] = await queryRows<{ id: string }>(t.services.db, sql`select id from event_sessions where event_id = ${event.id}`);
    const participant = await buildUser(t.services);
    const person = await new Browser(t.app).logIn(participant.email, participant.password);
    assert.equal((await person.post(`${base}/sessions/${row.id}/mark`, { marked: "1" })).statusCode, 303);
    const agenda = await person.get(`${base}/agenda`);
    assert.ok(agenda.body.includes('aria-pressed="true"'));
    const mine = await person.get("/events/agenda");
    assert.ok(mine.body.includes(`#session-${row.id}`));
    assert.equal((await person.post(`${base}/sessions/${row.id}/mark`, { marked: "0" })).statusCode, 303);
    assert.ok(!(await person.get("/events/agenda")).body.includes(`#session-${row.id}`));
    const anonymous = await new Browser(t.app).post(`${base}/sessions/${row.id}/mark`, { marked: "1" });
    assert.notEqual(anonymous.statusCode, 303);
    assert.equal((await queryRows(t.services.db, sql`select 1 from event_agenda_marks where session_id = ${row.id}`)).length, 0);
  });

  it("gives session seats only to confirmed registrants, waitlists the rest and offers a freed seat to the next", async () => {
    const created = await browser.post(`${base}/sessions`, sessionForm({ "title.en": "Workshop", type: "workshop", starts_at: "2026-03-09T14:00", ends_at: "2026-03-09T15:00", has_registration: "on", capacity: "1" }));
    assert.equal(created.statusCode, 303);
    const [session] = await queryRows<{ id: string }>(t.services.db, sql`select id from event_sessions where event_id = ${event.id} and type = 'workshop'`);
    const [first, second, unregistered] = await Promise.all([buildUser(t.services), buildUser(t.services), buildUser(t.services)]);
    await registerForEvent(t.services, event.id, first.id);
    await registerForEvent(t.services, event.id, second.id);
    const browsers = await Promise.all([first, second, unregistered].map((user) => new Browser(t.app).logIn(user.email, user.password)));
    const path = `${base}/sessions/${session.id}`;

    const refused = await browsers[2].post(`${path}/register`, {});
    assert.equal(refused.statusCode, 409);
    assert.ok(refused.body.includes("registration for the event is confirmed"));
    assert.equal((await browsers[0].post(`${path}/register`, {})).statusCode, 303);
    assert.equal((await browsers[1].post(`${path}/register`, {})).statusCode, 303);
    const status = async (userId: string) =>
      (await queryRows<{ status: string }>(t.services.db, sql`select c.status from event_session_registrations r join seat_claims c on c.id = r.claim_id where r.session_id = ${session.id} and r.user_id = ${userId} order by c.created_at desc limit 1`))[0]?.status;
    assert.equal(await status(first.id), "confirmed");
    assert.equal(await status(second.id), "waitlisted");
    assert.ok((await browsers[1].get(`${base}/agenda`)).body.includes("On the waitlist"));

    assert.equal((await browsers[0].post(`${path}/cancel`, {})).statusCode, 303);
    assert.equal(await status(first.id), "cancelled");
    assert.equal(await status(second.id), "offered");
    const jobs = await queryRows<{ payload: { changes: { holderId: string; to: string }[] } }>(t.services.db, sql`select payload from jobs where kind = 'events.seats-changed'`);
    assert.ok(jobs.some((job) => job.payload.changes.some((change) => change.holderId === second.id && change.to === "offered")), "the offer is queued for mail");
    assert.equal((await browsers[1].post(`${path}/accept`, {})).statusCode, 303);
    assert.equal(await status(second.id), "confirmed");
    const [pool] = await queryRows<{ confirmed: number }>(t.services.db, sql`select confirmed from seat_pools where kind = 'event_session' and owner_id = ${session.id}`);
    assert.equal(pool.confirmed, 1, "capacity never exceeded");
  });

  it("keeps material and closing notes to organisers, refuses unsafe links, and shows them on the agenda", async () => {
    const [row] = await queryRows<{ id: string }>(t.services.db, sql`select id from event_sessions where event_id = ${event.id} and type = 'plenary'`);
    const bad = await browser.post(`${base}/sessions/${row.id}/material`, { recording_url: "javascript:alert(1)", "link.0.label": "Notes", "link.0.url": "https://example.org/notes" });
    assert.equal(bad.statusCode, 422);
    assert.ok(bad.body.includes('value="https://example.org/notes"'));
    const saved = await browser.post(`${base}/sessions/${row.id}/material`, { recording_url: "https://video.example.org/rec-1", slides_url: "", "link.0.label": `${XSS} Notes`, "link.0.url": "https://example.org/notes" });
    assert.equal(saved.statusCode, 303);
    const notes = await browser.post(`${base}/closing-notes`, { "closing_notes.en": "We agreed on **three** steps.", "closing_notes.ru": "Договорились о **трёх** шагах." });
    assert.equal(notes.statusCode, 303);
    const page = await new Browser(t.app, "ru").get(`${base}/agenda`);
    assert.ok(page.body.includes('href="https://video.example.org/rec-1"'));
    assert.ok(page.body.includes("&lt;script&gt;alert(1)&lt;/script&gt; Notes"));
    assert.ok(page.body.includes("<strong>трёх</strong>"));
    const stranger = await buildUser(t.services);
    const other = await new Browser(t.app).logIn(stranger.email, stranger.password);
    assert.equal((await other.post(`${base}/closing-notes`, { "closing_notes.en": "hijack" })).statusCode, 404);
    assert.equal((await other.get(`${base}/sessions/${row.id}/material`)).statusCode, 404);
  });

  it("answers 404 for the agenda of an event the viewer may not see", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["events"] });
    const hidden = await buildEvent(t.services, { space, visibility: "members" });
    const draft = await buildEvent(t.services, { space, status: "draft" });
    for (const target of [hidden, draft]) {
      for (const suffix of ["/agenda", "/event.ics"]) assert.equal((await new Browser(t.app).get(`${eventPath(space.slug, target.slug)}${suffix}`)).statusCode, 404);
    }
  });
});
