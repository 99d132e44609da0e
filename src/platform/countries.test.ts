import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { countriesInRegion, countryName, isCountryCode, listCountries, listRegions, regionsOf } from "./countries";

describe("countries and UN M49 regions", () => {
  it("names countries in every UN language and sorts them in the page's language", () => {
    assert.equal(countryName("KZ", "en"), "Kazakhstan");
    assert.equal(countryName("KZ", "ru"), "Казахстан");
    assert.equal(countryName("KZ", "ar"), "كازاخستان");
    assert.equal(countryName("KZ", "xx"), "Kazakhstan", "an unknown language falls back to English");
    const russian = listCountries("ru");
    assert.ok(russian.length >= 249);
    assert.equal(russian[0].name.localeCompare(russian[1].name, "ru") <= 0, true);
  });

  it("accepts only real ISO 3166-1 alpha-2 codes", () => {
    assert.ok(isCountryCode("KE"));
    assert.ok(!isCountryCode("XX"));
    assert.ok(!isCountryCode("ke"));
    assert.ok(!isCountryCode(undefined));
  });

  it("places a country in its M49 region and sub-region, named in the page's language", () => {
    assert.deepEqual(
      regionsOf("KZ", "ru").map((region) => region.name),
      ["Азия", "Центральная Азия"],
    );
    assert.deepEqual(
      regionsOf("KE", "en").map((region) => region.code),
      ["002", "202", "014"],
    );
    assert.deepEqual(countriesInRegion("143").sort(), ["KG", "KZ", "TJ", "TM", "UZ"]);
    assert.ok(listRegions("en").some((region) => region.code === "419" && region.name === "Latin America and the Caribbean"));
  });

  it("names M49 regions in French, Spanish, Arabic and Chinese from ICU, keeping the English and Russian names", () => {
    assert.deepEqual(regionsOf("KZ", "fr").map((region) => region.name), ["Asie", "Asie centrale"]);
    assert.deepEqual(regionsOf("KZ", "es").map((region) => region.name), ["Asia", "Asia central"]);
    assert.deepEqual(regionsOf("KZ", "ar").map((region) => region.name), ["آسيا", "وسط آسيا"]);
    assert.deepEqual(regionsOf("KZ", "zh").map((region) => region.name), ["亚洲", "中亚"]);
    assert.deepEqual(regionsOf("KZ", "en").map((region) => region.name), ["Asia", "Central Asia"]);
    // Every region and sub-region has a name of its own in each language, never the bare code.
    for (const locale of ["en", "ru", "fr", "es", "ar", "zh"] as const) {
      for (const region of listRegions(locale)) assert.ok(region.name && !/^\d+$/.test(region.name), `${locale} ${region.code}`);
    }
    const english = new Map(listRegions("en").map((region) => [region.code, region.name]));
    const translated = listRegions("fr").filter((region) => region.name !== english.get(region.code));
    assert.ok(translated.length >= listRegions("fr").length - 2, "ICU names nearly all of them in French");
    assert.ok(listRegions("fr").every((region) => region.name[0] === region.name[0]!.toLocaleUpperCase("fr")), "names start with a capital");
  });
});
