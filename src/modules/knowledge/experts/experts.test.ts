import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { Browser, createTestApp, type TestApp } from "../../../testing/harness";
import { buildUser, TEST_PASSWORD, XSS, type BuiltUser } from "../../../testing/factories";
import { outboxMessages } from "../../../testing/outbox";
import { seedDemo } from "../../../platform/demo";
import { analyseQuery } from "../../../platform/search/query";
import { findFrameworkItemId } from "../../spaces/queries";
import { buildOrganisation } from "../../organisations/factories";
import { shippedGlossary } from "../glossary/load";
import { knowledgeExperts } from "./schema";
import { expertSearchProvider } from "./search";
import { primaryAction } from "../../../testing/page-header";

type ApiList = { data: { id: string; display_name: string }[]; next_cursor: string | null };

describe("experts directory", () => {
  let t: TestApp;
  let target22: string;
  before(async () => {
    t = await createTestApp();
    target22 = (await findFrameworkItemId(t.services.db, "GBF", "GBF-TARGET-22"))!;
  });
  after(async () => t.close());

  const profile = (overrides: Record<string, string | string[]> = {}) => ({
    displayName: `Dana ${XSS}`,
    "headline.en": "Wetland ecologist",
    "bio.en": `I study wetlands and river deltas ${XSS}.`,
    "bio.ru": "Изучаю водно-болотные угодья и дельты рек.",
    tags: "wetlands, Citizen Science",
    languages: ["ru", "en"],
    country: "KZ",
    organisationId: "",
    itemIds: [target22],
    ...overrides,
  });

  /** A signed-in person with a published profile; returns the profile id. */
  const optIn = async (overrides: Record<string, string | string[]> = {}, user?: BuiltUser) => {
    const person = user ?? (await buildUser(t.services));
    const browser = await new Browser(t.app).logIn(person.email, TEST_PASSWORD);
    const response = await browser.post("/experts/profile", profile(overrides));
    assert.equal(response.statusCode, 303, response.body.slice(0, 500));
    const id = String(response.headers.location).split("/").pop()!;
    return { person, browser, id };
  };

  const apiIds = async (query = "") => ((await t.app.inject({ method: "GET", url: `/api/v1/experts${query}` })).json() as ApiList).data.map((entry) => entry.id);

  it("lets a signed-in person opt in; the profile is public, escaped and offers the relay, never the address", async () => {
    const { person, id } = await optIn();
    const page = await new Browser(t.app).get(`/experts/${id}`);
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(XSS), "text is escaped");
    assert.ok(page.body.includes(`href="/contact/expert/${id}"`), "the Contact button goes to the relay");
    assert.equal(primaryAction(page.body), `/contact/expert/${id}`, "contacting is a visitor's one next step");
    const own = await (await new Browser(t.app).logIn(person.email, TEST_PASSWORD)).get(`/experts/${id}`);
    assert.equal(primaryAction(own.body), "/experts/profile", "the expert's own next step is editing the profile");
    assert.ok(!own.body.includes(`href="/contact/expert/${id}"`), "no one is offered to write to themselves");
    assert.ok(!page.body.includes(person.email), "no address on the profile");
    assert.match(page.body, /GBF 22\./);
    const directory = await new Browser(t.app).get("/experts");
    assert.ok(directory.body.includes(`/experts/${id}`));
    assert.ok(!directory.body.includes(person.email));
    const api = await t.app.inject({ method: "GET", url: `/api/v1/experts/${id}` });
    assert.equal(api.statusCode, 200);
    assert.ok(!api.body.includes(person.email), "the API carries no address");
    assert.deepEqual((api.json() as { tags: string[] }).tags, ["wetlands", "citizen science"]);
  });

  it("sends the directory's visitors to log in before opting in", async () => {
    const response = await new Browser(t.app).get("/experts/profile");
    assert.equal(response.statusCode, 401);
  });

  it("edits a profile in place and keeps one profile per person", async () => {
    const { browser, id, person } = await optIn();
    const again = await browser.post("/experts/profile", profile({ tags: "peatlands" }));
    assert.equal(again.headers.location, `/experts/${id}`);
    const rows = await t.services.db.select().from(knowledgeExperts).where(eq(knowledgeExperts.userId, person.id));
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0].tags, ["peatlands"]);
    const form = await browser.get("/experts/profile");
    assert.match(form.body, /value="peatlands"/);
  });

  it("hides a paused profile everywhere at once — page, directory, API, search, relay — and shows it again on resume", async () => {
    const { browser, id } = await optIn({ displayName: "Paused Person", tags: "zzpausedtopic" });
    assert.equal((await browser.post("/experts/profile/pause", {})).statusCode, 303);
    const visitor = new Browser(t.app);
    assert.equal((await visitor.get(`/experts/${id}`)).statusCode, 404);
    assert.ok(!(await visitor.get("/experts")).body.includes(id));
    assert.ok(!(await visitor.get("/experts?tag=zzpausedtopic")).body.includes(id));
    assert.equal((await t.app.inject({ method: "GET", url: `/api/v1/experts/${id}` })).statusCode, 404);
    assert.ok(!(await apiIds()).includes(id));
    assert.equal((await visitor.get(`/contact/expert/${id}`)).statusCode, 404);
    const query = await analyseQuery(t.services.db, "Paused Person", { locale: "en", glossary: shippedGlossary() });
    assert.equal((await expertSearchProvider.search(t.services, query, undefined, 10)).hits.length, 0);
    const own = await browser.get(`/experts/${id}`);
    assert.equal(own.statusCode, 200, "the owner still sees it");
    assert.match(own.body, /paused/);

    await browser.post("/experts/profile/resume", {});
    assert.equal((await visitor.get(`/experts/${id}`)).statusCode, 200);
    assert.equal((await expertSearchProvider.search(t.services, query, undefined, 10)).hits[0]?.id, id);
  });

  it("deletes a profile for good", async () => {
    const { browser, id } = await optIn();
    assert.equal((await browser.post("/experts/profile/delete", {})).statusCode, 303);
    assert.equal((await new Browser(t.app).get(`/experts/${id}`)).statusCode, 404);
    assert.equal((await browser.get(`/experts/${id}`)).statusCode, 404);
    assert.equal((await browser.post("/experts/profile/delete", {})).statusCode, 404);
  });

  it("relays a message to the expert's account address without showing it", async () => {
    const { person, id } = await optIn();
    const visitor = new Browser(t.app);
    const form = await visitor.get(`/contact/expert/${id}`);
    assert.equal(form.statusCode, 200);
    assert.ok(!form.body.includes(person.email));
    const sent = await visitor.post(`/contact/expert/${id}`, { name: "Visitor", email: "visitor@example.net", subject: "Delta survey", message: "Would you advise our school group on a delta survey?", consent: "yes" });
    assert.equal(sent.statusCode, 303);
    const confirmation = await visitor.get(String(sent.headers.location));
    assert.ok(!confirmation.body.includes(person.email));
    await t.services.jobs.drain();
    const mail = (await outboxMessages(t.outboxDir)).find((message) => message.to.includes(person.email));
    assert.ok(mail, "the expert got the message");
    assert.match(mail.replyTo, /visitor@example\.net/);
  });

  it("exports the profile with the person's data and removes it with the account", async () => {
    const { browser, person, id } = await optIn({ tags: "exported topic" });
    const exported = await browser.get("/account/export");
    const data = JSON.parse(exported.body) as { experts: { profile: { id: string; tags: string[]; expertise: { framework: string }[] } } };
    assert.equal(data.experts.profile.id, id);
    assert.deepEqual(data.experts.profile.tags, ["exported topic"]);
    assert.equal(data.experts.profile.expertise[0].framework, "GBF");
    assert.equal((await browser.post("/account/delete", { password: TEST_PASSWORD })).statusCode, 303);
    assert.deepEqual(await t.services.db.select().from(knowledgeExperts).where(eq(knowledgeExperts.userId, person.id)), []);
    assert.equal((await new Browser(t.app).get(`/experts/${id}`)).statusCode, 404);
  });

  it("filters by target, topic, language, country, region and organisation, with counts", async () => {
    const owner = await buildUser(t.services);
    const organisation = await buildOrganisation(t.services, { ownerId: owner.id });
    const { id: inOrg } = await optIn({ languages: ["sw"], country: "KE", organisationId: organisation.id, tags: "zzfiltertopic" }, owner);
    const { id: other } = await optIn({ languages: ["fr"], country: "FR", itemIds: [], tags: "zzfiltertopic" });
    const page = await new Browser(t.app).get("/experts?tag=zzfiltertopic");
    assert.ok(page.body.includes(inOrg) && page.body.includes(other));
    assert.match(page.body, /2 experts/);
    const only = async (query: string) => {
      const body = (await new Browser(t.app).get(`/experts?tag=zzfiltertopic&${query}`)).body;
      return [body.includes(`/experts/${inOrg}"`), body.includes(`/experts/${other}"`)];
    };
    assert.deepEqual(await only("language=sw"), [true, false]);
    assert.deepEqual(await only("country=FR"), [false, true]);
    assert.deepEqual(await only("region=002"), [true, false], "Africa");
    assert.deepEqual(await only(`organisation=${organisation.id}`), [true, false]);
    assert.deepEqual(await only(`item=${target22}`), [true, false]);
    assert.deepEqual(await only("language=xx&country=ZZ"), [true, true], "impossible values are ignored");
    assert.deepEqual((await apiIds(`?tag=zzfiltertopic&language=sw`)), [inOrg]);
    const organisationPage = await new Browser(t.app).get(`/organisations/${organisation.slug}`);
    assert.ok(organisationPage.body.includes(`/experts/${inOrg}"`), "the organisation's page lists its experts");
  });

  it("finds profiles by words in other forms, with typos and across Russian and English", async () => {
    const { id } = await optIn({ displayName: "Zarina Full-Text", "bio.en": "Monitoring of migratory birds along the flyway.", "bio.ru": "", tags: "ornithology", itemIds: [] });
    const found = async (q: string) => (await new Browser(t.app).get(`/experts?q=${encodeURIComponent(q)}`)).body.includes(`/experts/${id}"`);
    assert.ok(await found("migratory bird"), "word forms");
    assert.ok(await found("ornitology"), "a typo");
    assert.ok(await found("перелётных птиц"), "a Russian query finds English text through the glossary");
    assert.ok(!(await found("ornithology desert")), "every word must match");
  });

  it("re-renders the form with translated errors and the input kept for bad input", async () => {
    const person = await buildUser(t.services, { locale: "ru" });
    const browser = await new Browser(t.app, "ru").logIn(person.email, TEST_PASSWORD);
    const response = await browser.post("/experts/profile", profile({ languages: [], "bio.en": "", "bio.ru": "", tags: "ok, <b>", displayName: "Keep me" }));
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /Выберите хотя бы один язык/);
    assert.match(response.body, /value="Keep me"/);
    const stranger = await buildOrganisation(t.services);
    const notMember = await browser.post("/experts/profile", profile({ organisationId: stranger.id }));
    assert.equal(notMember.statusCode, 422, "only one's own organisations");
    const badItem = await browser.post("/experts/profile", profile({ itemIds: ["00000000-0000-0000-0000-000000000000"] }));
    assert.equal(badItem.statusCode, 422);
    const notUuid = await browser.post("/experts/profile", profile({ itemIds: ["nope"], country: "ZZ" }));
    assert.equal(notUuid.statusCode, 422);
    assert.equal((await new Browser(t.app).get("/experts?cursor=garbage")).statusCode, 400);
    assert.equal((await t.app.inject({ method: "GET", url: "/api/v1/experts?cursor=garbage" })).statusCode, 400);
    assert.equal((await t.app.inject({ method: "GET", url: "/api/v1/experts/not-an-id" })).statusCode, 404);
    assert.equal((await new Browser(t.app).get("/experts/not-an-id")).statusCode, 404);
  });

  it("pages the directory with a keyset cursor", async () => {
    for (let index = 0; index < 3; index++) await optIn({ displayName: `Pager ${index}`, tags: "zzpager" });
    const first = (await t.app.inject({ method: "GET", url: "/api/v1/experts?tag=zzpager&limit=2" })).json() as ApiList;
    assert.equal(first.data.length, 2);
    const second = (await t.app.inject({ method: "GET", url: `/api/v1/experts?tag=zzpager&limit=2&cursor=${first.next_cursor}` })).json() as ApiList;
    assert.deepEqual(second.data.map((entry) => entry.display_name), ["Pager 2"]);
    assert.equal(second.next_cursor, null);
  });

  it("seeds demo experts once, however often the demo seed runs", async () => {
    await seedDemo(t.services);
    const count = async () => (await t.services.db.select({ id: knowledgeExperts.id }).from(knowledgeExperts)).length;
    const before = await count();
    await seedDemo(t.services);
    assert.equal(await count(), before);
    const russian = await new Browser(t.app, "ru").get(`/experts?q=${encodeURIComponent("общественные слушания")}`);
    assert.match(russian.body, /Марина Волкова/);
  });
});
