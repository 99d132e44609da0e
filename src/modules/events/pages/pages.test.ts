import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { html } from "../../../platform/html";
import { Browser, createTestApp, type TestApp } from "../../../testing/harness";
import { parseAtom } from "../../../testing/feeds";
import { buildUser, XSS } from "../../../testing/factories";
import { addSpaceRole, buildSpace } from "../../spaces/factories";
import { buildEvent } from "../factories";
import { EVENT_PANELS, type EventPanel } from "../panels";
import { findEventInSpace } from "../queries";

const SECRET = "secret-room-4711";

/** A valid new-event form (Berlin time, hybrid). */
const eventForm = (overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  "title.en": `${XSS} Water round table`,
  "title.ru": "Круглый стол о воде",
  "summary.en": "Who uses the river, and how.",
  kind: "hybrid",
  visibility: "public",
  starts_at: "2027-03-28T10:00",
  ends_at: "2027-03-28T12:30",
  time_zone: "Europe/Berlin",
  venue_name: "Aarhus Centre",
  venue_address: "1 Main Street",
  country: "KZ",
  meeting_url: `https://meet.example.org/${SECRET}`,
  languages: ["ru", "en"],
  themes: "Water, youth",
  registration_mode: "open",
  allows_organisation: "on",
  capacity: "40",
  offer_hours: "24",
  ...overrides,
});

