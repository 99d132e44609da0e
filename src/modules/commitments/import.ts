import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { inArray } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../platform/audit/record";
import { isCountryCode, listRegions } from "../../platform/countries";
import { LOCALE_CODES } from "../../platform/i18n/locales";
import { cleanLocalized, searchableText, type LocalizedText } from "../../platform/i18n/localized";
import { translator } from "../../platform/i18n/messages";
import type { Services } from "../../platform/services";
import { organisations } from "../organisations/schema";
import { CsvSyntaxError, parseCsv } from "../spaces/csv";
import { findSpaceBySlug, spaceFrameworkItems } from "../spaces/queries";
import { EXPORT_ONLY_COLUMNS, IMPORT_COLUMNS, LIST_SEPARATOR } from "./export";
import { commitmentModeOf, translateInMode } from "./wording";
import {
  COMMITMENT_STAGES,
  COMMITMENT_TEMPLATES,
  COVERAGES,
  FUNDING_SUFFICIENCY,
  commitmentIndicators,
  commitmentPartners,
  commitments,
  commitmentTargets,
  type CommitmentLink,
  type IndicatorDirection,
  type CommitmentProfile,
} from "./schema";

/**
 * Bulk import of commitments from CSV or JSON, with the same columns/fields the export writes (so an
 * export can be edited and imported into another space). Every row is checked first; a single problem
 * anywhere means nothing is written, and the report lists every problem with its line and field.
 * The rows that pass are written in one transaction.
 */
export type ImportFormat = "csv" | "json";
export type ImportProblem = { line: number; field: string; key: string; values: Record<string, string | number> };
export type ImportReport = { isImported: boolean; format: ImportFormat; total: number; numbers: number[]; problems: ImportProblem[] };

export const IMPORT_MAX_ROWS = 10_000;
const TITLE_MAX = 300;
const TEXT_MAX = 10_000;
const SHORT_MAX = 300;

type Row = { line: number; values: Record<string, string> };

type IndicatorInput = { name: LocalizedText; unit: string; baselineValue: string | null; baselineDate: string | null; targetValue: string | null; targetDate: string | null; direction: IndicatorDirection };
type CheckedRow = CommitmentProfile & {
  line: number;
  organisationId: string;
  primaryItemId: string | null;
  otherItemIds: string[];
  indicators: IndicatorInput[];
  partners: string[];
  fundingAmount: string | null;
};

const problem = (line: number, field: string, key: string, values: Record<string, string | number> = {}): ImportProblem => ({
  line,
  field,
  key: `commitment.open_data.import.error.${key}`,
  values,
});

export function detectFormat(text: string, fileName = ""): ImportFormat {
  if (/\.json$/i.test(fileName)) return "json";
  if (/\.csv$/i.test(fileName)) return "csv";
  const first = text.replace(/^\uFEFF/, "").trimStart()[0];
  return first === "[" || first === "{" ? "json" : "csv";
}

/** The export guards cells against spreadsheet formulas with a leading apostrophe; take it off again. */
const unguard = (value: string): string => (/^'[=+@\-\t\r]/.test(value) ? value.slice(1) : value);

const KNOWN_COLUMNS = new Set([...IMPORT_COLUMNS, ...EXPORT_ONLY_COLUMNS]);

function rowsFromCsv(text: string): { rows: Row[]; problems: ImportProblem[] } {
  let records;
  try {
    records = parseCsv(text);
  } catch (caught) {
    if (caught instanceof CsvSyntaxError) return { rows: [], problems: [problem(caught.line, "_", "unreadable", { reason: caught.reason })] };
    throw caught;
  }
  if (records.length < 2) return { rows: [], problems: [problem(1, "_", "no_rows")] };
  const [header, ...body] = records;
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const problems = columns.filter((name) => name && !KNOWN_COLUMNS.has(name)).map((name) => problem(header.line, name, "unknown_column", { value: name }));
  const rows = body.map((record) => {
    const values: Record<string, string> = {};
    columns.forEach((column, index) => {
      if (column) values[column] = unguard(record.fields[index] ?? "");
    });
    return { line: record.line, values };
  });
  return { rows, problems };
}

const asText = (value: unknown): string => (value === null || value === undefined ? "" : typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value));

