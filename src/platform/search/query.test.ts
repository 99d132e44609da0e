import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestApp, type TestApp } from "../../testing/harness";
import { contentStems, detectLanguage, stemWord } from "./analyzer";
import { GlossaryIndex } from "./glossary";
import { analyseQuery } from "./query";
import { recordVocabulary } from "./vocabulary";

describe("query analysis", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const glossary = new GlossaryIndex([
    { id: "public-participation", en: ["public participation"], ru: ["участие общественности"] },
    { id: "accreditation", en: ["accreditation"], ru: ["аккредитация"] },
  ]);

  test("stems Russian and English words by their own letters and drops stop words", () => {
    assert.deepEqual(contentStems("Как получить аккредитацию for the meetings?"), [stemWord("получить"), stemWord("аккредитацию"), stemWord("meetings")]);
    assert.equal(stemWord("аккредитации"), stemWord("аккредитацию"));
    assert.equal(detectLanguage("Where is the участие?"), "en");
  });

  test("finds a glossary concept in any word form and gives its terms in both languages", async () => {
    const query = await analyseQuery(t.services.db, "Об участии общественности", { locale: "ru", glossary });
    assert.deepEqual(query.concepts.map((concept) => concept.id), ["public-participation"]);
    assert.deepEqual(query.concepts[0]!.stems.en, [[stemWord("public"), stemWord("participation")]]);
    assert.equal(query.language, "ru");
  });

  test("corrects a word that is not in the vocabulary to a known one, and leaves known words alone", async () => {
    await recordVocabulary(t.services.db, ["Accreditation of observers", "Аккредитация наблюдателей"]);
    const query = await analyseQuery(t.services.db, "acreditation observers", { locale: "en", glossary });
    assert.deepEqual(query.corrections[stemWord("acreditation")], [stemWord("accreditation")]);
    assert.equal(query.corrections[stemWord("observers")], undefined);
    assert.deepEqual(query.concepts.map((concept) => concept.id), ["accreditation"], "the corrected word names the concept");
  });
});
