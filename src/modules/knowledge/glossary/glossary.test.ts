import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { REFERENCE_FRAMEWORKS } from "../../spaces/reference/index";
import { buildFrameworkGlossary, renderGlossaryFile } from "./frameworks";
import { normalizeTerm, validateGlossary, validateGlossaryFile } from "./validate";

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

  it("no concept id is in both files", () => {
    const ids = (name: string) => validateGlossaryFile(here(name)).concepts.map((entry) => entry.id);
    const frameworkIds = new Set(ids("./frameworks.json"));
    assert.deepEqual(ids("./curated.json").filter((id) => frameworkIds.has(id)), []);
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
