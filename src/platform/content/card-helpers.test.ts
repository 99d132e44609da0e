import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { LOCALE_CODES } from "../i18n/locales";
import { registerMessages, unregisterMessages } from "../i18n/messages";
import { inEveryLocale } from "./card-helpers";

// Keys of this test only: one translated everywhere, one in English alone, so no real catalog's progress matters.
const PROBES = {
  ...Object.fromEntries(LOCALE_CODES.map((code) => [code, { "test.in_every_locale.everywhere": `everywhere ${code} {n}` }])),
  en: { "test.in_every_locale.everywhere": "everywhere en {n}", "test.in_every_locale.english_only": "English only" },
};

describe("inEveryLocale", () => {
  // taken back after, so the catalog checks of the files sharing this process never see them
  before(() => registerMessages(PROBES));
  after(() => unregisterMessages(PROBES));

  test("gives the line in every language that has its messages translated", () => {
    const line = inEveryLocale((t) => t("test.in_every_locale.everywhere", { n: 1 }));
    assert.deepEqual(Object.keys(line), LOCALE_CODES);
    assert.equal(line.ru, "everywhere ru 1");
  });

  test("leaves out a language in which any message of the line fell back to English, never English itself", () => {
    assert.deepEqual(inEveryLocale((t) => t("test.in_every_locale.english_only")), { en: "English only" });
    assert.deepEqual(inEveryLocale((t) => `${t("test.in_every_locale.everywhere", { n: 2 })} · ${t("test.in_every_locale.english_only")}`), { en: "everywhere en 2 · English only" });
  });

  test("hands the language to the line, for formatting dates and numbers in it", () => {
    assert.equal(inEveryLocale((t, code) => code).fr, "fr");
  });
});