/**
 * A JSON item as the same flat columns the CSV has. Accepts the export's own shape (nested title,
 * targets, markers, funding ...) as well as flat objects with the CSV column names.
 */
function flattenItem(item: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  const localized = (field: string, value: unknown) => {
    if (value && typeof value === "object" && !Array.isArray(value)) for (const code of LOCALE_CODES) values[`${field}_${code}`] = asText((value as Record<string, unknown>)[code]);
  };
  for (const [key, value] of Object.entries(item)) if (KNOWN_COLUMNS.has(key) && typeof value !== "object") values[key] = asText(value);
  for (const field of ["title", "description", "location_note"]) localized(field, item[field]);
  const list = (value: unknown) => (Array.isArray(value) ? value.map(asText).join(LIST_SEPARATOR) : asText(value));
  for (const field of ["themes", "countries", "regions"]) if (field in item) values[field] = list(item[field]);
  const owner = item.owner as { slug?: unknown } | undefined;
  if (!("organisation" in item) && owner?.slug) values.organisation = asText(owner.slug);
  const primary = item.primary_target as { key?: unknown } | string | null | undefined;
  if (primary && typeof primary === "object") values.primary_target = asText(primary.key);
  if (Array.isArray(item.targets) && !("other_targets" in item)) {
    values.other_targets = (item.targets as { key?: unknown; is_primary?: unknown }[]).filter((target) => !target.is_primary).map((target) => asText(target.key)).join(LIST_SEPARATOR);
  }
  if (Array.isArray(item.other_targets)) values.other_targets = list(item.other_targets);
  if (Array.isArray(item.indicators)) values.indicators = JSON.stringify(item.indicators);
  if (Array.isArray(item.links)) values.links = JSON.stringify(item.links);
  if (Array.isArray(item.partners)) values.partners = (item.partners as unknown[]).map((partner) => (partner && typeof partner === "object" ? asText((partner as { name?: unknown }).name) : asText(partner))).join(LIST_SEPARATOR);
  const markers = item.markers as Record<string, unknown> | undefined;
  if (markers && typeof markers === "object") {
    localized("target_audience", markers.target_audience);
    localized("expected_impact", markers.expected_impact);
    if (markers.scale !== undefined) values.scale = asText(markers.scale);
  }
  localized("target_audience", item.target_audience);
  localized("expected_impact", item.expected_impact);
  const funding = item.funding as Record<string, unknown> | undefined;
  if (funding && typeof funding === "object") {
    values.funding_source = asText(funding.source);
    values.funding_sufficiency = asText(funding.sufficiency);
    values.funding_amount = asText(funding.amount);
    values.funding_currency = asText(funding.currency);
  }
  return values;
}

function rowsFromJson(text: string): { rows: Row[]; problems: ImportProblem[] } {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (caught) {
    return { rows: [], problems: [problem(1, "_", "unreadable", { reason: (caught as Error).message })] };
  }
  const items = Array.isArray(data) ? data : data && typeof data === "object" && Array.isArray((data as { data?: unknown }).data) ? (data as { data: unknown[] }).data : null;
  if (!items) return { rows: [], problems: [problem(1, "_", "not_a_list")] };
  if (!items.length) return { rows: [], problems: [problem(1, "_", "no_rows")] };
  const rows: Row[] = [];
  const problems: ImportProblem[] = [];
  // JSON items are numbered from 1 in the report, like lines.
  items.forEach((item, index) => {
    if (!item || typeof item !== "object" || Array.isArray(item)) problems.push(problem(index + 1, "_", "not_an_object"));
    else rows.push({ line: index + 1, values: flattenItem(item as Record<string, unknown>) });
  });
  return { rows, problems };
}

/** Reads a file's text into rows with their line (CSV) or item number (JSON). */
export function readImportRows(text: string, format: ImportFormat): { rows: Row[]; problems: ImportProblem[] } {
  const read = format === "json" ? rowsFromJson(text) : rowsFromCsv(text);
  if (read.rows.length > IMPORT_MAX_ROWS) return { rows: [], problems: [problem(1, "_", "too_many_rows", { max: IMPORT_MAX_ROWS })] };
  return read;
}

