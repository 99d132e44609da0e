import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { LOCALE_CODES } from "../../platform/i18n/locales";
import type { LocalizedText } from "../../platform/i18n/localized";
import type { Services } from "../../platform/services";
import { clearingHouseChunks } from "./clearing-house";
import { eachOpenCommitment, openDataSpace, type OpenCommitment } from "./queries-open-data";
import { STATUS_LIGHTS } from "./status-light";
import { COMMITMENT_STAGES, COMMITMENT_STATUSES, COMMITMENT_TEMPLATES, COVERAGES, FUNDING_SUFFICIENCY } from "./schema";

// The open-data shape of a commitment, shared by the API, the JSON/NDJSON exports and (flattened) the CSV.

const Localized = z.record(z.string(), z.string()).describe("Text per language code");
const TargetOut = z.object({ framework: z.string(), key: z.string(), number: z.string().nullable(), label: Localized });
const LinkOut = z.object({ url: z.string(), label: z.string() });

export const CommitmentOut = z.object({
  id: z.string(),
  number: z.number().int().describe("Public reference within the platform"),
  url: z.string().describe("The commitment's page"),
  space: z.string().describe("Slug of the space"),
  title: Localized,
  description: Localized,
  template: z.enum(COMMITMENT_TEMPLATES),
  owner: z.object({
    kind: z.enum(["organisation", "person"]),
    name: Localized,
    slug: z.string().nullable(),
    actor_type: z.string().nullable().describe("Actor type key of the organisation"),
    country: z.string().nullable(),
    url: z.string().nullable(),
  }),
  primary_target: TargetOut.nullable().describe("The one framework item the commitment mainly contributes to"),
  targets: z.array(TargetOut.extend({ is_primary: z.boolean() })).describe("Every framework item, the primary one first"),
  themes: z.array(z.string()).describe("Action areas"),
  coverage: z.enum(COVERAGES),
  countries: z.array(z.string()).describe("ISO 3166-1 alpha-2"),
  regions: z.array(z.string()).describe("UN M49 region codes"),
  location_note: Localized,
  start_date: z.string().nullable(),
  end_date: z.string().nullable(),
  is_open_ended: z.boolean(),
  review_date: z.string().nullable(),
  stage: z.enum(COMMITMENT_STAGES),
  status: z.enum(COMMITMENT_STATUSES).describe("Review status: always published in open data; the others are read only by a commitment's owners and reviewers"),
  indicators: z.array(
    z.object({
      name: Localized,
      unit: z.string(),
      baseline_value: z.number().nullable(),
      baseline_date: z.string().nullable(),
      target_value: z.number().nullable(),
      target_date: z.string().nullable(),
      direction: z.enum(["increase", "decrease", "maintain"]),
      latest_value: z.number().nullable().describe("From the most recent progress report that gave one"),
    }),
  ),
  partners: z.array(z.object({ name: z.string(), organisation: z.string().nullable().describe("Slug when the partner is on the platform"), role: z.string() })),
  markers: z.object({ target_audience: Localized, scale: z.string(), expected_impact: Localized }),
  funding: z.object({ source: z.string(), sufficiency: z.enum(FUNDING_SUFFICIENCY), amount: z.number().nullable(), currency: z.string().nullable() }),
  links: z.array(LinkOut),
  contacts: z.array(z.object({ name: z.string(), email: z.string(), role: z.string() })).describe("Only contacts marked public"),
  is_partner_display_allowed: z.boolean().describe("The owner agreed to be shown on partner platforms"),
  intends_to_report: z.boolean(),
  published_at: z.string(),
  updated_at: z.string(),
  last_report_at: z.string().nullable(),
  latest_progress: z
    .object({ report_date: z.string(), stage: z.enum(COMMITMENT_STAGES), percent_complete: z.number().int().nullable(), narrative: Localized, evidence_links: z.array(LinkOut) })
    .nullable(),
  status_light: z.enum(STATUS_LIGHTS).describe("Reporting health: green = a report within the space's green period (12 months unless set), yellow = older, red = overdue (24 months), grey = no report yet"),
});
export type CommitmentOut = z.infer<typeof CommitmentOut>;

