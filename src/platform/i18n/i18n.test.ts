import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { IntlMessageFormat } from "intl-messageformat";
import "../../app";
import { LOCALES, negotiateLocale } from "./locales";
import { localize } from "./localized";
import { registeredCatalogs, translator } from "./messages";

describe("translations", () => {
  it("has every message in English and Russian, none unknown to English in any language, and each one parses as ICU", () => {
    const catalogs = registeredCatalogs();
    const english = catalogs.get("en");
    assert.ok(english && english.size > 100);
    for (const locale of LOCALES) {
      // French, Spanish, Arabic and Chinese are filled in by translators over time; what they lack is shown in English.
      const catalog = catalogs.get(locale.code) ?? new Map<string, string>();
      const missing: string[] = [...english.keys()].filter((key) => !catalog.has(key));
      const extra: string[] = [...catalog.keys()].filter((key) => !english.has(key));
      if (locale.code === "en" || locale.code === "ru") assert.deepEqual(missing, [], `${locale.code} lacks ${missing.join(", ")}`);
      assert.deepEqual(extra, [], `${locale.code} has keys English lacks: ${extra.join(", ")}`);
      for (const [key, message] of catalog) {
        assert.doesNotThrow(() => new IntlMessageFormat(message, locale.intl), `${locale.code} ${key} does not parse`);
      }
    }
  });

  it("takes a select's other branch when the caller passed no value for it, instead of failing the page", () => {
    const probe = "test.i18n.missing-select";
    const english = registeredCatalogs().get("en") as Map<string, string>;
    english.set(probe, "{mode, select, memorandum {Programme activity} other {Commitment}} {number}");
    try {
      assert.equal(translator("en")(probe, { number: 7 }), "Commitment 7");
      assert.equal(translator("en")(probe, { mode: "memorandum", number: 7 }), "Programme activity 7");
    } finally {
      english.delete(probe);
    }
  });

  it("uses Russian plural forms", () => {
    const t = translator("ru");
    assert.match(t("error.account_locked", { minutes: 1 }), /1 минуту/);
    assert.match(t("error.account_locked", { minutes: 3 }), /3 минуты/);
    assert.match(t("error.account_locked", { minutes: 15 }), /15 минут/);
    assert.match(translator("en")("error.account_locked", { minutes: 1 }), /1 minute\./);
  });

  it("negotiates the language from Accept-Language with quality values", () => {
    assert.equal(negotiateLocale("ru-RU,ru;q=0.9,en;q=0.8"), "ru");
    assert.equal(negotiateLocale("de-DE,de;q=0.9,en;q=0.5,ru;q=0.4"), "en");
    assert.equal(negotiateLocale("de;q=1, ru;q=0.1"), "ru");
    assert.equal(negotiateLocale("fr-CA,fr;q=0.9,en;q=0.5"), "fr");
    assert.equal(negotiateLocale("ar-EG,ar;q=0.9"), "ar");
    assert.equal(negotiateLocale("zh-Hans-CN,zh;q=0.9"), "zh");
    assert.equal(negotiateLocale("de"), undefined);
    assert.equal(negotiateLocale(undefined), undefined);
  });

  it("falls back through the chain and says so", () => {
    assert.deepEqual(localize({ en: "Water", ru: "Вода" }, "ru"), { text: "Вода", locale: "ru", isFallback: false });
    assert.deepEqual(localize({ en: "Water" }, "ru"), { text: "Water", locale: "en", isFallback: true });
    assert.deepEqual(localize({ ru: "Вода" }, "en"), { text: "Вода", locale: "ru", isFallback: true });
    assert.deepEqual(localize({ fr: "Eau" }, "en"), { text: "Eau", locale: "fr", isFallback: true });
    assert.equal(localize({}, "en").text, "");
    assert.equal(localize({ ru: "   " , en: "Water" }, "ru").text, "Water");
  });
});
