import type { Database } from "../../db/client";
import type { Locale } from "../i18n/locales";
import type { IntlFormat, Translate } from "../i18n/messages";

/**
 * The report to the governing body (issue 13, point 5) is made of sections that modules contribute: commitments
 * give counts, targets and lights, consultations their syntheses, events attendance, surveys and programmes
 * theirs. A section is data, not HTML: the reports module renders the same blocks as print-ready HTML, Markdown
 * and one CSV per table, and freezes them into a snapshot (per locale) that never changes afterwards. Modules list
 * their sections in the manifest (`reportSections`); app.ts registers them here, so the report knows no module.
 *
 * A section reads only what is public about the space or aggregates (counts, shares); never a person's name or
 * address. Small cells that could single out a person go through platform/statistics/table-suppression.ts.
 */

/** One value of a table cell: text, a number (formatted per locale when rendered), or nothing. */
export type ReportCell = string | number | null;

export type ReportBlock =
  /** Headline figures: "Commitments published: 120". `value` numbers are formatted per locale. */
  | { kind: "figures"; items: { label: string; value: ReportCell; note?: string }[] }
  /**
   * A table; `key` names its CSV (`<section>-<key>.csv`, lower-case letters, digits and dashes). Columns whose
   * `isNumeric` is true align to the end and are written to CSV as plain numbers.
   */
  | { kind: "table"; key: string; title: string; columns: { label: string; isNumeric?: boolean }[]; rows: ReportCell[][]; note?: string }
  /** Paragraphs of plain text (no markup: the renderer escapes it; blank lines separate paragraphs). */
  | { kind: "text"; text: string }
  /** A list of items, each optionally linking to a page of the site (a path starting with "/"). */
  | { kind: "list"; items: { text: string; path?: string }[] };

export type ReportSection = {
  /** The source's key, repeated so a frozen snapshot is self-describing. */
  key: string;
  title: string;
  blocks: ReportBlock[];
};

/**
 * What a report covers: one space, the half-open period [from, until). `asOf` is the moment states are read at
 * (statuses, lights, overdue): the period's end, or now for a period not over yet — the reports module sets it from
 * the services' clock, so a live draft of a past period shows the state at its end. Without it, the period's end.
 */
export type ReportScope = { spaceId: string; spaceSlug: string; from: Date; until: Date; asOf?: Date };

/** The moment (exclusive) a section reads states at: `asOf`, never later than the period's end. */
export function reportStateMoment(scope: ReportScope): Date {
  return scope.asOf && scope.asOf < scope.until ? scope.asOf : scope.until;
}

export type ReportSectionSource = {
  /** Lower-case letters and dashes, stable (a report remembers which sections it includes by key). */
  key: string;
  /** Order in a report that includes it (commitments 10, consultations 20, follow-up 25, events 30, surveys 40, programmes 50, mentoring 55, partnerships 60, memorandum 15). */
  order: number;
  /** Message key of the section's name, for the report builder's checklist. */
  labelKey: string;
  /** False when the space does not use what the section reports on (its feature is off): the builder leaves it out. */
  isAvailable(db: Database, spaceId: string): Promise<boolean>;
  /** The section in one locale, for the scope, with live figures. */
  load(db: Database, scope: ReportScope, context: { locale: Locale; t: Translate; format: IntlFormat }): Promise<ReportSection>;
};

const KEY_PATTERN = /^[a-z][a-z-]{0,39}$/;
const sources = new Map<string, ReportSectionSource>();

/** Registers a section source (modules list theirs in the manifest's `reportSections`; app.ts registers them). */
export function registerReportSection(source: ReportSectionSource): void {
  if (!KEY_PATTERN.test(source.key)) throw new Error(`report section key "${source.key}" must match ${KEY_PATTERN}`);
  sources.set(source.key, source);
}

export function reportSectionSource(key: string): ReportSectionSource | undefined {
  return sources.get(key);
}

/** Every registered section source, in report order. */
export function reportSectionSources(): ReportSectionSource[] {
  return [...sources.values()].sort((a, b) => a.order - b.order || a.key.localeCompare(b.key));
}
