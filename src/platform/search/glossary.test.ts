import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { contentStems } from "./analyzer";
import { analyseTerm, GlossaryIndex } from "./glossary";

describe("glossary terms as search reads them", () => {
  test("a term left with one word after stop-word removal is not matched by that word", () => {
    assert.deepEqual(analyseTerm("что такое"), { stems: ["так"], use: "unusable", reason: "collapsed" });
    assert.equal(analyseTerm("how long").use, "unusable");
    const index = new GlossaryIndex([
      { id: "what-is", en: ["what is", "definition"], ru: ["что такое", "определение"] },
      { id: "how-long", en: ["how long", "duration"], ru: ["как долго", "продолжительность"] },
    ]);
    assert.deepEqual(index.conceptsInText("такие"), []);
    assert.deepEqual(index.conceptsInText("долг"), []);
    assert.deepEqual(index.conceptsInText("a long road"), []);
    assert.deepEqual(index.conceptsInText("продолжительность процедуры"), ["how-long"], "the concept's other terms still work");
    assert.deepEqual(index.termStems("what-is", "ru"), [contentStems("определение")], "nor is it among the concept's stems");
  });

  test("a term with a number or letter search drops is not matched by what is left", () => {
    assert.equal(analyseTerm("SDG 1").reason, "lost-word");
    assert.equal(analyseTerm("GBF target 3").reason, "lost-word");
    const index = new GlossaryIndex([
      { id: "sdg", en: ["SDG"], ru: ["ЦУР"] },
      { id: "SDG-01", en: ["SDG 1"], ru: ["ЦУР 1"] },
      { id: "SDG-13", en: ["SDG 13"], ru: ["ЦУР 13"] },
    ]);
    assert.deepEqual(index.conceptsInText("SDG 5"), ["sdg"]);
    assert.deepEqual(index.conceptsInText("ЦУР 13"), ["SDG-13"]);
  });

  test("a one-word term whose stem is short and cut from the word is matched only in words that begin like it", () => {
    assert.deepEqual(analyseTerm("семена"), { stems: ["сем"], use: "surface", reason: "short-stem" });
    assert.equal(analyseTerm("суд").use, "stems", "a short word the stemmer leaves whole keeps its stem");
    assert.equal(analyseTerm("семенной материал").use, "stems");
    const index = new GlossaryIndex([
      { id: "genetic-resources", en: ["genetic resources", "seeds"], ru: ["генетические ресурсы", "семена"] },
      { id: "data", en: ["data"], ru: ["данные"] },
    ]);
    assert.deepEqual(index.conceptsInText("семья мигранта"), []);
    assert.deepEqual(index.findConcepts(contentStems("семья")), []);
    assert.deepEqual(index.conceptsInText("обмен семена"), ["genetic-resources"]);
    assert.deepEqual(index.conceptsInText("открытых данных"), ["data"], "a form that begins like the term is found");
    assert.deepEqual(index.conceptsInText("права даны"), [], "a word with the same stem that does not is not");
    assert.deepEqual(index.findConcepts(["сем"], undefined, ["семена"]).map((match) => match.conceptId), ["genetic-resources"]);
    assert.deepEqual(index.termStems("genetic-resources", "ru"), [contentStems("генетические ресурсы")], "a query is not widened with «сем»");
  });
});

describe("secondary concepts (a general thesaurus)", () => {
  const index = new GlossaryIndex([
    { id: "permit", en: ["permit"], ru: ["разрешение"] },
    { id: "permit-to-operate", en: ["permit to operate", "licence"], ru: ["разрешение на деятельность", "лицензия"], secondary: true },
    { id: "factory", en: ["factory", "plant"], ru: ["завод"], secondary: true },
  ]);

  test("a secondary term never hides a primary one, even a longer one", () => {
    assert.deepEqual(index.conceptsInText("разрешение на деятельность завода"), ["permit", "factory"]);
    assert.deepEqual(index.conceptsInText("a permit to operate the plant"), ["permit", "factory"]);
  });

  test("a secondary term is found where no primary concept is named", () => {
    assert.deepEqual(index.conceptsInText("лицензия завода"), ["permit-to-operate", "factory"]);
    assert.equal(index.isSecondary("factory"), true);
    assert.equal(index.isSecondary("permit"), false);
  });

  test("terms added later to a secondary concept keep it secondary", () => {
    const extended = new GlossaryIndex([{ id: "factory", en: ["factory"], ru: ["завод"], secondary: true }]);
    extended.add({ id: "factory", en: ["works"], ru: ["фабрика"] });
    assert.equal(extended.isSecondary("factory"), true);
    assert.deepEqual(extended.conceptsInText("фабрика"), ["factory"]);
  });
});
