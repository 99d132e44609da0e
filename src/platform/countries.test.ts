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
});
