import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, XSS } from "../../testing/factories";
import { buildOrganisation } from "../organisations/factories";
import { buildSpace, addSpaceRole } from "../spaces/factories";
import { frameworksOfSpace } from "../spaces/queries";
import { buildCommitment, frameworkItemId, type BuiltCommitment } from "./factories";
import { browseFacets, listPublishedCommitments, type BrowseFilters } from "./queries-browse";
import { commitmentPartners, commitmentSpaceSettings } from "./schema";

const NO_FILTERS: BrowseFilters = { q: "", targetId: "", frameworkId: "", actorType: "", country: "", region: "", stage: "", light: "", year: null };

/** Commitment numbers listed on a list page, in order. */
function numbersOn(body: string, slug: string): number[] {
  return [...body.matchAll(new RegExp(`<h3><a href="/spaces/${slug}/commitments/(\\d+)">`, "g"))].map((match) => Number(match[1]));
}

function nextLink(body: string): string | undefined {
  return /<a href="([^"]+)" rel="next">/.exec(body)?.[1].replace(/&amp;/g, "&");
}

describe("commitments: the public list, search and facets", () => {
  let t: TestApp;
  let spaceId: string;
  let slug: string;
  const made: Record<string, BuiltCommitment> = {};

  before(async () => {
    t = await createTestApp();
    const space = await buildSpace(t.services, { frameworkKeys: ["GBF", "SUSTAINABLE-DEVELOPMENT-GOALS"], enabledModules: ["commitments"] });
    spaceId = space.id;
    slug = space.slug;
    const ngo = await buildOrganisation(t.services, { actorType: "ngo", country: "KZ" });
    const business = await buildOrganisation(t.services, { actorType: "business", country: "FR" });
    const person = await buildUser(t.services, { displayName: `${XSS} Aigerim` });
    const base = { spaceId, spaceSlug: slug, status: "published" as const };
    made.forest = await buildCommitment(t.services, {
      ...base,
      organisationId: ngo.id,
      title: { en: `${XSS} Forest restoration along the Irtysh`, ru: `${XSS} Лесовосстановление вдоль Иртыша` },
      description: { en: "Planting native trees on 500 hectares.", ru: "Посадка местных деревьев на 500 гектарах." },
      countries: ["KZ"],
      stage: "implementation",
      publishedAt: new Date("2025-05-10T10:00:00Z"),
      lastReportAt: "2026-01-15",
    });
    made.plastics = await buildCommitment(t.services, {
      ...base,
      organisationId: business.id,
      title: { en: "Cut single-use plastics in our supply chain" },
      description: { en: "Packaging made from recycled material." },
      countries: ["FR", "DE"],
      primaryItemKey: ["GBF", "GBF-TARGET-07"],
      otherItemKeys: [["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-12"]],
      stage: "planning",
      publishedAt: new Date("2026-02-01T10:00:00Z"),
      lastReportAt: null,
    });
    made.wetlands = await buildCommitment(t.services, {
      ...base,
      personUserId: person.id,
      title: { ru: "Охрана водно-болотных угодий в дельте Или" },
      description: { ru: "Мониторинг птиц и восстановление тростника." },
      countries: ["KZ", "UZ"],
      otherItemKeys: [["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-15"]],
      stage: "implementation",
      publishedAt: new Date("2024-06-01T10:00:00Z"),
      lastReportAt: "2025-01-20",
    });
    // Not public: must never be listed or counted.
    made.draft = await buildCommitment(t.services, { spaceId, spaceSlug: slug, organisationId: ngo.id, status: "draft", countries: ["KZ"] });
    made.submitted = await buildCommitment(t.services, { spaceId, spaceSlug: slug, organisationId: ngo.id, status: "submitted", countries: ["KZ"] });
    made.withdrawn = await buildCommitment(t.services, { spaceId, spaceSlug: slug, organisationId: ngo.id, status: "withdrawn", countries: ["KZ"] });
  });
  after(async () => t.close());

  const list = async (filters: Partial<BrowseFilters> = {}) =>
    (await listPublishedCommitments(t.services.db, spaceId, { filters: { ...NO_FILTERS, ...filters }, sort: filters.q ? "relevance" : "newest", locale: "en", limit: 20, now: t.clock.now() })).items.map(
      (item) => item.number,
    );

  it("lists only published commitments, newest first, with owner, primary target, countries, stage and light, all escaped", async () => {
    const response = await new Browser(t.app).get(`/spaces/${slug}/commitments`);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(numbersOn(response.body, slug), [made.plastics.number, made.forest.number, made.wetlands.number]);
    assert.ok(!response.body.includes(XSS), "user text is escaped");
    assert.ok(response.body.includes("&lt;script&gt;alert(1)&lt;/script&gt; Forest restoration along the Irtysh"));
    assert.match(response.body, /Reduce Pollution to Levels That Are Not Harmful to Biodiversity \(Target 7\)/, "primary target of the plastics commitment, by its label");
    assert.ok(!response.body.includes("GBF-TARGET-07 —"), "not by its raw key");
    assert.match(response.body, /France, Germany|France.*Germany/);
    assert.match(response.body, /light light-green/);
    assert.match(response.body, /light light-grey/);
    assert.match(response.body, /light light-yellow/);
    assert.match(response.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; Aigerim/, "a person's commitment shows the person");
    assert.match(response.body, /lang="ru">Охрана водно-болотных угодий/, "an English page shows the Russian-only title in its language");
    assert.match(response.body, /class="lang-note"/, "with the shown-in marker");
    assert.match(response.body, /3 commitments/);
  });

  it("filters by every filter, each facet counted with the other filters applied", async () => {
    const db = t.services.db;
    const now = t.clock.now();
    const frameworks = await frameworksOfSpace(db, spaceId);
    const sdg = frameworks.find((framework) => framework.key === "SUSTAINABLE-DEVELOPMENT-GOALS");
    assert.ok(sdg);
    const sdg15 = await frameworkItemId(t.services, "SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-15");
    const target17 = await frameworkItemId(t.services, "GBF", "GBF-TARGET-17");

    assert.deepEqual(await list({ targetId: target17 }), [made.forest.number, made.wetlands.number], "primary target 17 (factory default) of two");
    assert.deepEqual(await list({ targetId: sdg15 }), [made.wetlands.number], "another target, via commitment_targets");
    assert.deepEqual(await list({ frameworkId: sdg.id }), [made.plastics.number, made.wetlands.number]);
    assert.deepEqual(await list({ actorType: "business" }), [made.plastics.number]);
    assert.deepEqual(await list({ actorType: "individual" }), [made.wetlands.number]);
    assert.deepEqual(await list({ country: "KZ" }), [made.forest.number, made.wetlands.number]);
    assert.deepEqual(await list({ region: "143" }), [made.forest.number, made.wetlands.number], "Central Asia");
    assert.deepEqual(await list({ region: "150" }), [made.plastics.number], "Europe");
    assert.deepEqual(await list({ stage: "implementation" }), [made.forest.number, made.wetlands.number]);
    assert.deepEqual(await list({ light: "green" }), [made.forest.number]);
    assert.deepEqual(await list({ light: "yellow" }), [made.wetlands.number]);
    assert.deepEqual(await list({ year: 2026 }), [made.plastics.number]);
    assert.deepEqual(await list({ country: "KZ", stage: "implementation", light: "green" }), [made.forest.number]);

    const facets = await browseFacets(db, spaceId, { ...NO_FILTERS, country: "KZ" }, now);
    assert.deepEqual(facets.country, { KZ: 2, UZ: 1, FR: 1, DE: 1 }, "the country facet ignores the country filter");
    assert.deepEqual(facets.stage, { implementation: 2 }, "other facets apply it");
    assert.deepEqual(facets.actorType, { ngo: 1, individual: 1 });
    assert.deepEqual(facets.light, { green: 1, yellow: 1 });
    assert.deepEqual(facets.year, { "2024": 1, "2025": 1 });
    assert.equal(facets.region["143"], 2, "a commitment in two Central Asian countries counts once");
    assert.equal(facets.framework[sdg.id], 1);
    assert.equal(facets.target[target17], 2);

    const all = await browseFacets(db, spaceId, NO_FILTERS, now);
    assert.deepEqual(all.stage, { implementation: 2, planning: 1 }, "drafts, submitted and withdrawn ones are never counted");
    assert.equal(all.country.KZ, 2);
  });

  it("offers the facet counts on the page and keeps the filters in a GET form", async () => {
    const response = await new Browser(t.app).get(`/spaces/${slug}/commitments?country=KZ&stage=implementation`);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(numbersOn(response.body, slug), [made.forest.number, made.wetlands.number]);
    assert.match(response.body, /<form method="get" action="\/spaces\/[^"]+\/commitments"/);
    assert.match(response.body, /<option value="KZ" selected>Kazakhstan \(2\)<\/option>/);
    assert.ok(!response.body.includes('<option value="FR">'), "France, with no implementation-stage commitment, is not offered");
    assert.match(response.body, /<option value="implementation" selected>Implementation \(2\)<\/option>/);
    assert.match(response.body, /<option value="planning">Planning \(0\)<\/option>/);
    assert.match(response.body, /2 commitments/);
  });

  it("ignores filter values that are not allowed instead of failing", async () => {
    const response = await new Browser(t.app).get(`/spaces/${slug}/commitments?country=XX&stage=%3Cscript%3E&light=blue&year=abc&target=nope&region=999&sort=evil`);
    assert.equal(response.statusCode, 200);
    assert.equal(numbersOn(response.body, slug).length, 3);
  });

  it("finds commitments by English and Russian words, stemmed, in either UI language", async () => {
    assert.deepEqual(await list({ q: "restoring forests" }), [made.forest.number], "English stemming");
    assert.deepEqual(await list({ q: "packaging" }), [made.plastics.number]);
    assert.deepEqual(await list({ q: "угодья" }), [made.wetlands.number], "Russian stemming: угодья ~ угодий");
    assert.deepEqual(await list({ q: "птицы" }), [made.wetlands.number]);
    const response = await new Browser(t.app, "ru").get(`/spaces/${slug}/commitments?q=${encodeURIComponent("деревья")}`);
    assert.deepEqual(numbersOn(response.body, slug), [made.forest.number]);
    assert.match(response.body, /1 обязательство/);
  });

  it("still finds them through a typo, in English and in Russian", async () => {
    assert.deepEqual(await list({ q: "restorasion" }), [made.forest.number]);
    assert.deepEqual(await list({ q: "лесовосстановленье" }), [made.forest.number]);
    assert.deepEqual(await list({ q: "Иртышь" }), [made.forest.number]);
    assert.deepEqual(await list({ q: "zzzqqq" }), []);
    const response = await new Browser(t.app).get(`/spaces/${slug}/commitments?q=restorasion`);
    assert.deepEqual(numbersOn(response.body, slug), [made.forest.number]);
    assert.match(response.body, /<option value="relevance" selected>/, "a search sorts by best match");
  });

  it("sorts by title and by most recent report", async () => {
    const byTitle = await listPublishedCommitments(t.services.db, spaceId, { filters: NO_FILTERS, sort: "title", locale: "en", limit: 20, now: t.clock.now() });
    assert.deepEqual(
      byTitle.items.map((item) => item.number),
      [made.forest.number, made.plastics.number, made.wetlands.number],
      "<script> sorts first, then Cut…, then the Russian-only title",
    );
    const byReport = await listPublishedCommitments(t.services.db, spaceId, { filters: NO_FILTERS, sort: "reported", locale: "en", limit: 20, now: t.clock.now() });
    assert.deepEqual(
      byReport.items.map((item) => item.number),
      [made.forest.number, made.wetlands.number, made.plastics.number],
    );
  });

  it("colours the lights with the space's own thresholds", async () => {
    const strict = await buildSpace(t.services, { frameworkKeys: ["GBF"], enabledModules: ["commitments"] });
    await t.services.db.insert(commitmentSpaceSettings).values({ spaceId: strict.id, greenMonths: 3, redMonths: 6 });
    const base = { spaceId: strict.id, spaceSlug: strict.slug, status: "published" as const, publishedAt: new Date("2025-01-01T00:00:00Z") };
    const recent = await buildCommitment(t.services, { ...base, lastReportAt: "2026-01-10" });
    const older = await buildCommitment(t.services, { ...base, lastReportAt: "2025-10-10" });
    const old = await buildCommitment(t.services, { ...base, lastReportAt: "2025-08-10" });
    const page = await listPublishedCommitments(t.services.db, strict.id, { filters: NO_FILTERS, sort: "newest", locale: "en", limit: 20, now: t.clock.now() });
    const lights = Object.fromEntries(page.items.map((item) => [item.number, item.light]));
    assert.deepEqual(lights, { [recent.number]: "green", [older.number]: "yellow", [old.number]: "red" });
    const facets = await browseFacets(t.services.db, strict.id, NO_FILTERS, t.clock.now());
    assert.deepEqual(facets.light, { green: 1, yellow: 1, red: 1 });
  });

  it("shows a private space's list to nobody outside it", async () => {
    const hidden = await buildSpace(t.services, { visibility: "private", frameworkKeys: ["GBF"], enabledModules: ["commitments"] });
    await buildCommitment(t.services, { spaceId: hidden.id, spaceSlug: hidden.slug, status: "published" });
    assert.equal((await new Browser(t.app).get(`/spaces/${hidden.slug}/commitments`)).statusCode, 404);
    const outsider = await buildUser(t.services);
    const outsiderBrowser = await new Browser(t.app).logIn(outsider.email, outsider.password);
    assert.equal((await outsiderBrowser.get(`/spaces/${hidden.slug}/commitments`)).statusCode, 404);
    const member = await buildUser(t.services);
    await addSpaceRole(t.services, hidden.id, member.id, "member");
    const memberBrowser = await new Browser(t.app).logIn(member.email, member.password);
    const response = await memberBrowser.get(`/spaces/${hidden.slug}/commitments`);
    assert.equal(response.statusCode, 200);
    assert.equal(numbersOn(response.body, hidden.slug).length, 1);
  });
});

