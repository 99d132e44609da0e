import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { REFERENCE_FRAMEWORKS } from "../../spaces/reference/index";
import { contentStems } from "../../../platform/search/analyzer";
import { analyseTerm } from "../../../platform/search/glossary";
import { buildFrameworkGlossary, renderGlossaryFile } from "./frameworks";
import { shippedGlossary, shippedGlossaryEntries } from "./load";
import { normalizeTerm, thesaurusClashes, validateGlossary, validateGlossaryFile } from "./validate";

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

const concept = (id: string, en: string[], ru: string[]) => ({ id, domain: "general", en, ru });
const file = (concepts: unknown[], ambiguous = { en: [] as string[], ru: [] as string[] }) => ({ format: 1, languages: ["en", "ru"], ambiguous, concepts });

describe("glossary data", () => {
  it("curated.json passes the validator", () => {
    const report = validateGlossaryFile(here("./curated.json"));
    assert.deepEqual(report.errors, []);
    assert.ok(report.concepts.length >= 600, `only ${report.concepts.length} concepts`);
  });

  it("frameworks.json passes the validator and is what frameworks.ts generates from the reference frameworks", () => {
    assert.deepEqual(validateGlossaryFile(here("./frameworks.json")).errors, []);
    const { file: generated } = buildFrameworkGlossary(REFERENCE_FRAMEWORKS);
    assert.equal(readFileSync(here("./frameworks.json"), "utf8"), renderGlossaryFile(generated));
  });

  it("no concept id is in two files", () => {
    const ids = (name: string) => validateGlossaryFile(here(name)).concepts.map((entry) => entry.id);
    const all = [...ids("./curated.json"), ...ids("./frameworks.json"), ...ids("./thesaurus.json")];
    assert.deepEqual(all.filter((id, index) => all.indexOf(id) !== index), []);
  });

  it("thesaurus.json passes the validator, has several hundred concepts, and none of its terms is read as a term of the field", () => {
    const thesaurus = validateGlossaryFile(here("./thesaurus.json"));
    assert.deepEqual(thesaurus.errors, []);
    assert.ok(thesaurus.concepts.length >= 250, `only ${thesaurus.concepts.length} concepts`);
    const primary = [...validateGlossaryFile(here("./curated.json")).concepts, ...validateGlossaryFile(here("./frameworks.json")).concepts];
    assert.deepEqual(thesaurusClashes(thesaurus.concepts, primary), []);
    const withThesaurus = shippedGlossary({ withThesaurus: true });
    assert.ok(withThesaurus.isSecondary(thesaurus.concepts[0]!.id), "the thesaurus is loaded as secondary concepts");
    assert.ok(!withThesaurus.isSecondary(primary[0]!.id));
    assert.equal(shippedGlossary().concept(thesaurus.concepts[0]!.id), undefined, "and only for the readers that ask for it");
  });

  it("reports a thesaurus term read like a curated term", () => {
    const clashes = thesaurusClashes([{ id: "factory", domain: "general", en: ["permits", "plant"], ru: ["завод"] }], [{ id: "permit", domain: "legal", en: ["permit"], ru: ["разрешение"] }]);
    assert.deepEqual(clashes, ['factory: en "permits" = permit']);
  });
});

describe("glossary validator", () => {
  it("rejects a term two concepts share unless it is listed as ambiguous", () => {
    const concepts = [concept("appeal", ["appeal"], ["жалоба"]), concept("complaint", ["complaint"], ["Жалоба"])];
    assert.match(validateGlossary(file(concepts), "test.json").errors.join("\n"), /ru term "жалоба" appears in appeal, complaint/);
    const report = validateGlossary(file(concepts, { en: [], ru: ["жалоба"] }), "test.json");
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.sharedTerms, [{ language: "ru", term: "жалоба", ids: ["appeal", "complaint"] }]);
  });

  it("rejects a concept none of whose terms search can use (it could never be named)", () => {
    const errors = validateGlossary(file([concept("who-can", ["who can"], ["кто может"]), concept("meadow", ["meadow", "who can"], ["луг"])]), "test.json").errors.join("\n");
    assert.match(errors, /"who-can" has no term search can use/);
    assert.doesNotMatch(errors, /"meadow" has no term/);
  });

  it("rejects a term listed as ambiguous that no two concepts share", () => {
    const errors = validateGlossary(file([concept("a", ["a"], ["а"])], { en: ["a"], ru: [] }), "test.json").errors;
    assert.match(errors.join("\n"), /lists the en term "a", but no two concepts share it/);
  });

  it("rejects duplicate ids, unknown domains, empty or missing terms, ё, and English terms in Cyrillic", () => {
    const errors = validateGlossary(
      file([
        concept("same", ["one"], ["один"]),
        concept("same", ["two"], ["два"]),
        { id: "bad-domain", domain: "weather", en: ["rain"], ru: ["дождь"] },
        concept("empty", ["", "x"], []),
        concept("yo", ["report"], ["отчёт"]),
        concept("swapped", ["отчет"], ["report"]),
      ]),
      "test.json",
    ).errors.join("\n");
    for (const expected of [/id "same" is used twice/, /"bad-domain" has an unknown domain/, /"empty" has an empty en term/, /"empty" needs at least one ru term/, /"yo" ru term "отчёт" uses ё/, /"swapped" en term "отчет" contains Cyrillic/, /"swapped" has no ru term in Cyrillic/]) {
      assert.match(errors, expected);
    }
  });

  it("reports a file that is not JSON instead of throwing", () => {
    assert.match(validateGlossary("not an object", "test.json").errors[0], /expected an object with a "concepts" list/);
  });

  it("folds case, ё and spacing when comparing terms", () => {
    assert.equal(normalizeTerm("  Отчёт  о ходе\tработы "), "отчет о ходе работы");
  });
});

