import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, TEST_PASSWORD } from "../../testing/factories";
import { html } from "../html";
import { viewContext } from "../http/context";
import { sendPage } from "../http/forms";
import { renderPage } from "../views/layout";
import { FALLBACK_LOCALE, LOCALE_CODES, localeInfo } from "./locales";
import { registerMessages, translator, unregisterMessages } from "./messages";

// Probe messages of this test only: one in English alone, as a message still waiting for its translators is, and
// one in every language.
const PROBE_ENGLISH_ONLY = "test.languages.probe_english_only";
const PROBE_EVERYWHERE = "test.languages.probe_everywhere";
const PROBES = {
  ...Object.fromEntries(LOCALE_CODES.map((code) => [code, { [PROBE_EVERYWHERE]: `probe ${code}` }])),
  en: { [PROBE_EVERYWHERE]: "probe en", [PROBE_ENGLISH_ONLY]: "English only" },
};

describe("interface languages", () => {
  let t: TestApp;
  before(async () => {
    // taken back after, so the catalog checks of the files sharing this process never see them
    registerMessages(PROBES);
    t = await createTestApp({
      isReferenceSeeded: false,
      // A page made of one probe message and the layout, so the notice is tested on a key no translator will fill in.
      beforeReady: (app) => {
        app.get<{ Querystring: { key: string } }>("/__test/probe", async (request, reply) =>
          sendPage(reply, renderPage(viewContext(request), { title: "Probe", body: html`<p>${request.t(request.query.key)}</p>` })),
        );
      },
    });
  });
  after(async () => {
    unregisterMessages(PROBES);
    await t.close();
  });

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
    const probe = async (key: string, locale: string) => notice((await t.app.inject({ method: "GET", url: `/__test/probe?key=${key}&lang=${locale}` })).body);
    for (const locale of LOCALE_CODES.filter((code) => code !== FALLBACK_LOCALE)) {
      assert.equal(await probe(PROBE_ENGLISH_ONLY, locale), translator(locale)("layout.untranslated_notice", { language: localeInfo(locale).name }), locale);
    }
    assert.equal(await probe(PROBE_ENGLISH_ONLY, "en"), undefined, "English is the source: nothing in it falls back");
    // Russian is kept complete, so a page of translated messages in it says nothing.
    assert.equal(await probe(PROBE_EVERYWHERE, "ru"), undefined);
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
