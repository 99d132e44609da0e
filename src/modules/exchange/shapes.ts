import type { LocalizedText } from "../../platform/i18n/localized";
import { languageMap } from "../commitments/clearing-house";
import type { ExchangeContact } from "./schema";

/**
 * The record every exporter produces and every importer reads back, whatever the shape on the wire: the
 * fields the neighbouring systems have in common (identifier, multilingual title and description, link,
 * actor, countries, keywords, dates, stage). The three shapes below are written from it and parsed into it.
 */
export type ExchangeItem = {
  /** The registry kind: commitment, event, document, contact, news… */
  kind: string;
  /** Global and stable: `<host of PUBLIC_URL>:<space slug>:<number>` for commitments, `<host>:<space>:<kind>:<slug>` otherwise. */
  identifier: string;
  title: LocalizedText;
  description: LocalizedText;
  /** The record's own page. */
  url: string | null;
  /** Who stands behind it (a commitment's owner, a document's hub); {} when none. */
  actorName: LocalizedText;
  /** Lower-case ISO 3166-1 alpha-2. */
  countries: string[];
  /** Framework keys (GBF-TARGET-02, SDG-15), themes, tags. */
  keywords: string[];
  startDate: string | null;
  endDate: string | null;
  /** A commitment's stage, an event's phase, a document's kind. */
  stage: string | null;
  contact: ExchangeContact;
  publishedAt: string | null;
  updatedAt: string | null;
};

/** An exported item, with the richer CBD record of kinds that have one (commitments: CLEARING-HOUSE.md). */
export type ExportedItem = ExchangeItem & { cbdRecord?: Record<string, unknown> };

export type ExchangeFormat = "cbd" | "informea" | "jsonld";
export const EXCHANGE_FORMATS: readonly ExchangeFormat[] = ["cbd", "informea", "jsonld"];

/** What each shape needs to know about a kind to name it on the wire. */
export type KindNames = {
  kind: string;
  /** CBD record schema, e.g. `convene/stakeholder-commitment/1`. */
  cbdSchema: string;
  /** InforMEA-style entity set, e.g. `Commitments`. */
  entitySet: string;
  /** schema.org type of the item, e.g. `Project`, `Event`. */
  schemaOrgType: string;
};

export const CBD_ENVELOPE_SCHEMA = "convene/exchange/1";

// ---- CBD clearing-house: multilingual text as a language map { "en": …, "ru": … } ----

/** One item as a CBD clearing-house record (the full commitment record when there is one). */
export function cbdRecord(item: ExportedItem, names: KindNames): Record<string, unknown> {
  if (item.cbdRecord) return item.cbdRecord;
  const languages = [...new Set([...Object.keys(languageMap(item.title)), ...Object.keys(languageMap(item.description))])].sort();
  return {
    header: { identifier: item.identifier, schema: names.cbdSchema, languages },
    title: languageMap(item.title),
    description: languageMap(item.description),
    actor: Object.keys(languageMap(item.actorName)).length ? { name: languageMap(item.actorName) } : null,
    coverage: { countries: item.countries.map((code) => ({ identifier: code })) },
    timeline: { startDate: item.startDate, endDate: item.endDate },
    stage: item.stage,
    keywords: item.keywords,
    contact: item.contact,
    source: { platform: "Convene", url: item.url, publishedAt: item.publishedAt, updatedAt: item.updatedAt },
  };
}

// ---- InforMEA OData: localised strings as arrays of { language, value } ----

export type LocalizedArray = { language: string; value: string }[];

/** `{ en: "…", ru: "…" }` → `[{ language: "en", value: "…" }, …]`, empty languages left out. */
export function localizedArray(value: LocalizedText): LocalizedArray {
  return Object.entries(languageMap(value)).map(([language, text]) => ({ language, value: text }));
}