const text = (value: LocalizedText): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const [code, content] of Object.entries(value)) if (content) result[code] = content;
  return result;
};

export function commitmentUrl(publicUrl: string, spaceSlug: string, number: number): string {
  return `${publicUrl}/spaces/${encodeURIComponent(spaceSlug)}/commitments/${number}`;
}

/** A commitment in the open-data JSON shape (snake_case, absolute URLs). */
export function commitmentJson(record: OpenCommitment, publicUrl: string): CommitmentOut {
  const target = (item: OpenCommitment["targets"][number]) => ({ framework: item.frameworkKey, key: item.key, number: item.number, label: text(item.label) });
  const primary = record.targets.find((item) => item.isPrimary);
  return {
    id: record.id,
    number: record.number,
    url: commitmentUrl(publicUrl, record.spaceSlug, record.number),
    space: record.spaceSlug,
    title: text(record.title),
    description: text(record.description),
    template: record.template,
    owner: {
      kind: record.owner.kind,
      name: text(record.owner.name),
      slug: record.owner.slug,
      actor_type: record.owner.actorType,
      country: record.owner.country,
      url: record.owner.slug ? `${publicUrl}/organisations/${encodeURIComponent(record.owner.slug)}` : null,
    },
    primary_target: primary ? target(primary) : null,
    targets: record.targets.map((item) => ({ ...target(item), is_primary: item.isPrimary })),
    themes: record.themes,
    coverage: record.coverage,
    countries: record.countries,
    regions: record.regions,
    location_note: text(record.locationNote),
    start_date: record.startDate,
    end_date: record.endDate,
    is_open_ended: record.isOpenEnded,
    review_date: record.reviewDate,
    stage: record.stage,
    status: record.status,
    indicators: record.indicators.map((indicator) => ({
      name: text(indicator.name),
      unit: indicator.unit,
      baseline_value: indicator.baselineValue,
      baseline_date: indicator.baselineDate,
      target_value: indicator.targetValue,
      target_date: indicator.targetDate,
      direction: indicator.direction,
      latest_value: indicator.latestValue,
    })),
    partners: record.partners.map((partner) => ({ name: partner.name, organisation: partner.organisationSlug, role: partner.role })),
    markers: { target_audience: text(record.targetAudience), scale: record.scale, expected_impact: text(record.expectedImpact) },
    funding: { source: record.fundingSource, sufficiency: record.fundingSufficiency, amount: record.fundingAmount, currency: record.fundingCurrency },
    links: record.links.map((link) => ({ url: link.url, label: link.label })),
    contacts: record.contacts,
    is_partner_display_allowed: record.isPartnerDisplayAllowed,
    intends_to_report: record.intendsToReport,
    published_at: record.publishedAt.toISOString(),
    updated_at: record.updatedAt.toISOString(),
    last_report_at: record.lastReportAt,
    latest_progress: record.latestProgress
      ? {
          report_date: record.latestProgress.reportDate,
          stage: record.latestProgress.stage,
          percent_complete: record.latestProgress.percentComplete,
          narrative: text(record.latestProgress.narrative),
          evidence_links: record.latestProgress.evidenceLinks.map((link) => ({ url: link.url, label: link.label })),
        }
      : null,
    status_light: record.statusLight,
  };
}

// ---- CSV ---------------------------------------------------------------------------------------------

/** Multilingual fields: one column per UI language, `title_en`, `title_ru`, ... */
export const LOCALIZED_COLUMNS = ["title", "description", "location_note", "target_audience", "expected_impact"] as const;
const localizedColumns = (field: string) => LOCALE_CODES.map((code) => `${field}_${code}`);

