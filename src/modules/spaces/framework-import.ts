import type { LocalizedText } from "../../platform/i18n/localized";
import { CsvSyntaxError, parseCsv, type CsvRecord } from "./csv";
import { isFrameworkKey } from "./inputs";

/**
 * Reading a custom framework from CSV or JSON: the same columns/fields in both —
 * key, parent_key, number, kind, label_<language> (label_en, label_ru, ...). Every problem is reported
 * with the line it is on, and any problem at all rejects the whole file.
 */
export type ImportFormat = "csv" | "json";

/** One row as read, before checking: column name → value, with the line (JSON: item position for the API). */
export type RawImportRow = { line: number; values: Record<string, string> };

/** A problem in one row (or the file, for line 0/1 header problems); `key` is a message key. */
export type ImportRowError = { line: number; field: string; key: string; values: Record<string, string | number> };

export type ImportItem = { line: number; key: string; parentKey: string | null; number: string | null; kind: string; label: LocalizedText };

export const IMPORT_MAX_ROWS = 5000;
export const LABEL_MAX_LENGTH = 1000;
const NUMBER_MAX_LENGTH = 20;
const KIND_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;
const LABEL_COLUMN = /^label_([a-z]{2,3})$/;
const FIXED_COLUMNS = new Set(["key", "parent_key", "number", "kind"]);

const error = (line: number, field: string, key: string, values: Record<string, string | number> = {}): ImportRowError => ({
  line,
  field,
  key: `framework.import.error.${key}`,
  values,
});

/** "Label EN" and "label-en" both mean label_en: spreadsheets are written by people. */
function normaliseColumn(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

function isKnownColumn(name: string): boolean {
  return FIXED_COLUMNS.has(name) || LABEL_COLUMN.test(name);
}

export function detectFormat(text: string): ImportFormat {
  const first = text.replace(/^\uFEFF/, "").trimStart()[0];
  return first === "[" || first === "{" ? "json" : "csv";
}

/** Reads CSV (any of , ; or tab as delimiter) into rows; the header is line 1. */
export function rowsFromCsv(text: string): { rows: RawImportRow[]; errors: ImportRowError[] } {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (caught) {
    if (caught instanceof CsvSyntaxError) return { rows: [], errors: [error(caught.line, "_", `csv_${caught.reason}`)] };
    throw caught;
  }
  if (!records.length) return { rows: [], errors: [error(1, "_", "no_rows")] };
  const [header, ...body] = records;
  const columns = header.fields.map(normaliseColumn);
  const errors: ImportRowError[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (!column) continue;
    if (!isKnownColumn(column)) errors.push(error(header.line, column, "unknown_column", { value: column }));
    else if (seen.has(column)) errors.push(error(header.line, column, "duplicate_column", { value: column }));
    seen.add(column);
  }
  if (!seen.has("key")) errors.push(error(header.line, "key", "key_column_missing"));
  if (![...seen].some((column) => LABEL_COLUMN.test(column))) errors.push(error(header.line, "label", "label_column_missing"));
  if (errors.length) return { rows: [], errors };

  const rows: RawImportRow[] = [];
  for (const record of body) {
    if (record.fields.length > columns.length && record.fields.slice(columns.length).some((value) => value.trim())) {
      errors.push(error(record.line, "_", "too_many_fields", { expected: columns.length, actual: record.fields.length }));
      continue;
    }
    const values: Record<string, string> = {};
    // Missing trailing cells are empty cells: some tools drop them.
    columns.forEach((column, index) => {
      if (column) values[column] = record.fields[index] ?? "";
    });
    rows.push({ line: record.line, values });
  }
  return { rows, errors };
}

/**
 * The line each element of the items array starts on (the root array, or the root object's "items"),
 * found by a small scan of text that JSON.parse has already accepted.
 */
export function jsonItemLines(text: string): number[] {
  const lines: number[] = [];
  const stack: { isObject: boolean; isItems: boolean }[] = [];
  let line = 1;
  let lastString = "";
  let pendingKey: string | null = null;
  let isAwaitingItem = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character === "\n") {
      line++;
      continue;
    }
    if (character === " " || character === "\t" || character === "\r" || character === "\uFEFF") continue;
    if (isAwaitingItem) {
      isAwaitingItem = false;
      if (character !== "]") lines.push(line);
    }
    if (character === '"') {
      let value = "";
      index++;
      while (index < text.length && text[index] !== '"') {
        if (text[index] === "\\") index++;
        value += text[index];
        index++;
      }
      lastString = value;
    } else if (character === ":") {
      pendingKey = lastString;
    } else if (character === "{" || character === "[") {
      const parent = stack[stack.length - 1];
      const isItems = character === "[" && (stack.length === 0 || (stack.length === 1 && parent.isObject && pendingKey === "items"));
      stack.push({ isObject: character === "{", isItems });
      pendingKey = null;
      if (isItems) isAwaitingItem = true;
    } else if (character === "}" || character === "]") {
      stack.pop();
      pendingKey = null;
    } else if (character === ",") {
      pendingKey = null;
      if (stack[stack.length - 1]?.isItems) isAwaitingItem = true;
    }
  }
  return lines;
}

