import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { LOCALES } from "./locales";

// The translators' catalogs (src/**/locales/<code>.json) checked as files, the way a translation platform would
// hand them back: every locale lists exactly English's keys; a translated message parses as ICU, uses the same
// placeholders, tags and select branches as English, and gives every plural form its language needs (Russian one/
// few/many/other, Arabic all six). An empty message is "not translated yet" and is allowed (English is shown).

const sourceRoot = fileURLToPath(new URL("../../", import.meta.url));

function catalogFolders(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(folder, entry.name);
    if (entry.name === "locales") found.push(path);
    else found.push(...catalogFolders(path));
  }
  return found;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;

type Shape = { placeholders: Map<string, string>; selects: Map<string, Set<string>>; plurals: Map<string, Set<string>> };

/** What a message needs from its caller and offers its reader: argument names and kinds, select and plural branches. */
function shapeOf(elements: MessageFormatElement[], shape: Shape = { placeholders: new Map(), selects: new Map(), plurals: new Map() }): Shape {
  for (const element of elements) {
    switch (element.type) {
      case TYPE.argument:
      case TYPE.number:
      case TYPE.date:
      case TYPE.time:
        shape.placeholders.set(element.value, TYPE[element.type]);
        break;
      case TYPE.tag:
        shape.placeholders.set(`<${element.value}>`, "tag");
        shapeOf(element.children, shape);
        break;
      case TYPE.select:
        shape.placeholders.set(element.value, "select");
        shape.selects.set(element.value, new Set([...(shape.selects.get(element.value) ?? []), ...Object.keys(element.options)]));
        for (const option of Object.values(element.options)) shapeOf(option.value, shape);
        break;
      case TYPE.plural:
        shape.placeholders.set(element.value, element.pluralType === "ordinal" ? "selectordinal" : "plural");
        shape.plurals.set(element.value, new Set([...(shape.plurals.get(element.value) ?? []), ...Object.keys(element.options)]));
        for (const option of Object.values(element.options)) shapeOf(option.value, shape);
        break;
      default:
        break;
    }
  }
  return shape;
}

describe("translators' catalogs", () => {
  const folders = catalogFolders(sourceRoot);

  it("exist for the platform and the modules, each with an English catalog", () => {
    assert.ok(folders.length >= 10, `found ${folders.length} locales folders`);
    for (const folder of folders) assert.doesNotThrow(() => readJson(join(folder, "en.json")), `${folder}/en.json`);
  });

  it("list exactly English's keys in every locale, and no key in two catalogs", () => {
    const owner = new Map<string, string>();
    for (const folder of folders) {
      const english = Object.keys(readJson(join(folder, "en.json")));
      for (const key of english) {
        assert.equal(owner.get(key), undefined, `${key} is in ${owner.get(key)} and ${folder}`);
        owner.set(key, folder);
      }
      for (const locale of LOCALES) {
        const keys = Object.keys(readJson(join(folder, `${locale.code}.json`)));
        const missing = english.filter((key) => !keys.includes(key));
        const extra = keys.filter((key) => !english.includes(key));
        assert.deepEqual(missing, [], `${folder}/${locale.code}.json lacks ${missing.join(", ")}`);
        assert.deepEqual(extra, [], `${folder}/${locale.code}.json has keys English lacks: ${extra.join(", ")}`);
      }
    }
  });

  it("keep English's placeholders, tags, select branches and every plural form of the language", () => {
    const problems: string[] = [];
    for (const folder of folders) {
      const english = readJson(join(folder, "en.json"));
      for (const locale of LOCALES) {
        const needed = new Intl.PluralRules(locale.intl).resolvedOptions().pluralCategories as string[];
        const catalog = readJson(join(folder, `${locale.code}.json`));
        for (const [key, message] of Object.entries(catalog)) {
          if (typeof message !== "string") {
            problems.push(`${locale.code} ${key}: not a string`);
            continue;
          }
          if (message === "") {
            if (locale.code === "en") problems.push(`en ${key}: empty`);
            continue;
          }
          let shape: Shape;
          let source: Shape;
          try {
            shape = shapeOf(parse(message, { requiresOtherClause: true }));
            source = shapeOf(parse(english[key], { requiresOtherClause: true }));
          } catch (error) {
            problems.push(`${locale.code} ${key}: does not parse (${(error as Error).message})`);
            continue;
          }
          // A number may be shown plainly in one language and through plural forms in another ("at most {max}
          // tags" / "не более {max, plural, …}"); `mode` (the space's wording) is passed to every message of a space.
          const kindClass = (kind: string) => (["argument", "number", "plural", "selectordinal"].includes(kind) ? "value" : kind);
          const describe = (map: Map<string, string>, isTranslation: boolean) =>
            [...map].filter(([name]) => !(isTranslation && name === "mode" && !source.placeholders.has("mode"))).map(([name, kind]) => `${name}:${kindClass(kind)}`).sort().join(" ");
          if (describe(shape.placeholders, true) !== describe(source.placeholders, false)) {
            problems.push(`${locale.code} ${key}: placeholders ${describe(shape.placeholders, true)} ≠ English ${describe(source.placeholders, false)}`);
          }
          for (const [name, branches] of source.selects) {
            const missing = [...branches].filter((branch) => !shape.selects.get(name)?.has(branch));
            if (missing.length) problems.push(`${locale.code} ${key}: select ${name} lacks ${missing.join(", ")}`);
          }
          for (const [name, branches] of shape.plurals) {
            // A plural English uses only as a switch (exact values and "other", no grammatical forms) may stay so.
            const englishBranches = source.plurals.get(name);
            if (englishBranches && ![...englishBranches].some((branch) => branch !== "other" && !branch.startsWith("="))) continue;
            const missing = needed.filter((category) => !branches.has(category));
            if (missing.length) problems.push(`${locale.code} ${key}: plural ${name} lacks ${missing.join(", ")}`);
          }
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
