import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildCommitment } from "../../modules/commitments/factories";
import { buildBreakouts, buildConsultation, buildContribution } from "../../modules/consultations/factories";
import { addSpaceRole, buildSpace } from "../../modules/spaces/factories";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, TEST_PASSWORD, XSS, type BuiltUser } from "../../testing/factories";
import { createApiToken } from "../api/tokens";
import { DAY_MS } from "../clock";

type ApiHit = { type: string; url: string; title: string; snippet: string; language: string | null; highlight: string[] };
type ApiAnswer = { total: number; data: ApiHit[]; facets: { type: string; label: string; count: number }[]; next_cursor: string | null; query: { corrected: string | null; concepts: string[] } };

describe("site-wide search: who finds what", () => {
  let t: TestApp;
  let people: Record<"visitor" | "outsider" | "privateMember" | "publicMember" | "coordinator" | "breakoutMember" | "admin", BuiltUser | null>;
  const urls: Record<string, string> = {};
  const text = (label: string) => `${XSS} Wetland restoration plan ${label}`;

  before(async () => {
    t = await createTestApp();
    const admin = await buildUser(t.services, { isPlatformAdmin: true });
    const outsider = await buildUser(t.services);
    const privateMember = await buildUser(t.services);
    const publicMember = await buildUser(t.services);
    const coordinator = await buildUser(t.services);
    const breakoutMember = await buildUser(t.services);
    people = { visitor: null, outsider, privateMember, publicMember, coordinator, breakoutMember, admin };

    const open = await buildSpace(t.services, { enabledModules: ["commitments", "consultations"], frameworkKeys: ["GBF"] });
    const closed = await buildSpace(t.services, { visibility: "private", enabledModules: ["commitments", "consultations"], frameworkKeys: ["GBF"] });
    await addSpaceRole(t.services, closed.id, privateMember.id, "member");
    await addSpaceRole(t.services, open.id, publicMember.id, "member");
    await addSpaceRole(t.services, open.id, breakoutMember.id, "member");
    await addSpaceRole(t.services, open.id, coordinator.id, "coordinator");

    const commitment = async (label: string, spaceId: string, spaceSlug: string, status: "published" | "draft") => {
      const built = await buildCommitment(t.services, { spaceId, spaceSlug, status, title: { en: text(label) }, description: { en: `${XSS} Along the river ${label}.` } });
      urls[label] = `/spaces/${spaceSlug}/commitments/${built.number}`;
    };
    await commitment("public commitment", open.id, open.slug, "published");
    await commitment("private commitment", closed.id, closed.slug, "published");
    await commitment("draft commitment", open.id, open.slug, "draft");

    const contribution = async (label: string, consultation: Awaited<ReturnType<typeof buildConsultation>>, status: "published" | "held" | "hidden" | "deleted" = "published", breakoutId?: string) => {
      const topic = consultation.groups[0]!.topics[0]!;
      const built = await buildContribution(t.services, { consultationId: consultation.id, topicId: topic.id }, { body: text(label), status, ...(breakoutId ? { breakoutId } : {}) });
      urls[label] = `/spaces/${consultation.spaceSlug}/consultations/${consultation.slug}/contributions/${built.number}`;
    };
    const publicConsultation = await buildConsultation(t.services, { spaceId: open.id, spaceSlug: open.slug });
    await contribution("published contribution", publicConsultation);
    await contribution("held contribution", publicConsultation, "held");
    await contribution("hidden contribution", publicConsultation, "hidden");
    await contribution("deleted contribution", publicConsultation, "deleted");
    await contribution("draft consultation contribution", await buildConsultation(t.services, { spaceId: open.id, spaceSlug: open.slug, status: "draft" }));
    await contribution("members-only contribution", await buildConsultation(t.services, { spaceId: open.id, spaceSlug: open.slug, visibility: "members" }));
    await contribution("private space contribution", await buildConsultation(t.services, { spaceId: closed.id, spaceSlug: closed.slug }));
    const session = await buildConsultation(t.services, { spaceId: open.id, spaceSlug: open.slug, groups: [{ kind: "session", closesAt: new Date(t.clock.now().getTime() + DAY_MS) }] });
    const [breakoutId] = await buildBreakouts(t.services, session.groups[0]!.id, [[breakoutMember.id]]);
    await contribution("breakout contribution", session, "published", breakoutId);
  });
  after(() => t.close());

  const expected: Record<string, (keyof typeof people)[]> = {
    "public commitment": ["visitor", "outsider", "privateMember", "publicMember", "coordinator", "breakoutMember", "admin"],
    "private commitment": ["privateMember", "admin"],
    "draft commitment": [],
    "published contribution": ["visitor", "outsider", "privateMember", "publicMember", "coordinator", "breakoutMember", "admin"],
    "held contribution": [],
    "hidden contribution": [],
    "deleted contribution": [],
    "draft consultation contribution": ["coordinator", "admin"],
    "members-only contribution": ["publicMember", "coordinator", "breakoutMember", "admin"],
    "private space contribution": ["privateMember", "admin"],
    "breakout contribution": ["coordinator", "breakoutMember", "admin"],
  };

  async function browserFor(person: BuiltUser | null): Promise<Browser> {
    const browser = new Browser(t.app);
    if (person) await browser.logIn(person.email, TEST_PASSWORD);
    return browser;
  }

  test("the page and the API list exactly what each person may see: private spaces, drafts, members-only, held, hidden and breakout posts stay hidden", async () => {
    for (const [name, person] of Object.entries(people)) {
      const browser = await browserFor(person);
      const page = await browser.get("/search?q=wetland");
      assert.equal(page.statusCode, 200, name);
      assert.ok(!page.body.includes(XSS), `${name}: text is escaped`);
      const api = (await browser.get("/api/v1/search?q=wetland&limit=50", { accept: "application/json" })).json() as ApiAnswer;
      const apiUrls = new Set(api.data.map((hit) => hit.url.replace("http://convene.test", "")));
      for (const [label, allowed] of Object.entries(expected)) {
        const isAllowed = allowed.includes(name as keyof typeof people);
        assert.equal(page.body.includes(`href="${urls[label]}"`), isAllowed, `${name} ${isAllowed ? "should" : "must not"} find the ${label} on the page`);
        assert.equal(apiUrls.has(urls[label]!), isAllowed, `${name} ${isAllowed ? "should" : "must not"} find the ${label} through the API`);
      }
      const expectedCount = Object.values(expected).filter((allowed) => allowed.includes(name as keyof typeof people)).length;
      assert.equal(api.total, expectedCount, `${name}: the total counts only what they may see`);
    }
  });

  test("a token reads private material only with the private:read scope", async () => {
    const member = people.privateMember!;
    const withoutScope = (await createApiToken(t.services.db, { userId: member.id, name: "plain", scopes: ["commitments:write"] })).secret;
    const withScope = (await createApiToken(t.services.db, { userId: member.id, name: "private", scopes: ["private:read"] })).secret;
    const call = async (token: string) =>
      new Set(((await t.app.inject({ method: "GET", url: "/api/v1/search?q=wetland&limit=50", headers: { authorization: `Bearer ${token}` } })).json() as ApiAnswer).data.map((hit) => hit.url.replace("http://convene.test", "")));
    const plain = await call(withoutScope);
    assert.ok(plain.has(urls["public commitment"]!));
    assert.ok(!plain.has(urls["private commitment"]!), "without private:read a token reads what a visitor reads");
    assert.ok(!plain.has(urls["private space contribution"]!));
    const scoped = await call(withScope);
    assert.ok(scoped.has(urls["private commitment"]!));
    assert.ok(scoped.has(urls["private space contribution"]!));
  });

  test("results are faceted by type, each type filterable, and matched words are marked", async () => {
    const browser = await browserFor(null);
    const api = (await browser.get("/api/v1/search?q=wetland&type=commitment", { accept: "application/json" })).json() as ApiAnswer;
    assert.deepEqual(new Set(api.data.map((hit) => hit.type)), new Set(["commitment"]));
    assert.equal(api.facets.find((facet) => facet.type === "contribution")?.count, 1, "other types still count in the facets");
    assert.equal(api.facets.find((facet) => facet.type === "commitment")?.label, "Commitments and programme activities");
    assert.deepEqual(api.data[0]!.highlight, ["Wetland"]);
    const page = await browser.get("/search?q=wetland&type=contribution");
    assert.match(page.body, /<mark>Wetland<\/mark>/);
    assert.match(page.body, /aria-current="page">Consultation contributions/);
    assert.ok(!page.body.includes(`href="${urls["public commitment"]}"`));
    assert.match(page.body, /<a href="[^"]+" lang="en">/, "each result is marked with its language");
  });

  test("a misspelt word is corrected and the page offers the spelling it searched", async () => {
    const browser = await browserFor(null);
    const page = await browser.get("/search?q=wetlnd");
    assert.ok(page.body.includes(`href="${urls["public commitment"]}"`));
    assert.match(page.body, /Did you mean: <a href="\/search\?q=wetland">wetland<\/a>/);
  });
});

