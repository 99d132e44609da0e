import { z } from "zod";
import type { LocalizedText } from "../../platform/i18n/localized";
import { exchangeExporters } from "./exporters";
import type { ExchangeContact } from "./schema";
import type { ExchangeFormat, ExchangeItem } from "./shapes";

// Reading a harvested document: recognise its shape, then validate and map each record on its own, so one bad
// record is reported (and skipped) without stopping the others. Nothing here trusts the document: every field is
// checked by zod, strings are bounded, and only the fields Convene knows are kept (the raw record is kept
// separately, as provenance).

/** The most records one document may bring. */
export const MAX_RECORDS = 10_000;
const MAX_TEXT = 20_000;

/** One record of a document, as read: the item, or why it cannot be taken. */
export type ParsedRecord = { position: number; raw: unknown; item: ExchangeItem | null; reason: string | null; identifier: string | null; title: string };
export type ParsedDocument = { format: ExchangeFormat; sourceSystem: string; records: ParsedRecord[]; nextLink: string | null };

/** Why a document as a whole cannot be read (not JSON, no known shape): the harvest's one 422. */
export class UnreadableDocument extends Error {
  constructor(public readonly reasonKey: "exchange.error.not_json" | "exchange.error.unknown_shape" | "exchange.error.too_many_records") {
    super(reasonKey);
  }
}

const text = z.string().max(MAX_TEXT);
const shortText = z.string().max(2_000);
const languageCode = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language code such as en or ru");
const languageMapSchema = z.record(languageCode, text);
const identifier = z.string().min(1).max(500);
const dateText = z.string().max(40).nullable().optional();
const country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, "must be an ISO 3166-1 alpha-2 code")
  .transform((value) => value.toLowerCase());