/** Columns the import reads back (the same names as the export). */
export const IMPORT_COLUMNS = [
  ...localizedColumns("title"),
  ...localizedColumns("description"),
  "organisation",
  "template",
  "primary_target",
  "other_targets",
  "themes",
  "coverage",
  "countries",
  "regions",
  ...localizedColumns("location_note"),
  "start_date",
  "end_date",
  "is_open_ended",
  "review_date",
  "stage",
  "indicators",
  "partners",
  ...localizedColumns("target_audience"),
  "scale",
  ...localizedColumns("expected_impact"),
  "funding_source",
  "funding_sufficiency",
  "funding_amount",
  "funding_currency",
  "links",
  "is_partner_display_allowed",
  "intends_to_report",
];

/** Columns only the export has (derived, or set by Convene); the import ignores them. */
export const EXPORT_ONLY_COLUMNS = ["number", "url", "owner_kind", "owner_name", "actor_type", "published_at", "updated_at", "last_report_at", "latest_report_date", "latest_percent_complete", "status_light"];

export const CSV_COLUMNS = ["number", "url", ...IMPORT_COLUMNS, ...EXPORT_ONLY_COLUMNS.filter((column) => column !== "number" && column !== "url")];

/** Lists inside one cell are separated by semicolons (keys, country codes and names never need one). */
export const LIST_SEPARATOR = ";";