describe("events pages: the event page, organisers' forms, lists, calendar and Atom", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
  });
  after(() => t.close());

  const coordinatorOf = async (spaceId: string, locale = "en") => {
    const user = await buildUser(t.services, { locale });
    await addSpaceRole(t.services, spaceId, user.id, "coordinator");
    return new Browser(t.app, locale).logIn(user.email, user.password);
  };

  it("a coordinator creates a draft through the form, publishes it, and then anyone sees every fact in the event's zone and their own", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["events"] });
    const coordinator = await coordinatorOf(space.id);
    const posted = await coordinator.post(`/spaces/${space.slug}/events/new`, eventForm());
    assert.equal(posted.statusCode, 303, posted.body.slice(0, 800));
    const path = String(posted.headers.location);
    const stored = await findEventInSpace(t.services.db, space.id, path.split("/").pop()!);
    assert.equal(stored?.status, "draft");
    // 10:00 in Berlin on the day summer time starts is 08:00 UTC.
    assert.equal(stored?.startsAt.toISOString(), "2027-03-28T08:00:00.000Z");

    assert.equal((await new Browser(t.app).get(path)).statusCode, 404, "a draft does not exist for the public");
    assert.equal((await coordinator.post(`${path}/status`, { status: "published" })).statusCode, 303);
    assert.equal((await coordinator.post(`${path}/registration`, { state: "open" })).statusCode, 303);

    const anonymous = await new Browser(t.app).get(`${path}?tz=Asia/Almaty`);
    assert.equal(anonymous.statusCode, 200);
    const body = anonymous.body;
    assert.ok(!body.includes(XSS), "titles are escaped");
    assert.ok(!body.includes(SECRET), "the meeting link is never on the page");
    assert.match(body, /Europe\/Berlin, UTC\+2/);
    assert.match(body, /Asia\/Almaty/);
    assert.match(body, /Aarhus Centre/);
    assert.match(body, /40 places/);
    assert.match(body, /Registration open/);
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(body)![1]!) as Record<string, unknown>;
    assert.equal(jsonLd["@type"], "Event");
    assert.equal(jsonLd.startDate, "2027-03-28T08:00:00.000Z");
    assert.equal(jsonLd.eventAttendanceMode, "https://schema.org/MixedEventAttendanceMode");
    assert.ok(!JSON.stringify(jsonLd).includes(SECRET));

    const russian = await new Browser(t.app, "ru").get(path);
    assert.match(russian.body, /Круглый стол о воде/);
    assert.match(russian.body, /Регистрация открыта/);

    // The organiser's edit form is the one place the meeting link shows.
    const edit = await coordinator.get(`${path}/edit`);
    assert.equal(edit.statusCode, 200);
    assert.ok(edit.body.includes(SECRET));
    assert.match(edit.body, /value="2027-03-28T10:00"/);
  });

  it("keeps the input and names each problem in the reader's language when the form is wrong, and refuses non-organisers", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["events"] });
    const coordinator = await coordinatorOf(space.id, "ru");
    const failed = await coordinator.post(`/spaces/${space.slug}/events/new`, eventForm({ time_zone: "Mars/Olympus", ends_at: "2027-03-28T09:00", "title.en": "Kept title" }));
    assert.equal(failed.statusCode, 422);
    assert.match(failed.body, /Выберите часовой пояс из списка/);
    assert.match(failed.body, /value="Kept title"/);
    const [{ count }] = await queryRows<{ count: number }>(t.services.db, sql`select count(*)::int as count from events where space_id = ${space.id}`);
    assert.equal(count, 0);

    const member = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, member.id, "member");
    const memberBrowser = await new Browser(t.app).logIn(member.email, member.password);
    assert.equal((await memberBrowser.get(`/spaces/${space.slug}/events/new`)).statusCode, 403);
    assert.equal((await memberBrowser.post(`/spaces/${space.slug}/events/new`, eventForm())).statusCode, 403);
  });

  it("lays out whatever the parts' panels return: main sections in order, asides beside them", async () => {
    const event = await buildEvent(t.services);
    const first: EventPanel = async () => ({ main: html`<section id="panel-one">one</section>`, aside: html`<div id="panel-aside">mine</div>` });
    const second: EventPanel = async ({ event: shown }) => ({ main: html`<section id="panel-two">${shown.slug}</section>` });
    EVENT_PANELS.push(first, second);
    try {
      const body = (await new Browser(t.app).get(`/spaces/${event.space.slug}/events/${event.slug}`)).body;
      const one = body.indexOf('id="panel-one"');
      const two = body.indexOf('id="panel-two"');
      assert.ok(one > 0 && two > one, "main sections in EVENT_PANELS order");
      assert.ok(body.indexOf('id="panel-aside"') > body.indexOf('<aside class="event-aside'), "the aside goes in the aside column");
    } finally {
      EVENT_PANELS.splice(EVENT_PANELS.indexOf(first), 2);
    }
  });

  it("lists only what the viewer may see, upcoming or past, filtered and a page at a time; Atom likewise", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["events"] });
    const now = t.services.clock.now().getTime();
    const day = 86_400_000;
    for (let index = 0; index < 23; index += 1) {
      await buildEvent(t.services, { space, title: { en: `Upcoming ${String(index).padStart(2, "0")}` }, startsAt: new Date(now + (index + 1) * day), kind: index % 2 ? "online" : "in_person", themes: index === 3 ? ["water"] : [] });
    }
    await buildEvent(t.services, { space, title: { en: "Past meeting" }, startsAt: new Date(now - 3 * day) });
    await buildEvent(t.services, { space, title: { en: "Members only" }, visibility: "members" });
    await buildEvent(t.services, { space, title: { en: "Still a draft" }, status: "draft" });

    const anonymous = new Browser(t.app);
    const first = await anonymous.get(`/spaces/${space.slug}/events`);
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /Upcoming 00/);
    assert.match(first.body, /Upcoming 19/);
    assert.doesNotMatch(first.body, /Upcoming 20|Past meeting|Members only|Still a draft/);
    const next = /href="([^"]*cursor=[^"]+)" rel="next"/.exec(first.body)?.[1];
    assert.ok(next, "a link to the next page");
    const second = await anonymous.get(next!.replace(/&amp;/g, "&"));
    assert.match(second.body, /Upcoming 20/);
    assert.match(second.body, /Upcoming 22/);
    assert.doesNotMatch(second.body, /Upcoming 19/);

    assert.match((await anonymous.get(`/spaces/${space.slug}/events?when=past`)).body, /Past meeting/);
    const online = (await anonymous.get(`/events?kind=online`)).body;
    assert.match(online, /Upcoming 01/);
    assert.doesNotMatch(online, /Upcoming 00/);
    const water = (await anonymous.get(`/events?theme=water`)).body;
    assert.match(water, /Upcoming 03/);
    assert.doesNotMatch(water, /Upcoming 01/);
    assert.equal((await anonymous.get(`/events?cursor=not-a-cursor`)).statusCode, 400);

    const coordinator = await coordinatorOf(space.id);
    const own = (await coordinator.get(`/spaces/${space.slug}/events`)).body;
    assert.match(own, /Members only/);
    assert.match(own, /Still a draft/, "organisers see their drafts");

    const feed = await anonymous.get(`/spaces/${space.slug}/events/feed.atom`);
    assert.equal(feed.statusCode, 200);
    assert.match(String(feed.headers["content-type"]), /application\/atom\+xml/);
    const parsed = parseAtom(feed.body);
    assert.ok(parsed.entries.some((entry) => /Upcoming 05/.test(entry.title) && /^urn:uuid:/.test(entry.id)), "a public event is an entry, id kept as urn:uuid");
    assert.doesNotMatch(feed.body, /Members only|Still a draft|secret-room/);
    assert.ok(!feed.body.includes("<script>"), "escaped in XML");
  });

  it("counts an event still running as upcoming (however long ago it began, within the longest an event may last), and the site's navigation leads to the calendar", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["events"] });
    const now = t.services.clock.now().getTime();
    const day = 86_400_000;
    await buildEvent(t.services, { space, title: { en: "Long festival" }, startsAt: new Date(now - 20 * day), endsAt: new Date(now + day) });
    await buildEvent(t.services, { space, title: { en: "Over yesterday" }, startsAt: new Date(now - 2 * day), endsAt: new Date(now - day) });
    const anonymous = new Browser(t.app);
    const upcoming = (await anonymous.get(`/spaces/${space.slug}/events`)).body;
    assert.match(upcoming, /Long festival/);
    assert.doesNotMatch(upcoming, /Over yesterday/);
    const past = (await anonymous.get(`/spaces/${space.slug}/events?when=past`)).body;
    assert.match(past, /Over yesterday/);
    assert.doesNotMatch(past, /Long festival/);
    for (const locale of ["en", "ru"]) {
      const home = (await new Browser(t.app, locale).get("/")).body;
      const nav = /<nav aria-label="[^"]*">\s*<ul class="nav">([\s\S]*?)<\/ul>/.exec(home)?.[1] ?? "";
      assert.match(nav, locale === "en" ? /<a href="\/events">Events<\/a>/ : /<a href="\/events">Мероприятия<\/a>/);
    }
  });

  it("answers 404 for a space without the events feature and for an event the viewer may not see", async () => {
    const space = await buildSpace(t.services, { enabledModules: [] });
    assert.equal((await new Browser(t.app).get(`/spaces/${space.slug}/events`)).statusCode, 404);
    const hidden = await buildEvent(t.services, { visibility: "invitation" });
    assert.equal((await new Browser(t.app).get(`/spaces/${hidden.space.slug}/events/${hidden.slug}`)).statusCode, 404);
    assert.equal((await new Browser(t.app).get(`/spaces/${hidden.space.slug}/events/feed.atom`)).body.includes("Round table"), false);
  });

  it("site search finds events the viewer may see, by words of the title in either language, and nothing else", async () => {
    const open = await buildEvent(t.services, { title: { en: "Wetlands hearing", ru: "Слушания о водно-болотных угодьях" } });
    await buildEvent(t.services, { space: open.space, title: { en: "Wetlands members briefing" }, visibility: "members" });
    const english = await t.app.inject({ url: "/api/v1/search?q=wetlands&type=event" });
    assert.equal(english.statusCode, 200, english.body);
    const hits = (english.json() as { data: { title: string; url: string }[] }).data;
    assert.deepEqual(hits.map((hit) => new URL(hit.url).pathname), [`/spaces/${open.space.slug}/events/${open.slug}`], "the members-only event stays hidden");
    const russian = (await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent("угодья")}&type=event` })).json() as { data: unknown[] };
    assert.equal(russian.data.length, 1);
  });
});