function lineAtPosition(text: string, position: number): number {
  return text.slice(0, position).split("\n").length;
}

/** Turns one JSON item into row values (null when it is not an object); `label` may also be an object of languages. */
function valuesFromJsonItem(item: unknown, line: number, errors: ImportRowError[]): Record<string, string> | null {
  if (!item || typeof item !== "object" || Array.isArray(item)) {
    errors.push(error(line, "_", "not_an_object"));
    return null;
  }
  const values: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(item as Record<string, unknown>)) {
    const name = normaliseColumn(rawName);
    if (name === "label" && value && typeof value === "object" && !Array.isArray(value)) {
      for (const [language, text] of Object.entries(value as Record<string, unknown>)) {
        const column = `label_${language.toLowerCase()}`;
        if (!LABEL_COLUMN.test(column)) {
          errors.push(error(line, "label", "unknown_column", { value: column }));
        } else if (typeof text === "string") values[column] = text;
        else if (text !== null && text !== undefined) errors.push(error(line, column, "value_not_text", { value: column }));
      }
      continue;
    }
    if (!isKnownColumn(name)) errors.push(error(line, name, "unknown_column", { value: rawName }));
    else if (typeof value === "string") values[name] = value;
    else if (typeof value === "number" && Number.isFinite(value)) values[name] = String(value);
    else if (value !== null && value !== undefined) errors.push(error(line, name, "value_not_text", { value: name }));
  }
  // A row with a bad field is still checked, so that every problem is reported in one go.
  return values;
}

/** Rows from already-parsed JSON items (the API body); line = position in the array, from 1. */
export function rowsFromJsonItems(items: unknown[], lines: number[] = []): { rows: RawImportRow[]; errors: ImportRowError[] } {
  const rows: RawImportRow[] = [];
  const errors: ImportRowError[] = [];
  items.forEach((item, index) => {
    const line = lines[index] ?? index + 1;
    const values = valuesFromJsonItem(item, line, errors);
    if (values) rows.push({ line, values });
  });
  return { rows, errors };
}

/** Reads a JSON document: an array of items, or an object with an "items" array. */
export function rowsFromJson(text: string): { rows: RawImportRow[]; errors: ImportRowError[] } {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (caught) {
    const position = /position (\d+)/.exec((caught as Error).message);
    return { rows: [], errors: [error(position ? lineAtPosition(text, Number(position[1])) : 1, "_", "json_syntax")] };
  }
  const items = Array.isArray(document)
    ? document
    : document && typeof document === "object" && Array.isArray((document as { items?: unknown }).items)
      ? ((document as { items: unknown[] }).items)
      : null;
  if (!items) return { rows: [], errors: [error(1, "_", "json_shape")] };
  return rowsFromJsonItems(items, jsonItemLines(text));
}

