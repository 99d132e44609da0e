import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { XMLParser } from "fast-xml-parser";
import { listOutbox, readOutboxMessage } from "../../../platform/mail/outbox";
import { createTestApp, Browser, type TestApp } from "../../../testing/harness";
import { buildUser, TEST_PASSWORD, XSS } from "../../../testing/factories";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../../spaces/factories";
import { addSubscriber, buildNewsletter, registerTestSource, TEST_CARDS } from "./factories";
import { newsletters } from "./schema";
import { RESUME_JOB } from "./send";

describe("newsletter pages and API", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let coordinator: Awaited<ReturnType<typeof buildUser>>;
  let member: Awaited<ReturnType<typeof buildUser>>;
  let coordinatorBrowser: Browser;

  before(async () => {
    t = await createTestApp();
    registerTestSource();
    space = await buildSpace(t.services, { enabledModules: ["news"] });
    coordinator = await buildUser(t.services, { email: "coordinator@example.org", displayName: "Aigerim Coordinator" });
    member = await buildUser(t.services, { email: "member@example.org", locale: "ru", displayName: "Марат" });
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    await addSpaceRole(t.services, space.id, member.id, "member");
    await addSubscriber(t.services, space.id, { email: "reader@example.net", locale: "ru" });
    coordinatorBrowser = await new Browser(t.app).logIn(coordinator.email, TEST_PASSWORD);
    TEST_CARDS.push({ kind: "test-story", id: "story-1", spaceId: space.id, title: { en: `${XSS} Wetlands restored`, ru: `${XSS} Болота восстановлены` }, summary: { en: "Twelve hectares.", ru: "Двенадцать гектаров." }, path: `/spaces/${space.slug}/news/story-1`, date: new Date("2026-02-01T00:00:00Z") });
    TEST_CARDS.push({ kind: "test-story", id: "story-elsewhere", spaceId: "00000000-0000-4000-8000-000000000000", title: { en: "Elsewhere" }, summary: {}, path: "/x", date: new Date() });
  });
  after(async () => t.close());

  const form = (overrides: Record<string, string | string[]> = {}) => ({
    "subject.en": `${XSS} March news`,
    "subject.ru": `${XSS} Новости марта`,
    "intro.en": "Hello **all**",
    "intro.ru": "Привет, **все**",
    audiences: ["members", "subscribers"],
    ...overrides,
  });

  it("lets only coordinators compose: 403 for a member, 404 for an unknown newsletter", async () => {
    const memberBrowser = await new Browser(t.app).logIn(member.email, TEST_PASSWORD);
    assert.equal((await memberBrowser.get(`/spaces/${space.slug}/newsletters/new`)).statusCode, 403);
    assert.equal((await memberBrowser.post(`/spaces/${space.slug}/newsletters`, form())).statusCode, 403);
    const draft = await buildNewsletter(t.services, space.id, coordinator.id);
    assert.equal((await memberBrowser.get(`/spaces/${space.slug}/newsletters/${draft.id}`)).statusCode, 404, "a draft does not exist for a member");
    assert.equal((await memberBrowser.post(`/spaces/${space.slug}/newsletters/${draft.id}/send`, {})).statusCode, 403);
    assert.equal((await new Browser(t.app).get(`/spaces/${space.slug}/newsletters/${draft.id}`)).statusCode, 404);
    assert.equal((await coordinatorBrowser.get(`/spaces/${space.slug}/newsletters/not-a-uuid`)).statusCode, 404);
    const noNews = await buildSpace(t.services, { enabledModules: [] });
    assert.equal((await coordinatorBrowser.get(`/spaces/${noNews.slug}/newsletters`)).statusCode, 404, "the feature is off");
  });

  it("keeps what was typed and names the field when the subject or the recipients are missing", async () => {
    const response = await coordinatorBrowser.post(`/spaces/${space.slug}/newsletters`, form({ "subject.en": "", "subject.ru": "", "intro.en": "kept text", audiences: [] }));
    assert.equal(response.statusCode, 422);
    assert.ok(response.body.includes("Give the newsletter a subject in at least one language."));
    assert.ok(response.body.includes("Choose at least one group of recipients."));
    assert.ok(response.body.includes("kept text"));
  });

  it("previews the audience without saving, then saves a draft that shows the live count and a masked sample", async () => {
    const previewed = await coordinatorBrowser.post(`/spaces/${space.slug}/newsletters`, form({ action: "preview" }));
    assert.equal(previewed.statusCode, 200);
    assert.ok(previewed.body.includes("3 recipients"), "the coordinator, the member and the subscriber");
    assert.ok(previewed.body.includes("r•••@example.net"));
    assert.ok(!previewed.body.includes("reader@example.net"), "addresses are masked");
    assert.ok(!previewed.body.includes(XSS), "escaped");
    const created = await coordinatorBrowser.post(`/spaces/${space.slug}/newsletters`, form({ action: "save" }));
    assert.equal(created.statusCode, 303);
    const page = await coordinatorBrowser.get(String(created.headers.location));
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes("3 recipients"));
    const onlyRussian = await coordinatorBrowser.post(String(created.headers.location), form({ action: "preview", locales: "ru" }));
    assert.ok(onlyRussian.body.includes("2 recipients"), "the Russian-speaking member and subscriber");
  });

  it("answers the live count with the preview's count and masked sample, to coordinators only, 400 on unknown values", async () => {
    const json = { accept: "application/json" };
    const audience = (query: string) => `/spaces/${space.slug}/newsletters/audience?${query}`;
    const live = await coordinatorBrowser.get(audience("audiences=members&audiences=subscribers&locales=ru"), json);
    assert.equal(live.statusCode, 200);
    assert.match(String(live.headers["cache-control"]), /no-store/);
    const answer = live.json() as { count: number; heading: string; sample: string[] };
    const previewed = await coordinatorBrowser.post(`/spaces/${space.slug}/newsletters`, form({ action: "preview", locales: "ru" }));
    assert.ok(previewed.body.includes(answer.heading), "the same count as the preview button's");
    assert.equal(answer.count, 2, "the Russian-speaking member and subscriber");
    assert.equal(answer.heading, "2 recipients");
    assert.ok(answer.sample.includes("Subscriber · r•••@example.net · ru"));
    assert.ok(!live.body.includes("reader@example.net") && !live.body.includes("member@example.org"), "addresses are masked");
    assert.equal((await coordinatorBrowser.get(audience("audiences=members&audiences=subscribers"), json)).json().count, 3);
    const russian = await new Browser(t.app, "ru").logIn(coordinator.email, TEST_PASSWORD);
    assert.equal((await russian.get(audience("audiences=subscribers&lang=ru"), json)).json().heading, "Получателей: 1");

    const memberBrowser = await new Browser(t.app).logIn(member.email, TEST_PASSWORD);
    assert.equal((await memberBrowser.get(audience("audiences=members"), json)).statusCode, 403);
    assert.ok((await new Browser(t.app).get(audience("audiences=members"), json)).statusCode >= 400, "nobody signed in");
    const unknown = await coordinatorBrowser.get(audience("audiences=everyone&countries=XX&locales=ru"), json);
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(Object.keys((unknown.json() as { error: { fields: Record<string, string> } }).error.fields).sort(), ["audiences", "countries"]);
    const page = await coordinatorBrowser.get(audience("regions=abc"));
    assert.equal(page.statusCode, 400);
    assert.match(String(page.headers["content-type"]), /text\/html/);
  });

  it("adds text and item blocks picked from a content source, refusing items of another space", async () => {
    const draft = await buildNewsletter(t.services, space.id, coordinator.id);
    const at = `/spaces/${space.slug}/newsletters/${draft.id}`;
    const found = await coordinatorBrowser.get(`${at}?kind=test-story&q=wetlands`);
    assert.ok(found.body.includes("Add “&lt;script&gt;alert(1)&lt;/script&gt; Wetlands restored”"));
    assert.equal((await coordinatorBrowser.post(`${at}/blocks`, { action: "add_item", kind: "test-story", itemId: "story-1" })).statusCode, 303);
    assert.equal((await coordinatorBrowser.post(`${at}/blocks`, { action: "add_item", kind: "test-story", itemId: "story-elsewhere" })).statusCode, 422);
    assert.equal((await coordinatorBrowser.post(`${at}/blocks`, { action: "add_text", "body.en": "A *word* from the chair" })).statusCode, 303);
    assert.equal((await coordinatorBrowser.post(`${at}/blocks`, { action: "up", index: "1" })).statusCode, 303);
    assert.equal((await coordinatorBrowser.post(`${at}/blocks`, { action: "sideways" })).statusCode, 400);
    const [row] = await t.services.db.select().from(newsletters).where(eq(newsletters.id, draft.id));
    assert.deepEqual(row.blocks.map((block) => block.type), ["text", "item"]);
    assert.equal(row.blocks[0].type === "text" && row.blocks[0].bodyHtml.en, "<p>A <em>word</em> from the chair</p>\n");
  });

  it("sends a test only to the coordinator's own address", async () => {
    const draft = await buildNewsletter(t.services, space.id, coordinator.id);
    const response = await coordinatorBrowser.post(`/spaces/${space.slug}/newsletters/${draft.id}/test`, { to: "someone-else@example.net" });
    assert.equal(response.statusCode, 303);
    await t.services.jobs.drain();
    const { entries } = await listOutbox(t.outboxDir, { limit: 10 });
    assert.deepEqual(entries.map((entry) => entry.to), ["coordinator@example.org"]);
    const mail = await readOutboxMessage(t.outboxDir, entries[0].name);
    assert.match(mail?.subject ?? "", /^\[TEST\] /);
    const [row] = await t.services.db.select().from(newsletters).where(eq(newsletters.id, draft.id));
    assert.equal(row.status, "draft", "a test sends nothing else");
  });

  it("schedules in the chosen zone, refuses the past, and sends when the time comes", async () => {
    const draft = await buildNewsletter(t.services, space.id, coordinator.id, { segment: { audiences: ["members"] } });
    const at = `/spaces/${space.slug}/newsletters/${draft.id}`;
    const past = await coordinatorBrowser.post(`${at}/schedule`, { scheduledAt: "2026-03-02T13:00", timeZone: "Asia/Almaty" });
    assert.equal(past.statusCode, 422);
    assert.ok(past.body.includes("Choose a moment in the future."));
    assert.ok(past.body.includes('value="2026-03-02T13:00"'), "the typed moment is kept");
    assert.equal((await coordinatorBrowser.post(`${at}/schedule`, { scheduledAt: "2026-03-02T16:00", timeZone: "Nowhere/City" })).statusCode, 422);
    assert.equal((await coordinatorBrowser.post(`${at}/schedule`, { scheduledAt: "2026-03-02T16:00", timeZone: "Asia/Almaty" })).statusCode, 303);
    let [row] = await t.services.db.select().from(newsletters).where(eq(newsletters.id, draft.id));
    assert.equal(row.status, "scheduled");
    assert.equal(row.scheduledAt?.toISOString(), "2026-03-02T11:00:00.000Z", "16:00 in Almaty (UTC+5)");

    await t.services.jobs.enqueue(RESUME_JOB, {});
    t.clock.advance(60 * 60_000);
    await t.services.jobs.drain();
    [row] = await t.services.db.select().from(newsletters).where(eq(newsletters.id, draft.id));
    assert.equal(row.status, "scheduled", "not yet at 10:00");
    t.clock.advance(61 * 60_000);
    await t.services.jobs.drain();
    [row] = await t.services.db.select().from(newsletters).where(eq(newsletters.id, draft.id));
    assert.equal(row.status, "sent");
    assert.equal(row.sentCount, 2);
    assert.equal((await coordinatorBrowser.post(`${at}/cancel`, {})).statusCode, 409, "a sent newsletter cannot be cancelled");
  });

  it("cancels a scheduled newsletter so it is never sent", async () => {
    const draft = await buildNewsletter(t.services, space.id, coordinator.id);
    const at = `/spaces/${space.slug}/newsletters/${draft.id}`;
    await coordinatorBrowser.post(`${at}/schedule`, { scheduledAt: "2027-01-01T10:00", timeZone: "UTC" });
    assert.equal((await coordinatorBrowser.post(`${at}/cancel`, {})).statusCode, 303);
    const [row] = await t.services.db.select().from(newsletters).where(eq(newsletters.id, draft.id));
    assert.equal(row.status, "cancelled");
  });

  it("shows sent issues in the archive, the web version without personal links, the Atom feed and the API", async () => {
    const sent = await buildNewsletter(t.services, space.id, coordinator.id, { segment: { audiences: ["subscribers"] } });
    await coordinatorBrowser.post(`/spaces/${space.slug}/newsletters/${sent.id}/send`, {});
    await t.services.jobs.drain();
    const draft = await buildNewsletter(t.services, space.id, coordinator.id, { subject: { en: "Secret draft" } });
    const anonymous = new Browser(t.app, "ru");
    const archive = await anonymous.get(`/spaces/${space.slug}/newsletters`);
    assert.equal(archive.statusCode, 200);
    assert.ok(archive.body.includes("&lt;script&gt;alert(1)&lt;/script&gt; Весенние новости"));
    assert.ok(!archive.body.includes("Secret draft"));
    const web = await anonymous.get(`/spaces/${space.slug}/newsletters/${sent.id}`);
    assert.equal(web.statusCode, 200);
    assert.ok(web.body.includes("Здравствуйте, <strong>все</strong>"));
    assert.ok(!web.body.includes("/newsletters/unsubscribe/") && !web.body.includes("/newsletters/preferences/"), "no personal links");

    const feed = await anonymous.get(`/spaces/${space.slug}/newsletters/feed.atom`);
    assert.match(String(feed.headers["content-type"]), /application\/atom\+xml/);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(feed.body) as { feed: { entry: { title: unknown } | { title: unknown }[] } };
    const entries = Array.isArray(parsed.feed.entry) ? parsed.feed.entry : [parsed.feed.entry];
    assert.ok(entries.length >= 1);
    assert.ok(!feed.body.includes("Secret draft"));

    const list = await t.app.inject({ method: "GET", url: `/api/v1/spaces/${space.slug}/newsletters` });
    assert.equal(list.statusCode, 200);
    const body = list.json() as { data: { id: string; subject: Record<string, string> }[] };
    assert.ok(body.data.some((item) => item.id === sent.id));
    assert.ok(!body.data.some((item) => item.id === draft.id));
    assert.equal((await t.app.inject({ method: "GET", url: `/api/v1/spaces/${space.slug}/newsletters/${sent.id}` })).statusCode, 200);
    assert.equal((await t.app.inject({ method: "GET", url: `/api/v1/spaces/${space.slug}/newsletters/${draft.id}` })).statusCode, 404);
    assert.equal((await t.app.inject({ method: "GET", url: `/api/v1/spaces/${space.slug}/newsletters?cursor=broken!` })).statusCode, 400);
    const docs = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
    if (docs.statusCode === 200) assert.ok(docs.body.includes("/api/v1/spaces/{slug}/newsletters/{id}"));
  });

  it("keeps the archive of a private space to its people", async () => {
    const privateSpace = await buildSpace(t.services, { enabledModules: ["news"], visibility: "private" });
    assert.equal((await new Browser(t.app).get(`/spaces/${privateSpace.slug}/newsletters`)).statusCode, 404);
    assert.equal((await t.app.inject({ method: "GET", url: `/api/v1/spaces/${privateSpace.slug}/newsletters` })).statusCode, 404);
    await addSpaceRole(t.services, privateSpace.id, member.id, "member");
    const memberBrowser = await new Browser(t.app).logIn(member.email, TEST_PASSWORD);
    assert.equal((await memberBrowser.get(`/spaces/${privateSpace.slug}/newsletters`)).statusCode, 200);
  });
});
