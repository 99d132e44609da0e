import { z } from "zod";
import { LOCALE_CODES } from "../../../platform/i18n/locales";
import type { LocalizedText } from "../../../platform/i18n/localized";
import { csvLine } from "../../commitments/export";
import { PRACTICE_KINDS } from "../../consultations/schema";
import type { PracticeListItem } from "./queries";

// The open-data shape of a good practice, shared by the API, the JSON export and (flattened) the CSV, and the
// clearing-house record (CBD Virtual Library Record). Public fields only: never the contact person, the
// submitter, review state or reasons. PRACTICES.md documents every field.

const Localized = z.record(z.string(), z.string()).describe("Text per language code");

export const PracticeOut = z.object({
  id: z.string(),
  source: z.enum(["submission", "consultation"]).describe("Submitted directly by an organisation, or tagged by a facilitator in a consultation"),
  url: z.string().describe("The practice's page, or the consultation contribution it was tagged on"),
  space: z.string().describe("Slug of the space"),
  kind: z.enum(PRACTICE_KINDS),
  title: Localized,
  summary: Localized,
  results: Localized,
  language: z.string().describe("Language the practice was written in"),
  countries: z.array(z.string()).describe("ISO 3166-1 alpha-2"),
  regions: z.array(z.string()).describe("UN M49 codes of the countries' regions and sub-regions"),
  targets: z.array(z.object({ framework: z.string(), key: z.string(), number: z.string().nullable(), label: Localized })),
  actor_types: z.array(z.string()).describe("Actor type keys of the actors involved"),
  organisation: z.object({ slug: z.string(), name: Localized, actor_type: z.string(), url: z.string() }).nullable(),
  links: z.array(z.object({ url: z.string(), label: z.string() })),
  contact_url: z.string().nullable().describe("Relay contact form (no address is ever published)"),
  consultation: z.object({ title: Localized, contribution_number: z.number().int() }).nullable(),
  published_at: z.string(),
  updated_at: z.string(),
});
export type PracticeOut = z.infer<typeof PracticeOut>;

const text = (value: LocalizedText): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const [code, content] of Object.entries(value)) if (content?.trim()) result[code] = content;
  return result;
};
const absolute = (publicUrl: string, path: string) => `${publicUrl.replace(/\/$/, "")}${path}`;

/** One practice in the open-data shape, with absolute addresses. */
export function practiceJson(item: PracticeListItem, publicUrl: string): PracticeOut {
  return {
    id: item.id,
    source: item.source,
    url: absolute(publicUrl, item.url),
    space: item.space.slug,
    kind: item.kind,
    title: text(item.title),
    summary: text(item.summary),
    results: text(item.results),
    language: item.language,
    countries: item.countries,
    regions: item.regions,
    targets: item.targets.map((target) => ({ framework: target.framework, key: target.key, number: target.number, label: text(target.label) })),
    actor_types: item.actorTypes,
    organisation: item.organisation
      ? { slug: item.organisation.slug, name: text(item.organisation.name), actor_type: item.organisation.actorType, url: absolute(publicUrl, `/organisations/${encodeURIComponent(item.organisation.slug)}`) }
      : null,
    links: item.links,
    contact_url: item.contactUrl ? absolute(publicUrl, item.contactUrl) : null,
    consultation: item.consultation ? { title: text(item.consultation.title), contribution_number: item.consultation.contributionNumber } : null,
    published_at: item.publishedAt.toISOString(),
    updated_at: item.updatedAt.toISOString(),
  };
}

const localizedColumns = (name: string) => LOCALE_CODES.map((code) => `${name}_${code}`);
export const PRACTICE_CSV_COLUMNS = [
  "id", "source", "url", "space", "kind", ...localizedColumns("title"), ...localizedColumns("summary"), ...localizedColumns("results"),
  "language", "countries", "regions", "targets", "actor_types", "organisation", "organisation_url", "links", "contact_url", "published_at", "updated_at",
];

/** The CSV export: a byte-order mark (spreadsheets then read Cyrillic right), a header, one line per practice; lists joined by `;`. */
export async function* practiceCsvChunks(items: AsyncIterable<PracticeListItem>, publicUrl: string, locale: string): AsyncGenerator<string> {
  yield `\uFEFF${csvLine(PRACTICE_CSV_COLUMNS)}`;
  for await (const item of items) {
    const json = practiceJson(item, publicUrl);
    const row: Record<string, string> = {
      id: json.id,
      source: json.source,
      url: json.url,
      space: json.space,
      kind: json.kind,
      language: json.language,
      countries: json.countries.join(";"),
      regions: json.regions.join(";"),
      targets: json.targets.map((target) => `${target.framework}:${target.key}`).join(";"),
      actor_types: json.actor_types.join(";"),
      organisation: json.organisation ? (json.organisation.name[locale] ?? Object.values(json.organisation.name)[0] ?? "") : "",
      organisation_url: json.organisation?.url ?? "",
      links: json.links.map((link) => link.url).join(";"),
      contact_url: json.contact_url ?? "",
      published_at: json.published_at,
      updated_at: json.updated_at,
    };
    for (const code of LOCALE_CODES) {
      row[`title_${code}`] = json.title[code] ?? "";
      row[`summary_${code}`] = json.summary[code] ?? "";
      row[`results_${code}`] = json.results[code] ?? "";
    }
    yield csvLine(PRACTICE_CSV_COLUMNS.map((column) => row[column] ?? ""));
  }
}