const IndicatorItem = z.object({
  name: z.union([z.string().trim().min(1).max(SHORT_MAX), z.record(z.string(), z.string().max(SHORT_MAX))]),
  unit: z.string().max(50).optional().default(""),
  baseline_value: z.number().finite().nullable().optional(),
  baseline_date: z.iso.date().nullable().optional(),
  target_value: z.number().finite().nullable().optional(),
  target_date: z.iso.date().nullable().optional(),
  direction: z.enum(["increase", "decrease", "maintain"]).optional().default("increase"),
});
const LinkItem = z.object({ url: z.string(), label: z.string().max(SHORT_MAX).optional().default("") });

type Lookups = { items: Map<string, string>; organisations: Map<string, string>; regions: Set<string> };

/** Checks one row; pushes its problems and returns the row ready to write only when it has none. */
function checkRow(row: Row, lookups: Lookups, defaultOrganisation: string | undefined, problems: ImportProblem[]): CheckedRow | null {
  const before = problems.length;
  const { line, values } = row;
  const value = (name: string) => (values[name] ?? "").trim();
  const add = (field: string, key: string, extra: Record<string, string | number> = {}) => problems.push(problem(line, field, key, extra));
  const list = (name: string) => value(name).split(LIST_SEPARATOR).map((item) => item.trim()).filter(Boolean);
  const localized = (field: string, max: number): LocalizedText => {
    const result: LocalizedText = {};
    for (const code of LOCALE_CODES) {
      const text = value(`${field}_${code}`);
      if (text.length > max) add(`${field}_${code}`, "too_long", { max });
      if (text) result[code] = text;
    }
    return cleanLocalized(result);
  };
  const choice = <T extends string>(name: string, choices: readonly T[], fallback: T): T => {
    const given = value(name);
    if (!given) return fallback;
    if ((choices as readonly string[]).includes(given)) return given as T;
    add(name, "invalid_choice", { value: given, choices: choices.join(", ") });
    return fallback;
  };
  const date = (name: string): string | null => {
    const given = value(name);
    if (!given) return null;
    if (z.iso.date().safeParse(given).success) return given;
    add(name, "invalid_date", { value: given });
    return null;
  };
  const boolean = (name: string, fallback: boolean): boolean => {
    const given = value(name).toLowerCase();
    if (!given) return fallback;
    if (["true", "yes", "1", "да"].includes(given)) return true;
    if (["false", "no", "0", "нет"].includes(given)) return false;
    add(name, "invalid_boolean", { value: given });
    return fallback;
  };
  const target = (name: string, key: string): string | null => {
    const id = lookups.items.get(key);
    if (!id) add(name, "unknown_target", { value: key });
    return id ?? null;
  };

  const title = localized("title", TITLE_MAX);
  if (!Object.keys(title).length) add(`title_${LOCALE_CODES[0]}`, "required");
  const description = localized("description", TEXT_MAX);
  const organisationSlug = value("organisation") || defaultOrganisation || "";
  const organisationId = organisationSlug ? lookups.organisations.get(organisationSlug) : undefined;
  if (!organisationSlug) add("organisation", "no_owner");
  else if (!organisationId) add("organisation", "unknown_organisation", { value: organisationSlug });
  const primaryKey = value("primary_target");
  const primaryItemId = primaryKey ? target("primary_target", primaryKey) : null;
  const otherItemIds = list("other_targets")
    .filter((key) => key !== primaryKey)
    .map((key) => target("other_targets", key))
    .filter((id): id is string => id !== null);
  const countries = list("countries").map((code) => code.toUpperCase());
  for (const code of countries) if (!isCountryCode(code)) add("countries", "invalid_country", { value: code });
  const regions = list("regions");
  for (const code of regions) if (!lookups.regions.has(code)) add("regions", "invalid_region", { value: code });
  const startDate = date("start_date");
  const endDate = date("end_date");
  if (startDate && endDate && endDate < startDate) add("end_date", "end_before_start");

  const indicators: IndicatorInput[] = [];
  if (value("indicators")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value("indicators"));
    } catch (caught) {
      add("indicators", "invalid_json", { reason: (caught as Error).message });
    }
    if (parsed !== undefined && !Array.isArray(parsed)) add("indicators", "invalid_json", { reason: "not a list" });
    else if (Array.isArray(parsed)) {
      parsed.forEach((item, index) => {
        const checked = IndicatorItem.safeParse(item);
        if (!checked.success) {
          const issue = checked.error.issues[0];
          add("indicators", "invalid_indicator", { index: index + 1, reason: `${issue.path.join(".") || "value"}: ${issue.message}` });
          return;
        }
        const data = checked.data;
        const name = typeof data.name === "string" ? { [LOCALE_CODES[0]]: data.name } : cleanLocalized(data.name);
        if (!Object.keys(name).length) {
          add("indicators", "invalid_indicator", { index: index + 1, reason: "name: required" });
          return;
        }
        const numeric = (number: number | null | undefined) => (number === null || number === undefined ? null : String(number));
        indicators.push({
          name,
          unit: data.unit,
          baselineValue: numeric(data.baseline_value),
          baselineDate: data.baseline_date ?? null,
          targetValue: numeric(data.target_value),
          targetDate: data.target_date ?? null,
          direction: data.direction,
        });
      });
    }
  }

  const links: CommitmentLink[] = [];
  const linkCell = value("links");
  if (linkCell) {
    let candidates: unknown[] = [];
    if (linkCell.startsWith("[")) {
      try {
        candidates = JSON.parse(linkCell) as unknown[];
      } catch (caught) {
        add("links", "invalid_json", { reason: (caught as Error).message });
      }
    } else candidates = list("links").map((url) => ({ url }));
    for (const candidate of Array.isArray(candidates) ? candidates : []) {
      const checked = LinkItem.safeParse(candidate);
      const url = checked.success ? checked.data.url.trim() : asText(candidate);
      if (!checked.success || !/^https?:\/\/[^\s]+$/i.test(url) || !URL.canParse(url)) add("links", "invalid_link", { value: url });
      else links.push({ url, label: checked.data.label });
    }
  }

  const amount = value("funding_amount").replace(/\s/g, "").replace(",", ".");
  if (amount && !/^\d{1,16}(\.\d{1,2})?$/.test(amount)) add("funding_amount", "invalid_number", { value: value("funding_amount") });
  const currency = value("funding_currency").toUpperCase();
  if (currency && !/^[A-Z]{3}$/.test(currency)) add("funding_currency", "invalid_currency", { value: currency });
  const scale = value("scale");
  if (scale.length > SHORT_MAX) add("scale", "too_long", { max: SHORT_MAX });
  const fundingSource = value("funding_source");
  if (fundingSource.length > SHORT_MAX) add("funding_source", "too_long", { max: SHORT_MAX });
  const themes = list("themes");
  const partners = list("partners");
  for (const name of [...themes, ...partners]) if (name.length > SHORT_MAX) add(themes.includes(name) ? "themes" : "partners", "too_long", { max: SHORT_MAX });

  const result: CheckedRow = {
    line,
    title,
    description,
    organisationId: organisationId ?? "",
    template: choice("template", COMMITMENT_TEMPLATES, "organisation"),
    primaryItemId,
    otherItemIds: [...new Set(otherItemIds)],
    themes,
    coverage: choice("coverage", COVERAGES, "national"),
    countries: [...new Set(countries)],
    regions: [...new Set(regions)],
    locationNote: localized("location_note", TEXT_MAX),
    startDate,
    endDate,
    isOpenEnded: boolean("is_open_ended", false),
    reviewDate: date("review_date"),
    stage: choice("stage", COMMITMENT_STAGES, "planning"),
    indicators,
    partners,
    targetAudience: localized("target_audience", TEXT_MAX),
    scale,
    expectedImpact: localized("expected_impact", TEXT_MAX),
    fundingSource,
    fundingSufficiency: choice("funding_sufficiency", FUNDING_SUFFICIENCY, "unknown"),
    fundingAmount: amount || null,
    fundingCurrency: currency || null,
    links,
    isPartnerDisplayAllowed: boolean("is_partner_display_allowed", false),
    intendsToReport: boolean("intends_to_report", false),
  };
  return problems.length === before ? result : null;
}

