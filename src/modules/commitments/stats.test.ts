import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, XSS } from "../../testing/factories";
import { buildOrganisation } from "../organisations/factories";
import { buildSpace } from "../spaces/factories";
import { barChart } from "../../platform/charts/bar-chart";
import { toCsv } from "./charts/csv";
import { MAP_SIZE, mapProjection, worldMap, worldShapes } from "./charts/world-map";
import { buildCommitment } from "./factories";
import { spaceDashboard } from "./queries-stats";

describe("commitments: the statistics dashboard", () => {
  let t: TestApp;
  let spaceId: string;
  let slug: string;

  before(async () => {
    t = await createTestApp();
    const space = await buildSpace(t.services, { frameworkKeys: ["GBF", "SUSTAINABLE-DEVELOPMENT-GOALS"], enabledModules: ["commitments"] });
    spaceId = space.id;
    slug = space.slug;
    const ngo = await buildOrganisation(t.services, { actorType: "ngo" });
    const business = await buildOrganisation(t.services, { actorType: "business" });
    const person = await buildUser(t.services);
    const base = { spaceId, spaceSlug: slug, status: "published" as const };
    // Clock: 2026-03-02. green: report within 12 months; yellow: older; red: older than 24 months; grey: none.
    await buildCommitment(t.services, {
      ...base,
      organisationId: ngo.id,
      countries: ["KZ", "UZ"],
      otherItemKeys: [["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-15"]],
      stage: "implementation",
      publishedAt: new Date("2025-11-10T08:00:00Z"),
      lastReportAt: "2026-01-15",
    });
    await buildCommitment(t.services, { ...base, organisationId: business.id, countries: ["FR"], primaryItemKey: ["GBF", "GBF-TARGET-07"], stage: "planning", publishedAt: new Date("2026-02-01T08:00:00Z") });
    await buildCommitment(t.services, { ...base, personUserId: person.id, countries: ["BR"], stage: "implementation", publishedAt: new Date("2024-06-01T08:00:00Z"), lastReportAt: "2025-01-20" });
    await buildCommitment(t.services, { ...base, organisationId: ngo.id, countries: ["KZ"], stage: "evaluation", publishedAt: new Date("2023-01-05T08:00:00Z"), lastReportAt: "2023-06-01" });
    // Never counted: unpublished, or in another (private) space.
    await buildCommitment(t.services, { spaceId, spaceSlug: slug, organisationId: ngo.id, status: "draft", countries: ["KZ"] });
    await buildCommitment(t.services, { spaceId, spaceSlug: slug, organisationId: business.id, status: "under_review", countries: ["DE"] });
    const hidden = await buildSpace(t.services, { visibility: "private", frameworkKeys: ["GBF"] });
    await buildCommitment(t.services, { spaceId: hidden.id, spaceSlug: hidden.slug, status: "published", countries: ["KZ"] });
  });
  after(async () => t.close());

  it("counts only published commitments, per target, actor type, region, stage, light, month and country", async () => {
    const dashboard = await spaceDashboard(t.services.db, spaceId, t.clock.now());
    assert.deepEqual(dashboard.totals, { commitments: 4, actors: 3, countries: 4 });
    assert.deepEqual(
      dashboard.byTarget.map((target) => [target.key, target.primary, target.other]),
      [
        ["GBF-TARGET-17", 3, 0],
        ["GBF-TARGET-07", 1, 0],
        ["SDG-15", 0, 1],
      ],
    );
    assert.deepEqual(dashboard.byActorType, { ngo: 2, business: 1, individual: 1 });
    assert.deepEqual(dashboard.byRegion, { "142": 2, "150": 1, "019": 1 });
    assert.deepEqual(dashboard.byStage, { implementation: 2, planning: 1, evaluation: 1 });
    assert.deepEqual(dashboard.byLight, { green: 1, grey: 1, yellow: 1, red: 1 });
    assert.deepEqual(dashboard.byCountry, { KZ: 2, UZ: 1, FR: 1, BR: 1 });
    assert.equal(dashboard.byMonth.length, 39, "every month from January 2023 to March 2026");
    assert.deepEqual(dashboard.byMonth[0], { month: "2023-01", count: 1 });
    assert.deepEqual(
      dashboard.byMonth.filter((entry) => entry.count > 0).map((entry) => entry.month),
      ["2023-01", "2024-06", "2025-11", "2026-02"],
    );
    assert.deepEqual(dashboard.byMonth.at(-1), { month: "2026-03", count: 0 });
  });

  it("renders charts with HTML labels, a world map with a path per country and its count, and data tables", async () => {
    const response = await new Browser(t.app).get(`/spaces/${slug}/commitments/dashboard`);
    assert.equal(response.statusCode, 200);
    const body = response.body;
    assert.ok(!body.includes(XSS), "the space title is escaped");
    const figures = body.match(/<figure class="(?:bar|column)-chart" id="chart-[a-z-]+"><figcaption class="sr-only">[^<]+<\/figcaption>/g) ?? [];
    assert.equal(figures.length, 6, "targets, actor types, regions, stages, reporting, months");
    const svgs = body.match(/<svg [^>]*role="img"[^>]*>/g) ?? [];
    assert.equal(svgs.length, 1, "the map is one image");
    assert.match(svgs[0], /aria-labelledby="chart-countries-title chart-countries-desc"/);
    assert.ok(!/<text\b/.test(body), "no chart writes its text inside an SVG, where it would shrink with the picture");
    // Framework items by their label in the page's language, the short code second; the key only in the table.
    assert.match(body, /<span class="bar-label">Strengthen Biosafety and Distribute the Benefits of Biotechnology <span class="bar-code">Target 17<\/span><\/span>/);
    assert.ok(!/bar-label">GBF-/.test(body), "no bar is labelled with a raw key");
    assert.match(body, /<span class="bar-label">Non-governmental organisation[^<]*<\/span><span class="bar-track" aria-hidden="true"><svg [^>]+><title>2<\/title><rect x="0" y="0" width="100"/);
    assert.match(body, /<span class="column-axis"><span>2023-01<\/span>.*<span>2026-03<\/span><\/span>/, "the time axis runs from the first month to this one");
    assert.equal((body.match(/<svg /g) ?? []).length, (body.match(/<\/svg>/g) ?? []).length, "every svg is closed");
    assert.match(body, /<title id="chart-countries-title">Commitments by country<\/title><desc id="chart-countries-desc">/);
    assert.match(body, /<path d="m[^"]+" fill="#[0-9a-f]{6}" data-country="KZ" data-count="2"><title>Kazakhstan: 2<\/title><\/path>/);
    assert.match(body, /data-country="BR" data-count="1"><title>Brazil: 1<\/title>/);
    assert.match(body, /data-country="CN" data-count="0"><title>[^<]+: 0<\/title>/);
    assert.ok((body.match(/<path d="m/g) ?? []).length > 150, "one path per country of the 110m map");
    assert.equal((body.match(/<details class="chart-data">/g) ?? []).length, 7);
    assert.match(body, /<th scope="row">Strengthen Biosafety and Distribute the Benefits of Biotechnology \(Target 17\)<\/th><td>GBF-TARGET-17<\/td><td>3<\/td><td>0<\/td><td>3<\/td>/);
    assert.match(body, /<h2 id="section-totals">Totals<\/h2>\s*<ul class="totals">\s*<li><strong>4<\/strong> commitments<\/li>\s*<li><strong>3<\/strong> actors<\/li>\s*<li><strong>4<\/strong> countries<\/li>/);
    assert.ok(body.length < 250_000, `the page stays light (${body.length} bytes before compression)`);
    for (const chart of ["totals", "targets", "actor-types", "regions", "stages", "reporting", "months", "countries"]) {
      assert.ok(body.includes(`/spaces/${slug}/commitments/dashboard/${chart}.csv`), `a CSV link for ${chart}`);
    }
  });

  it("speaks Russian with correct plurals", async () => {
    const response = await new Browser(t.app, "ru").get(`/spaces/${slug}/commitments/dashboard`);
    assert.match(response.body, /<strong>4<\/strong> обязательства/);
    assert.match(response.body, /<strong>3<\/strong> участника/);
    assert.match(response.body, /data-country="KZ" data-count="2"><title>Казахстан: 2<\/title>/);
    assert.match(response.body, /<span class="bar-label">Укрепить биобезопасность и распространять выгоды от биотехнологий <span class="bar-code">Задача 17<\/span><\/span>/);
  });

  it("serves each chart's data as CSV", async () => {
    const browser = new Browser(t.app);
    const targets = await browser.get(`/spaces/${slug}/commitments/dashboard/targets.csv`);
    assert.equal(targets.statusCode, 200);
    assert.match(String(targets.headers["content-type"]), /^text\/csv; charset=utf-8/);
    assert.match(String(targets.headers["content-disposition"]), /attachment; filename="[^"]+-targets\.csv"/);
    const lines = targets.body.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    assert.equal(lines[0], "Target,Key,Primary target,Other target,Total");
    assert.equal(lines[1], "Strengthen Biosafety and Distribute the Benefits of Biotechnology (Target 17),GBF-TARGET-17,3,0,3");
    assert.equal(lines.length, 4);

    const countries = (await browser.get(`/spaces/${slug}/commitments/dashboard/countries.csv`)).body.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    assert.deepEqual(countries, ["Country,ISO code,Commitments", "Kazakhstan,KZ,2", "Brazil,BR,1", "France,FR,1", "Uzbekistan,UZ,1"]);
    const reporting = (await browser.get(`/spaces/${slug}/commitments/dashboard/reporting.csv`)).body.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    assert.deepEqual(reporting, ["Reporting,Commitments,Share (%)", "Reporting on time,1,25", "Report overdue,1,25", "Long overdue,1,25", "No report yet,1,25"]);
    const totals = (await browser.get(`/spaces/${slug}/commitments/dashboard/totals.csv`)).body.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    assert.deepEqual(totals, ["Measure,Value", "Published commitments,4", "Actors making them,3", "Countries covered,4"]);
    const months = (await browser.get(`/spaces/${slug}/commitments/dashboard/months.csv`)).body.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    assert.equal(months[1], "2023-01,1");
    const russian = await new Browser(t.app, "ru").get(`/spaces/${slug}/commitments/dashboard/stages.csv`);
    assert.match(russian.body, /^\uFEFFЭтап,Обязательства\r\nПланирование,1\r\n/);
  });

  it("counts what was published at once: the figures are kept in the publishing transaction, not cached", async () => {
    const before = await spaceDashboard(t.services.db, spaceId, t.clock.now());
    await buildCommitment(t.services, { spaceId, spaceSlug: slug, status: "published", countries: ["KZ"] });
    const after = await spaceDashboard(t.services.db, spaceId, t.clock.now());
    assert.equal(after.totals.commitments, before.totals.commitments + 1);
    assert.equal(after.byCountry.KZ, (before.byCountry.KZ ?? 0) + 1);
  });

  it("shows a private space's dashboard and CSV to nobody outside it", async () => {
    const hidden = await buildSpace(t.services, { visibility: "private", frameworkKeys: ["GBF"] });
    const browser = new Browser(t.app);
    assert.equal((await browser.get(`/spaces/${hidden.slug}/commitments/dashboard`)).statusCode, 404);
    assert.equal((await browser.get(`/spaces/${hidden.slug}/commitments/dashboard/countries.csv`)).statusCode, 404);
    const outsider = await buildUser(t.services);
    const signedIn = await new Browser(t.app).logIn(outsider.email, outsider.password);
    assert.equal((await signedIn.get(`/spaces/${hidden.slug}/commitments/dashboard/targets.csv`)).statusCode, 404);
  });

  it("shows an empty dashboard without failing", async () => {
    const empty = await buildSpace(t.services, { frameworkKeys: ["GBF"] });
    const response = await new Browser(t.app).get(`/spaces/${empty.slug}/commitments/dashboard`);
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /No published commitments yet\./);
  });
});

type MapPoint = [number, number];

/**
 * The absolute points of each subpath of an SVG path, read the way a browser reads it (M/m, L/l, H/h, V/v,
 * Z/z, with the implicit line-tos after a move): the map's paths must draw where the browser draws them.
 */
function absoluteRings(d: string): MapPoint[][] {
  const tokens = d.match(/[a-zA-Z]|-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/g) ?? [];
  const rings: MapPoint[][] = [];
  let command = "";
  let current: MapPoint = [0, 0];
  let start: MapPoint = [0, 0];
  let index = 0;
  const next = (): number => {
    const token = tokens[index++];
    const value = Number(token);
    if (token === undefined || Number.isNaN(value)) throw new Error(`path ends or breaks at token ${index}: ${d.slice(0, 60)}…`);
    return value;
  };
  while (index < tokens.length) {
    if (/[a-zA-Z]/.test(tokens[index])) command = tokens[index++];
    const isRelative = command === command.toLowerCase();
    switch (command.toLowerCase()) {
      case "m": {
        const x = next();
        const y = next();
        // The first move of a path is absolute even when written "m".
        current = isRelative && rings.length ? [current[0] + x, current[1] + y] : [x, y];
        start = current;
        rings.push([current]);
        command = isRelative ? "l" : "L";
        break;
      }
      case "l": {
        const x = next();
        const y = next();
        current = isRelative ? [current[0] + x, current[1] + y] : [x, y];
        rings.at(-1)?.push(current);
        break;
      }
      case "h":
        current = [isRelative ? current[0] + next() : next(), current[1]];
        rings.at(-1)?.push(current);
        break;
      case "v":
        current = [current[0], isRelative ? current[1] + next() : next()];
        rings.at(-1)?.push(current);
        break;
      case "z":
        current = start;
        break;
      default:
        throw new Error(`unexpected path command ${command}`);
    }
  }
  return rings;
}

/** Even-odd point-in-polygon over every ring, as SVG's default nonzero fill agrees for simple country rings. */
function contains(rings: MapPoint[][], [x, y]: MapPoint): boolean {
  let isInside = false;
  for (const ring of rings) {
    for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index++) {
      const [xi, yi] = ring[index];
      const [xj, yj] = ring[previous];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) isInside = !isInside;
    }
  }
  return isInside;
}

describe("commitments: chart building blocks", () => {
  it("escapes every label in a chart", () => {
    const series = [
      { name: `${XSS} a`, color: "#000000" },
      { name: `${XSS} b`, color: "#ffffff" },
    ];
    const svg = barChart({ id: "x", title: `${XSS} title`, description: `${XSS} desc`, series, rows: [{ label: `${XSS} label`, secondary: `${XSS} code`, values: [2, 1], valueText: `${XSS} 3` }] }).value;
    assert.ok(!svg.includes(XSS));
    for (const text of ["title", "desc", "label", "code", "a", "b", "3"]) assert.ok(svg.includes(`&lt;script&gt;alert(1)&lt;/script&gt; ${text}`), text);
  });

  it("projects the world once and shades countries by count", () => {
    assert.equal(worldShapes(), worldShapes(), "the projected shapes are cached");
    const svg = worldMap({ id: "m", title: "t", description: "d", counts: { KZ: 10, FR: 1 }, countryName: (code) => code, formatCount: String, legendLabel: "l", noDataLabel: "n" }).value;
    assert.match(svg, /fill="#165c1f" data-country="KZ" data-count="10"/, "the most gets the darkest shade");
    assert.match(svg, /fill="#d4ecd0" data-country="FR" data-count="1"/);
    assert.match(svg, /fill="#e6e6e6" data-country="DE" data-count="0"/);
  });

  it("draws every country inside the map where it lies on the globe", () => {
    // A point well inside each country, on every inhabited continent: if a path drew anywhere else (as
    // relative deltas read as absolute points once did, fanning 173 countries out of the top-left corner)
    // the country would not contain it.
    const inland: Record<string, MapPoint> = {
      US: [-98, 39], CA: [-100, 56], MX: [-102, 23], BR: [-50, -10], AR: [-65, -35], FR: [2.5, 46.5], DE: [10, 51], ES: [-4, 40],
      NG: [8, 9], EG: [30, 26], ZA: [24, -29], CD: [23, -3], KZ: [67, 48], RU: [90, 62], CN: [103, 35], IN: [79, 22], AU: [134, -25],
    };
    const counts = Object.fromEntries(Object.keys(inland).map((code, index) => [code, index + 1]));
    const svg = worldMap({ id: "m", title: "t", description: "d", counts, countryName: (code) => code, formatCount: String, legendLabel: "l", noDataLabel: "n" }).value;
    const paths = [...svg.matchAll(/<path d="([^"]*)"[^>]*?(?: data-country="([A-Z]{2})" data-count="(\d+)")?>/g)];
    assert.equal(paths.length, worldShapes().length, "every shape is in the picture");
    assert.ok(paths.length > 170, `the map has ${paths.length} countries`);
    const { width, height } = MAP_SIZE;
    const byCountry = new Map<string, MapPoint[][]>();
    for (const [, d, code] of paths) {
      const rings = absoluteRings(d);
      assert.ok(rings.length > 0 && rings.every((ring) => ring.length >= 3), `${code ?? "a shape"} has rings`);
      for (const [x, y] of rings.flat()) assert.ok(x >= 0 && x <= width && y >= 0 && y <= height, `${code ?? "a shape"} draws ${x},${y} outside 0 0 ${width} ${height}`);
      if (code) byCountry.set(code, rings);
    }
    const projection = mapProjection();
    for (const [code, lonLat] of Object.entries(inland)) {
      const rings = byCountry.get(code);
      assert.ok(rings, `${code} is drawn`);
      const point = projection(lonLat);
      assert.ok(point && contains(rings, point), `${code} covers ${lonLat.join(",")} (pixel ${point?.map(Math.round).join(",")})`);
      assert.match(svg, new RegExp(`data-country="${code}" data-count="${counts[code]}"`), `${code} carries its count`);
    }
  });

  it("writes CSV with quoting and without spreadsheet formulas", () => {
    assert.equal(toCsv(["a", "b"], [["x,y", 1], ['say "hi"', 2], ["=SUM(A1)", 3]]), '\uFEFFa,b\r\n"x,y",1\r\n"say ""hi""",2\r\n\'=SUM(A1),3\r\n');
  });
});