/** A JSON array written as it is read, so a long list never sits whole in memory. */
export async function* practiceJsonChunks(items: AsyncIterable<PracticeListItem>, publicUrl: string): AsyncGenerator<string> {
  let isFirst = true;
  yield "[";
  for await (const item of items) {
    yield `${isFirst ? "" : ",\n"}${JSON.stringify(practiceJson(item, publicUrl))}`;
    isFirst = false;
  }
  yield "]\n";
}

// ---- CBD clearing-house: Virtual Library Record (schema "resource") ---------------------------------------------

export const VLR_SCHEMA = "resource";
export const VLR_EXPORT_SCHEMA = "convene/good-practice-vlr/1";
const GBF_FRAMEWORK = "GBF";
const SDG_FRAMEWORK = "SUSTAINABLE-DEVELOPMENT-GOALS";

type Identifier = { identifier: string };

/** A good practice as a CBD clearing-house Virtual Library Record; PRACTICES.md gives every field's source. */
export type VlrRecord = {
  header: { identifier: string; schema: typeof VLR_SCHEMA; languages: string[] };
  title: Record<string, string>;
  summary: Record<string, string>;
  resourceTypes: Identifier[];
  languages: Identifier[];
  countries: Identifier[];
  regions: Identifier[];
  gbfTargets: Identifier[];
  sdgTargets: Identifier[];
  otherAlignments: { framework: string; identifier: string; number: string | null; title: Record<string, string> }[];
  organizations: { name: Record<string, string>; type: string; url: string }[];
  stakeholderTypes: Identifier[];
  additionalInformation: Record<string, string>;
  resourceLinks: { url: string; name: string; language: string }[];
  publicationDate: string;
  source: { platform: "Convene"; url: string; space: string; origin: PracticeListItem["source"]; updatedAt: string; contactUrl: string | null };
};

/** Maps one published practice to a Virtual Library Record. */
export function vlrRecord(item: PracticeListItem, publicUrl: string): VlrRecord {
  const json = practiceJson(item, publicUrl);
  const languages = [...new Set([...Object.keys(json.title), ...Object.keys(json.summary), ...Object.keys(json.results)])].sort();
  return {
    header: { identifier: `${new URL(publicUrl).host}:${item.space.slug}:practice:${item.id}`, schema: VLR_SCHEMA, languages },
    title: json.title,
    summary: json.summary,
    // The VLR's resource type is "good practice"; the practice's own kind follows in Convene's vocabulary.
    resourceTypes: [{ identifier: "good-practice" }, { identifier: `convene:practice-kind:${item.kind}` }],
    languages: [{ identifier: `lang-${item.language}` }],
    countries: item.countries.map((code) => ({ identifier: code.toLowerCase() })),
    regions: item.regions.map((code) => ({ identifier: `m49:${code}` })),
    gbfTargets: item.targets.filter((target) => target.framework === GBF_FRAMEWORK).map((target) => ({ identifier: target.key })),
    sdgTargets: item.targets.filter((target) => target.framework === SDG_FRAMEWORK).map((target) => ({ identifier: target.key })),
    otherAlignments: json.targets.filter((target) => target.framework !== GBF_FRAMEWORK && target.framework !== SDG_FRAMEWORK).map((target) => ({ framework: target.framework, identifier: target.key, number: target.number, title: target.label })),
    organizations: json.organisation ? [{ name: json.organisation.name, type: json.organisation.actor_type, url: json.organisation.url }] : [],
    stakeholderTypes: item.actorTypes.map((key) => ({ identifier: key })),
    additionalInformation: json.results,
    resourceLinks: [{ url: json.url, name: "Convene", language: item.language }, ...json.links.map((link) => ({ url: link.url, name: link.label, language: item.language }))],
    publicationDate: json.published_at.slice(0, 10),
    source: { platform: "Convene", url: json.url, space: item.space.slug, origin: item.source, updatedAt: json.updated_at, contactUrl: json.contact_url },
  };
}

/** The clearing-house document, streamed: an envelope naming the source and the mapping, then the records. */
export async function* vlrChunks(items: AsyncIterable<PracticeListItem>, context: { publicUrl: string; listUrl: string; generatedAt: Date }): AsyncGenerator<string> {
  const envelope = {
    schema: VLR_EXPORT_SCHEMA,
    recordSchema: VLR_SCHEMA,
    generatedAt: context.generatedAt.toISOString(),
    source: { platform: "Convene", url: absolute(context.publicUrl, context.listUrl) },
    mapping: "src/modules/knowledge/practices/PRACTICES.md in the Convene source",
  };
  yield `${JSON.stringify(envelope).slice(0, -1)},"records":[`;
  let isFirst = true;
  for await (const item of items) {
    yield `${isFirst ? "" : ",\n"}${JSON.stringify(vlrRecord(item, context.publicUrl))}`;
    isFirst = false;
  }
  yield "]}\n";
}