/** One item as an InforMEA-style OData entity. */
export function informeaEntity(item: ExportedItem, names: KindNames): Record<string, unknown> {
  return {
    id: item.identifier,
    entityType: names.entitySet,
    title: localizedArray(item.title),
    description: localizedArray(item.description),
    url: item.url,
    organisation: localizedArray(item.actorName),
    countries: item.countries,
    keywords: item.keywords,
    start: item.startDate,
    end: item.endDate,
    status: item.stage,
    contact: item.contact,
    published: item.publishedAt,
    updated: item.updatedAt,
  };
}

// ---- schema.org JSON-LD: language-tagged values [{ "@language", "@value" }] ----

const tagged = (value: LocalizedText) => Object.entries(languageMap(value)).map(([language, text]) => ({ "@language": language, "@value": text }));

/** One item as a schema.org `DataFeedItem` whose `item` is a Project, Event, DigitalDocument, Organization… */
export function jsonLdElement(item: ExportedItem, names: KindNames): Record<string, unknown> {
  const creator = Object.keys(languageMap(item.actorName)).length ? { "@type": "Organization", name: tagged(item.actorName) } : undefined;
  return {
    "@type": "DataFeedItem",
    dateModified: item.updatedAt,
    item: {
      "@type": names.schemaOrgType,
      "@id": item.url ?? undefined,
      identifier: item.identifier,
      name: tagged(item.title),
      description: tagged(item.description),
      url: item.url,
      creator,
      spatialCoverage: item.countries.map((code) => ({ "@type": "Country", identifier: code })),
      keywords: item.keywords,
      startDate: item.startDate,
      endDate: item.endDate,
      creativeWorkStatus: item.stage,
      email: item.contact.email,
      telephone: item.contact.phone,
      address: item.contact.address,
      sameAs: item.contact.website,
      datePublished: item.publishedAt,
      dateModified: item.updatedAt,
    },
  };
}

/** Where a document comes from, for the envelopes. */
export type FeedContext = { publicUrl: string; spaceSlug: string; generatedAt: Date; names: KindNames; selfUrl: string };

/**
 * A whole document in one shape, streamed from the items: CBD `{ schema, generatedAt, source, records: [...] }`,
 * InforMEA `{ "@odata.context", value: [...], "@odata.nextLink"? }`, JSON-LD `{ "@context", "@type": "DataFeed", dataFeedElement: [...] }`.
 */
export async function* documentChunks(format: ExchangeFormat, items: AsyncIterable<ExportedItem>, context: FeedContext, nextLink: () => string | null): AsyncGenerator<string> {
  const spaceUrl = `${context.publicUrl}/spaces/${encodeURIComponent(context.spaceSlug)}`;
  let head: Record<string, unknown>;
  let listName: string;
  let write: (item: ExportedItem) => unknown;
  if (format === "cbd") {
    head = { schema: CBD_ENVELOPE_SCHEMA, recordSchema: context.names.cbdSchema, generatedAt: context.generatedAt.toISOString(), source: { platform: "Convene", url: spaceUrl } };
    listName = "records";
    write = (item) => cbdRecord(item, context.names);
  } else if (format === "informea") {
    head = { "@odata.context": `${context.publicUrl}/api/v1/spaces/${encodeURIComponent(context.spaceSlug)}/exchange/$metadata#${context.names.entitySet}` };
    listName = "value";
    write = (item) => informeaEntity(item, context.names);
  } else {
    head = { "@context": "https://schema.org", "@type": "DataFeed", name: `${context.spaceSlug}: ${context.names.entitySet}`, url: context.selfUrl, dateModified: context.generatedAt.toISOString() };
    listName = "dataFeedElement";
    write = (item) => jsonLdElement(item, context.names);
  }
  yield `${JSON.stringify(head).slice(0, -1)},${JSON.stringify(listName)}:[`;
  let isFirst = true;
  for await (const item of items) {
    yield `${isFirst ? "" : ",\n"}${JSON.stringify(write(item))}`;
    isFirst = false;
  }
  const next = nextLink();
  yield next ? `],"@odata.nextLink":${JSON.stringify(next)}}\n` : "]}\n";
}