const keyword = z.string().min(1).max(200);
const httpUrl = z
  .string()
  .max(2_000)
  .refine((value) => /^https?:\/\//i.test(value), "must be an http(s) address")
  .nullable()
  .optional();
const contactSchema = z
  .object({ email: shortText.optional(), phone: shortText.optional(), address: shortText.optional(), website: shortText.optional() })
  .partial()
  .nullable()
  .optional();

const cleanMap = (value: Record<string, string> | undefined | null): LocalizedText => {
  const result: LocalizedText = {};
  for (const [language, value_] of Object.entries(value ?? {})) if (value_.trim()) result[language] = value_;
  return result;
};
const cleanContact = (value: z.infer<typeof contactSchema>): ExchangeContact => {
  const result: ExchangeContact = {};
  for (const [field, entry] of Object.entries(value ?? {})) if (entry) result[field as keyof ExchangeContact] = entry;
  return result;
};
const withTitle = <T extends { title: LocalizedText }>(schema: z.ZodType<T>) => schema.refine((value) => Object.keys(value.title).length > 0, { message: "needs a title in at least one language", path: ["title"] });

// ---- CBD clearing-house records ----

const alignmentSchema = z.object({ identifier: keyword }).passthrough();
const CbdRecord = z.object({
  header: z.object({ identifier, schema: z.string().max(200) }),
  title: languageMapSchema,
  description: languageMapSchema.nullable().optional(),
  actor: z.object({ name: languageMapSchema.nullable().optional() }).passthrough().nullable().optional(),
  coverage: z.object({ countries: z.array(z.object({ identifier: country })).max(300).optional() }).passthrough().nullable().optional(),
  timeline: z.object({ startDate: dateText, endDate: dateText }).passthrough().nullable().optional(),
  stage: shortText.nullable().optional(),
  primaryAlignment: alignmentSchema.nullable().optional(),
  otherAlignments: z.array(alignmentSchema).max(500).optional(),
  keywords: z.array(keyword).max(500).optional(),
  contact: contactSchema,
  source: z.object({ url: httpUrl, publishedAt: dateText, updatedAt: dateText }).passthrough().nullable().optional(),
});

function fromCbd(record: z.infer<typeof CbdRecord>, kind: string): ExchangeItem {
  const alignments = record.primaryAlignment || record.otherAlignments ? [...(record.primaryAlignment ? [record.primaryAlignment] : []), ...(record.otherAlignments ?? [])].map((entry) => entry.identifier) : null;
  return {
    kind,
    identifier: record.header.identifier,
    title: cleanMap(record.title),
    description: cleanMap(record.description),
    url: record.source?.url ?? null,
    actorName: cleanMap(record.actor?.name),
    countries: (record.coverage?.countries ?? []).map((entry) => entry.identifier),
    keywords: alignments ?? record.keywords ?? [],
    startDate: record.timeline?.startDate ?? null,
    endDate: record.timeline?.endDate ?? null,
    stage: record.stage ?? null,
    contact: cleanContact(record.contact),
    publishedAt: record.source?.publishedAt ?? null,
    updatedAt: record.source?.updatedAt ?? null,
  };
}

// ---- InforMEA OData entities ----

const localizedArraySchema = z
  .array(z.object({ language: languageCode, value: text }))
  .max(50)
  .transform((entries) => Object.fromEntries(entries.map((entry) => [entry.language, entry.value])) as Record<string, string>);
const InformeaEntity = z.object({
  id: z.union([identifier, z.number().int()]).transform(String),
  entityType: z.string().max(100).optional(),
  title: localizedArraySchema,
  description: localizedArraySchema.nullable().optional(),
  url: httpUrl,
  organisation: localizedArraySchema.nullable().optional(),
  countries: z.array(country).max(300).optional(),
  keywords: z.array(keyword).max(500).optional(),
  start: dateText,
  end: dateText,
  status: shortText.nullable().optional(),
  contact: contactSchema,
  published: dateText,
  updated: dateText,
});

const fromInformea = (entity: z.infer<typeof InformeaEntity>, kind: string): ExchangeItem => ({
  kind,
  identifier: entity.id,
  title: cleanMap(entity.title),
  description: cleanMap(entity.description),
  url: entity.url ?? null,
  actorName: cleanMap(entity.organisation),
  countries: entity.countries ?? [],
  keywords: entity.keywords ?? [],
  startDate: entity.start ?? null,
  endDate: entity.end ?? null,
  stage: entity.status ?? null,
  contact: cleanContact(entity.contact),
  publishedAt: entity.published ?? null,
  updatedAt: entity.updated ?? null,
});

// ---- schema.org JSON-LD ----

/** A schema.org text: a plain string (language unknown: taken as English), one tagged value or a list of them. */
const taggedText = z
  .union([text, z.object({ "@language": languageCode, "@value": text }), z.array(z.union([text, z.object({ "@language": languageCode, "@value": text })])).max(50)])
  .transform((value) => {
    const entries = Array.isArray(value) ? value : [value];
    const result: Record<string, string> = {};
    for (const entry of entries) {
      if (typeof entry === "string") result.en ??= entry;
      else result[entry["@language"]] = entry["@value"];
    }
    return result;
  });
const JsonLdItem = z.object({
  "@type": z.string().max(100),
  identifier: z.union([identifier, z.number().int()]).transform(String),
  name: taggedText,
  description: taggedText.nullable().optional(),
  url: httpUrl,
  creator: z.object({ name: taggedText }).passthrough().nullable().optional(),
  spatialCoverage: z.array(z.object({ identifier: country }).passthrough()).max(300).optional(),
  keywords: z.union([z.array(keyword).max(500), z.string().max(MAX_TEXT).transform((value) => value.split(",").map((word) => word.trim()).filter(Boolean))]).optional(),
  startDate: dateText,
  endDate: dateText,
  creativeWorkStatus: shortText.nullable().optional(),
  email: shortText.optional(),
  telephone: shortText.optional(),
  address: shortText.optional(),
  sameAs: shortText.optional(),
  datePublished: dateText,
  dateModified: dateText,
});

const fromJsonLd = (item: z.infer<typeof JsonLdItem>, kind: string): ExchangeItem => ({
  kind,
  identifier: item.identifier,
  title: cleanMap(item.name),
  description: cleanMap(item.description),
  url: item.url ?? null,
  actorName: cleanMap(item.creator?.name),
  countries: (item.spatialCoverage ?? []).map((entry) => entry.identifier),
  keywords: item.keywords ?? [],
  startDate: item.startDate ?? null,
  endDate: item.endDate ?? null,
  stage: item.creativeWorkStatus ?? null,
  contact: cleanContact({ email: item.email, phone: item.telephone, address: item.address, website: item.sameAs }),
  publishedAt: item.datePublished ?? null,
  updatedAt: item.dateModified ?? null,
});

// ---- the document ----

const describeIssue = (error: z.ZodError): string => {
  const issue = error.issues[0]!;
  return `${issue.path.length ? issue.path.join(".") : "record"}: ${issue.message}`;
};
const titleOf = (raw: unknown): string => {
  const record = raw as { title?: unknown; name?: unknown } | null;
  const value = record && typeof record === "object" ? (record.title ?? record.name) : null;
  if (typeof value === "string") return value.slice(0, 200);
  if (Array.isArray(value)) return String((value[0] as { value?: unknown; "@value"?: unknown } | undefined)?.value ?? (value[0] as { "@value"?: unknown } | undefined)?.["@value"] ?? "").slice(0, 200);
  if (value && typeof value === "object") return String(Object.values(value)[0] ?? "").slice(0, 200);
  return "";
};
const identifierOf = (raw: unknown): string | null => {
  const record = raw as { header?: { identifier?: unknown }; id?: unknown; identifier?: unknown; item?: { identifier?: unknown } } | null;
  const value = record?.header?.identifier ?? record?.id ?? record?.item?.identifier ?? record?.identifier;
  return typeof value === "string" || typeof value === "number" ? String(value).slice(0, 500) : null;
};

function parseEach(rawRecords: unknown[], readOne: (raw: unknown) => ExchangeItem | string): ParsedRecord[] {
  return rawRecords.map((raw, index) => {
    const base = { position: index + 1, raw, identifier: identifierOf(raw), title: titleOf(raw) };
    const result = readOne(raw);
    return typeof result === "string" ? { ...base, item: null, reason: result } : { ...base, item: result, reason: null, identifier: result.identifier };
  });
}

function kindBy(field: "cbdSchema" | "entitySet" | "schemaOrgType", value: string | undefined): string | null {
  return exchangeExporters().find((exporter) => exporter[field] === value)?.kind ?? null;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Reads a harvested document: a CBD clearing-house document (`records`), an InforMEA OData answer (`value`) or a
 * schema.org DataFeed (`dataFeedElement`). Throws UnreadableDocument when it is not JSON or none of these.
 */
export function parseDocument(body: string): ParsedDocument {
  let document: unknown;
  try {
    document = JSON.parse(body.replace(/^\uFEFF/, ""));
  } catch {
    throw new UnreadableDocument("exchange.error.not_json");
  }
  if (!isObject(document)) throw new UnreadableDocument("exchange.error.unknown_shape");
  const list = (value: unknown): unknown[] => {
    if (!Array.isArray(value)) throw new UnreadableDocument("exchange.error.unknown_shape");
    if (value.length > MAX_RECORDS) throw new UnreadableDocument("exchange.error.too_many_records");
    return value;
  };

  if ("records" in document) {
    const source = isObject(document.source) ? document.source : {};
    const sourceSystem = typeof source.platform === "string" ? source.platform.slice(0, 100) : "CBD clearing-house";
    const records = parseEach(list(document.records), (raw) => {
      const parsed = CbdRecord.safeParse(raw);
      if (!parsed.success) return describeIssue(parsed.error);
      const kind = kindBy("cbdSchema", parsed.data.header.schema);
      if (!kind) return `header.schema: unknown record type "${parsed.data.header.schema.slice(0, 100)}"`;
      const item = fromCbd(parsed.data, kind);
      return Object.keys(item.title).length ? item : "title: needs a title in at least one language";
    });
    return { format: "cbd", sourceSystem, records, nextLink: null };
  }

  if ("value" in document && typeof document["@odata.context"] === "string") {
    const context = document["@odata.context"];
    const setKind = kindBy("entitySet", context.split("#")[1]?.split("(")[0]);
    const records = parseEach(list(document.value), (raw) => {
      const parsed = withTitle(InformeaEntity).safeParse(raw);
      if (!parsed.success) return describeIssue(parsed.error);
      const kind = kindBy("entitySet", parsed.data.entityType) ?? setKind;
      if (!kind) return `entityType: unknown entity set "${String(parsed.data.entityType ?? context).slice(0, 100)}"`;
      return fromInformea(parsed.data, kind);
    });
    const next = typeof document["@odata.nextLink"] === "string" ? document["@odata.nextLink"] : null;
    return { format: "informea", sourceSystem: "InforMEA OData", records, nextLink: next };
  }

  if ("dataFeedElement" in document) {
    const records = parseEach(list(document.dataFeedElement), (raw) => {
      const element = isObject(raw) && isObject(raw.item) ? raw.item : raw;
      const parsed = JsonLdItem.safeParse(element);
      if (!parsed.success) return describeIssue(parsed.error);
      const kind = kindBy("schemaOrgType", parsed.data["@type"]);
      if (!kind) return `@type: unknown schema.org type "${parsed.data["@type"].slice(0, 100)}"`;
      const item = fromJsonLd(parsed.data, kind);
      return Object.keys(item.title).length ? item : "name: needs a name in at least one language";
    });
    return { format: "jsonld", sourceSystem: "schema.org DataFeed", records, nextLink: null };
  }

  throw new UnreadableDocument("exchange.error.unknown_shape");
}