export type ImportInput = {
  spaceSlug: string;
  text: string;
  format?: ImportFormat;
  /** Slug of the organisation that owns rows without an `organisation` cell. */
  organisationSlug?: string;
  /** Published commitments when true; drafts for their owners to finish otherwise. */
  isPublished: boolean;
  actorUserId?: string | null;
  onProgress?: (done: number, total: number) => void;
};

/** Thrown when the target space does not exist or does not use commitments. */
export class ImportSpaceError extends Error {}

/** Checks every row, then writes all of them in one transaction, or nothing when any row has a problem. */
export async function importCommitments(services: Services, input: ImportInput): Promise<ImportReport> {
  const { db, clock } = services;
  const space = await findSpaceBySlug(db, input.spaceSlug);
  if (!space || !space.enabledModules.includes("commitments")) throw new ImportSpaceError(`there is no space "${input.spaceSlug}" with commitments`);
  const format = input.format ?? detectFormat(input.text);
  const read = readImportRows(input.text, format);
  const problems = [...read.problems];

  const items = new Map<string, string>();
  for (const { items: list } of await spaceFrameworkItems(db, space.id)) for (const item of list) if (!items.has(item.key)) items.set(item.key, item.id);
  const slugs = [...new Set([input.organisationSlug, ...read.rows.map((row) => (row.values.organisation ?? "").trim())].filter((slug): slug is string => Boolean(slug)))];
  const found = slugs.length ? await db.select({ id: organisations.id, slug: organisations.slug }).from(organisations).where(inArray(organisations.slug, slugs)) : [];
  const lookups: Lookups = { items, organisations: new Map(found.map((row) => [row.slug, row.id])), regions: new Set(listRegions("en").map((region) => region.code)) };

  const checked: CheckedRow[] = [];
  for (const row of read.rows) {
    const result = checkRow(row, lookups, input.organisationSlug, problems);
    if (result) checked.push(result);
  }
  const total = read.rows.length;
  if (problems.length || !checked.length) {
    if (!problems.length) problems.push(problem(1, "_", "no_rows"));
    problems.sort((a, b) => a.line - b.line);
    return { isImported: false, format, total, numbers: [], problems };
  }

  const now = clock.now();
  const numbers = await db.transaction(async (tx) => {
    const written: number[] = [];
    for (const row of checked) {
      const [created] = await tx
        .insert(commitments)
        .values({
          spaceId: space.id,
          organisationId: row.organisationId,
          createdBy: input.actorUserId ?? null,
          template: row.template,
          title: row.title,
          description: row.description,
          primaryItemId: row.primaryItemId,
          themes: row.themes,
          coverage: row.coverage,
          countries: row.countries,
          regions: row.regions,
          locationNote: row.locationNote,
          startDate: row.startDate,
          endDate: row.endDate,
          isOpenEnded: row.isOpenEnded,
          reviewDate: row.reviewDate,
          stage: row.stage,
          status: input.isPublished ? "published" : "draft",
          targetAudience: row.targetAudience,
          scale: row.scale,
          expectedImpact: row.expectedImpact,
          fundingSource: row.fundingSource,
          fundingSufficiency: row.fundingSufficiency,
          fundingAmount: row.fundingAmount,
          fundingCurrency: row.fundingCurrency,
          links: row.links,
          isPartnerDisplayAllowed: row.isPartnerDisplayAllowed,
          intendsToReport: row.intendsToReport,
          submittedAt: input.isPublished ? now : null,
          publishedAt: input.isPublished ? now : null,
          searchText: searchableText(row.title, row.description),
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: commitments.id, number: commitments.number });
      const targets = [...(row.primaryItemId ? [{ commitmentId: created.id, frameworkItemId: row.primaryItemId, isPrimary: true }] : []), ...row.otherItemIds.map((id) => ({ commitmentId: created.id, frameworkItemId: id, isPrimary: false }))];
      if (targets.length) await tx.insert(commitmentTargets).values(targets);
      if (row.indicators.length) await tx.insert(commitmentIndicators).values(row.indicators.map((indicator, position) => ({ commitmentId: created.id, position, ...indicator })));
      if (row.partners.length) await tx.insert(commitmentPartners).values(row.partners.map((name, position) => ({ commitmentId: created.id, name, position })));
      written.push(created.number);
      input.onProgress?.(written.length, checked.length);
    }
    await recordAudit(tx, {
      actorUserId: input.actorUserId ?? null,
      action: "commitments.imported",
      subjectType: "space",
      subjectId: space.id,
      spaceId: space.id,
      details: { count: written.length, isPublished: input.isPublished, format },
    });
    return written;
  });
  return { isImported: true, format, total, numbers, problems: [] };
}