describe("commitments: paging through the list without JavaScript", () => {
  let t: TestApp;
  let slug: string;
  const numbers: number[] = [];

  before(async () => {
    t = await createTestApp();
    const first = await buildCommitment(t.services, { status: "published", title: { en: "Commitment 00" } });
    slug = first.spaceSlug;
    numbers.push(first.number);
    for (let index = 1; index < 25; index++) {
      t.clock.advance(60_000);
      const built = await buildCommitment(t.services, { spaceId: first.spaceId, spaceSlug: slug, organisationId: first.organisationId ?? undefined, status: "published", title: { en: `Commitment ${String(index).padStart(2, "0")}` } });
      numbers.push(built.number);
    }
  });
  after(async () => t.close());

  it("pages by a cursor in the next-page link, with no gaps and no repeats, for each sort", async () => {
    const browser = new Browser(t.app);
    for (const [sort, expected] of [
      ["newest", [...numbers].reverse()],
      ["title", numbers],
    ] as const) {
      const first = await browser.get(`/spaces/${slug}/commitments?sort=${sort}`);
      const firstPage = numbersOn(first.body, slug);
      assert.equal(firstPage.length, 20);
      const next = nextLink(first.body);
      assert.ok(next, "a next-page link");
      const second = await browser.get(next);
      const secondPage = numbersOn(second.body, slug);
      assert.deepEqual([...firstPage, ...secondPage], expected, sort);
      assert.equal(nextLink(second.body), undefined, "no link after the last page");
      assert.match(second.body, /First page/);
    }
  });

  it("pages a search too, by relevance or by another sort", async () => {
    const browser = new Browser(t.app);
    for (const query of ["q=commitment", "q=commitment&sort=newest", "q=commitment&sort=reported"]) {
      const first = await browser.get(`/spaces/${slug}/commitments?${query}`);
      const next = nextLink(first.body);
      assert.ok(next, query);
      const second = await browser.get(next);
      assert.equal(second.statusCode, 200, query);
      const all = [...numbersOn(first.body, slug), ...numbersOn(second.body, slug)];
      assert.equal(new Set(all).size, 25, query);
    }
  });

  it("answers 400 to a tampered cursor or a cursor from another sort", async () => {
    const browser = new Browser(t.app);
    assert.equal((await browser.get(`/spaces/${slug}/commitments?cursor=garbage`)).statusCode, 400);
    const first = await browser.get(`/spaces/${slug}/commitments?sort=title`);
    const cursor = new URL(nextLink(first.body) ?? "", "http://x").searchParams.get("cursor") ?? "";
    assert.equal((await browser.get(`/spaces/${slug}/commitments?sort=newest&cursor=${cursor}`)).statusCode, 400);
  });
});