/** A commitment as one CSV row: column → cell text. Structured lists (indicators, links) are JSON in their cell. */
export function commitmentRow(record: OpenCommitment, publicUrl: string): Record<string, string> {
  const row: Record<string, string> = {};
  const putLocalized = (field: string, value: LocalizedText) => {
    for (const code of LOCALE_CODES) row[`${field}_${code}`] = value[code] ?? "";
  };
  const json = commitmentJson(record, publicUrl);
  row.number = String(record.number);
  row.url = json.url;
  putLocalized("title", record.title);
  putLocalized("description", record.description);
  row.owner_kind = record.owner.kind;
  row.owner_name = Object.values(record.owner.name).find(Boolean) ?? "";
  row.actor_type = record.owner.actorType ?? "";
  row.organisation = record.owner.slug ?? "";
  row.template = record.template;
  row.primary_target = json.primary_target?.key ?? "";
  row.other_targets = record.targets.filter((target) => !target.isPrimary).map((target) => target.key).join(LIST_SEPARATOR);
  row.themes = record.themes.join(LIST_SEPARATOR);
  row.coverage = record.coverage;
  row.countries = record.countries.join(LIST_SEPARATOR);
  row.regions = record.regions.join(LIST_SEPARATOR);
  putLocalized("location_note", record.locationNote);
  row.start_date = record.startDate ?? "";
  row.end_date = record.endDate ?? "";
  row.is_open_ended = String(record.isOpenEnded);
  row.review_date = record.reviewDate ?? "";
  row.stage = record.stage;
  row.indicators = record.indicators.length
    ? JSON.stringify(json.indicators.map(({ latest_value: _latest, ...indicator }) => indicator))
    : "";
  row.partners = record.partners.map((partner) => partner.name).join(LIST_SEPARATOR);
  putLocalized("target_audience", record.targetAudience);
  row.scale = record.scale;
  putLocalized("expected_impact", record.expectedImpact);
  row.funding_source = record.fundingSource;
  row.funding_sufficiency = record.fundingSufficiency;
  row.funding_amount = record.fundingAmount === null ? "" : String(record.fundingAmount);
  row.funding_currency = record.fundingCurrency ?? "";
  row.links = record.links.length ? JSON.stringify(json.links) : "";
  row.is_partner_display_allowed = String(record.isPartnerDisplayAllowed);
  row.intends_to_report = String(record.intendsToReport);
  row.published_at = json.published_at;
  row.updated_at = json.updated_at;
  row.last_report_at = record.lastReportAt ?? "";
  row.latest_report_date = record.latestProgress?.reportDate ?? "";
  row.latest_percent_complete = record.latestProgress?.percentComplete === null || !record.latestProgress ? "" : String(record.latestProgress.percentComplete);
  row.status_light = record.statusLight;
  return row;
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. Text a spreadsheet would
 * run as a formula (=, +, @, or - before a non-digit) is prefixed with an apostrophe, which the import strips.
 */
export function csvCell(value: string): string {
  const safe = /^[=+@\t\r]|^-(?![\d.])/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** The CSV export: a UTF-8 byte-order mark (so Excel reads Cyrillic right), a header row, then one line per commitment. */
export async function* csvChunks(records: AsyncIterable<OpenCommitment>, publicUrl: string): AsyncGenerator<string> {
  yield `\uFEFF${csvLine(CSV_COLUMNS)}`;
  for await (const record of records) {
    const row = commitmentRow(record, publicUrl);
    yield csvLine(CSV_COLUMNS.map((column) => row[column] ?? ""));
  }
}

/** One JSON document per line. */
export async function* ndjsonChunks(records: AsyncIterable<OpenCommitment>, publicUrl: string): AsyncGenerator<string> {
  for await (const record of records) yield `${JSON.stringify(commitmentJson(record, publicUrl))}\n`;
}

/** A JSON array, written as it is read so a large space never sits whole in memory. */
export async function* jsonArrayChunks(records: AsyncIterable<OpenCommitment>, publicUrl: string): AsyncGenerator<string> {
  let isFirst = true;
  yield "[";
  for await (const record of records) {
    yield `${isFirst ? "" : ",\n"}${JSON.stringify(commitmentJson(record, publicUrl))}`;
    isFirst = false;
  }
  yield "]\n";
}

/** A readable stream of UTF-8 text for reply.send. */
export function textStream(chunks: AsyncIterable<string>): Readable {
  return Readable.from(chunks, { objectMode: false });
}

type Output = { write(text: string): unknown };

/**
 * `convene export-commitments --space SLUG [--format csv|json|ndjson|clearing-house] [--file F]`: the same
 * export as the download links, to a file or stdout. Like the public links, only a public space's
 * published commitments are exported.
 */
export async function exportCommitmentsCli(services: Services, args: string[], io: { stdout: Output; stderr: Output } = process): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { space: { type: "string" }, format: { type: "string", default: "csv" }, file: { type: "string" } } }));
  } catch (caught) {
    io.stderr.write(`convene: ${(caught as Error).message}\n`);
    return 2;
  }
  const writers = { csv: csvChunks, json: jsonArrayChunks, ndjson: ndjsonChunks } as const;
  const format = values.format ?? "csv";
  if (!values.space || !(format in writers || format === "clearing-house")) {
    io.stderr.write("convene: export-commitments needs --space SLUG (optional: --format csv|json|ndjson|clearing-house, --file F)\n");
    return 2;
  }
  let space;
  try {
    space = { ...(await openDataSpace(services.db, values.space, null)), now: services.clock.now() };
  } catch {
    io.stderr.write(`convene: there is no public space "${values.space}" with commitments\n`);
    return 1;
  }
  const { publicUrl } = services.config;
  const records = eachOpenCommitment(services.db, space, format === "clearing-house" ? { isPartnerDisplayOnly: true } : {});
  const chunks =
    format === "clearing-house"
      ? clearingHouseChunks(records, { publicUrl, spaceSlug: space.slug, generatedAt: services.clock.now() })
      : writers[format as keyof typeof writers](records, publicUrl);
  if (values.file) {
    await pipeline(textStream(chunks), createWriteStream(values.file));
    io.stderr.write(`wrote ${values.file}\n`);
  } else {
    for await (const chunk of chunks) io.stdout.write(chunk);
  }
  return 0;
}
