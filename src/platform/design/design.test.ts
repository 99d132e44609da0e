import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { LOCALES } from "../i18n/locales";
import { createTestApp, type TestApp } from "../../testing/harness";
import { buildSpace } from "../../modules/spaces/factories";

// /design shows every component in each of its states, in every interface language and direction; and no page's
// CSS and scripts together weigh more than the page budget of the issue (50 KB compressed, with the HTML itself).

const COMPONENTS = [
  'class="swatches"',
  'class="error-summary"',
  'class="field has-error"',
  "data-picker",
  'class="steps"',
  'aria-current="step"',
  'class="step-done"',
  'class="tabs"',
  'class="pager"',
  'class="page-header"',
  'class="cards"',
  "badge-success",
  "badge-danger",
  'class="stat-tiles"',
  'class="empty-state"',
  'class="table-scroll"',
  'class="bar-chart"',
  'class="column-chart"',
  'class="chart-data"',
  "notice-info",
  "notice-success",
  "notice-warning",
  "notice-error",
  'class="form-sections"',
  'href="#design-form-what"',
  '<fieldset class="form-section" id="design-form-contact">',
  "<button type=\"button\" disabled>",
];

const BUDGET_BYTES = 50 * 1024;

describe("the design system page", () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  for (const locale of LOCALES) {
    it(`shows every component in ${locale.name}, in the page's direction`, async () => {
      const response = await t.app.inject({ method: "GET", url: `/design?lang=${locale.code}` });
      assert.equal(response.statusCode, 200);
      const page = response.body;
      assert.match(page, new RegExp(`<html lang="${locale.code}" dir="${locale.dir}">`));
      for (const component of COMPONENTS) assert.ok(page.includes(component), `${component} on /design in ${locale.code}`);
      // The page's own texts come from the catalog: no English sample text left where a translation exists.
      if (locale.code !== "en") assert.ok(!page.includes("Floodplain meadows of the lower river"), `sample content translated into ${locale.code}`);
    });
  }

  it("is linked from every page's footer", async () => {
    const response = await t.app.inject({ method: "GET", url: "/" });
    assert.match(response.body, /<a href="\/design">/);
  });
});

describe("the page budget", () => {
  let t: TestApp;
  const pages: string[] = ["/", "/design", "/spaces", "/events", "/organisations", "/knowledge", "/search?q=water"];

  before(async () => {
    t = await createTestApp();
    const space = await buildSpace(t.services, { slug: "budget-space", enabledModules: ["commitments", "consultations", "events", "knowledge", "news", "surveys"] });
    pages.push(`/spaces/${space.slug}`, `/spaces/${space.slug}/commitments`, `/spaces/${space.slug}/commitments/dashboard`, `/spaces/${space.slug}/news`);
  });
  after(() => t.close());

  it("keeps each page's HTML, stylesheets and scripts within 50 KB compressed", async () => {
    const over: string[] = [];
    for (const path of pages) {
      const response = await t.app.inject({ method: "GET", url: path, headers: { "accept-encoding": "gzip" } });
      assert.ok(response.statusCode < 400, `${path}: ${response.statusCode}`);
      const html = response.headers["content-encoding"] === "gzip" ? response.rawPayload.length : gzipSync(response.body).length;
      const page = response.headers["content-encoding"] === "gzip" ? (await t.app.inject({ method: "GET", url: path })).body : response.body;
      const assets = [...page.matchAll(/<(?:link rel="stylesheet" href|script[^>]*? src)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);
      assert.ok(assets.some((asset) => asset.startsWith("/assets/convene.")), `${path} links convene.css`);
      let total = html;
      for (const asset of new Set(assets)) {
        const file = await t.app.inject({ method: "GET", url: asset, headers: { "accept-encoding": "gzip" } });
        assert.equal(file.statusCode, 200, asset);
        total += file.headers["content-encoding"] === "gzip" ? file.rawPayload.length : gzipSync(file.rawPayload).length;
      }
      if (total > BUDGET_BYTES) over.push(`${path}: ${total} bytes`);
    }
    assert.deepEqual(over, []);
  });
});