describe("the shipped glossary as search reads it", () => {
  const glossary = shippedGlossary({ withThesaurus: true });
  const found = (text: string) => glossary.conceptsInText(text);
  const foundFromStems = (text: string) => glossary.findConcepts(contentStems(text)).map((match) => match.conceptId);

  it("does not read «такие» as «что такое», «долг» as «как долго», «семья» as «семена», nor \"permit\" as \"possible\"", () => {
    for (const read of [found, foundFromStems]) {
      assert.ok(!read("такие").includes("what-is"), "такие");
      assert.ok(!read("долг").includes("how-long"), "долг");
      assert.ok(!read("long-term funding").includes("how-long"), "long-term");
      assert.deepEqual(read("permit"), ["permit"]);
      assert.ok(!read("семья").includes("genetic-resources"), "семья");
    }
    // The concepts are still found by their other terms.
    assert.deepEqual(found("определение"), ["what-is"]);
    assert.deepEqual(found("продолжительность"), ["how-long"]);
    assert.deepEqual(found("possible"), ["possible"]);
    assert.deepEqual(found("генетические ресурсы"), ["genetic-resources"]);
  });

  it("does not read a numbered item's short name as every item of its kind", () => {
    assert.deepEqual(found("SDG 5"), ["sdg"]);
    assert.deepEqual(found("target 3"), ["target"]);
  });

  it("finds each term's own concept and no other, except terms declared ambiguous and a framework item's own label", () => {
    // Stems of the terms declared ambiguous: a term read like one of them may name several concepts.
    const ambiguousStems = new Set<string>();
    const frameworkIds = new Set<string>();
    for (const name of ["./curated.json", "./frameworks.json", "./thesaurus.json"]) {
      const data = JSON.parse(readFileSync(here(name), "utf8")) as { ambiguous: Record<"en" | "ru", string[]>; concepts: { id: string }[] };
      for (const term of [...data.ambiguous.en, ...data.ambiguous.ru]) ambiguousStems.add(analyseTerm(term).stems.join(" "));
      if (name === "./frameworks.json") for (const item of data.concepts) frameworkIds.add(item.id);
    }
    const problems: string[] = [];
    for (const entry of shippedGlossaryEntries({ withThesaurus: true })) {
      for (const term of [...entry.en, ...entry.ru]) {
        const analysis = analyseTerm(term);
        if (analysis.use === "unusable") continue;
        const ids = found(term);
        // A curated concept and a framework item may share a name ("biosafety"): they are found together on purpose.
        const others = ids.filter((id) => id !== entry.id && frameworkIds.has(id) === frameworkIds.has(entry.id));
        if (!ids.includes(entry.id) || (others.length > 0 && !ambiguousStems.has(analysis.stems.join(" ")))) problems.push(`${entry.id} "${term}" → ${ids.join(", ") || "nothing"}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});

describe("glossary validator, as search reads the terms", () => {
  it("rejects a term that stop-word removal or a dropped number reduces, except a concept's first term (its name)", () => {
    const errors = validateGlossary(file([concept("how-long", ["how long", "duration", "how long exactly"], ["продолжительность", "как долго"]), concept("sdg-1", ["No Poverty", "SDG 1"], ["Ликвидация нищеты", "ЦУР 1"])]), "test.json").errors.join("\n");
    assert.match(errors, /"how-long" ru term "как долго" is reduced to one word/);
    assert.match(errors, /"sdg-1" en term "SDG 1" has a one-character number/);
    assert.match(errors, /"sdg-1" ru term "ЦУР 1" has a one-character number/);
    assert.doesNotMatch(errors, /"how long"|"No Poverty"|"how long exactly"/);
  });

  it("rejects terms of different concepts that are read as the same stems unless one of them is declared ambiguous", () => {
    const concepts = [concept("permit", ["permit"], ["разрешение"]), concept("possible", ["possible", "permitted"], ["возможно"])];
    assert.match(validateGlossary(file(concepts), "test.json").errors.join("\n"), /en terms "permit", "permitted" of permit, possible are all matched as "permit"/);
    assert.deepEqual(validateGlossary(file(concepts, { en: ["permitted"], ru: [] }), "test.json").errors, []);
  });
});
