import type { LocalizedText } from "../../platform/i18n/localized";
import { commitmentUrl } from "./export";
import type { OpenCommitment, OpenTarget } from "./queries-open-data";

/**
 * The clearing-house export: each published commitment as a record shaped like the CBD stakeholder
 * commitment (Online Reporting Tool) — primary and other alignments, GBF and SDG keys, coverage,
 * timeline, KPIs, progress tracking, funding, partners. CLEARING-HOUSE.md documents every field's source.
 * Only commitments whose owners consented to being shown on partner platforms are included.
 */
export const CLEARING_HOUSE_SCHEMA = "convene/stakeholder-commitment/1";
export const GBF_FRAMEWORK = "GBF";
export const SDG_FRAMEWORK = "SUSTAINABLE-DEVELOPMENT-GOALS";

/**
 * Multilingual text as the CBD clearing-house and the BCH exchange it ("lstring"): a language map, language code →
 * text, empty ones dropped. (InforMEA's OData entities carry arrays of `{ language, value }` instead: the exchange
 * module writes those, see src/modules/exchange/shapes.ts.)
 */
type LString = Record<string, string>;
type Alignment = { framework: string; identifier: string; number: string | null; title: LString };

export type ClearingHouseRecord = {
  header: { identifier: string; schema: typeof CLEARING_HOUSE_SCHEMA; languages: string[] };
  title: LString;
  description: LString;
  actor: { name: LString; type: string; country: { identifier: string } | null; url: string | null };
  primaryAlignment: Alignment | null;
  otherAlignments: Alignment[];
  gbfTargets: string[];
  sdgTargets: string[];
  actionAreas: string[];
  coverage: { scope: string; countries: { identifier: string }[]; regions: { identifier: string }[]; note: LString };
  timeline: { startDate: string | null; endDate: string | null; isOpenEnded: boolean; reviewDate: string | null };
  stage: string;
  kpis: { name: LString; unit: string; baseline: { value: number | null; date: string | null }; target: { value: number | null; date: string | null }; direction: string; latestValue: number | null }[];
  progressTracking: { isTracked: boolean; lastReportDate: string | null; percentComplete: number | null; statusLight: string; trackingUrl: string };
  funding: { source: string; sufficiency: string; amount: number | null; currency: string | null };
  partners: { name: string; url: string | null; role: string }[];
  targetAudience: LString;
  scale: string;
  expectedImpact: LString;
  links: { url: string; name: string }[];
  contacts: { name: string; email: string; role: string }[];
  consentToPartnerDisplay: true;
  source: { platform: "Convene"; url: string; space: string; number: number; publishedAt: string; updatedAt: string };
};

/** A language map `{ "en": …, "ru": … }` of the languages that have text (CBD/BCH "lstring"). */
export const languageMap = (value: LocalizedText): LString => {
  const result: LString = {};
  for (const [code, text] of Object.entries(value)) if (text?.trim()) result[code] = text;
  return result;
};

const alignment = (target: OpenTarget): Alignment => ({ framework: target.frameworkKey, identifier: target.key, number: target.number, title: languageMap(target.label) });

/** Maps one published, consented commitment to a clearing-house record. */
export function clearingHouseRecord(record: OpenCommitment, publicUrl: string): ClearingHouseRecord {
  const url = commitmentUrl(publicUrl, record.spaceSlug, record.number);
  const primary = record.targets.find((target) => target.isPrimary);
  const languages = [...new Set([...Object.keys(languageMap(record.title)), ...Object.keys(languageMap(record.description))])].sort();
  return {
    header: { identifier: `${new URL(publicUrl).host}:${record.spaceSlug}:${record.number}`, schema: CLEARING_HOUSE_SCHEMA, languages },
    title: languageMap(record.title),
    description: languageMap(record.description),
    actor: {
      name: languageMap(record.owner.name),
      type: record.owner.kind === "person" ? "individual" : (record.owner.actorType ?? "other"),
      country: record.owner.country ? { identifier: record.owner.country.toLowerCase() } : null,
      url: record.owner.slug ? `${publicUrl}/organisations/${encodeURIComponent(record.owner.slug)}` : null,
    },
    primaryAlignment: primary ? alignment(primary) : null,
    otherAlignments: record.targets.filter((target) => !target.isPrimary).map(alignment),
    gbfTargets: record.targets.filter((target) => target.frameworkKey === GBF_FRAMEWORK).map((target) => target.key),
    sdgTargets: record.targets.filter((target) => target.frameworkKey === SDG_FRAMEWORK).map((target) => target.key),
    actionAreas: record.themes,
    coverage: {
      scope: record.coverage,
      // The CBD clearing-house names countries by lower-case ISO alpha-2 identifiers, regions by M49 code.
      countries: record.countries.map((code) => ({ identifier: code.toLowerCase() })),
      regions: record.regions.map((code) => ({ identifier: `m49:${code}` })),
      note: languageMap(record.locationNote),
    },
    timeline: { startDate: record.startDate, endDate: record.endDate, isOpenEnded: record.isOpenEnded, reviewDate: record.reviewDate },
    stage: record.stage,
    kpis: record.indicators.map((indicator) => ({
      name: languageMap(indicator.name),
      unit: indicator.unit,
      baseline: { value: indicator.baselineValue, date: indicator.baselineDate },
      target: { value: indicator.targetValue, date: indicator.targetDate },
      direction: indicator.direction,
      latestValue: indicator.latestValue,
    })),
    progressTracking: {
      isTracked: record.intendsToReport,
      lastReportDate: record.latestProgress?.reportDate ?? record.lastReportAt,
      percentComplete: record.latestProgress?.percentComplete ?? null,
      statusLight: record.statusLight,
      trackingUrl: url,
    },
    funding: { source: record.fundingSource, sufficiency: record.fundingSufficiency, amount: record.fundingAmount, currency: record.fundingCurrency },
    partners: record.partners.map((partner) => ({
      name: partner.name,
      url: partner.organisationSlug ? `${publicUrl}/organisations/${encodeURIComponent(partner.organisationSlug)}` : null,
      role: partner.role,
    })),
    targetAudience: languageMap(record.targetAudience),
    scale: record.scale,
    expectedImpact: languageMap(record.expectedImpact),
    links: record.links.map((link) => ({ url: link.url, name: link.label })),
    contacts: record.contacts,
    consentToPartnerDisplay: true,
    source: { platform: "Convene", url, space: record.spaceSlug, number: record.number, publishedAt: record.publishedAt.toISOString(), updatedAt: record.updatedAt.toISOString() },
  };
}

/** The whole export document, streamed: an envelope naming the source and the mapping, then the records. */
export async function* clearingHouseChunks(
  records: AsyncIterable<OpenCommitment>,
  context: { publicUrl: string; spaceSlug: string; generatedAt: Date },
): AsyncGenerator<string> {
  const envelope = {
    schema: CLEARING_HOUSE_SCHEMA,
    generatedAt: context.generatedAt.toISOString(),
    source: { platform: "Convene", url: `${context.publicUrl}/spaces/${encodeURIComponent(context.spaceSlug)}/commitments` },
    mapping: "src/modules/commitments/CLEARING-HOUSE.md in the Convene source",
  };
  yield `${JSON.stringify(envelope).slice(0, -1)},"records":[`;
  let isFirst = true;
  for await (const record of records) {
    yield `${isFirst ? "" : ",\n"}${JSON.stringify(clearingHouseRecord(record, context.publicUrl))}`;
    isFirst = false;
  }
  yield "]}\n";
}
