import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { stemWord } from "./analyzer";
import { dictionarySize, dictionaryTranslations } from "./dictionary";

const stems = (list: readonly { stem: string }[]) => list.map((translation) => translation.stem);

test("everyday words translate both ways, best first", () => {
  assert.equal(dictionaryTranslations(stemWord("river"), "en")[0]?.stem, stemWord("река"));
  assert.ok(stems(dictionaryTranslations(stemWord("kitchen"), "en")).includes(stemWord("кухня")));
  assert.ok(stems(dictionaryTranslations(stemWord("рыба"), "ru")).includes(stemWord("fish")));
  assert.ok(stems(dictionaryTranslations(stemWord("ребёнок".replace("ё", "е")), "ru")).includes(stemWord("child")));
});

test("a derived headword does not lend its meaning to its base word's stem", () => {
  // "childish" («ребяческий») stems apart from "child", but "childly"-like derivations with the same stem must not win
  const child = stems(dictionaryTranslations(stemWord("child"), "en"));
  assert.ok(child.includes(stemWord("ребенок")));
  assert.ok(!child.includes(stemWord("ребячливый")), child.join(" "));
});

test("a Russian word's English sources come common first among equals", () => {
  assert.equal(dictionaryTranslations(stemWord("сухой"), "ru")[0]?.stem, stemWord("dry"));
});

test("limits, unknown stems and weights", () => {
  assert.equal(dictionaryTranslations(stemWord("burn"), "en", 2).length, 2);
  assert.deepEqual(dictionaryTranslations("zzyzx", "en"), []);
  assert.deepEqual(dictionaryTranslations("", "ru"), []);
  for (const translation of dictionaryTranslations(stemWord("permit"), "en")) assert.ok(translation.weight > 0 && translation.weight <= 1);
  const size = dictionarySize();
  assert.ok(size.en > 20_000 && size.ru > 20_000, JSON.stringify(size));
});

test("every line of the data file is an English stem, a Russian stem and a weight", () => {
  const lines = readFileSync(new URL("./dictionary/en-ru.tsv", import.meta.url), "utf8").split("\n").filter((line) => line && !line.startsWith("#"));
  const bad = lines.filter((line) => !/^[a-z][a-z-]*\t[а-я-]+\t(0\.\d\d|1\.00)\t\d+$/.test(line));
  assert.deepEqual(bad.slice(0, 5), []);
});