describe("commitments: on an organisation's page", () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it("lists its published commitments as owner and as partner, never private-space or unpublished ones", async () => {
    const owner = await buildOrganisation(t.services, { name: { en: `${XSS} Steppe Keepers` } });
    const partner = await buildOrganisation(t.services, { name: { en: "River Friends" } });
    const owned = await buildCommitment(t.services, { organisationId: owner.id, status: "published", title: { en: `${XSS} Grassland survey` } });
    await t.services.db.insert(commitmentPartners).values({ commitmentId: owned.id, organisationId: partner.id });
    const draft = await buildCommitment(t.services, { spaceId: owned.spaceId, spaceSlug: owned.spaceSlug, organisationId: owner.id, status: "draft", title: { en: "Secret draft" } });
    const hiddenSpace = await buildSpace(t.services, { visibility: "private", frameworkKeys: ["GBF"] });
    await buildCommitment(t.services, { spaceId: hiddenSpace.id, spaceSlug: hiddenSpace.slug, organisationId: owner.id, status: "published", title: { en: "Private space pledge" } });

    const ownerPage = await new Browser(t.app).get(`/organisations/${owner.slug}`);
    assert.equal(ownerPage.statusCode, 200);
    assert.match(ownerPage.body, /id="org-commitments-heading"/);
    assert.ok(ownerPage.body.includes(`/spaces/${owned.spaceSlug}/commitments/${owned.number}`));
    assert.ok(!ownerPage.body.includes(XSS));
    assert.ok(!ownerPage.body.includes("Secret draft") && !ownerPage.body.includes(`/commitments/${draft.number}"`));
    assert.ok(!ownerPage.body.includes("Private space pledge"), "a private space's commitment stays hidden from anonymous visitors");

    const partnerPage = await new Browser(t.app).get(`/organisations/${partner.slug}`);
    assert.ok(partnerPage.body.includes(`/spaces/${owned.spaceSlug}/commitments/${owned.number}`));
    assert.match(partnerPage.body, /<td>Partner<\/td>/);

    const member = await buildUser(t.services);
    await addSpaceRole(t.services, hiddenSpace.id, member.id, "member");
    const memberPage = await (await new Browser(t.app).logIn(member.email, member.password)).get(`/organisations/${owner.slug}`);
    assert.ok(memberPage.body.includes("Private space pledge"), "members of the private space see it");
  });
});
