import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { jsonItemLines, parentsFirst, readImportText, validateImportRows, type ImportRowError } from "./framework-import";

function check(text: string) {
  const read = readImportText(text);
  if (read.errors.length) return { items: [], errors: read.errors };
  return validateImportRows(read.rows);
}
const brief = (errors: ImportRowError[]) => errors.map((error) => `${error.line}:${error.field}:${error.key.replace("framework.import.error.", "")}`);

describe("framework import: reading and checking rows", () => {
  it("reads a well-formed CSV with hierarchy, numbers, kinds and labels in two languages", () => {
    const result = check("key,parent_key,number,kind,label_en,label_ru\nP1,,1,pillar,Information,Информация\nA1,P1,1.1,activity,\"Portal, open\",Портал\nA2,P1,1.2,,Training,\n");
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.items, [
      { line: 2, key: "P1", parentKey: null, number: "1", kind: "pillar", label: { en: "Information", ru: "Информация" } },
      { line: 3, key: "A1", parentKey: "P1", number: "1.1", kind: "activity", label: { en: "Portal, open", ru: "Портал" } },
      { line: 4, key: "A2", parentKey: "P1", number: "1.2", kind: "item", label: { en: "Training" } },
    ]);
  });

  it("accepts column names written loosely by people (case, spaces, hyphens)", () => {
    const result = check("Key;Parent Key;Label-EN\nA;;Alpha\nB;A;Beta\n");
    assert.deepEqual(result.errors, []);
    assert.equal(result.items[1].parentKey, "A");
  });

  it("reports each kind of row problem with its line", () => {
    const text = [
      "key,parent_key,label_en,label_ru",
      ",,No key,", // 2: missing key
      "A,,Alpha,",
      "A,,Again,", // 4: duplicate
      "B,NOPE,Beta,", // 5: unknown parent
      "C,D,Gamma,", // 6: cycle C -> D -> C
      "D,C,Delta,", // 7: cycle
      "E,,,", // 8: no label
      "bad key!,,Bad,", // 9: bad characters
      "F,F,Self,", // 10: its own parent
    ].join("\n");
    const result = check(text);
    assert.deepEqual(result.items, [], "nothing is accepted when anything is wrong");
    assert.deepEqual(brief(result.errors), [
      "2:key:key_missing",
      "4:key:key_duplicate",
      "5:parent_key:parent_unknown",
      "6:parent_key:parent_cycle",
      "7:parent_key:parent_cycle",
      "8:label:label_missing",
      "9:key:key_invalid",
      "10:parent_key:parent_cycle",
    ]);
    assert.deepEqual(result.errors[1].values, { value: "A", firstLine: 3 });
  });

  it("counts lines of multi-line quoted labels when reporting later rows", () => {
    const result = check('key,label_en\nA,"two\nlines"\n,missing key\n');
    assert.deepEqual(brief(result.errors), ["4:key:key_missing"]);
  });

  it("refuses headers without key or label columns, unknown or repeated columns", () => {
    assert.deepEqual(brief(check("name,label_en\nA,x\n").errors), ["1:name:unknown_column", "1:key:key_column_missing"]);
    assert.deepEqual(brief(check("key,number\nA,1\n").errors), ["1:label:label_column_missing"]);
    assert.deepEqual(brief(check("key,label_en,label_en\nA,x,y\n").errors), ["1:label_en:duplicate_column"]);
  });

  it("refuses a line with more values than columns, accepts one with fewer", () => {
    assert.deepEqual(brief(check("key,label_en\nA,x,extra\n").errors), ["2:_:too_many_fields"]);
    assert.deepEqual(check("key,label_en,number\nA,x\n").errors, []);
  });

  it("reports an unclosed quote and an empty file", () => {
    assert.deepEqual(brief(check('key,label_en\nA,"open\n').errors), ["2:_:csv_unclosed_quote"]);
    assert.deepEqual(brief(check("key,label_en\n").errors), ["1:_:no_rows"]);
    assert.deepEqual(brief(check("   ").errors), ["1:_:no_rows"]);
  });

  it("checks kind and number", () => {
    assert.deepEqual(brief(check("key,label_en,kind,number\nA,x,Two Words,1\nB,y,goal,123456789012345678901\n").errors), ["2:kind:kind_invalid", "3:number:number_too_long"]);
  });

  it("reads JSON arrays and {items} objects with the line each item starts on", () => {
    const text = `{
  "name": { "en": "ignored here" },
  "items": [
    { "key": "G1", "label_en": "Goal", "kind": "goal", "number": 1 },
    {
      "key": "T1",
      "parent_key": "G1",
      "label": { "en": "Target", "ru": "Задача" }
    },
    { "key": "T1", "label_en": "again" }
  ]
}`;
    assert.deepEqual(jsonItemLines(text), [4, 5, 10]);
    const result = check(text);
    assert.deepEqual(brief(result.errors), ["10:key:key_duplicate"]);
    const valid = check('[{"key":"G1","label_en":"Goal","number":1},{"key":"T1","parent_key":"G1","label":{"en":"Target","ru":"Задача"}}]');
    assert.deepEqual(valid.errors, []);
    assert.deepEqual(valid.items[0], { line: 1, key: "G1", parentKey: null, number: "1", kind: "item", label: { en: "Goal" } });
    assert.deepEqual(valid.items[1].label, { en: "Target", ru: "Задача" });
  });

  it("reports JSON syntax errors near their line, wrong shapes and wrong item types", () => {
    assert.deepEqual(brief(check('[\n{"key": "A", "label_en": "x"},\n{"key": "B" "label_en": "y"}\n]').errors), ["3:_:json_syntax"]);
    assert.deepEqual(brief(check('{"things": []}').errors), ["1:_:json_shape"]);
    assert.deepEqual(brief(check('[\n"just text",\n{"key": "A", "label_en": ["x"]},\n{"key": "B", "colour": "red", "label_en": "y"}\n]').errors), [
      "2:_:not_an_object",
      "3:label_en:value_not_text",
      "4:colour:unknown_column",
    ]);
  });

  it("orders items so that parents come before their children", () => {
    const { items } = check("key,parent_key,label_en\nC,B,c\nB,A,b\nA,,a\nD,,d\n");
    assert.deepEqual(
      parentsFirst(items).map((item) => item.key),
      ["A", "D", "B", "C"],
    );
  });
});
