import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import nodeIcal from "node-ical";
import { claimSeat, ensureSeatPool } from "../../../platform/seats/seats";
import { Browser, createTestApp, type TestApp } from "../../../testing/harness";
import { buildUser } from "../../../testing/factories";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../../spaces/factories";
import { buildEvent, type BuiltEvent } from "../factories";
import { eventPath } from "../queries";
import { EVENT_POOL } from "../schema";
import { FEED_LIMIT } from "./calendar";
import { createSession, updateSession } from "./commands/save-session";
import { readSessionInput } from "./inputs";

/** The VEVENTs of an iCalendar text, read by an independent parser, by UID. */
function parse(text: string): Map<string, nodeIcal.VEvent> {
  const items = Object.values(nodeIcal.sync.parseICS(text)).filter((item) => item?.type === "VEVENT") as nodeIcal.VEvent[];
  return new Map(items.map((item) => [item.uid, item]));
}

describe("events agenda: iCalendar feeds (event download, space and site feeds, personal secret feed)", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let berlin: BuiltEvent;
  let almaty: BuiltEvent;
  let sessionIds: string[];

  const addSession = async (event: BuiltEvent, title: string, startsAt: string, endsAt: string): Promise<string> => {
    const { fields, errors } = readSessionInput({ title: { en: title }, type: "panel", startsAt, endsAt, room: "Hall A" }, event);
    assert.deepEqual(errors, {});
    return (await createSession(t.services, { id: event.space.createdBy }, event, fields)).id;
  };

  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
    space = await buildSpace(t.services, { enabledModules: ["events"] });
    // Europe/Berlin moves its clocks forward at 02:00 on 28 March 2027: a session at 10:00 on either side of it.
    berlin = await buildEvent(t.services, { space, startsAt: new Date("2027-03-27T07:00:00Z"), endsAt: new Date("2027-03-28T15:00:00Z") });
    almaty = await buildEvent(t.services, { space, kind: "online", venueName: "", venueAddress: "", timeZone: "Asia/Almaty", startsAt: new Date("2027-11-02T04:00:00Z"), endsAt: new Date("2027-11-02T10:00:00Z") });
    sessionIds = [
      await addSession(berlin, "Before the change", "2027-03-27T10:00", "2027-03-27T11:00"),
      await addSession(berlin, "After the change", "2027-03-28T10:00", "2027-03-28T11:00"),
      await addSession(almaty, "Almaty morning", "2027-11-02T10:00", "2027-11-02T11:30"),
    ];
  });
  after(() => t.close());

  it("writes an event with its sessions in the event's zone, read back at the right instants across a DST change", async () => {
    const response = await new Browser(t.app).get(`${eventPath(space.slug, berlin.slug)}/event.ics`);
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers["content-type"]), /^text\/calendar/);
    assert.match(response.body, /DTSTART;TZID=Europe\/Berlin:20270327T100000/);
    assert.match(response.body, /DTSTART;TZID=Europe\/Berlin:20270328T100000/);
    assert.ok(!response.body.includes("secret-room"), "no meeting link");
    const items = parse(response.body);
    assert.equal(new Date(items.get(`session-${sessionIds[0]}@convene.test`)!.start).toISOString(), "2027-03-27T09:00:00.000Z", "10:00 CET");
    assert.equal(new Date(items.get(`session-${sessionIds[1]}@convene.test`)!.start).toISOString(), "2027-03-28T08:00:00.000Z", "10:00 CEST");
    assert.equal(new Date(items.get(`event-${berlin.id}@convene.test`)!.start).toISOString(), berlin.startsAt.toISOString());
    assert.equal(items.size, 3, "the event and its two sessions, not the other event's");
  });

  it("writes a session of an event in another zone at its instant, with the zone's VTIMEZONE", async () => {
    const response = await new Browser(t.app).get(`${eventPath(space.slug, almaty.slug)}/event.ics`);
    assert.match(response.body, /BEGIN:VTIMEZONE\r?\nTZID:Asia\/Almaty/);
    const session = parse(response.body).get(`session-${sessionIds[2]}@convene.test`)!;
    assert.equal(new Date(session.start).toISOString(), "2027-11-02T05:00:00.000Z", "10:00 in Almaty (UTC+5)");
    assert.equal(new Date(session.end as Date).toISOString(), "2027-11-02T06:30:00.000Z");
  });

  it("feeds a space's and all spaces' events by filter, only what the reader may see", async () => {
    const members = await buildEvent(t.services, { space, visibility: "members" });
    const other = await buildEvent(t.services, { kind: "in_person" });
    const privateSpace = await buildSpace(t.services, { enabledModules: ["events"], visibility: "private" });
    const hidden = await buildEvent(t.services, { space: privateSpace });
    const anonymous = new Browser(t.app);
    const spaceFeed = parse((await anonymous.get(`/spaces/${space.slug}/events.ics`)).body);
    assert.deepEqual([...spaceFeed.keys()].sort(), [`event-${berlin.id}@convene.test`, `event-${almaty.id}@convene.test`].sort());
    const online = parse((await anonymous.get(`/spaces/${space.slug}/events.ics?kind=online`)).body);
    assert.deepEqual([...online.keys()], [`event-${almaty.id}@convene.test`]);
    const past = parse((await anonymous.get(`/spaces/${space.slug}/events.ics?when=past`)).body);
    assert.equal(past.size, 0);
    const site = parse((await anonymous.get("/events.ics")).body);
    assert.ok(site.has(`event-${other.id}@convene.test`));
    assert.ok(!site.has(`event-${hidden.id}@convene.test`), "a private space's event stays out");
    assert.ok(!site.has(`event-${members.id}@convene.test`), "a members-only event stays out for a stranger");
    const member = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, member.id, "member");
    const memberFeed = parse((await (await new Browser(t.app).logIn(member.email, member.password)).get(`/spaces/${space.slug}/events.ics`)).body);
    assert.ok(memberFeed.has(`event-${members.id}@convene.test`));
  });

  it("narrows feeds by UN M49 region and keeps them bounded: the next FEED_LIMIT events, or the recent past and what comes", async () => {
    const regional = await buildSpace(t.services, { enabledModules: ["events"] });
    const kazakh = await buildEvent(t.services, { space: regional, country: "KZ" });
    const german = await buildEvent(t.services, { space: regional, country: "DE" });
    const anonymous = new Browser(t.app);
    const centralAsia = parse((await anonymous.get(`/spaces/${regional.slug}/events.ics?region=143`)).body);
    assert.deepEqual([...centralAsia.keys()], [`event-${kazakh.id}@convene.test`]);
    const europe = parse((await anonymous.get(`/events.ics?region=150`)).body);
    assert.ok(europe.has(`event-${german.id}@convene.test`) && !europe.has(`event-${kazakh.id}@convene.test`));
    // More published events than a feed carries, an hour apart from tomorrow, and one that ended a week ago.
    const crowded = await buildSpace(t.services, { enabledModules: ["events"] });
    const now = t.services.clock.now();
    await t.services.db.execute(sql`insert into events (space_id, slug, kind, status, visibility, title, starts_at, ends_at, time_zone, registration_state, published_at, created_by)
      select ${crowded.id}, 'bulk-' || i, 'online', 'published', 'public', jsonb_build_object('en', 'Bulk ' || i), ${now}::timestamptz + interval '1 day' + i * interval '1 hour',
        ${now}::timestamptz + interval '1 day' + i * interval '1 hour' + interval '30 minutes', 'UTC', 'open', ${now}, ${crowded.createdBy} from generate_series(1, ${FEED_LIMIT + 5}) i`);
    const recent = await buildEvent(t.services, { space: crowded, startsAt: new Date(now.getTime() - 8 * 86_400_000), endsAt: new Date(now.getTime() - 7 * 86_400_000) });
    const upcoming = [...parse((await anonymous.get(`/spaces/${crowded.slug}/events.ics`)).body).values()];
    assert.equal(upcoming.length, FEED_LIMIT);
    assert.equal(upcoming.map((item) => item.summary).sort((a, b) => Number(String(a).slice(5)) - Number(String(b).slice(5)))[FEED_LIMIT - 1], `Bulk ${FEED_LIMIT}`, "the nearest ones");
    const all = parse((await anonymous.get(`/spaces/${crowded.slug}/events.ics?when=all`)).body);
    assert.equal(all.size, FEED_LIMIT);
    assert.ok(all.has(`event-${recent.id}@convene.test`), "when=all starts with the recent past");
  });

  it("serves a personal secret feed of what one registered for and marked, bumping SEQUENCE on a change", async () => {
    const person = await buildUser(t.services, { locale: "ru" });
    const browser = await new Browser(t.app).logIn(person.email, person.password);
    const poolId = await ensureSeatPool(t.services.db, { kind: EVENT_POOL, ownerId: almaty.id, capacity: null });
    const { claim } = await claimSeat(t.services.db, { poolId, holderId: person.id, now: t.clock.now() });
    await t.services.db.execute(sql`insert into event_registrations (event_id, user_id, claim_id, check_in_code) values (${almaty.id}, ${person.id}, ${claim.id}, ${randomBytes(4).toString("hex")})`);
    assert.equal((await browser.post(`${eventPath(space.slug, berlin.slug)}/sessions/${sessionIds[1]}/mark`, { marked: "1" })).statusCode, 303);

    const made = await browser.post("/events/agenda/feed", {});
    assert.equal(made.statusCode, 200);
    const url = /value="http:\/\/convene\.test(\/events\/calendar\/[A-Za-z0-9_-]+\.ics)"/.exec(made.body)?.[1];
    assert.ok(url, "the address is shown once");
    const feed = await new Browser(t.app).get(url);
    assert.equal(feed.statusCode, 200);
    assert.equal(feed.headers["cache-control"], "private, no-store");
    const items = parse(feed.body);
    assert.deepEqual([...items.keys()].sort(), [`event-${almaty.id}@convene.test`, `session-${sessionIds[1]}@convene.test`].sort());
    const before = Number(items.get(`session-${sessionIds[1]}@convene.test`)!.sequence);

    const { fields } = readSessionInput({ title: { en: "After the change, moved" }, type: "panel", startsAt: "2027-03-28T11:00", endsAt: "2027-03-28T12:00", room: "Hall B" }, berlin);
    await updateSession(t.services, { id: space.createdBy }, berlin, sessionIds[1], fields);
    const moved = parse((await new Browser(t.app).get(url)).body).get(`session-${sessionIds[1]}@convene.test`)!;
    assert.equal(Number(moved.sequence), before + 1);
    assert.equal(new Date(moved.start).toISOString(), "2027-03-28T09:00:00.000Z");

    await browser.post("/events/agenda/feed", {});
    assert.equal((await new Browser(t.app).get(url)).statusCode, 404, "a new address stops the old one");
    assert.equal((await new Browser(t.app).get("/events/calendar/not-a-real-token-at-all-000.ics")).statusCode, 404);
  });
});
