import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gunzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { entryUrl, parseAtom } from "../../testing/feeds";
import { createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, XSS } from "../../testing/factories";
import { parseCsv } from "../spaces/csv";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../spaces/factories";
import { buildCommitment, buildProgressReport, type BuiltCommitment } from "./factories";
import { widgetScript } from "./routes-open-data";
import { commitmentPartners, commitments } from "./schema";

type Page = { data: { number: number; title: Record<string, string>; [key: string]: unknown }[]; next_cursor: string | null };

describe("commitments open data", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let privateSpace: BuiltSpace;
  let forest: BuiltCommitment;
  let wetlands: BuiltCommitment;
  let draft: BuiltCommitment;
  let hidden: BuiltCommitment;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: "GET", url, headers });
  const getJson = async <T>(url: string) => {
    const response = await get(url);
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as T;
  };

  before(async () => {
    t = await createTestApp();
    space = await buildSpace(t.services, { slug: "open-agenda", frameworkKeys: ["GBF", "SUSTAINABLE-DEVELOPMENT-GOALS"], enabledModules: ["commitments"] });
    privateSpace = await buildSpace(t.services, { slug: "closed-agenda", visibility: "private", frameworkKeys: ["GBF"], enabledModules: ["commitments"] });
    forest = await buildCommitment(t.services, {
      spaceId: space.id,
      spaceSlug: space.slug,
      status: "published",
      title: { en: `${XSS} Restore riverside forest, "Ili" basin`, ru: `${XSS} Восстановить пойменный лес` },
      countries: ["KZ", "KG"],
      coverage: "multi_country",
      primaryItemKey: ["GBF", "GBF-TARGET-02"],
      otherItemKeys: [["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-15"]],
      indicators: [{ name: { en: "Hectares restored", ru: "Восстановлено гектаров" }, unit: "ha", baselineValue: 0, targetValue: 500 }],
      publishedAt: new Date("2026-02-01T10:00:00Z"),
    });
    await buildProgressReport(t.services, forest, { reportDate: "2026-02-20", percentComplete: 20, values: [100] });
    await t.services.db
      .update(commitments)
      .set({
        isPartnerDisplayAllowed: true,
        themes: ["LAND-ECOSYSTEMS"],
        fundingSource: "Own budget",
        fundingSufficiency: "partial",
        fundingAmount: "12000.50",
        fundingCurrency: "EUR",
        links: [{ url: "https://example.org/forest", label: "Project page" }],
        contacts: [
          { name: "Public Person", email: "public@example.org", role: "lead", isPublic: true },
          { name: "Private Person", email: "private@example.org", role: "finance", isPublic: false },
        ],
        description: { en: "Line one, with a comma\nline two", ru: "Описание" },
      })
      .where(eq(commitments.id, forest.id));
    await t.services.db.insert(commitmentPartners).values({ commitmentId: forest.id, name: "River Friends", role: "planting" });
    wetlands = await buildCommitment(t.services, {
      spaceId: space.id,
      spaceSlug: space.slug,
      status: "published",
      title: { en: "Protect steppe wetlands", ru: "Защитить степные водно-болотные угодья" },
      countries: ["UZ"],
      stage: "implementation",
      primaryItemKey: ["GBF", "GBF-TARGET-03"],
      publishedAt: new Date("2026-02-10T10:00:00Z"),
    });
    draft = await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "under_review", title: { en: "Still under review" } });
    hidden = await buildCommitment(t.services, { spaceId: privateSpace.id, spaceSlug: privateSpace.slug, status: "published", title: { en: "Private pledge" } });
  });
  after(async () => {
    await t?.close();
  });

  describe("read API", () => {
    it("lists only published commitments, newest number first, with the full record", async () => {
      const page = await getJson<Page>(`/api/v1/spaces/${space.slug}/commitments`);
      assert.deepEqual(page.data.map((item) => item.number), [wetlands.number, forest.number]);
      assert.equal(page.next_cursor, null);
      const record = page.data.find((item) => item.number === forest.number) as unknown as Record<string, unknown>;
      assert.equal((record.title as Record<string, string>).en, `${XSS} Restore riverside forest, "Ili" basin`);
      assert.deepEqual(record.primary_target, { framework: "GBF", key: "GBF-TARGET-02", number: "2", label: (record.primary_target as { label: Record<string, string> }).label });
      assert.deepEqual((record.targets as { key: string; is_primary: boolean }[]).map((target) => [target.key, target.is_primary]), [["GBF-TARGET-02", true], ["SDG-15", false]]);
      assert.equal((record.owner as { kind: string }).kind, "organisation");
      assert.match((record.owner as { url: string }).url, /^http:\/\/convene\.test\/organisations\//);
      assert.deepEqual(record.countries, ["KZ", "KG"]);
      assert.deepEqual(record.funding, { source: "Own budget", sufficiency: "partial", amount: 12000.5, currency: "EUR" });
      assert.deepEqual(record.partners, [{ name: "River Friends", organisation: null, role: "planting" }]);
      assert.deepEqual(record.contacts, [{ name: "Public Person", email: "public@example.org", role: "lead" }], "private contacts stay private");
      const [indicator] = record.indicators as { latest_value: number; target_value: number; baseline_value: number }[];
      assert.deepEqual([indicator.baseline_value, indicator.target_value, indicator.latest_value], [0, 500, 100]);
      assert.deepEqual(record.latest_progress, { report_date: "2026-02-20", stage: "implementation", percent_complete: 20, narrative: { en: `${XSS} Planted the first 100 ha.` }, evidence_links: [] });
      assert.equal(record.url, `http://convene.test/spaces/open-agenda/commitments/${forest.number}`);
      assert.equal(record.published_at, "2026-02-01T10:00:00.000Z");
      assert.equal(record.status_light, "green", "a report within 12 months");
      assert.equal(page.data.find((item) => item.number === wetlands.number)?.status_light, "grey", "no report yet");
    });

    it("filters by target, framework, country, stage and words", async () => {
      const numbers = async (query: string) => (await getJson<Page>(`/api/v1/spaces/${space.slug}/commitments?${query}`)).data.map((item) => item.number);
      assert.deepEqual(await numbers("target=SDG-15"), [forest.number]);
      assert.deepEqual(await numbers("target=GBF-TARGET-03"), [wetlands.number]);
      assert.deepEqual(await numbers("framework=SUSTAINABLE-DEVELOPMENT-GOALS"), [forest.number]);
      assert.deepEqual(await numbers("framework=GBF"), [wetlands.number, forest.number]);
      assert.deepEqual(await numbers("country=kg"), [forest.number]);
      assert.deepEqual(await numbers("stage=implementation"), [wetlands.number]);
      assert.deepEqual(await numbers("q=wetlands"), [wetlands.number]);
      assert.deepEqual(await numbers("q=%D0%BF%D0%BE%D0%B9%D0%BC%D0%B5%D0%BD%D0%BD%D1%8B%D0%B9"), [forest.number], "Russian words are found");
      assert.deepEqual(await numbers("partner_display=true"), [forest.number]);
      assert.deepEqual(await numbers("q=%25"), [], "LIKE wildcards match literally");
      assert.equal((await get(`/api/v1/spaces/${space.slug}/commitments?stage=dreaming`)).statusCode, 422);
    });

    it("pages with an opaque cursor and refuses a tampered one", async () => {
      const first = await getJson<Page>(`/api/v1/spaces/${space.slug}/commitments?limit=1`);
      assert.deepEqual(first.data.map((item) => item.number), [wetlands.number]);
      assert.ok(first.next_cursor);
      const second = await getJson<Page>(`/api/v1/spaces/${space.slug}/commitments?limit=1&cursor=${first.next_cursor}`);
      assert.deepEqual(second.data.map((item) => item.number), [forest.number]);
      assert.equal(second.next_cursor, null);
      const bad = await get(`/api/v1/spaces/${space.slug}/commitments?cursor=not-a-cursor`);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, "bad_request");
    });

    it("returns one published commitment and 404 for unpublished or unknown numbers", async () => {
      const record = await getJson<{ number: number; stage: string }>(`/api/v1/spaces/${space.slug}/commitments/${wetlands.number}`);
      assert.equal(record.number, wetlands.number);
      assert.equal(record.stage, "implementation");
      assert.equal((await get(`/api/v1/spaces/${space.slug}/commitments/${draft.number}`)).statusCode, 404);
      assert.equal((await get(`/api/v1/spaces/${space.slug}/commitments/999999`)).statusCode, 404);
      // A commitment of another space is not found through this one.
      assert.equal((await get(`/api/v1/spaces/${space.slug}/commitments/${hidden.number}`)).statusCode, 404);
    });

    it("counts published commitments, actors and countries", async () => {
      assert.deepEqual(await getJson(`/api/v1/spaces/${space.slug}/commitments/stats`), { commitments: 2, actors: 2, countries: 3 });
    });

    it("documents the endpoints under the commitments tag", async () => {
      const document = await getJson<{ paths: Record<string, { get?: { tags?: string[] } }> }>("/api/openapi.json");
      assert.deepEqual(document.paths["/api/v1/spaces/{slug}/commitments"]?.get?.tags, ["commitments"]);
      assert.ok(document.paths["/api/v1/spaces/{slug}/commitments/{number}"]);
      assert.ok(document.paths["/api/v1/spaces/{slug}/commitments/stats"]);
    });
  });

  describe("private spaces", () => {
    const urls = () => [
      `/api/v1/spaces/${privateSpace.slug}/commitments`,
      `/api/v1/spaces/${privateSpace.slug}/commitments/${hidden.number}`,
      `/api/v1/spaces/${privateSpace.slug}/commitments/stats`,
      `/spaces/${privateSpace.slug}/commitments/export.csv`,
      `/spaces/${privateSpace.slug}/commitments/export.json`,
      `/spaces/${privateSpace.slug}/commitments/export.ndjson`,
      `/spaces/${privateSpace.slug}/commitments/export.clearing-house.json`,
      `/spaces/${privateSpace.slug}/commitments/feed.atom`,
      `/spaces/${privateSpace.slug}/commitments/embed`,
    ];

    it("answer 404 everywhere to anonymous callers, exactly like a missing space", async () => {
      for (const url of urls()) {
        const response = await get(url);
        assert.equal(response.statusCode, 404, url);
        assert.doesNotMatch(response.body, /Private pledge/, url);
      }
    });

    it("answer 404 to a signed-in outsider and 200 to a member whose token carries private:read", async () => {
      const { createApiToken } = await import("../../platform/api/tokens");
      const outsider = await buildUser(t.services);
      const member = await buildUser(t.services);
      await addSpaceRole(t.services, privateSpace.id, member.id, "member");
      const outsiderToken = await createApiToken(t.services.db, { userId: outsider.id, name: "o", scopes: ["private:read"] });
      const memberToken = await createApiToken(t.services.db, { userId: member.id, name: "m", scopes: ["private:read"] });
      const memberWriteToken = await createApiToken(t.services.db, { userId: member.id, name: "w", scopes: ["commitments:write"] });
      const list = `/api/v1/spaces/${privateSpace.slug}/commitments`;
      assert.equal((await get(list, { authorization: `Bearer ${outsiderToken.secret}` })).statusCode, 404);
      const seen = await get(list, { authorization: `Bearer ${memberToken.secret}` });
      assert.equal(seen.statusCode, 200);
      assert.deepEqual((seen.json() as Page).data.map((item) => item.number), [hidden.number]);
      // Without private:read the token reads what anyone reads: the private space does not exist for it.
      assert.equal((await get(list, { authorization: `Bearer ${memberWriteToken.secret}` })).statusCode, 404);
    });

    it("answer 404 for a space that does not use commitments", async () => {
      const other = await buildSpace(t.services, { slug: "no-commitments", enabledModules: [] });
      assert.equal((await get(`/api/v1/spaces/${other.slug}/commitments`)).statusCode, 404);
      assert.equal((await get(`/spaces/${other.slug}/commitments/feed.atom`)).statusCode, 404);
    });
  });

  describe("bulk export", () => {
    it("writes CSV with a BOM, a header row, a column per language and proper quoting", async () => {
      const response = await get(`/spaces/${space.slug}/commitments/export.csv`);
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers["content-type"]), /^text\/csv; charset=utf-8/);
      assert.match(String(response.headers["content-disposition"]), /attachment; filename="open-agenda-commitments\.csv"/);
      assert.equal(response.rawPayload.subarray(0, 3).toString("hex"), "efbbbf", "UTF-8 byte-order mark for Excel");
      const [header, ...rows] = parseCsv(response.body);
      const column = (name: string) => header.fields.indexOf(name);
      for (const name of ["number", "title_en", "title_ru", "description_en", "description_ru", "primary_target", "other_targets", "countries", "indicators"]) assert.ok(column(name) >= 0, name);
      assert.equal(rows.length, 2, "drafts and other spaces' commitments are not exported");
      const forestRow = rows.find((row) => row.fields[column("number")] === String(forest.number));
      assert.ok(forestRow);
      assert.equal(forestRow.fields[column("title_en")], `${XSS} Restore riverside forest, "Ili" basin`);
      assert.equal(forestRow.fields[column("title_ru")], `${XSS} Восстановить пойменный лес`);
      assert.equal(forestRow.fields[column("description_en")], "Line one, with a comma\nline two");
      assert.equal(forestRow.fields[column("other_targets")], "SDG-15");
      assert.equal(forestRow.fields[column("countries")], "KZ;KG");
      assert.deepEqual(JSON.parse(forestRow.fields[column("indicators")]), [
        { name: { en: "Hectares restored", ru: "Восстановлено гектаров" }, unit: "ha", baseline_value: 0, baseline_date: "2025-12-31", target_value: 500, target_date: "2030-12-31", direction: "increase" },
      ]);
    });

    it("protects spreadsheet users from cells that would run as formulas", async () => {
      const { csvCell } = await import("./export");
      assert.equal(csvCell("=HYPERLINK(\"x\")"), `"'=HYPERLINK(""x"")"`);
      assert.equal(csvCell("-12.5"), "-12.5");
      assert.equal(csvCell("plain"), "plain");
    });

    it("writes NDJSON, one record per line, and a JSON array with the API's shape", async () => {
      const ndjson = await get(`/spaces/${space.slug}/commitments/export.ndjson`);
      assert.equal(ndjson.statusCode, 200);
      assert.match(String(ndjson.headers["content-type"]), /^application\/x-ndjson/);
      const lines = ndjson.body.trimEnd().split("\n");
      assert.equal(lines.length, 2);
      assert.deepEqual(lines.map((line) => (JSON.parse(line) as { number: number }).number), [wetlands.number, forest.number]);
      const json = await get(`/spaces/${space.slug}/commitments/export.json?country=KZ`);
      const records = JSON.parse(json.body) as { number: number }[];
      assert.deepEqual(records.map((record) => record.number), [forest.number], "the export takes the list's filters");
      const fromApi = await getJson<Record<string, unknown>>(`/api/v1/spaces/${space.slug}/commitments/${forest.number}`);
      assert.deepEqual(records[0], fromApi);
    });

    it("maps a known commitment to the clearing-house record and leaves out those without consent", async () => {
      const response = await get(`/spaces/${space.slug}/commitments/export.clearing-house.json`);
      assert.equal(response.statusCode, 200);
      const document = JSON.parse(response.body) as { schema: string; generatedAt: string; records: Record<string, unknown>[] };
      assert.equal(document.schema, "convene/stakeholder-commitment/1");
      assert.equal(document.generatedAt, "2026-03-02T09:00:00.000Z");
      assert.equal(document.records.length, 1, "the wetlands owner did not consent to partner display");
      const record = document.records[0];
      assert.deepEqual(record.header, { identifier: `convene.test:open-agenda:${forest.number}`, schema: "convene/stakeholder-commitment/1", languages: ["en", "ru"] });
      assert.deepEqual(
        { ...(record.primaryAlignment as Record<string, unknown>), title: undefined },
        { framework: "GBF", identifier: "GBF-TARGET-02", number: "2", title: undefined },
      );
      assert.deepEqual((record.otherAlignments as { identifier: string }[]).map((item) => item.identifier), ["SDG-15"]);
      assert.deepEqual(record.gbfTargets, ["GBF-TARGET-02"]);
      assert.deepEqual(record.sdgTargets, ["SDG-15"]);
      assert.deepEqual(record.actionAreas, ["LAND-ECOSYSTEMS"]);
      assert.deepEqual(record.coverage, { scope: "multi_country", countries: [{ identifier: "kz" }, { identifier: "kg" }], regions: [], note: {} });
      assert.deepEqual(record.timeline, { startDate: "2026-01-01", endDate: "2030-12-31", isOpenEnded: false, reviewDate: null });
      assert.deepEqual(record.kpis, [
        { name: { en: "Hectares restored", ru: "Восстановлено гектаров" }, unit: "ha", baseline: { value: 0, date: "2025-12-31" }, target: { value: 500, date: "2030-12-31" }, direction: "increase", latestValue: 100 },
      ]);
      assert.deepEqual(record.progressTracking, { isTracked: true, lastReportDate: "2026-02-20", percentComplete: 20, statusLight: "green", trackingUrl: `http://convene.test/spaces/open-agenda/commitments/${forest.number}` });
      assert.deepEqual(record.funding, { source: "Own budget", sufficiency: "partial", amount: 12000.5, currency: "EUR" });
      assert.deepEqual(record.partners, [{ name: "River Friends", url: null, role: "planting" }]);
      assert.equal((record.actor as { type: string }).type, "ngo");
      assert.equal(record.consentToPartnerDisplay, true);
    });
  });

  describe("Atom feed", () => {
    it("is well-formed Atom 1.0 with escaped text, newest publication first", async () => {
      const response = await get(`/spaces/${space.slug}/commitments/feed.atom`);
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers["content-type"]), /^application\/atom\+xml/);
      const xml = response.body;
      assert.match(xml, /^<\?xml version="1\.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
      const feed = parseAtom(xml);
      assert.deepEqual(feed.links.find((link) => link.rel === "alternate")?.href, "http://convene.test/spaces/open-agenda/commitments");
      assert.equal(feed.links.find((link) => link.rel === "self")?.href, "http://convene.test/spaces/open-agenda/commitments/feed.atom");
      assert.equal(feed.updated, feed.entries.map((entry) => entry.updated).sort().at(-1), "the feed changed when its newest entry did");
      assert.equal(feed.entries.length, 2);
      assert.match(feed.entries[0]!.title, /Protect steppe wetlands/);
      // type="html": the title is the plain title escaped once, so readers show `<script>` as text.
      assert.match(feed.entries[1]!.title, /^&lt;script&gt;alert\(1\)&lt;\/script&gt; Restore riverside forest, &quot;Ili&quot; basin/);
      assert.equal(entryUrl(feed.entries[1]!), `http://convene.test/spaces/open-agenda/commitments/${forest.number}`);
      for (const entry of feed.entries) {
        assert.equal(entry.id, entryUrl(entry));
        assert.ok(entry.authors[0]?.name && entry.summary !== undefined, "entry has an author and a summary");
      }
      assert.ok(feed.entries[1]!.categories.some((category) => category.term === "GBF-TARGET-02" && category.scheme === "http://convene.test/frameworks/GBF"));
      assert.doesNotMatch(xml, /<script>/);
      assert.doesNotMatch(xml, /Still under review/);
    });

    it("speaks the requested language", async () => {
      const xml = (await get(`/spaces/${space.slug}/commitments/feed.atom?lang=ru`)).body;
      assert.match(xml, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom" xml:lang="ru">/);
      const feed = parseAtom(xml);
      assert.match(feed.title, /^Новые опубликованные обязательства · /);
      assert.match(feed.entries[0]!.title, /^Защитить степные/);
    });

    it("exports a link element for the list page's head", async () => {
      const { feedLink } = await import("./feed");
      assert.equal(feedLink("open-agenda").value, '<link rel="alternate" type="application/atom+xml" title="Commitments" href="/spaces/open-agenda/commitments/feed.atom">');
    });
  });

  describe("widgets", () => {
    it("serves one ES2019 script of at most 10 KB gzipped, cached with an ETag and open to every origin", async () => {
      assert.ok(widgetScript.gzip.length <= 10 * 1024, `the widget script is ${widgetScript.gzip.length} bytes gzipped`);
      const acorn = createRequire(import.meta.url)("acorn") as { parse(source: string, options: { ecmaVersion: number; sourceType: string }): unknown };
      // Served as one bundle: the shared widget runtime (platform/widgets) and this module's elements.
      const source = widgetScript.source.toString("utf8");
      assert.ok(source.includes(readFileSync(new URL("./widgets/convene.js", import.meta.url), "utf8")));
      assert.doesNotThrow(() => acorn.parse(source, { ecmaVersion: 2019, sourceType: "script" }), "the widget parses as ES2019");
      assert.doesNotMatch(source, /innerHTML|insertAdjacentHTML|document\.write/, "data is written with textContent only");
      const response = await get("/widgets/convene.js", { "accept-encoding": "gzip" });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers["content-type"]), /javascript/);
      assert.equal(response.headers["access-control-allow-origin"], "*");
      assert.match(String(response.headers["cache-control"]), /max-age=86400/);
      assert.equal(gunzipSync(response.rawPayload).toString("utf8"), source);
      const etag = String(response.headers.etag);
      assert.match(etag, /^"[\w-]+"$/);
      const again = await get("/widgets/convene.js", { "if-none-match": etag });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, "");
    });

    it("shows copy-paste code for both widgets on the snippet page, escaped", async () => {
      const response = await get(`/spaces/${space.slug}/commitments/embed`, { accept: "text/html" });
      assert.equal(response.statusCode, 200);
      const body = response.body;
      assert.match(body, /<pre tabindex="0"><code>&lt;script src=&quot;http:\/\/convene\.test\/widgets\/convene\.js&quot; defer&gt;&lt;\/script&gt;\n&lt;convene-commitments space=&quot;open-agenda&quot;/);
      assert.match(body, /&lt;convene-stats space=&quot;open-agenda&quot;/);
      // The space title is escaped once inside the snippet (it is HTML to paste) and once more on the page.
      assert.match(body, /&amp;lt;script&amp;gt;alert\(1\)/);
      assert.doesNotMatch(body, /<script>alert/);
      assert.match(body, /<link rel="alternate" type="application\/atom\+xml"[^>]*href="\/spaces\/open-agenda\/commitments\/feed\.atom">/);
      assert.match(body, /<script src="\/widgets\/convene\.js" defer><\/script>/);
    });
  });
});
