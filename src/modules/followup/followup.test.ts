import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { intlFormat, translator } from "../../platform/i18n/messages";
import { reportSectionSource } from "../../platform/reports/sections";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, XSS, type BuiltUser } from "../../testing/factories";
import { parseAtom } from "../../testing/feeds";
import { buildConsultation, buildContribution } from "../consultations/factories";
import { consultationTags } from "../consultations/schema";
import { buildOrganisation } from "../organisations/factories";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../spaces/factories";

describe("follow-up: items from accepted recommendations, status history, overdue, exports and report", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let coordinator: BuiltUser;
  let recommendation: { id: string; number: number };
  let plain: { id: string; number: number };
  let consultationSlug: string;

  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
    space = await buildSpace(t.services, { enabledModules: ["consultations"] });
    coordinator = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    const consultation = await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug });
    consultationSlug = consultation.slug;
    const topic = { consultationId: consultation.id, topicId: consultation.groups[0]!.topics[0]!.id };
    recommendation = await buildContribution(t.services, topic, { body: `${XSS} Publish permits in plain language.` });
    plain = await buildContribution(t.services, topic, { body: "Just a thought." });
    // a facilitator accepts the first as a recommendation in the synthesis (test set-up: the tag, straight in)
    await t.services.db.insert(consultationTags).values({ contributionId: recommendation.id, tag: "recommendation", note: "" });
  });
  after(() => t.close());

  const browserOf = (user: BuiltUser, locale = "en") => new Browser(t.app, locale).logIn(user.email, user.password);

  it("creates an item from an accepted recommendation that keeps its link; one item per recommendation; others refused", async () => {
    const browser = await browserOf(coordinator);
    const list = await browser.get(`/spaces/${space.slug}/follow-up`);
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(`value="${recommendation.id}"`), "the accepted recommendation is offered");
    assert.ok(!list.body.includes(`value="${plain.id}"`), "an untagged contribution is not");
    assert.ok(!list.body.includes(XSS), "the recommendation's text is escaped");
    const organisation = await buildOrganisation(t.services);
    const form = { recommendation_id: recommendation.id, "title.en": `${XSS} Plain-language permits`, "title.ru": "Разрешения простым языком", actor_organisation_ids: organisation.id, actor_text: "Secretariat", due_on: "2026-03-10" };
    const created = await browser.post(`/spaces/${space.slug}/follow-up/new`, form);
    assert.equal(created.statusCode, 303, created.body.slice(0, 500));
    const path = String(created.headers.location);
    assert.equal(path, `/spaces/${space.slug}/follow-up/1`);
    const page = await new Browser(t.app).get(path);
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(XSS), "the title is escaped");
    assert.ok(page.body.includes(`/spaces/${space.slug}/consultations/${consultationSlug}/contributions/${recommendation.number}`), "the item links to the recommendation");
    assert.match(page.body, /Secretariat/);

    const again = await browser.post(`/spaces/${space.slug}/follow-up/new`, { ...form, "title.en": "Again" });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /already has follow-up item 1/);
    const notAccepted = await browser.post(`/spaces/${space.slug}/follow-up/new`, { ...form, recommendation_id: plain.id });
    assert.equal(notAccepted.statusCode, 422);
    const noActor = await browser.post(`/spaces/${space.slug}/follow-up/new`, { "title.en": "Manual item", "description.en": "kept text", evidence_links: "javascript:alert(1)" });
    assert.equal(noActor.statusCode, 422);
    assert.match(noActor.body, /Say who acts/);
    assert.match(noActor.body, /kept text/, "the typed text is kept");
    const manual = await browser.post(`/spaces/${space.slug}/follow-up/new`, { "title.en": "Manual item", actor_text: "Working group" });
    assert.equal(manual.statusCode, 303);
    assert.equal(manual.headers.location, `/spaces/${space.slug}/follow-up/2`);
  });

  it("links each accepted recommendation in the consultation's report to its follow-up item, in the reader's language", async () => {
    const report = await (await browserOf(coordinator)).get(`/spaces/${space.slug}/consultations/${consultationSlug}/report`);
    assert.equal(report.statusCode, 200, report.body.slice(0, 300));
    assert.match(report.body, new RegExp(`Follow-up: <a href="/spaces/${space.slug}/follow-up/1">No\\. 1: [^<]*— Planned</a>`));
    const russian = await (await browserOf(coordinator)).get(`/spaces/${space.slug}/consultations/${consultationSlug}/report?lang=ru`);
    assert.match(russian.body, /Выполнение: <a href="[^"]*\/follow-up\/1">№ 1: [^<]*— /);
    assert.equal((report.body.match(/\/follow-up\/\d+"/g) ?? []).length, 1, "only the recommendation with an item gets a link");
  });

  it("refuses people who do not coordinate the space (403) and hides follow-up where consultations are off", async () => {
    const member = await buildUser(t.services);
    const browser = await browserOf(member);
    assert.equal((await browser.post(`/spaces/${space.slug}/follow-up/new`, { "title.en": "Mine", actor_text: "Me" })).statusCode, 403);
    assert.equal((await browser.post(`/spaces/${space.slug}/follow-up/1/status`, { status: "done" })).statusCode, 403);
    assert.equal((await browser.post(`/spaces/${space.slug}/follow-up/1/edit`, { "title.en": "Mine", actor_text: "Me" })).statusCode, 403);
    const other = await buildSpace(t.services, { enabledModules: ["commitments"] });
    assert.equal((await new Browser(t.app).get(`/spaces/${other.slug}/follow-up`)).statusCode, 404);
    assert.equal((await new Browser(t.app).get(`/spaces/${space.slug}/follow-up/999`)).statusCode, 404);
  });

  it("keeps the history of status changes and judges overdue by the clock", async () => {
    const browser = await browserOf(coordinator);
    const path = `/spaces/${space.slug}/follow-up/1`;
    t.clock.set(new Date("2026-03-10T23:00:00Z"));
    const api = async (query = "") => JSON.parse((await new Browser(t.app).get(`/api/v1/spaces/${space.slug}/follow-up${query}`, { accept: "application/json" })).body) as { data: { number: number; status: string; is_overdue: boolean }[] };
    assert.equal((await api()).data.find((item) => item.number === 1)!.is_overdue, false, "not overdue on its due date");
    t.clock.set(new Date("2026-03-11T00:30:00Z"));
    assert.equal((await api()).data.find((item) => item.number === 1)!.is_overdue, true, "overdue the day after");
    assert.deepEqual((await api("?overdue=1")).data.map((item) => item.number), [1]);
    const overduePage = await new Browser(t.app).get(`/spaces/${space.slug}/follow-up?overdue=1`);
    assert.match(overduePage.body, /Overdue/);

    assert.equal((await browser.post(`${path}/status`, { status: "in_progress", note: `${XSS} started` })).statusCode, 303);
    assert.equal((await browser.post(`${path}/status`, { status: "in_progress" })).statusCode, 409, "the same status again is refused");
    assert.equal((await browser.post(`${path}/status`, { status: "finished" })).statusCode, 422);
    assert.equal((await browser.post(`${path}/status`, { status: "done", note: "Published" })).statusCode, 303);
    const page = await new Browser(t.app).get(path);
    assert.ok(!page.body.includes(XSS), "notes are escaped");
    const history = page.body.slice(page.body.indexOf("history-heading"));
    assert.match(history, /created as planned[\s\S]*Planned → In progress[\s\S]*In progress → Done[\s\S]*Published/);
    const done = (await api()).data.find((item) => item.number === 1)!;
    assert.equal(done.status, "done");
    assert.equal(done.is_overdue, false, "a done item is never overdue");
  });

  it("exports CSV and Atom with the user's text escaped, and reports items by status", async () => {
    const csv = await new Browser(t.app).get(`/spaces/${space.slug}/follow-up.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers["content-type"]), /text\/csv/);
    assert.match(csv.body, /Plain-language permits/);
    const feed = await new Browser(t.app).get(`/spaces/${space.slug}/follow-up/feed.atom`);
    assert.equal(feed.statusCode, 200);
    const parsed = parseAtom(feed.body);
    assert.equal(parsed.entries.length, 2);
    assert.ok(!feed.body.includes("<script>"), "no raw script tag in the feed");

    const section = reportSectionSource("follow-up")!;
    assert.equal(await section.isAvailable(t.services.db, space.id), true);
    const loaded = await section.load(t.services.db, { spaceId: space.id, spaceSlug: space.slug, from: new Date("2026-01-01T00:00:00Z"), until: new Date("2026-04-01T00:00:00Z") }, { locale: "ru", t: translator("ru"), format: intlFormat("ru") });
    const [figures, byStatus, list] = loaded.blocks;
    assert.equal(figures!.kind === "figures" && figures.items.map((item) => item.value).join(","), "2,0,1");
    assert.deepEqual(byStatus!.kind === "table" && byStatus.rows.map((row) => row[1]), [1, 0, 1, 0]);
    assert.ok(list!.kind === "list" && list.items[0]!.path === `/spaces/${space.slug}/follow-up/1`);
  });
});
