import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CsvSyntaxError, detectDelimiter, parseCsv } from "./csv";

const fields = (text: string) => parseCsv(text).map((record) => record.fields);

describe("CSV parser", () => {
  it("splits plain records on commas and line breaks", () => {
    assert.deepEqual(fields("a,b,c\n1,2,3\n"), [
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
  });

  it("keeps commas, doubled quotes and line breaks inside quoted fields", () => {
    const records = parseCsv('key,label\nA,"one, two"\nB,"say ""hi"""\nC,"first line\nsecond line"\nD,end\n');
    assert.deepEqual(
      records.map((record) => record.fields),
      [
        ["key", "label"],
        ["A", "one, two"],
        ["B", 'say "hi"'],
        ["C", "first line\nsecond line"],
        ["D", "end"],
      ],
    );
    assert.deepEqual(
      records.map((record) => record.line),
      [1, 2, 3, 4, 6],
      "a record after a multi-line field starts on the right physical line",
    );
  });

  it("drops a byte-order mark and accepts CRLF, LF and lone CR line ends", () => {
    assert.deepEqual(fields("\uFEFFkey,label\r\nA,x\rB,y\nC,z"), [
      ["key", "label"],
      ["A", "x"],
      ["B", "y"],
      ["C", "z"],
    ]);
    assert.equal(parseCsv("\uFEFFkey")[0].fields[0], "key", "the BOM does not stick to the first column name");
  });

  it("normalises CRLF inside quotes to a single line break", () => {
    assert.deepEqual(fields('a\r\n"x\r\ny"\r\n'), [["a"], ["x\ny"]]);
  });

  it("keeps empty fields, including a trailing one and an empty quoted one", () => {
    assert.deepEqual(fields('a,,c,\n"",b,,\n'), [
      ["a", "", "c", ""],
      ["", "b", "", ""],
    ]);
  });

  it("skips blank lines and rows of empty cells but counts their lines", () => {
    const records = parseCsv("a,b\n\n1,2\n,,\n   \n3,4");
    assert.deepEqual(
      records.map((record) => [record.line, record.fields]),
      [
        [1, ["a", "b"]],
        [3, ["1", "2"]],
        [6, ["3", "4"]],
      ],
    );
  });

  it("keeps a quote in the middle of an unquoted field as written", () => {
    assert.deepEqual(fields('a,5" screen\n'), [["a", '5" screen']]);
  });

  it("tolerates spaces after a closing quote but refuses other text there", () => {
    assert.deepEqual(fields('"a"  ,b\n'), [["a", "b"]]);
    assert.throws(() => parseCsv('key\n"a"b\n'), (error: unknown) => error instanceof CsvSyntaxError && error.reason === "text_after_quote" && error.line === 2);
  });

  it("reports an unclosed quote at the line where it opened", () => {
    assert.throws(
      () => parseCsv('key,label\nA,"never closed\nB,x\nC,y\n'),
      (error: unknown) => error instanceof CsvSyntaxError && error.reason === "unclosed_quote" && error.line === 2,
    );
  });

  it("detects semicolon and tab delimiters from the first line, commas by default", () => {
    assert.equal(detectDelimiter("key;label_ru\nA;Вода, воздух"), ";");
    assert.equal(detectDelimiter("key\tlabel_en\nA\tWater"), "\t");
    assert.equal(detectDelimiter('"a;b",c\n'), ",", "delimiters inside quotes do not count");
    assert.equal(detectDelimiter("key"), ",");
    assert.deepEqual(fields("key;label_ru\nA;Вода, воздух"), [
      ["key", "label_ru"],
      ["A", "Вода, воздух"],
    ]);
    assert.deepEqual(fields("key\tlabel\nA\tx y"), [
      ["key", "label"],
      ["A", "x y"],
    ]);
  });

  it("returns no records for empty input or only a BOM", () => {
    assert.deepEqual(parseCsv(""), []);
    assert.deepEqual(parseCsv("\uFEFF"), []);
    assert.deepEqual(parseCsv("\n\n"), []);
  });

  it("reads a quoted empty value alone on a line as a record", () => {
    assert.deepEqual(fields('a\n""\n'), [["a"], [""]]);
  });
});
