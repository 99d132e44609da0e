import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, TEST_PASSWORD } from "../../testing/factories";
import { catalogCompleteness } from "./catalog-files";

describe("interface languages", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
  });
  after(async () => t.close());

  it("serves Arabic right to left and every language in its own language's name from the menu", async () => {
    const page = await t.app.inject({ method: "GET", url: "/spaces?lang=ar" });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<html lang="ar" dir="rtl">/);
    for (const name of ["English", "Русский", "Français", "Español", "中文"]) assert.ok(page.body.includes(`>${name}</a>`), name);
    const french = await t.app.inject({ method: "GET", url: "/spaces?lang=fr" });
    assert.match(french.body, /<html lang="fr" dir="ltr">/);
  });

  it("says so when part of the page is shown in English for want of a translation, and only then", async () => {
    const notice = (body: string) => /<p class="notice untranslated-notice">([^<]*)<\/p>/.exec(body)?.[1];
    // A page of a module whose Chinese catalog is not complete yet shows the notice; the spaces list, whose
    // catalogs (the platform's and the spaces module's) are translated, does not.
    const incomplete = catalogCompleteness().find((catalog) => catalog.name === "modules/events" && (catalog.translated.zh ?? 0) < catalog.total);
    if (incomplete) assert.equal(notice((await t.app.inject({ method: "GET", url: "/events?lang=zh" })).body), "本页部分内容尚未译成中文，暂以英文显示。");
    const complete = ["platform", "modules/spaces"].every((name) => catalogCompleteness().some((catalog) => catalog.name === name && catalog.translated.zh === catalog.total));
    if (complete) assert.equal(notice((await t.app.inject({ method: "GET", url: "/spaces?lang=zh" })).body), undefined);
    for (const complete of ["en", "ru"]) {
      const other = await t.app.inject({ method: "GET", url: `/spaces?lang=${complete}` });
      assert.doesNotMatch(other.body, /untranslated-notice/, complete);
    }
  });

  it("shows administrators each language's completeness, English and Russian complete", async () => {
    const admin = await buildUser(t.services, { isPlatformAdmin: true });
    const browser = await new Browser(t.app).logIn(admin.email, TEST_PASSWORD);
    const page = await browser.get("/admin/languages?lang=en");
    assert.equal(page.statusCode, 200);
    const rows = [...page.body.matchAll(/<tr><th scope="row"><span lang="([a-z]+)"[^>]*>[^<]*<\/span> \([a-z]+\)<\/th><td class="num">[^<]*<\/td><td class="num">([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)];
    assert.deepEqual(rows.map((row) => row[1]), ["en", "ru", "fr", "es", "ar", "zh"]);
    assert.equal(rows[0][2], "100 %");
    assert.equal(rows[1][3], "Complete");
    assert.equal(rows[1][4], "Written by the team");
    assert.equal(rows[2][4], "Translated by the team; awaiting review by a native speaker", "no translation is passed off as reviewed");
    assert.match(page.body, /<code>platform\/locales<\/code>/);
    assert.match(page.body, /<code>modules\/commitments\/locales<\/code>/);
  });
});
