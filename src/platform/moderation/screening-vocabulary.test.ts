import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import ts from "typescript";
import "../../app";
import { REFERENCE_FRAMEWORKS } from "../../modules/spaces/reference";
import { listCountries, listRegions } from "../countries";
import { registeredCatalogs } from "../i18n/messages";
import { screenText } from "./screening";

// The screen holds a post for a moderator; holding the secretariat's own vocabulary would hold ordinary work.
// This runs it over the words of the field: reference frameworks, demo content, UI text, place names, and a
// list of words and names known to contain (or begin like) a listed word.

/** `language`: the locale the text is written in, when the source says (else the screen guesses, as for a post). */
type Sample = { source: string; text: string; language?: string };

function stringsIn(source: string, value: unknown): Sample[] {
  if (typeof value === "string") return [{ source, text: value }];
  if (value && typeof value === "object") return Object.values(value).flatMap((inner) => stringsIn(source, inner));
  return [];
}

/** Every string literal and template text of a source file: the demo content is written as literals. */
function literalsOf(path: string): Sample[] {
  const file = ts.createSourceFile(path, readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8"), ts.ScriptTarget.Latest);
  const found: Sample[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) found.push({ source: path, text: node.text });
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const DEMO_FILES = ["src/platform/demo.ts", "src/modules/spaces/demo.ts", "src/modules/organisations/seed.ts", "src/modules/commitments/seed.ts", "src/modules/consultations/seed.ts", "src/modules/knowledge/practices/seed.ts"];
const UN_LANGUAGES = ["ar", "en", "es", "fr", "ru", "zh"];

// Words of a secretariat's work (and of the English-speaking world's place names) that contain or begin with a listed word.
const FIELD_TERMS_EN = [
  "artisanal and small-scale gold mining (ASGM)", "Fukushima", "Fukuoka", "Francis Fukuyama", "rapeseed and canola", "Sheila Dikshit",
  "Scunthorpe", "Essex, Sussex and Middlesex", "a cocktail reception", "an assessment", "the therapist", "grape growers", "Penistone",
  "shiitake and shitake mushrooms", "trafficking in persons", "Montenegro", "Monténégro", "el Mar Negro", "Río Negro", "Hitchcock",
  "Matsushita", "Kshitij", "Cockburn", "Hancock", "Dickens", "Moby Dick", "analysis and analogue data", "Assam tea", "Assisi",
  "Assyrian heritage", "Cumbria", "cumulative impact", "cumin", "Lake Titicaca", "arsenic and mercury", "the Kanal Istanbul project",
  "Niger and Nigeria", "a classic pass", "Sexwale", "sextant", "hooked on fishing", "a scattered population",
  "Twitter", "Dr Cummings", "Bastia", "spick and span", "Horsham", "Clitheroe", "Blackpool", "Tokyo Sexwale",
];
const FIELD_TERMS_RU = [
  "кустарная и мелкомасштабная добыча золота", "Фукусима", "рапс и рапсовое масло", "Шейла Дикшит", "Херсон", "Сукре, столица Боливии",
  "Мандалай", "мандарин и мандат", "Хуанхэ", "Хуэйчжоу", "бляха ремня", "застраховать урожай", "скипидар", "Усть-Каменогорск",
  "Ханты-Мансийск", "Хабаровск", "сухой сук", "учебный план", "потребители", "оскорбление", "Эбро", "Скандинавия", "Херцег-Нови",
  "Пхеньян", "Оскемен", "Мудьюг", "Ебейти", "употреблять", "погребение", "гребля",
];

function vocabulary(): Sample[] {
  const samples: Sample[] = [];
  for (const framework of REFERENCE_FRAMEWORKS) samples.push(...stringsIn(`framework ${framework.key}`, { name: framework.name, description: framework.description, items: framework.items.map((item) => item.label) }));
  for (const path of DEMO_FILES) samples.push(...literalsOf(path));
  // Each language's messages as posts in that language (French "assez" and "retard" are not the English list's words).
  for (const [locale, catalog] of registeredCatalogs()) for (const [key, message] of catalog) samples.push({ source: `messages ${locale} ${key}`, text: message, language: locale });
  for (const locale of UN_LANGUAGES) for (const country of listCountries(locale)) samples.push({ source: `country ${locale}`, text: country.name, language: locale });
  for (const locale of UN_LANGUAGES) for (const region of listRegions(locale)) samples.push({ source: `region ${locale}`, text: region.name, language: locale });
  for (const text of FIELD_TERMS_EN) samples.push({ source: "field terms", text, language: "en" });
  for (const text of FIELD_TERMS_RU) samples.push({ source: "field terms", text, language: "ru" });
  return samples;
}

describe("the abusive-language screen and the field's own words", () => {
  const samples = vocabulary();

  test("reads a vocabulary large enough to mean something", () => {
    // Guards the collection itself: a path that moved would otherwise leave the test screening nothing.
    assert.ok(samples.filter((sample) => sample.source.startsWith("framework")).length > 150);
    assert.ok(samples.filter((sample) => sample.source.startsWith("src/")).length > 300);
    assert.ok(samples.filter((sample) => sample.source === "country zh").length > 200);
    for (const locale of UN_LANGUAGES) assert.ok(samples.filter((sample) => sample.source.startsWith(`messages ${locale} `)).length > 1000, locale);
  });

  test("holds no framework label, demo text, UI message, country or region name, or field term", () => {
    const held = samples.flatMap((sample) => {
      const result = screenText(sample.text, sample.language);
      return result.isFlagged ? [`${sample.source}: ${JSON.stringify(sample.text.slice(0, 120))} → ${result.terms.join(", ")}`] : [];
    });
    assert.deepEqual(held, []);
  });

  test("holds the same text when it is abusive, so the vocabulary test cannot pass by holding nothing", () => {
    for (const text of ["fucking Fukushima", "bullshit analysis", "the motherfucker from Scunthorpe"]) assert.equal(screenText(text, "en").isFlagged, true, text);
    for (const language of UN_LANGUAGES) assert.equal(screenText("сука из Херсона", language).isFlagged, true, language);
    // The French messages that held posts when French was read with the English list.
    const french = samples.filter((sample) => sample.source.startsWith("messages fr ") && /\b(assez|retard)/i.test(sample.text));
    assert.ok(french.length > 0);
    assert.ok(french.some((sample) => screenText(sample.text, "en").isFlagged));
  });
});
