import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { goodPractices } from "../../consultations/schema";
import { knowledgePractices } from "./schema";
import { buildConsultation, buildConsultationSpace, buildContribution } from "../../consultations/factories";
import { addSpaceRole, buildSpace } from "../../spaces/factories";
import { queuedMails } from "../../commitments/factories-review";
import { buildUser, XSS, type BuiltUser } from "../../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../../testing/harness";
import { buildPractice, buildPracticeScene, practiceStatus } from "./factories";

const logIn = (t: TestApp, user: BuiltUser, locale = "en") => new Browser(t.app, locale).logIn(user.email, user.password);
const listUrl = (slug: string, query = "") => `/spaces/${slug}/knowledge/practices${query}`;

/** The form fields of a valid submission. */
const formFields = (organisationId: string, title: string): Record<string, string | string[]> => ({
  organisationId,
  kind: "policy",
  "title.en": title,
  "summary.en": `${XSS} A city restricted single-use plastics in markets.`,
  language: "en",
  countries: ["KZ", "KG"],
  actorTypes: ["local_government"],
  links: "https://example.org/plastics Market rules",
});

describe("good practices: submission, review and visibility", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it("a member submits a practice for their organisation, a coordinator publishes it, the submitter is told in Russian, and then everyone sees it", async () => {
    const scene = await buildPracticeScene(t.services, { submitterLocale: "ru" });
    const submitter = await logIn(t, scene.submitter);
    const form = await submitter.get(listUrl(scene.spaceSlug, "/new"));
    assert.equal(form.statusCode, 200);
    const posted = await submitter.post(listUrl(scene.spaceSlug, "/new"), formFields(scene.organisationId, "Plastic-free markets"));
    assert.equal(posted.statusCode, 303, posted.body.slice(0, 500));
    const detailPath = String(posted.headers.location);
    const id = detailPath.split("/").pop()!;
    assert.equal(await practiceStatus(t.services, id), "submitted");

    // Waiting: the submitter and the coordinator see it; nobody else does, in the list or on its page.
    assert.match((await submitter.get(detailPath)).body, /Ждёт проверки/, "the submitter reads it in their language");
    assert.equal((await new Browser(t.app).get(detailPath)).statusCode, 404);
    assert.equal((await (await logIn(t, scene.stranger)).get(detailPath)).statusCode, 404);
    assert.doesNotMatch((await new Browser(t.app).get(listUrl(scene.spaceSlug))).body, /Plastic-free markets/);
    assert.doesNotMatch((await new Browser(t.app).get("/knowledge/practices")).body, /Plastic-free markets/);
    assert.doesNotMatch((await new Browser(t.app).get(`/organisations/${scene.organisationSlug}`)).body, /Plastic-free markets/);

    const toReview = (await queuedMails(t.services)).filter((message) => message.to === scene.coordinator.email);
    assert.equal(toReview.length, 1, "the coordinator is told a practice waits");
    assert.match(toReview[0]!.subject, /A good practice to review: Plastic-free markets/);
    const coordinator = await logIn(t, scene.coordinator);
    const queue = await coordinator.get(listUrl(scene.spaceSlug, "/review"));
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, new RegExp(id));
    assert.equal((await submitter.get(listUrl(scene.spaceSlug, "/review"))).statusCode, 403, "the queue is the coordinators'");
    const published = await coordinator.post(`${detailPath}/review`, { decision: "publish" });
    assert.equal(published.statusCode, 303);
    assert.equal(await practiceStatus(t.services, id), "published");

    const mail = (await queuedMails(t.services)).filter((message) => message.to === scene.submitter.email);
    assert.equal(mail.length, 1);
    assert.match(mail[0]!.subject, /опубликована/);
    assert.match(mail[0]!.text, new RegExp(`http://convene.test/spaces/${scene.spaceSlug}/knowledge/practices/${id}`));

    const anonymous = new Browser(t.app);
    const page = await anonymous.get(detailPath);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Plastic-free markets/);
    assert.match(page.body, new RegExp(`href="/contact/practice/${id}"`), "contact goes through the relay");
    assert.ok(!page.body.includes(scene.submitter.email), "no e-mail address is ever shown");
    assert.match((await anonymous.get(listUrl(scene.spaceSlug))).body, /Plastic-free markets/);
    assert.match((await anonymous.get("/knowledge/practices")).body, /Plastic-free markets/);
    assert.match((await anonymous.get(`/organisations/${scene.organisationSlug}`)).body, /Plastic-free markets/, "the organisation's page lists it");
  });

  it("returning needs a reason (translated error, input kept); the submitter changes the practice and sends it again", async () => {
    const scene = await buildPracticeScene(t.services);
    const id = await buildPractice(t.services, scene, { status: "submitted" });
    const detailPath = listUrl(scene.spaceSlug, `/${id}`);
    const coordinator = await logIn(t, scene.coordinator);
    const missing = await coordinator.post(`${detailPath}/review`, { decision: "return", reason: "  " });
    assert.equal(missing.statusCode, 422);
    assert.match(missing.body, /Reason for the submitter: This field is required\./);
    assert.equal(await practiceStatus(t.services, id), "submitted");
    const bad = await coordinator.post(`${detailPath}/review`, { decision: "sideways", reason: "Kept <b>reason</b>" });
    assert.equal(bad.statusCode, 422, "an unknown decision is a validation failure, like any other bad field");
    assert.match(bad.body, /Decision: Choose whether to publish, return or reject the practice\./);
    assert.match(bad.body, /Kept &lt;b&gt;reason&lt;\/b&gt;<\/textarea>/, "the reason typed is kept");
    const russianCoordinator = await buildUser(t.services, { locale: "ru" });
    await addSpaceRole(t.services, scene.spaceId, russianCoordinator.id, "coordinator");
    const badRu = await (await logIn(t, russianCoordinator, "ru")).post(`${detailPath}/review`, { reason: "Причина" });
    assert.equal(badRu.statusCode, 422);
    assert.match(badRu.body, /Решение: Выберите: опубликовать, вернуть или отклонить практику\./);
    assert.match(badRu.body, /Причина<\/textarea>/);
    assert.equal((await coordinator.post(`${detailPath}/review`, { decision: "return", reason: "Add figures, please." })).statusCode, 303);
    assert.equal(await practiceStatus(t.services, id), "returned");
    assert.equal((await coordinator.post(`${detailPath}/review`, { decision: "publish" })).statusCode, 409, "a decision is taken once");
    const mail = (await queuedMails(t.services)).find((message) => message.to === scene.submitter.email);
    assert.match(mail!.text, /Add figures, please\./);

    const submitter = await logIn(t, scene.submitter);
    const returnedPage = await submitter.get(detailPath);
    assert.match(returnedPage.body, /Add figures, please\./);
    const edit = await submitter.get(`${detailPath}/edit`);
    assert.equal(edit.statusCode, 200);
    assert.ok(!edit.body.includes(XSS), "the saved title is escaped in the form");
    assert.equal((await (await logIn(t, scene.stranger)).get(`${detailPath}/edit`)).statusCode, 404);
    const resent = await submitter.post(`${detailPath}/edit`, formFields(scene.organisationId, "Wetland restoration, with figures"));
    assert.equal(resent.statusCode, 303);
    assert.equal(await practiceStatus(t.services, id), "submitted");
  });

  it("refuses bad submissions with translated errors beside the fields and keeps what was typed", async () => {
    const scene = await buildPracticeScene(t.services, { submitterLocale: "ru" });
    const submitter = await logIn(t, scene.submitter);
    const empty = await submitter.post(listUrl(scene.spaceSlug, "/new"), { organisationId: scene.organisationId, kind: "nonsense", "title.en": "Kept title", language: "en", links: "not a link" });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /Kept title/, "input is kept");
    assert.match(empty.body, /Заполните хотя бы на одном языке/, "summary is required, in Russian");
    assert.match(empty.body, /Введите полный веб-адрес/, "the link error names the expected form");
    const long = await submitter.post(listUrl(scene.spaceSlug, "/new"), { ...formFields(scene.organisationId, "x".repeat(400)), "title.ru": ["a", "b"], kind: ["policy", "fund"] });
    assert.equal(long.statusCode, 422);
    assert.match(long.body, /300/, "the limit is named");
    const other = await buildPracticeScene(t.services);
    const foreign = await submitter.post(listUrl(scene.spaceSlug, "/new"), formFields(other.organisationId, "Not mine"));
    assert.equal(foreign.statusCode, 403);
    assert.match(foreign.body, /только от имени организации/);
    const stranger = await logIn(t, scene.stranger);
    assert.match((await stranger.get(listUrl(scene.spaceSlug, "/new"))).body, /you are not a member of one yet/);
    assert.equal((await new Browser(t.app).get(listUrl(scene.spaceSlug, "/new"))).statusCode, 401);
    assert.equal((await new Browser(t.app).get(listUrl(scene.spaceSlug, "?cursor=%%%"))).statusCode, 400);
  });

  it("a private space's practices are a 404 to outsiders, in the list, on the page and in the exports, and left out of the platform list", async () => {
    const scene = await buildPracticeScene(t.services, { visibility: "private" });
    const id = await buildPractice(t.services, scene, { fields: { title: { en: "Secret lagoon practice" } } });
    const outsider = await logIn(t, scene.stranger);
    for (const path of ["", `/${id}`, "/export.csv", "/export.json", "/export.clearing-house.json", "/new"]) {
      assert.equal((await outsider.get(listUrl(scene.spaceSlug, path))).statusCode, 404, path);
      assert.equal((await new Browser(t.app).get(listUrl(scene.spaceSlug, path))).statusCode, path === "/new" ? 401 : 404, path);
    }
    assert.doesNotMatch((await outsider.get("/knowledge/practices")).body, /Secret lagoon/);
    assert.doesNotMatch((await outsider.get("/knowledge/practices/export.json")).body, /Secret lagoon/);
    assert.doesNotMatch((await outsider.get(`/organisations/${scene.organisationSlug}`)).body, /Secret lagoon/);
    const member = await logIn(t, scene.submitter);
    assert.match((await member.get(listUrl(scene.spaceSlug, `/${id}`))).body, /Secret lagoon/);
    assert.match((await member.get("/knowledge/practices")).body, /Secret lagoon/);
  });

  it("escapes practice text everywhere, JSON-LD included", async () => {
    const scene = await buildPracticeScene(t.services);
    const id = await buildPractice(t.services, scene, { fields: { title: { en: `</script><script>alert(2)</script> ${XSS}` } } });
    const page = await new Browser(t.app).get(listUrl(scene.spaceSlug, `/${id}`));
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(XSS) && !page.body.includes("<script>alert(2)"), "no script from the text runs");
    const jsonLd = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page.body);
    assert.ok(jsonLd, "a published practice has JSON-LD");
    const data = JSON.parse(jsonLd[1]!) as { "@type": string; name: string; inLanguage: string; spatialCoverage: { identifier: string }[] };
    assert.equal(data["@type"], "CreativeWork");
    assert.match(data.name, /alert\(2\)/, "the text survives, escaped for the script block");
    assert.deepEqual(data.spatialCoverage.map((place) => place.identifier), ["KZ"]);
    assert.ok(!(await new Browser(t.app).get(listUrl(scene.spaceSlug))).body.includes(XSS));
  });

  it("counts facets over both sources and filters by each; a tagged practice links to its contribution", async () => {
    const scene = await buildPracticeScene(t.services);
    await buildPractice(t.services, scene, { fields: { kind: "policy", countries: ["KZ"], language: "ru", title: { ru: "Запрет пластика на рынках" }, summary: { ru: "Город запретил пакеты." } } });
    await buildPractice(t.services, scene, { fields: { kind: "project", countries: ["KE", "KZ"], actorTypes: ["farmers"] } });
    await buildPractice(t.services, scene, { status: "submitted", fields: { kind: "fund" } });
    const consultation = await buildConsultation(t.services, { spaceId: scene.spaceId, spaceSlug: scene.spaceSlug });
    const contribution = await buildContribution(t.services, { consultationId: consultation.id, topicId: consultation.groups[0]!.topics[0]!.id });
    await t.services.db.insert(goodPractices).values({ spaceId: scene.spaceId, sourceType: "consultation_contribution", sourceId: contribution.id, kind: "policy", title: { en: "Tagged market practice" }, language: "en" });

    const page = (await new Browser(t.app).get(listUrl(scene.spaceSlug))).body;
    assert.match(page, /3 practices/);
    assert.match(page, /<option value="policy">Policy \(2\)<\/option>/);
    assert.match(page, /<option value="project">Project \(1\)<\/option>/);
    assert.doesNotMatch(page, /value="fund"/, "a practice waiting for review is not counted");
    assert.match(page, /<option value="KZ">Kazakhstan \(2\)<\/option>/);
    assert.match(page, /<option value="ru">Русский \(1\)<\/option>/);
    assert.match(page, new RegExp(`href="/spaces/${scene.spaceSlug}/consultations/${consultation.slug}/contributions/${contribution.number}"`));
    const byCountry = (await new Browser(t.app).get(listUrl(scene.spaceSlug, "?country=KE"))).body;
    assert.match(byCountry, /1 practice</);
    const byActor = (await new Browser(t.app).get(listUrl(scene.spaceSlug, "?actor_type=farmers"))).body;
    assert.match(byActor, /1 practice</);
    const byKind = (await new Browser(t.app).get(listUrl(scene.spaceSlug, "?kind=policy"))).body;
    assert.match(byKind, /2 practices/);
    assert.match(byKind, /Tagged market practice/);
    // Search: Russian word forms, and an English query finding the Russian practice through the glossary is not
    // required here; a word form is.
    const search = (await new Browser(t.app).get(listUrl(scene.spaceSlug, `?q=${encodeURIComponent("пластиком")}`))).body;
    assert.match(search, /1 practice</);
    assert.match(search, /Запрет пластика/);
  });

  it("the submitter's data export lists their practices; deleting the account keeps the practice but drops them as its contact", async () => {
    const scene = await buildPracticeScene(t.services);
    const id = await buildPractice(t.services, scene);
    const browser = await logIn(t, scene.submitter);
    const exported = JSON.parse((await browser.get("/account/export")).body) as { knowledge_practices: { id: string; isContact: boolean }[] };
    assert.deepEqual(exported.knowledge_practices.map((entry) => [entry.id, entry.isContact]), [[id, true]]);
    assert.equal((await browser.post("/account/delete", { password: scene.submitter.password })).statusCode, 303);
    const [row] = await t.services.db.select().from(knowledgePractices).where(eq(knowledgePractices.id, id));
    assert.equal(row!.status, "published");
    assert.equal(row!.contactUserId, null);
  });

  it("a space's practices exist where they come from: 404 with neither the hub nor consultations, read-only from consultations alone", async () => {
    const person = await buildUser(t.services);
    const browser = await logIn(t, person);
    const plain = await buildSpace(t.services);
    for (const path of [listUrl(plain.slug), listUrl(plain.slug, "/new"), listUrl(plain.slug, "/export.csv"), `/api/v1/spaces/${plain.slug}/practices`]) {
      assert.equal((await browser.get(path)).statusCode, 404, `${path} without the feature`);
    }
    const consultationsOnly = await buildConsultationSpace(t.services);
    const list = await browser.get(listUrl(consultationsOnly.slug));
    assert.equal(list.statusCode, 200, "practices tagged in consultations stay reachable");
    assert.doesNotMatch(list.body, new RegExp(`href="${listUrl(consultationsOnly.slug, "/new")}"`), "no invitation to submit where the hub is off");
    assert.equal((await browser.get(listUrl(consultationsOnly.slug, "/new"))).statusCode, 404, "submitting directly is part of the hub");
    assert.equal((await browser.post(listUrl(consultationsOnly.slug, "/new"), { kind: "project" })).statusCode, 404);
    assert.equal((await browser.get(`/api/v1/spaces/${consultationsOnly.slug}/practices`)).statusCode, 200);
  });
});
