import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import type { ViewContext } from "../../platform/http/context";
import { intlFormat, translator } from "../../platform/i18n/messages";
import type { Locale } from "../../platform/i18n/locales";
import { buildOrganisation } from "../organisations/factories";
import { buildSpace } from "../spaces/factories";
import { buildCommitment, frameworkItemId } from "./factories";
import {
  FACETS,
  browseFacets,
  correctedQuery,
  countMatches,
  listPublishedCommitments,
  planSearch,
  type BrowseFilters,
  type BrowseSort,
  type SearchPlan,
} from "./queries-browse";
import { browseListPage } from "./views/browse-list";

// What keeps the list fast at a million commitments without giving wrong answers: keyset pages, bounded and
// labelled counts, facets that say when they were not counted, and typos corrected against the vocabulary.

const NO_FILTERS: BrowseFilters = { q: "", targetId: "", frameworkId: "", actorType: "", country: "", region: "", stage: "", light: "", year: null };

describe("commitments: the list at scale", () => {
  let t: TestApp;
  let spaceId: string;
  let slug: string;
  const twins: number[] = [];

  before(async () => {
    t = await createTestApp();
    const space = await buildSpace(t.services, { frameworkKeys: ["GBF"], enabledModules: ["commitments"] });
    spaceId = space.id;
    slug = space.slug;
    const organisation = await buildOrganisation(t.services, { actorType: "ngo", country: "KE" });
    // Seven commitments equal in every sort key: same moment, same title, same last report, same rank.
    for (let index = 0; index < 7; index++) {
      const built = await buildCommitment(t.services, {
        spaceId,
        spaceSlug: slug,
        organisationId: organisation.id,
        status: "published",
        title: { en: "Mangrove restoration on the coast", ru: "Восстановление мангровых лесов на побережье" },
        description: { en: "Replanting mangroves with fishing villages.", ru: "Посадка мангровых деревьев вместе с рыбацкими сёлами." },
        countries: ["KE"],
        publishedAt: new Date("2025-06-01T10:00:00Z"),
        lastReportAt: "2026-01-10",
      });
      twins.push(built.number);
    }
    // A draft's words are not in the vocabulary: a correction never reveals them.
    await buildCommitment(t.services, { spaceId, spaceSlug: slug, organisationId: organisation.id, status: "draft", title: { en: "Secret zanzibarian plan" }, description: { en: "" } });
  });
  after(async () => t.close());

  async function allPages(sort: BrowseSort, q = ""): Promise<number[]> {
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await listPublishedCommitments(t.services.db, spaceId, { filters: { ...NO_FILTERS, q }, sort, locale: "en", cursor, limit: 3, now: t.clock.now() });
      seen.push(...result.items.map((item) => item.number));
      if (!result.nextCursor) return seen;
      cursor = result.nextCursor;
    }
    throw new Error("more pages than commitments");
  }

  it("pages through equal sort keys without skipping or repeating a commitment, for every sort", async () => {
    const sorted = [...twins].sort((a, b) => a - b);
    for (const sort of ["newest", "title", "reported"] as const) {
      const seen = await allPages(sort);
      assert.equal(seen.length, twins.length, `${sort}: no repeats`);
      assert.deepEqual([...seen].sort((a, b) => a - b), sorted, `${sort}: no gaps`);
    }
    const byRelevance = await allPages("relevance", "mangrove");
    assert.equal(byRelevance.length, twins.length, "relevance: keyset on (rank, published_at, id), no repeats");
    assert.deepEqual([...byRelevance].sort((a, b) => a - b), sorted, "relevance: no gaps");
  });

  it("counts exactly up to its maximum, says 'more than' beyond it, and labels a planner estimate", async () => {
    const everything = sql`true`;
    assert.deepEqual(await countMatches(t.services.db, spaceId, everything, { countMax: 100, estimateAbove: 1000 }), { value: 7, kind: "exact" });
    assert.deepEqual(await countMatches(t.services.db, spaceId, everything, { countMax: 5, estimateAbove: 1000 }), { value: 5, kind: "more_than" });
    const estimated = await countMatches(t.services.db, spaceId, everything, { countMax: 100, estimateAbove: -1 });
    assert.equal(estimated.kind, "estimate");

    const page = (locale: Locale, total: { value: number; kind: "exact" | "more_than" | "estimate" }) => {
      const view: ViewContext = { locale, t: translator(locale), format: intlFormat(locale), user: null, csrfToken: "token", flash: null, url: "/" };
      const params = { q: "", target: "", framework: "", actorType: "", country: "", region: "", stage: "", light: "", year: "", sort: "newest" as const };
      const facets = { target: {}, framework: {}, actorType: {}, country: {}, region: {}, stage: {}, light: {}, year: {}, uncounted: [] };
      return browseListPage(view, { space: { slug, title: { en: "Space" } }, params, sort: "newest", items: [], total, correction: null, isBroadSearch: false, nextCursor: null, isFirstPage: true, facets, frameworks: [], targets: [], onTrack: new Set() });
    };
    assert.match(page("en", { value: 70_000, kind: "estimate" }), /About 70,000 commitments \(an estimate\)/);
    assert.match(page("ru", { value: 70_000, kind: "estimate" }), /Около 70\s000 обязательств \(оценка\)/);
    assert.match(page("en", { value: 10_000, kind: "more_than" }), /More than 10,000 commitments/);
    assert.match(page("ru", { value: 10_000, kind: "more_than" }), /Более 10\s000 обязательств/);
  });

  it("corrects a misspelt word to the space's vocabulary, in English and in Russian, and says so on the page", async () => {
    assert.equal(await correctedQuery(t.services.db, spaceId, "mangrov restorasion"), "mangrove restoration");
    assert.equal(await correctedQuery(t.services.db, spaceId, "мангравых"), "мангровых");
    assert.equal(await correctedQuery(t.services.db, spaceId, "zanzibarien"), null, "a draft's word is never offered");
    const plan = await planSearch(t.services.db, spaceId, "побережъе");
    assert.deepEqual(plan, { q: "побережье", correctedFrom: "побережъе", matches: { value: 7, kind: "exact" } });

    const english = await new Browser(t.app).get(`/spaces/${slug}/commitments?q=restorasion`);
    assert.equal(english.statusCode, 200);
    assert.match(english.body, /Showing commitments for “restoration”: nothing matched “restorasion”\./);
    assert.match(english.body, /7 commitments/);
    const russian = await new Browser(t.app, "ru").get(`/spaces/${slug}/commitments?q=${encodeURIComponent("побережъе")}`);
    assert.match(russian.body, /Показаны обязательства по запросу «побережье»: по запросу «побережъе» ничего не найдено\./);
  });

  it("lists a search too broad to rank newest first, and its facets say they were not counted", async () => {
    const broad: SearchPlan = { q: "mangrove", correctedFrom: null, matches: { value: 50_000, kind: "estimate" } };
    const page = await listPublishedCommitments(t.services.db, spaceId, { filters: { ...NO_FILTERS, q: "mangrove" }, sort: "relevance", locale: "en", limit: 3, now: t.clock.now(), search: broad });
    assert.equal(page.sort, "newest");
    const facets = await browseFacets(t.services.db, spaceId, { ...NO_FILTERS, q: "mangrove" }, t.clock.now(), broad);
    assert.deepEqual([...facets.uncounted].sort(), [...FACETS].sort());
    assert.equal(facets.country.KE, 7, "the choices are the space's");
  });

  it("finds the rows of several filters through the ledger's keys, the same as the facets count them", async () => {
    const target17 = await frameworkItemId(t.services, "GBF", "GBF-TARGET-17");
    const filters = { ...NO_FILTERS, targetId: target17, country: "KE", stage: "planning" };
    const page = await listPublishedCommitments(t.services.db, spaceId, { filters, sort: "newest", locale: "en", limit: 20, now: t.clock.now() });
    assert.equal(page.items.length, 7);
    const facets = await browseFacets(t.services.db, spaceId, filters, t.clock.now());
    assert.deepEqual(facets.uncounted, []);
    assert.deepEqual(facets.stage, { planning: 7 });
    assert.deepEqual(facets.country, { KE: 7 });
    const none = await listPublishedCommitments(t.services.db, spaceId, { filters: { ...filters, country: "FR" }, sort: "newest", locale: "en", limit: 20, now: t.clock.now() });
    assert.equal(none.items.length, 0);
  });
});