/** `[#####-----] 512/1000`: a fixed-width bar for the terminal. */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total ? Math.round((done / total) * width) : width;
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`;
}

type Output = { write(text: string): unknown };

/**
 * `convene import-commitments --space SLUG --file F [--organisation SLUG] [--publish] [--format csv|json]`:
 * prints a progress bar on stderr and the report on stdout; exit code 1 when nothing was imported.
 */
export async function importCommitmentsCli(services: Services, args: string[], io: { stdout: Output; stderr: Output } = process): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { space: { type: "string" }, file: { type: "string" }, organisation: { type: "string" }, publish: { type: "boolean", default: false }, format: { type: "string" } },
    }));
  } catch (caught) {
    io.stderr.write(`convene: ${(caught as Error).message}\n`);
    return 2;
  }
  if (!values.space || !values.file || (values.format && values.format !== "csv" && values.format !== "json")) {
    io.stderr.write("convene: import-commitments needs --space SLUG and --file F (optional: --organisation SLUG, --publish, --format csv|json)\n");
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(values.file, "utf8");
  } catch (caught) {
    io.stderr.write(`convene: cannot read ${values.file}: ${(caught as Error).message}\n`);
    return 1;
  }
  const format = (values.format as ImportFormat | undefined) ?? detectFormat(text, values.file);
  let lastShown = -1;
  const onProgress = (done: number, total: number) => {
    // Redraw at most once per percent, so a large file does not flood a log that is not a terminal.
    const percent = Math.floor((done / total) * 100);
    if (percent === lastShown && done !== total) return;
    lastShown = percent;
    io.stderr.write(`\r${progressBar(done, total)}${done === total ? "\n" : ""}`);
  };
  let report: ImportReport;
  try {
    report = await importCommitments(services, { spaceSlug: values.space, text, format, organisationSlug: values.organisation, isPublished: values.publish ?? false, onProgress });
  } catch (caught) {
    if (caught instanceof ImportSpaceError) {
      io.stderr.write(`convene: ${caught.message}\n`);
      return 1;
    }
    throw caught;
  }
  // The problems speak the space's wording (a memorandum's file holds programme activities); the space exists, or importCommitments threw.
  const space = await findSpaceBySlug(services.db, values.space);
  const mode = space ? await commitmentModeOf(services.db, space.id) : "commitments";
  const t = translateInMode(translator("en"), mode);
  const where = format === "json" ? "item" : "line";
  if (!report.isImported) {
    io.stdout.write(`Nothing imported: ${report.problems.length} problem(s) in ${report.total} row(s).\n`);
    for (const found of report.problems) io.stdout.write(`  ${where} ${found.line}, ${found.field}: ${t(found.key, found.values)}\n`);
    return 1;
  }
  io.stdout.write(`Imported ${report.numbers.length} ${mode === "memorandum" ? "programme activity(-ies)" : "commitment(s)"} into ${values.space} as ${values.publish ? "published" : "drafts"}: ${report.numbers.map((number) => `#${number}`).join(", ")}\n`);
  return 0;
}
