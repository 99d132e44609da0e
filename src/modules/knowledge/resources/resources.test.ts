import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Browser, createTestApp, type TestApp } from "../../../testing/harness";
import { parseAtom } from "../../../testing/feeds";
import { buildUser, XSS } from "../../../testing/factories";
import { addMember, buildOrganisation } from "../../organisations/factories";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../../spaces/factories";
import { DAY_MS } from "../../../platform/clock";
import { createApiToken } from "../../../platform/api/tokens";
import { outboxMessages } from "../../../testing/outbox";
import { buildResource } from "./factories";
import { isoDay } from "./queries";

/** Resource ids listed on a list page, in order. */
function idsOn(body: string): string[] {
  return [...body.matchAll(/<h2><a href="\/(?:spaces\/[^/]+\/)?knowledge\/resources\/([0-9a-f-]{36})">/g)].map((match) => match[1]);
}

const inDays = (t: TestApp, days: number) => isoDay(new Date(t.clock.now().getTime() + days * DAY_MS));

describe("knowledge resources: funding and other resources", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let privateSpace: BuiltSpace;
  let coordinatorEmail: string;
  const ids: Record<string, string> = {};

  before(async () => {
    t = await createTestApp();
    space = await buildSpace(t.services, { enabledModules: ["knowledge"], frameworkKeys: ["AARHUS"] });
    privateSpace = await buildSpace(t.services, { enabledModules: ["knowledge"], visibility: "private" });
    const coordinator = await buildUser(t.services);
    coordinatorEmail = coordinator.email;
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    const base = { spaceId: space.id, actorUserId: coordinator.id };
    const tick = () => t.clock.advance(60_000);
    tick();
    ids.soon = await buildResource(t.services, { ...base, kind: "funding", funder: `${XSS} Steppe Fund`, eligibleActorTypes: ["ngo"], countries: ["KZ"], amountMin: "1000", amountMax: "5000", currency: "USD", deadlineKind: "date", deadline: inDays(t, 5) });
    tick();
    ids.later = await buildResource(t.services, { ...base, kind: "funding", funder: "River Trust", eligibleActorTypes: ["business"], deadlineKind: "date", deadline: inDays(t, 20), title: { en: "Grants for river clean-ups" } });
    tick();
    ids.soonest = await buildResource(t.services, { ...base, kind: "funding", funder: "Youth Fund", deadlineKind: "date", deadline: inDays(t, 1), title: { en: "Youth micro-grants", ru: "Микрогранты для молодёжи" } });
    tick();
    ids.rolling = await buildResource(t.services, { ...base, kind: "funding", funder: "Open Fund", countries: ["FR"], deadlineKind: "rolling", title: { en: "Rolling fund for France" } });
    tick();
    ids.closed = await buildResource(t.services, { ...base, kind: "funding", funder: "Old Fund", deadlineKind: "date", deadline: inDays(t, -3), title: { en: "Closed call for proposals" } });
    tick();
    ids.toolkit = await buildResource(t.services, { ...base, kind: "toolkit", languages: ["ru"], title: { en: "Guide to public hearings", ru: "Руководство по общественным слушаниям" } });
    tick();
    ids.draft = await buildResource(t.services, { ...base, status: "draft", title: { en: "Secret draft toolkit" } });
    tick();
    ids.private = await buildResource(t.services, { spaceId: privateSpace.id, title: { en: "Private space report" } });
    tick();
    ids.platform = await buildResource(t.services, { spaceId: null, kind: "dataset", title: { en: "Platform-wide protected areas dataset" } });
  });
  after(async () => t.close());

  it("lists published open resources newest first, escaping text, without drafts or closed funding", async () => {
    const page = await new Browser(t.app).get(`/spaces/${space.slug}/knowledge/resources`);
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(XSS), "script tags are escaped");
    const listed = idsOn(page.body);
    assert.deepEqual(listed, [ids.toolkit, ids.rolling, ids.soonest, ids.later, ids.soon]);
    assert.ok(!page.body.includes("Secret draft toolkit"));
    const hubPage = await new Browser(t.app).get(`/spaces/${space.slug}/knowledge`);
    assert.ok(hubPage.body.includes(`href="/spaces/${space.slug}/knowledge/resources"`), "the space's knowledge hub links to its resources");
    const closed = await new Browser(t.app).get(`/spaces/${space.slug}/knowledge/resources?state=closed`);
    assert.deepEqual(idsOn(closed.body), [ids.closed]);
    assert.match(closed.body, /Closed on/);
  });

  it("shows the closing-soon view soonest first with days left, following the clock", async () => {
    const page = await new Browser(t.app).get(`/spaces/${space.slug}/knowledge/resources/closing-soon?days=10`);
    assert.deepEqual(idsOn(page.body), [ids.soonest, ids.soon]);
    assert.match(page.body, /in 1 day/);
    assert.match(page.body, /in 5 days/);
    t.clock.advance(2 * DAY_MS);
    try {
      const later = await new Browser(t.app).get(`/spaces/${space.slug}/knowledge/resources/closing-soon?days=30`);
      // The youth grant closed yesterday (clock moved two days); the others come closer.
      assert.deepEqual(idsOn(later.body), [ids.soon, ids.later]);
      assert.match(later.body, /in 3 days/);
    } finally {
      t.clock.advance(-2 * DAY_MS);
    }
  });

  it("filters by kind, eligible actor type, country and language with counts", async () => {
    const browser = new Browser(t.app);
    const funding = await browser.get(`/spaces/${space.slug}/knowledge/resources?kind=funding`);
    assert.deepEqual(idsOn(funding.body).sort(), [ids.rolling, ids.soonest, ids.later, ids.soon].sort());
    assert.match(funding.body, /Funding opportunity \(4\)/);
    assert.match(funding.body, /Toolkit or guide \(1\)/);
    const business = await browser.get(`/spaces/${space.slug}/knowledge/resources?actor_type=business&kind=funding`);
    // Funding naming "business", and funding naming no actor type (open to all).
    assert.deepEqual(idsOn(business.body).sort(), [ids.rolling, ids.soonest, ids.later].sort());
    const france = await browser.get(`/spaces/${space.slug}/knowledge/resources?country=FR`);
    assert.ok(idsOn(france.body).includes(ids.rolling));
    assert.ok(!idsOn(france.body).includes(ids.soon), "a Kazakhstan-only grant is not listed for France");
    const centralAsia = await browser.get(`/spaces/${space.slug}/knowledge/resources?region=143`);
    assert.ok(idsOn(centralAsia.body).includes(ids.soon) && idsOn(centralAsia.body).includes(ids.toolkit), "Kazakhstan-only and worldwide resources");
    assert.ok(!idsOn(centralAsia.body).includes(ids.rolling), "not France-only funding");
    assert.match(centralAsia.body, /<option value="143" selected>/);
    assert.ok(!centralAsia.body.includes('<option value="009"'), "regions no resource names are not offered");
    const russian = await browser.get(`/spaces/${space.slug}/knowledge/resources?language=ru`);
    assert.deepEqual(idsOn(russian.body), [ids.toolkit]);
  });

  it("finds resources by words in other forms and languages", async () => {
    const browser = new Browser(t.app);
    const english = await browser.get(`/spaces/${space.slug}/knowledge/resources?q=${encodeURIComponent("hearing")}`);
    assert.deepEqual(idsOn(english.body), [ids.toolkit]);
    const russian = await browser.get(`/spaces/${space.slug}/knowledge/resources?q=${encodeURIComponent("слушаний")}`);
    assert.deepEqual(idsOn(russian.body), [ids.toolkit]);
    // Cross-language through the glossary: an English query finds a Russian-only resource.
    const other = await buildSpace(t.services, { enabledModules: ["knowledge"] });
    const russianOnly = await buildResource(t.services, { spaceId: other.id, title: { ru: "Участие общественности в оценке воздействия" }, description: { ru: "Памятка для жителей." } });
    const crossed = await browser.get(`/spaces/${other.slug}/knowledge/resources?q=${encodeURIComponent("public participation")}`);
    assert.deepEqual(idsOn(crossed.body), [russianOnly]);
    // A typo is corrected against the words Convene's text contains.
    const misspelt = await browser.get(`/spaces/${space.slug}/knowledge/resources?q=${encodeURIComponent("hearrings")}`);
    assert.deepEqual(idsOn(misspelt.body), [ids.toolkit]);
  });

  it("has no resource pages in a space without the knowledge hub, and asks anonymous writers to log in", async () => {
    const plain = await buildSpace(t.services, { enabledModules: ["commitments"] });
    assert.equal((await new Browser(t.app).get(`/spaces/${plain.slug}/knowledge/resources`)).statusCode, 404);
    assert.equal((await t.app.inject({ method: "GET", url: `/api/v1/spaces/${plain.slug}/resources` })).statusCode, 404);
    assert.equal((await new Browser(t.app).get(`/spaces/${space.slug}/knowledge/resources/new`)).statusCode, 401);
    assert.equal((await new Browser(t.app).get(`/spaces/${space.slug}/knowledge/resources/manage`)).statusCode, 401);
  });

  it("offers 'eligible for my organisation' and keeps only funding that organisation may apply for", async () => {
    const ngo = await buildOrganisation(t.services, { actorType: "ngo", country: "KZ" });
    const browser = await new Browser(t.app).logIn(ngo.owner!.email, ngo.owner!.password);
    const page = await browser.get(`/spaces/${space.slug}/knowledge/resources`);
    assert.match(page.body, /name="eligible_for"/);
    const eligible = await browser.get(`/spaces/${space.slug}/knowledge/resources?eligible_for=${ngo.id}`);
    // NGO in Kazakhstan: the NGO grant for KZ and the youth grant open to all; not business-only, not France-only.
    assert.deepEqual(idsOn(eligible.body).sort(), [ids.soon, ids.soonest].sort());
    // Someone else's organisation is ignored, never an error.
    const other = await buildOrganisation(t.services, { actorType: "business", country: "FR" });
    const ignored = await browser.get(`/spaces/${space.slug}/knowledge/resources?eligible_for=${other.id}`);
    assert.equal(idsOn(ignored.body).length, 5);
  });

  it("hides drafts and private spaces from pages, the platform list, the API and search", async () => {
    const anonymous = new Browser(t.app);
    assert.equal((await anonymous.get(`/spaces/${space.slug}/knowledge/resources/${ids.draft}`)).statusCode, 404);
    assert.equal((await anonymous.get(`/spaces/${privateSpace.slug}/knowledge/resources`)).statusCode, 404);
    assert.equal((await anonymous.get(`/spaces/${privateSpace.slug}/knowledge/resources/${ids.private}`)).statusCode, 404);
    const platform = await anonymous.get("/knowledge/resources?state=all");
    const listed = idsOn(platform.body);
    assert.ok(listed.includes(ids.platform) && listed.includes(ids.toolkit));
    assert.ok(!listed.includes(ids.private) && !listed.includes(ids.draft));
    const api = await t.app.inject({ method: "GET", url: "/api/v1/resources?state=all&limit=100" });
    const apiIds = (api.json() as { data: { id: string }[] }).data.map((item) => item.id);
    assert.ok(apiIds.includes(ids.platform) && !apiIds.includes(ids.private) && !apiIds.includes(ids.draft));
    assert.equal((await t.app.inject({ method: "GET", url: `/api/v1/resources/${ids.private}` })).statusCode, 404);
    assert.equal((await t.app.inject({ method: "GET", url: `/api/v1/spaces/${privateSpace.slug}/resources` })).statusCode, 404);
    const { resourceSearchProvider } = await import("./search");
    const { analyseQuery } = await import("../../../platform/search/query");
    const found = await resourceSearchProvider.search(t.services, await analyseQuery(t.services.db, "report", { locale: "en" }), undefined, 10);
    assert.ok(!found.hits.some((hit) => hit.id === ids.private), "search does not leak the private space's report");
    // A member of the private space sees it.
    const member = await buildUser(t.services);
    await addSpaceRole(t.services, privateSpace.id, member.id, "member");
    const memberView = await new Browser(t.app).logIn(member.email, member.password);
    assert.ok(idsOn((await memberView.get("/knowledge/resources")).body).includes(ids.private));
  });

  it("describes funding as a schema.org MonetaryGrant with the script tag escaped", async () => {
    const page = await new Browser(t.app).get(`/spaces/${space.slug}/knowledge/resources/${ids.soon}`);
    assert.equal(page.statusCode, 200);
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.body)?.[1] ?? "";
    assert.ok(!json.includes("<"), "no raw < inside JSON-LD");
    const data = JSON.parse(json) as { "@type": string; funder: { name: string }; amount: { currency: string; minValue: number; maxValue: number } };
    assert.equal(data["@type"], "MonetaryGrant");
    assert.equal(data.funder.name, `${XSS} Steppe Fund`);
    assert.deepEqual([data.amount.currency, data.amount.minValue, data.amount.maxValue], ["USD", 1000, 5000]);
    assert.ok(!page.body.includes(XSS));
    const toolkit = await new Browser(t.app).get(`/spaces/${space.slug}/knowledge/resources/${ids.toolkit}`);
    assert.match(toolkit.body, /"@type":"CreativeWork"/);
  });

  it("refuses bad links, dates, amounts and currencies with translated errors, keeping the input", async () => {
    const russian = await buildUser(t.services, { locale: "ru" });
    await addSpaceRole(t.services, space.id, russian.id, "coordinator");
    const browser = await new Browser(t.app, "ru").logIn(russian.email, russian.password);
    const response = await browser.post(`/spaces/${space.slug}/knowledge/resources/new`, {
      kind: "funding",
      "title.en": `${XSS} Bad grant`,
      url: "javascript:alert(1)",
      funder: "Some funder",
      amount_min: "12abc",
      amount_max: "100",
      currency: "XYZ",
      deadline_kind: "date",
      deadline: "2026-02-30",
      apply_url: "data:text/html,hi",
    });
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /Введите веб-адрес, начинающийся с https:\/\//);
    assert.match(response.body, /Введите сумму числом/);
    assert.match(response.body, /код валюты ISO 4217/);
    assert.match(response.body, /Введите существующую дату/);
    assert.ok(response.body.includes("Some funder"), "what was typed is kept");
    assert.ok(!response.body.includes(XSS));
    const order = await browser.post(`/spaces/${space.slug}/knowledge/resources/new`, { kind: "funding", "title.en": "Grant", url: "https://example.org", funder: "F", amount_min: "500", amount_max: "100", currency: "usd", deadline_kind: "rolling" });
    assert.equal(order.statusCode, 422);
    assert.match(order.body, /Наибольшая сумма не может быть меньше наименьшей/);
    const api = await t.app.inject({ method: "GET", url: `/api/v1/spaces/${space.slug}/resources?closing_before=2026-13-01`, headers: { "accept-language": "ru" } });
    assert.equal(api.statusCode, 422);
    assert.match((api.json() as { error: { fields: Record<string, string> } }).error.fields.closing_before, /существующую дату/);
    const cursor = await t.app.inject({ method: "GET", url: `/api/v1/resources?cursor=${Buffer.from(JSON.stringify(["x", "y"])).toString("base64url")}` });
    assert.equal(cursor.statusCode, 400);
  });

  it("lets a coordinator add a funding opportunity through the form", async () => {
    const browser = await new Browser(t.app).logIn(coordinatorEmail, "correct horse battery");
    const response = await browser.post(`/spaces/${space.slug}/knowledge/resources/new`, {
      kind: "funding",
      "title.en": "Wetland restoration grants",
      "title.ru": "Гранты на восстановление водно-болотных угодий",
      url: "https://wetlands.example.org",
      funder: "Wetland Trust",
      eligible_actor_types: ["ngo", "iplc"],
      countries: ["KZ", "UZ"],
      amount_min: "10 000",
      amount_max: "50000",
      currency: "eur",
      deadline_kind: "date",
      deadline: inDays(t, 12),
      status: "published",
    });
    assert.equal(response.statusCode, 303);
    const page = await browser.get(String(response.headers.location));
    assert.match(page.body, /Wetland Trust/);
    assert.match(page.body, /in 12 days/);
    const api = await t.app.inject({ method: "GET", url: `/api/v1/spaces/${space.slug}/resources?kind=funding&closing_before=${inDays(t, 15)}` });
    const titles = (api.json() as { data: { title: { en: string }; funding: { currency: string } }[] }).data.map((item) => item.title.en);
    assert.deepEqual(titles.slice(0, 1), ["Youth micro-grants"]);
    assert.ok(titles.includes("Wetland restoration grants"));
    assert.ok(!titles.includes("Grants for river clean-ups"), "closes after the date asked for");
  });

  it("marks a framework's names with their own language where the page's has none (French page, English targets)", async () => {
    const french = await buildUser(t.services, { locale: "fr" });
    await addSpaceRole(t.services, space.id, french.id, "coordinator");
    const browser = await new Browser(t.app, "fr").logIn(french.email, french.password);
    const form = (await browser.get(`/spaces/${space.slug}/knowledge/resources/new?lang=fr`)).body;
    assert.match(form, /<html lang="fr"/);
    assert.match(form, /<label for="[^"]+" lang="en">Access to environmental information \(1\)<\/label>/);
    assert.match(form, /<legend lang="en">[^<]*Aarhus[^<]*<\/legend>/);
    const russian = await new Browser(t.app, "ru").logIn(french.email, french.password);
    assert.match((await russian.get(`/spaces/${space.slug}/knowledge/resources/new?lang=ru`)).body, /<label for="[^"]+">Доступ к экологической информации \(1\)<\/label>/, "a name in the page's language is not marked");
  });

  it("takes an organisation member's suggestion for review and publishes it when a coordinator approves", async () => {
    const organisation = await buildOrganisation(t.services, { actorType: "ngo", country: "KZ" });
    const member = await buildUser(t.services);
    await addMember(t.services, organisation.id, member.id);
    const second = await buildOrganisation(t.services, { actorType: "academia", country: "KZ" });
    await addMember(t.services, second.id, member.id);
    const browser = await new Browser(t.app).logIn(member.email, member.password);
    assert.match((await browser.get(`/spaces/${space.slug}/knowledge/resources/new`)).body, /name="organisation"/, "someone in two organisations chooses on whose behalf");
    const response = await browser.post(`/spaces/${space.slug}/knowledge/resources/new`, { kind: "report", "title.en": "Suggested report on steppe fires", url: "https://fires.example.org", status: "published", organisation: second.id });
    assert.equal(response.statusCode, 303);
    const location = String(response.headers.location);
    const id = location.split("/").at(-1)!;
    assert.equal((await new Browser(t.app).get(location)).statusCode, 404, "not public before review");
    assert.match((await browser.get(location)).body, /not public until a coordinator publishes it/);
    assert.ok(!idsOn((await new Browser(t.app).get(`/spaces/${space.slug}/knowledge/resources`)).body).includes(id));
    assert.equal((await browser.post(`${location}/publish`, {})).statusCode, 403, "the suggester cannot publish it");
    await t.services.jobs.drain();
    const mails = (await outboxMessages(t.outboxDir)).filter((mail) => mail.subject.includes("Suggested report on steppe fires"));
    const toCoordinator = mails.find((mail) => mail.to === coordinatorEmail);
    assert.ok(toCoordinator, "the space's coordinator is told");
    assert.match(toCoordinator.subject, /A resource was suggested/);
    assert.match(toCoordinator.text, new RegExp(`/spaces/${space.slug}/knowledge/resources/manage`));
    assert.ok(mails.some((mail) => mail.subject.startsWith("Предложен ресурс")), "a Russian-speaking coordinator is told in Russian");
    assert.ok(!mails.some((mail) => mail.to === member.email), "the suggester is not");
    const coordinator = await new Browser(t.app).logIn(coordinatorEmail, "correct horse battery");
    assert.match((await coordinator.get(`/spaces/${space.slug}/knowledge/resources/manage`)).body, /Suggested report on steppe fires/);
    assert.ok((await coordinator.get(location)).body.includes(`href="/organisations/${second.slug}"`), "the coordinator sees which organisation suggested it");
    assert.equal((await coordinator.post(`${location}/publish`, {})).statusCode, 303);
    assert.equal((await new Browser(t.app).get(location)).statusCode, 200);
    const exported = JSON.parse((await browser.get("/account/export")).body) as Record<string, unknown>;
    assert.ok(JSON.stringify(exported.knowledge_resources).includes("Suggested report on steppe fires"), "the suggestion is in its author's personal-data export");
    const nobody = await buildUser(t.services);
    const outsider = await new Browser(t.app).logIn(nobody.email, nobody.password);
    assert.equal((await outsider.post(`/spaces/${space.slug}/knowledge/resources/new`, { kind: "report", "title.en": "x", url: "https://x.example.org" })).statusCode, 403);
  });

  it("publishes an Atom feed of new resources", async () => {
    const feed = await new Browser(t.app).get(`/spaces/${space.slug}/knowledge/resources/feed.atom`);
    assert.equal(feed.statusCode, 200);
    assert.match(String(feed.headers["content-type"]), /application\/atom\+xml/);
    const parsed = parseAtom(feed.body);
    assert.ok(parsed.entries.length > 0, "published resources are entries");
    assert.ok(parsed.entries.every((entry) => entry.id.startsWith(`http://convene.test/spaces/${space.slug}/knowledge/resources/`)));
    assert.ok(!feed.body.includes("<script>"));
    assert.ok(!feed.body.includes("Secret draft toolkit"));
  });

  it("lets a coordinator write through the API with scope knowledge:write, and no one else", async () => {
    const coordinator = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    const token = async (userId: string, scopes: ("knowledge:write" | "private:read")[]) => (await createApiToken(t.services.db, { userId, name: "test", scopes })).secret;
    const send = (method: "POST" | "PUT", url: string, secret: string, payload: Record<string, unknown>) =>
      t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${secret}`, "accept-language": "en" } });
    const body = { kind: "funding", title: { en: "API grant" }, link: "https://api-grant.example.org", funder: "API Fund", amount_max: 900, currency: "GBP", deadline_kind: "date", deadline: inDays(t, 3), status: "published" };
    const writer = await token(coordinator.id, ["knowledge:write"]);
    const created = await send("POST", `/api/v1/spaces/${space.slug}/resources`, writer, body);
    assert.equal(created.statusCode, 201, created.body);
    const id = (created.json() as { id: string }).id;
    assert.equal((created.json() as { funding: { currency: string } }).funding.currency, "GBP");
    const bad = await send("PUT", `/api/v1/spaces/${space.slug}/resources/${id}`, writer, { ...body, link: "javascript:alert(1)", currency: "ZZZ" });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(Object.keys((bad.json() as { error: { fields: Record<string, string> } }).error.fields).sort(), ["currency", "link"], "the error names the field the caller sent");
    const reader = await token(coordinator.id, ["private:read"]);
    assert.equal((await send("POST", `/api/v1/spaces/${space.slug}/resources`, reader, body)).statusCode, 403, "a token without the scope cannot write");
    const stranger = await buildUser(t.services);
    assert.equal((await send("POST", `/api/v1/spaces/${space.slug}/resources`, await token(stranger.id, ["knowledge:write"]), body)).statusCode, 403, "only coordinators write");
    assert.equal((await send("POST", "/api/v1/resources", writer, body)).statusCode, 403, "platform-wide resources are for platform admins");
  });

  it("answers odd list parameters without a server error", async () => {
    const browser = new Browser(t.app);
    const odd = ["q=%27%22%26%7C!()%3A*%3C%3E%5C", "q=%00", "q=a%20%26%20b%20%7C%20c", "days=-5", "days=abc", "region=zz", "target=nope", "eligible_for=x", "state=zzz", "kind=%3Cscript%3E", "country=ZZ", "language=%3Cb%3E"];
    for (const query of odd) {
      for (const path of ["", "/closing-soon"]) {
        const response = await browser.get(`/spaces/${space.slug}/knowledge/resources${path}?${query}`);
        assert.ok(response.statusCode < 500, `${path}?${query} answered ${response.statusCode}`);
      }
    }
    assert.equal((await browser.get(`/knowledge/resources?cursor=${encodeURIComponent("not-a-cursor")}`)).statusCode, 400);
    assert.equal((await browser.get(`/knowledge/resources/closing-soon?cursor=${Buffer.from(JSON.stringify(["2026-01-01T00:00:00.000Z", ids.toolkit])).toString("base64url")}`)).statusCode, 400);
    assert.equal((await browser.get("/knowledge/resources/not-a-uuid")).statusCode, 404);
    const api = await t.app.inject({ method: "GET", url: "/api/v1/resources?q=%27%3A*%26&limit=5" });
    assert.equal(api.statusCode, 200);
  });
});