export function readImportText(text: string, format: ImportFormat | "auto" = "auto"): { format: ImportFormat; rows: RawImportRow[]; errors: ImportRowError[] } {
  const resolved = format === "auto" ? detectFormat(text) : format;
  return { format: resolved, ...(resolved === "json" ? rowsFromJson(text) : rowsFromCsv(text)) };
}

/**
 * Checks every row: key present, well-formed and unique; parent known and not looping back; a label in
 * at least one language; short number and kind. Returns the items only when there is no error at all.
 */
export function validateImportRows(rows: RawImportRow[]): { items: ImportItem[]; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  if (!rows.length) return { items: [], errors: [error(1, "_", "no_rows")] };
  if (rows.length > IMPORT_MAX_ROWS) return { items: [], errors: [error(rows[IMPORT_MAX_ROWS].line, "_", "too_many_rows", { max: IMPORT_MAX_ROWS })] };

  const items: ImportItem[] = [];
  const firstLineOfKey = new Map<string, number>();
  for (const row of rows) {
    const key = (row.values.key ?? "").trim();
    if (!key) errors.push(error(row.line, "key", "key_missing"));
    else if (!isFrameworkKey(key)) errors.push(error(row.line, "key", "key_invalid", { value: key }));
    else if (firstLineOfKey.has(key)) errors.push(error(row.line, "key", "key_duplicate", { value: key, firstLine: firstLineOfKey.get(key) as number }));
    else firstLineOfKey.set(key, row.line);

    const label: LocalizedText = {};
    for (const [column, value] of Object.entries(row.values)) {
      const language = LABEL_COLUMN.exec(column)?.[1];
      const text = value.trim();
      if (!language || !text) continue;
      if (text.length > LABEL_MAX_LENGTH) errors.push(error(row.line, column, "label_too_long", { max: LABEL_MAX_LENGTH }));
      label[language] = text;
    }
    if (!Object.keys(label).length) errors.push(error(row.line, "label", "label_missing"));

    const number = (row.values.number ?? "").trim();
    if (number.length > NUMBER_MAX_LENGTH) errors.push(error(row.line, "number", "number_too_long", { max: NUMBER_MAX_LENGTH }));
    const kind = (row.values.kind ?? "").trim().toLowerCase() || "item";
    if (!KIND_PATTERN.test(kind)) errors.push(error(row.line, "kind", "kind_invalid", { value: kind }));
    const parentKey = (row.values.parent_key ?? "").trim() || null;
    items.push({ line: row.line, key, parentKey, number: number || null, kind, label });
  }

  const parentOf = new Map(items.filter((item) => item.key).map((item) => [item.key, item.parentKey]));
  for (const item of items) {
    if (!item.parentKey || !item.key) continue;
    if (!parentOf.has(item.parentKey)) {
      errors.push(error(item.line, "parent_key", "parent_unknown", { value: item.parentKey }));
      continue;
    }
    // Walk up the parents; coming back to this item means the chain is a loop.
    const visited = new Set<string>([item.key]);
    let current: string | null | undefined = item.parentKey;
    while (current) {
      if (visited.has(current)) break;
      visited.add(current);
      current = parentOf.get(current);
    }
    if (current === item.key) errors.push(error(item.line, "parent_key", "parent_cycle", { value: item.parentKey }));
  }
  errors.sort((a, b) => a.line - b.line);
  return errors.length ? { items: [], errors } : { items, errors };
}

/** Items ordered so every parent comes before its children (for inserting in chunks). */
export function parentsFirst(items: ImportItem[]): ImportItem[] {
  const byKey = new Map(items.map((item) => [item.key, item]));
  const depth = new Map<string, number>();
  const depthOf = (item: ImportItem): number => {
    const known = depth.get(item.key);
    if (known !== undefined) return known;
    const parent = item.parentKey ? byKey.get(item.parentKey) : undefined;
    const value = parent ? depthOf(parent) + 1 : 0;
    depth.set(item.key, value);
    return value;
  };
  return [...items].sort((a, b) => depthOf(a) - depthOf(b));
}
