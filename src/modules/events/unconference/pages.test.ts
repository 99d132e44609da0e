import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { Browser, createTestApp, type TestApp } from "../../../testing/harness";
import { buildUser, XSS, type BuiltUser } from "../../../testing/factories";
import { queryRows } from "../../../db/sql";
import { viewContext } from "../../../platform/http/context";
import { translator } from "../../../platform/i18n/messages";
import type { FastifyRequest } from "fastify";
import { addSpaceRole } from "../../spaces/factories";
import { buildEvent, type BuiltEvent } from "../factories";
import { wallClock } from "../inputs";
import { getSpaceForViewer } from "../../spaces/queries";
import { unconferencePanel } from "./panel";

describe("unconference pages: set-up, propose, vote, build, publish — without JavaScript", () => {
  let t: TestApp;
  let event: BuiltEvent;
  let coordinator: BuiltUser;
  let base: string;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
    event = await buildEvent(t.services);
    coordinator = await buildUser(t.services, { locale: "ru" });
    await addSpaceRole(t.services, event.space.id, coordinator.id, "coordinator");
    base = `/spaces/${event.space.slug}/events/${event.slug}/unconference`;
  });
  after(() => t.close());
  const as = async (user?: BuiltUser, locale = "en") => (user ? new Browser(t.app, locale).logIn(user.email, user.password) : new Browser(t.app, locale));

  it("is a 404 before it opens (except the organisers' set-up page), and for anyone who may not organise", async () => {
    const visitor = await as();
    assert.equal((await visitor.get(base)).statusCode, 404);
    assert.equal((await visitor.get(`${base}/manage`)).statusCode, 404);
    const member = await as(await buildUser(t.services));
    assert.equal((await member.get(`${base}/manage`)).statusCode, 404);
    assert.equal((await member.post(`${base}/manage/settings`, { state: "proposals", votesPerPerson: "2" })).statusCode, 404);
    const organiser = await as(coordinator);
    assert.equal((await organiser.get(`${base}/manage`)).statusCode, 200);
  });

  it("runs the whole flow through forms, keeping input on errors", async () => {
    const organiser = await as(coordinator, "ru");
    const bad = await organiser.post(`${base}/manage/settings`, { state: "proposals", votesPerPerson: "99" });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Укажите целое число голосов от 1 до 50/);
    assert.equal((await organiser.post(`${base}/manage/settings`, { state: "proposals", votesPerPerson: "2" })).statusCode, 303);
    assert.equal((await organiser.post(`${base}/manage/rooms`, { name: "Big hall", capacity: "40" })).statusCode, 303);
    assert.equal((await organiser.post(`${base}/manage/rooms`, { name: "Small", capacity: "8" })).statusCode, 303);
    const start = wallClock(event.startsAt, event.timeZone);
    const mid = wallClock(new Date(event.startsAt.getTime() + 3_600_000), event.timeZone);
    assert.equal((await organiser.post(`${base}/manage/slots`, { startsAt: start, endsAt: mid })).statusCode, 303);
    const overlap = await organiser.post(`${base}/manage/slots`, { startsAt: start, endsAt: mid });
    assert.equal(overlap.statusCode, 409);
    assert.match(overlap.body, /пересекается/);
    assert.match(overlap.body, new RegExp(`value="${start}"`), "the typed times are kept");

    const host = await buildUser(t.services, { locale: "ru" });
    const hostBrowser = await as(host, "ru");
    const missing = await hostBrowser.post(`${base}/proposals`, { title: "", description: `Kept ${XSS}`, format: "discussion", language: "ru" });
    assert.equal(missing.statusCode, 422);
    assert.ok(missing.body.includes("Kept &lt;script&gt;"), "description kept, escaped");
    assert.ok(!missing.body.includes(`Kept ${XSS}`));
    const proposed = await hostBrowser.post(`${base}/proposals`, { title: `Вода ${XSS}`, description: "Обсудим", format: "discussion", language: "ru" });
    assert.equal(proposed.statusCode, 303);
    const otherHost = await as(await buildUser(t.services, { locale: "ru" }), "ru");
    const second = await otherHost.post(`${base}/proposals`, { title: "Второе", description: "", format: "workshop", language: "ru" });
    assert.equal(second.statusCode, 303);
    const [first] = await queryRows<{ id: string }>(t.services.db, sql`select id from event_proposals where event_id = ${event.id} and title like 'Вода%'`);

    const voter = await as(await buildUser(t.services, { locale: "ru" }), "ru");
    const page = await voter.get(base);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes("Вода &lt;script&gt;"));
    assert.ok(!page.body.includes(`Вода ${XSS}`));
    assert.match(page.body, /У вас осталось голосов: 2 из 2/);
    assert.equal((await voter.post(`${base}/proposals/${first!.id}/vote`, { vote: "add" })).statusCode, 303);
    assert.ok((await voter.get(base)).body.includes("1 голос · <strong>ваш голос</strong>"));

    assert.equal((await organiser.post(`${base}/manage/build`, {})).statusCode, 303);
    const manage = await organiser.get(`${base}/manage`);
    assert.match(manage.body, /Место нашлось для каждого предложения/);
    assert.match(manage.body, /Big hall/);
    assert.equal((await organiser.post(`${base}/manage/publish`, {})).statusCode, 303);
    const sessions = await queryRows<{ type: string; room: string }>(t.services.db, sql`select type, room from event_sessions where event_id = ${event.id} order by room`);
    assert.deepEqual(sessions.map((s) => s.type), ["unconference", "unconference"]);
    assert.equal(sessions.find((s) => s.room === "Big hall") !== undefined, true, "the voted one got the big room");
    const published = await (await as()).get(base);
    assert.equal(published.statusCode, 200);
    assert.match(published.body, /<table>/);
  });

  it("gives the event page a section: the state, the count and the links", async () => {
    const fake = { server: t.app, user: null, locale: "en", t: translator("en"), csrfToken: "", url: "/", flash: null };
    const request = fake as unknown as FastifyRequest;
    const space = await getSpaceForViewer(t.services.db, event.space.slug, null);
    const section = await unconferencePanel({ request, view: viewContext(request), space, event, canManage: false, now: t.services.clock.now() });
    const markup = section!.main!.toString();
    assert.match(markup, /Schedule published/);
    assert.match(markup, /2 proposals/);
    assert.ok(markup.includes(`href="${base}"`));
    assert.ok(!markup.includes("/manage"), "no organisers' link for a visitor");
  });
});