describe("site-wide search: across languages, states and bad input", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test("a Russian query finds an English commitment through a glossary concept", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["commitments"], frameworkKeys: ["GBF"] });
    const built = await buildCommitment(t.services, {
      spaceId: space.id,
      spaceSlug: space.slug,
      status: "published",
      title: { en: "Hearings open to everyone before permits are issued" },
      description: { en: "We will organise public participation in every permit decision of the region." },
    });
    const browser = new Browser(t.app, "ru");
    const page = await browser.get("/search?q=участие+общественности");
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`href="/spaces/${space.slug}/commitments/${built.number}"`), "the English commitment is found by its Russian concept");
    assert.match(page.body, /<mark>participation<\/mark>/);
    assert.match(page.body, /lang="en"/);
    const api = (await browser.get("/api/v1/search?q=%D1%83%D1%87%D0%B0%D1%81%D1%82%D0%B8%D0%B5%20%D0%BE%D0%B1%D1%89%D0%B5%D1%81%D1%82%D0%B2%D0%B5%D0%BD%D0%BD%D0%BE%D1%81%D1%82%D0%B8", { accept: "application/json" })).json() as ApiAnswer;
    assert.ok(api.query.concepts.includes("public-participation"));
    assert.equal(api.data[0]?.language, "en");
  });

  test("the empty page invites a search and the nothing-found page offers to ask the question", async () => {
    const browser = new Browser(t.app);
    const empty = await browser.get("/search");
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /What are you looking for\?/);
    const none = await browser.get(`/search?q=${encodeURIComponent("zzyzx <i>qwxv</i>")}`);
    assert.equal(none.statusCode, 200);
    assert.ok(!none.body.includes("<i>qwxv"), "the query is escaped");
    assert.match(none.body, /Nothing found for “zzyzx &lt;i&gt;qwxv&lt;\/i&gt;”/);
    assert.match(none.body, /href="\/knowledge\/ask\?q=zzyzx\+%3Ci%3Eqwxv%3C%2Fi%3E"/);
  });

  test("bad input is a translated 4xx, never a 500", async () => {
    const ru = new Browser(t.app, "ru");
    const json = { accept: "application/json" };
    const empty = await ru.get("/api/v1/search?q=", json);
    assert.equal(empty.statusCode, 422);
    assert.match(empty.json().error.fields.q, /Введите хотя бы одно слово/);
    assert.equal((await ru.get("/api/v1/search", json)).statusCode, 422);
    const long = await ru.get(`/api/v1/search?q=${"a".repeat(2_001)}`, json);
    assert.ok(long.statusCode >= 400 && long.statusCode < 500);
    const unknown = await ru.get("/api/v1/search?q=forest&type=planets", json);
    assert.ok(unknown.statusCode >= 400 && unknown.statusCode < 500);
    assert.equal((await ru.get("/api/v1/search?q=forest&cursor=nonsense", json)).statusCode, 400);
    assert.equal((await ru.get("/api/v1/search?q=forest&space=no-such-space", json)).statusCode, 404);
    assert.equal((await ru.get("/api/v1/search?q=the+of", json)).statusCode, 422, "stop words alone have nothing to look for");
    const page = await ru.get(`/search?q=${"a".repeat(2_001)}`);
    assert.equal(page.statusCode, 422);
    assert.match(page.body, /Поле «Что найти» слишком длинное/);
    const badType = await ru.get("/search?q=forest&type=planets");
    assert.equal(badType.statusCode, 400);
    assert.match(badType.body, /Вида результатов «planets» нет/);
    assert.equal((await ru.get("/search?q=forest&space=no-such-space")).statusCode, 404);
  });

  test("words of published commitments and contributions join the typo vocabulary; held ones do not", async () => {
    const vocabulary = async (word: string) =>
      (await t.services.database.withConnection((query) => query("select stem, language from search_vocabulary where word = $1", [word])))[0];
    const space = await buildSpace(t.services, { enabledModules: ["commitments"], frameworkKeys: ["GBF"] });
    await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "published", title: { en: "Riparian buffers", ru: "Прибрежные полосы" } });
    await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "draft", title: { en: "Unpublishedword draft" } });
    assert.deepEqual(await vocabulary("riparian"), { stem: "riparian", language: "en" });
    assert.deepEqual(await vocabulary("прибрежные"), { stem: "прибрежн", language: "ru" });
    assert.equal(await vocabulary("unpublishedword"), undefined, "a draft's words stay out");
    const consultation = await buildConsultation(t.services);
    const topic = { consultationId: consultation.id, topicId: consultation.groups[0]!.topics[0]!.id };
    await buildContribution(t.services, topic, { body: "Agroforestry cooperatives" });
    await buildContribution(t.services, topic, { body: "Heldword waiting", status: "held" });
    assert.deepEqual(await vocabulary("agroforestry"), { stem: "agroforestri", language: "en" });
    assert.equal(await vocabulary("heldword"), undefined);
  });

  test("a search limited to a space finds only that space's material, and a space the viewer cannot see is a 404", async () => {
    const first = await buildSpace(t.services, { enabledModules: ["commitments"], frameworkKeys: ["GBF"] });
    const second = await buildSpace(t.services, { enabledModules: ["commitments"], frameworkKeys: ["GBF"] });
    const hidden = await buildSpace(t.services, { visibility: "private", enabledModules: ["commitments"], frameworkKeys: ["GBF"] });
    for (const space of [first, second, hidden]) {
      await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "published", title: { en: "Saltmarsh grazing plan" } });
    }
    const browser = new Browser(t.app);
    const api = (await browser.get(`/api/v1/search?q=saltmarsh&space=${first.slug}`, { accept: "application/json" })).json() as ApiAnswer;
    assert.equal(api.total, 1);
    assert.ok(api.data[0]!.url.includes(`/spaces/${first.slug}/`));
    const page = await browser.get(`/search?q=saltmarsh&space=${first.slug}`);
    assert.match(page.body, /Search everywhere instead/);
    assert.ok(!page.body.includes(`/spaces/${second.slug}/commitments`));
    assert.equal((await browser.get(`/api/v1/search?q=saltmarsh&space=${hidden.slug}`, { accept: "application/json" })).statusCode, 404);
    assert.equal((await browser.get(`/search?q=saltmarsh&space=${hidden.slug}`)).statusCode, 404);
  });

  test("pages go on with a cursor and never repeat a result", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["commitments"], frameworkKeys: ["GBF"] });
    for (let index = 0; index < 25; index += 1) {
      await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "published", title: { en: `Mangrove nursery ${index}` }, description: { en: "Mangrove seedlings." } });
    }
    const browser = new Browser(t.app);
    const first = (await browser.get(`/api/v1/search?q=mangrove&space=${space.slug}&limit=20`, { accept: "application/json" })).json() as ApiAnswer;
    assert.equal(first.total, 25);
    assert.equal(first.data.length, 20);
    assert.ok(first.next_cursor);
    const second = (await browser.get(`/api/v1/search?q=mangrove&space=${space.slug}&limit=20&cursor=${first.next_cursor}`, { accept: "application/json" })).json() as ApiAnswer;
    assert.equal(second.data.length, 5);
    assert.equal(second.next_cursor, null);
    assert.equal(new Set([...first.data, ...second.data].map((hit) => hit.url)).size, 25);
    const page = await browser.get(`/search?q=mangrove&space=${space.slug}`);
    assert.match(page.body, /rel="next">More results/);
  });
});

describe("site-wide search: the kinds of results are named in the reader's language", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test("every provider's type has a search.type.<type> label in English and in Russian, on the API and the page", async () => {
    const types = ["guidance", "faq", "practice", "resource", "expert", "organisation", "commitment", "contribution", "space"];
    const labels: Record<string, Record<string, string>> = {};
    for (const lang of ["en", "ru"]) {
      const response = await new Browser(t.app).get(`/api/v1/search?q=water&lang=${lang}`);
      assert.equal(response.statusCode, 200);
      const answer = JSON.parse(response.body) as ApiAnswer;
      labels[lang] = Object.fromEntries(answer.facets.map((facet) => [facet.type, facet.label]));
      for (const type of types) {
        const label = labels[lang]![type];
        assert.ok(label && !label.startsWith("search.") && !label.includes(`.${type}`), `${lang}: type ${type} is labelled "${label}"`);
      }
      const page = await new Browser(t.app).get(`/search?q=water&lang=${lang}`);
      assert.doesNotMatch(page.body, /search\.type\.|\w+\.search\.\w+/, `${lang}: no message key shows on the page`);
    }
    for (const type of types) assert.notEqual(labels.en![type], labels.ru![type], `the ${type} label is translated`);
  });
});
