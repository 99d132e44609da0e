import type { Database } from "../../db/client";
import { LOCALE_CODES, type Locale } from "../../platform/i18n/locales";
import { localizedString, type LocalizedText } from "../../platform/i18n/localized";
import { intlFormat, translator } from "../../platform/i18n/messages";
import { reportSectionSource, reportSectionSources, type ReportSection } from "../../platform/reports/sections";

// A report as a document: its sections loaded for one language, with the narratives placed around them. The same
// document is rendered as the live draft, frozen into a version, and written as HTML, Markdown and CSV (render.ts).

/** Where a narrative goes: before every section, after one section, or at the end. */
export type NarrativeSlot = "start" | `after:${string}` | "end";
/** The secretariat's narratives: Markdown as written and its HTML, rendered when saved, per language. */
export type Narratives = Partial<Record<NarrativeSlot, { markdown: LocalizedText; html: LocalizedText }>>;

/** One part of the document in reading order: a narrative (HTML and Markdown) or a section's blocks. */
export type DocumentPart = { kind: "narrative"; slot: NarrativeSlot; html: string; markdown: string } | { kind: "section"; section: ReportSection };

/** Everything a renderer needs for one language. */
export type ReportDocument = {
  locale: Locale;
  title: string;
  symbol: string;
  /** Half-open [from, until) as ISO days. */
  periodFrom: string;
  periodUntil: string;
  parts: DocumentPart[];
};

/** One language of a frozen version: the document's parts (blocks and narratives) and the document as rendered then. */
export type SnapshotLocale = { document: ReportDocument; html: string; markdown: string };
/** What report_versions.snapshot holds: one entry per UI language the platform had when the version was frozen. */
export type ReportSnapshot = { locales: Record<Locale, SnapshotLocale> };

/** The report fields a document is built from. */
export type ReportSource = {
  title: LocalizedText;
  symbol: string;
  periodFrom: string;
  periodUntil: string;
  sectionKeys: string[];
  narratives: Narratives;
};

/** A UTC midnight of an ISO day. */
export const dayStart = (day: string): Date => new Date(`${day}T00:00:00Z`);

/** The narrative slots in reading order for these sections. */
export function narrativeSlots(sectionKeys: readonly string[]): NarrativeSlot[] {
  return ["start", ...sectionKeys.map((key) => `after:${key}` as const), "end"];
}

/** The chosen section keys that are still registered, in report order (a source removed since is skipped). */
export function orderedSectionKeys(keys: readonly string[]): string[] {
  const chosen = new Set(keys);
  return reportSectionSources().filter((source) => chosen.has(source.key)).map((source) => source.key);
}

/** The sections a builder may choose for a space: every registered source whose feature the space uses. */
export async function availableSections(db: Database, spaceId: string): Promise<{ key: string; labelKey: string }[]> {
  const sources = reportSectionSources();
  const available = await Promise.all(sources.map((source) => source.isAvailable(db, spaceId)));
  return sources.filter((_, at) => available[at]).map((source) => ({ key: source.key, labelKey: source.labelKey }));
}

/**
 * The document in one language with live figures: every chosen section's `load` (in parallel), narratives in
 * their slots. A narrative missing in this language falls back like any multilingual text.
 */
export async function loadDocument(db: Database, report: ReportSource, space: { id: string; slug: string }, locale: Locale, now: Date): Promise<ReportDocument> {
  const keys = orderedSectionKeys(report.sectionKeys);
  const scope = { spaceId: space.id, spaceSlug: space.slug, from: dayStart(report.periodFrom), until: dayStart(report.periodUntil), asOf: now };
  const context = { locale, t: translator(locale), format: intlFormat(locale) };
  const sections = await Promise.all(keys.map((key) => reportSectionSource(key)!.load(db, scope, context)));
  const parts: DocumentPart[] = [];
  const narrative = (slot: NarrativeSlot) => {
    const entry = report.narratives[slot];
    const html = localizedString(entry?.html, locale);
    if (html.trim()) parts.push({ kind: "narrative", slot, html, markdown: localizedString(entry?.markdown, locale) });
  };
  narrative("start");
  sections.forEach((section, at) => {
    parts.push({ kind: "section", section });
    narrative(`after:${keys[at]}`);
  });
  narrative("end");
  return { locale, title: localizedString(report.title, locale), symbol: report.symbol, periodFrom: report.periodFrom, periodUntil: report.periodUntil, parts };
}

/** The document in every UI language the platform has (issue 14's languages join by themselves). */
export async function loadAllDocuments(db: Database, report: ReportSource, space: { id: string; slug: string }, now: Date): Promise<ReportDocument[]> {
  return Promise.all(LOCALE_CODES.map((locale) => loadDocument(db, report, space, locale, now)));
}
