import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { urlInLocale } from "./layout";

describe("the language switch's links", () => {
  it("keep the page and its query, with the language replaced", () => {
    assert.equal(urlInLocale("/search?q=water&type=guidance&lang=en", "fr"), "/search?q=water&type=guidance&lang=fr");
    assert.equal(urlInLocale("/knowledge", "ar"), "/knowledge?lang=ar");
  });

  it("keep only the path of an address too long for anyone to keep, and only the home page beyond that", () => {
    const huge = "q".repeat(100_000);
    assert.equal(urlInLocale(`/search?q=${huge}&type=x`, "ru"), "/search?lang=ru");
    assert.equal(urlInLocale(`/${huge}`, "zh"), "/?lang=zh");
  });
});
