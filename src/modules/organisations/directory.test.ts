import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, TEST_PASSWORD, XSS } from "../../testing/factories";
import { addMember, buildOrganisation } from "./factories";
import { listOrganisations, organisationFacets } from "./queries";

/** Slugs of the organisations listed on a directory page, in order. */
function slugsOn(body: string): string[] {
  return [...body.matchAll(/<h3><a href="\/organisations\/([^"]+)">/g)].map((match) => match[1]);
}

function nextLink(body: string): string | undefined {
  const match = /<a href="([^"]+)" rel="next">/.exec(body);
  return match?.[1].replace(/&amp;/g, "&");
}

describe("organisations: the public directory", () => {
  let t: TestApp;
  const slugs: Record<string, string> = {};
  const ngoSlugs: string[] = [];

  before(async () => {
    t = await createTestApp();
    const owner = await buildUser(t.services);
    const make = async (key: string, overrides: Parameters<typeof buildOrganisation>[1]) => {
      t.clock.advance(60_000);
      slugs[key] = (await buildOrganisation(t.services, { ownerId: owner.id, website: null, ...overrides })).slug;
    };
    await make("aarhus", { name: { en: "Aarhus Centre Pavlodar", ru: "Орхусский центр Павлодара" }, description: { en: "Environmental information for the region." }, actorType: "aarhus_centre", country: "KZ" });
    await make("youth", { name: { en: "Steppe Youth Network" }, description: { en: "Young people restoring grasslands." }, actorType: "youth", country: "KZ" });
    await make("women", { name: { ru: "Женский кооператив «Солнечная долина»" }, description: { ru: "Фермерши выращивают овощи." }, actorType: "women", country: "KE" });
    await make("research", { name: { en: "Institute for Wetland Research" }, description: { en: "Studies river deltas and marshes." }, actorType: "academia", country: "UZ" });
    for (let number = 1; number <= 23; number++) {
      await make(`ngo${number}`, { name: { en: `Civic Ecology Group ${String(number).padStart(2, "0")}` }, description: {}, actorType: "ngo", country: "AM" });
      ngoSlugs.push(slugs[`ngo${number}`]);
    }
  });
  after(async () => t.close());

  const search = async (query: string, locale = "en") => slugsOn((await new Browser(t.app, locale).get(`/organisations?q=${encodeURIComponent(query)}`)).body);

  it("finds organisations despite a typo in the query", async () => {
    assert.deepEqual(await search("Pavlodr"), [slugs.aarhus]);
    assert.deepEqual(await search("wetlnd research"), [slugs.research]);
    assert.deepEqual(await search("stepe youth"), [slugs.youth]);
  });

  it("finds organisations by their Russian name or description, in any case, and by a Latin spelling of it", async () => {
    assert.deepEqual(await search("павлодара", "ru"), [slugs.aarhus]);
    assert.deepEqual(await search("СОЛНЕЧНАЯ ДОЛИНА", "ru"), [slugs.women]);
    assert.deepEqual(await search("фермерши"), [slugs.women]);
    assert.deepEqual(await search("solnechnaia"), [slugs.women], "names are also searchable in Latin letters");
    assert.deepEqual(await search("Орхусский центр Павлодар"), [slugs.aarhus]);
  });

  it("treats % and _ in the query as text, not as wildcards", async () => {
    assert.deepEqual(await search("%"), []);
    assert.deepEqual(await search("_"), []);
  });

  it("filters by actor type and country, and counts organisations per actor type", async () => {
    const browser = new Browser(t.app);
    assert.deepEqual(slugsOn((await browser.get("/organisations?actor_type=youth")).body), [slugs.youth]);
    const kazakh = await browser.get("/organisations?country=KZ");
    assert.deepEqual(slugsOn(kazakh.body).sort(), [slugs.aarhus, slugs.youth].sort());
    assert.match(kazakh.body, /2 organisations/);
    assert.match(kazakh.body, /<a href="\/organisations\?actor_type=aarhus_centre&amp;country=KZ">Aarhus centre<\/a> <span class="muted">\(1\)<\/span>/);
    assert.match(kazakh.body, /<option value="KZ" selected>Kazakhstan \(2\)<\/option>/);
    assert.deepEqual(slugsOn((await browser.get("/organisations?country=KZ&actor_type=youth")).body), [slugs.youth]);
    assert.deepEqual(slugsOn((await browser.get("/organisations?country=KE&actor_type=youth")).body), []);
    assert.match((await browser.get("/organisations?country=KE&actor_type=youth")).body, /No organisations found/);

    const facets = await organisationFacets(t.services.db, {});
    assert.deepEqual(facets.actorTypes, { aarhus_centre: 1, youth: 1, women: 1, academia: 1, ngo: 23 });
    assert.deepEqual(facets.countries, { KZ: 2, KE: 1, UZ: 1, AM: 23 });
    const typeFacetsInKazakhstan = await organisationFacets(t.services.db, { country: "KZ", actorType: "youth" });
    assert.deepEqual(typeFacetsInKazakhstan.actorTypes, { aarhus_centre: 1, youth: 1 }, "the type facet ignores the type filter itself");
    assert.deepEqual(typeFacetsInKazakhstan.countries, { KZ: 1 });

    const russian = await new Browser(t.app, "ru").get("/organisations?country=KZ");
    assert.match(russian.body, /2 организации/);
    assert.match((await new Browser(t.app, "ru").get("/organisations?actor_type=ngo")).body, /23 организации/);
    assert.match((await new Browser(t.app, "ru").get("/organisations?actor_type=youth")).body, /1 организация/);
    assert.match((await new Browser(t.app, "ru").get("/organisations")).body, /27 организаций/);
  });

  it("ignores unknown filter values instead of failing", async () => {
    const response = await new Browser(t.app).get("/organisations?actor_type=wizards&country=ZZ&sort=random");
    assert.equal(response.statusCode, 200);
    assert.equal(slugsOn(response.body).length, 20);
  });

  it("pages through results with 'next page' links that work without JavaScript", async () => {
    const browser = new Browser(t.app);
    const first = await browser.get("/organisations?actor_type=ngo");
    const firstSlugs = slugsOn(first.body);
    assert.equal(firstSlugs.length, 20);
    assert.deepEqual(firstSlugs, ngoSlugs.slice(0, 20), "sorted by name");
    const next = nextLink(first.body);
    assert.ok(next);
    assert.match(next, /actor_type=ngo/);
    const second = await browser.get(next);
    assert.deepEqual(slugsOn(second.body), ngoSlugs.slice(20));
    assert.equal(nextLink(second.body), undefined);
    assert.match(second.body, /<a href="\/organisations\?actor_type=ngo">First page<\/a>/);
  });

  it("sorts newest first and pages through that order too", async () => {
    const page = await listOrganisations(t.services.db, { actorType: "ngo", sort: "newest", locale: "en", limit: 10 });
    assert.deepEqual(
      page.items.map((item) => item.slug),
      [...ngoSlugs].reverse().slice(0, 10),
    );
    const rest = await listOrganisations(t.services.db, { actorType: "ngo", sort: "newest", locale: "en", limit: 10, cursor: page.nextCursor ?? undefined });
    assert.deepEqual(
      rest.items.map((item) => item.slug),
      [...ngoSlugs].reverse().slice(10, 20),
    );
    const browser = new Browser(t.app);
    const newest = await browser.get("/organisations?sort=newest");
    assert.equal(slugsOn(newest.body)[0], ngoSlugs.at(-1));
    assert.match(newest.body, /<option value="newest" selected>/);
  });

  it("sorts by the name in the page's language", async () => {
    const english = await listOrganisations(t.services.db, { sort: "name", locale: "en", limit: 100 });
    const russian = await listOrganisations(t.services.db, { sort: "name", locale: "ru", limit: 100 });
    assert.equal(english.items[0].slug, slugs.aarhus, "'Aarhus Centre' first in English");
    assert.equal(russian.items.at(-1)?.slug, slugs.aarhus, "'Орхусский центр' comes after 'Женский' and the Latin names in Russian");
    assert.ok(russian.items.findIndex((item) => item.slug === slugs.women) < russian.items.findIndex((item) => item.slug === slugs.aarhus));
  });

  it("refuses a tampered cursor with 400, and a cursor from another sort order", async () => {
    const browser = new Browser(t.app);
    assert.equal((await browser.get("/organisations?cursor=garbage")).statusCode, 400);
    const page = await listOrganisations(t.services.db, { sort: "name", locale: "en", limit: 2 });
    assert.equal((await browser.get(`/organisations?sort=newest&cursor=${page.nextCursor}`)).statusCode, 400);
    const forged = Buffer.from(JSON.stringify(["newest", "2026-01-01T00:00:00.000000Z", "not-a-uuid"])).toString("base64url");
    assert.equal((await browser.get(`/organisations?sort=newest&cursor=${forged}`)).statusCode, 400);
  });

  it("shows signed-in users their own organisations, and escapes names in the list", async () => {
    const user = await buildUser(t.services);
    const mine = await buildOrganisation(t.services, { ownerId: user.id, actorType: "media" });
    const other = await buildOrganisation(t.services, { actorType: "media" });
    await addMember(t.services, other.id, user.id, "member");
    const browser = await new Browser(t.app).logIn(user.email, TEST_PASSWORD);
    const page = await browser.get("/organisations?actor_type=media");
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(XSS));
    assert.match(page.body, /Your organisations/);
    assert.match(page.body, new RegExp(`<li><a href="/organisations/${mine.slug}">.*?</a> <span class="muted">\\(administrator\\)</span></li>`));
    assert.match(page.body, new RegExp(`<li><a href="/organisations/${other.slug}">.*?</a> <span class="muted">\\(member\\)</span></li>`));
    assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; Green Steppe Association/);

    const anonymous = await new Browser(t.app).get("/organisations");
    assert.match(anonymous.body, /Log in to register your organisation/);
    assert.match(anonymous.body, /29 organisations/, "the cached directory counts were refreshed by the new registrations");
    assert.match(anonymous.body, /Media<\/a> <span class="muted">\(2\)<\/span>/);
  });
});
