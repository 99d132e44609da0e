import { asc, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { LocalizedText } from "../../platform/i18n/localized";
import { commitmentSettingsOf } from "./queries";
import type { ReviewCommitment } from "./queries-review";
import { commitmentIndicators, progressReports, progressValues, type CommitmentLink, type CommitmentStage, type IndicatorDirection } from "./schema";
import { statusLight, type StatusLight } from "./status-light";

export type IndicatorRow = {
  id: string;
  name: LocalizedText;
  unit: string;
  baselineValue: number | null;
  baselineDate: string | null;
  targetValue: number | null;
  targetDate: string | null;
  direction: IndicatorDirection;
};

const toNumber = (value: string | null): number | null => (value === null ? null : Number(value));

/** A commitment's indicators in the author's order. */
export async function indicatorsOf(db: Database, commitmentId: string): Promise<IndicatorRow[]> {
  const rows = await db
    .select()
    .from(commitmentIndicators)
    .where(eq(commitmentIndicators.commitmentId, commitmentId))
    .orderBy(asc(commitmentIndicators.position), asc(commitmentIndicators.id));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    unit: row.unit,
    baselineValue: toNumber(row.baselineValue),
    baselineDate: row.baselineDate,
    targetValue: toNumber(row.targetValue),
    targetDate: row.targetDate,
    direction: row.direction,
  }));
}

export type ProgressReportRow = {
  id: string;
  reportDate: string;
  stage: CommitmentStage;
  percentComplete: number | null;
  narrative: LocalizedText;
  evidenceLinks: CommitmentLink[];
  /** Reported value per indicator id. */
  values: Map<string, number>;
};

/** Every progress report of a commitment, newest first, with its indicator values. */
export async function progressReportsOf(db: Database, commitmentId: string): Promise<ProgressReportRow[]> {
  const reports = await db
    .select({
      id: progressReports.id,
      reportDate: progressReports.reportDate,
      stage: progressReports.stage,
      percentComplete: progressReports.percentComplete,
      narrative: progressReports.narrative,
      evidenceLinks: progressReports.evidenceLinks,
    })
    .from(progressReports)
    .where(eq(progressReports.commitmentId, commitmentId))
    .orderBy(desc(progressReports.reportDate), desc(progressReports.createdAt));
  if (!reports.length) return [];
  const values = await db
    .select()
    .from(progressValues)
    .where(
      inArray(
        progressValues.reportId,
        reports.map((report) => report.id),
      ),
    );
  return reports.map((report) => ({
    ...report,
    values: new Map(values.filter((value) => value.reportId === report.id).map((value) => [value.indicatorId, Number(value.value)])),
  }));
}

/** What `progressSection` shows: the timeline, the indicators and the status light. */
export type ProgressSectionData = {
  commitment: Pick<ReviewCommitment, "number" | "status" | "publishedAt" | "lastReportAt">;
  spaceSlug: string;
  reports: ProgressReportRow[];
  indicators: IndicatorRow[];
  light: StatusLight;
  canReport: boolean;
};

/** Loads the progress section of one commitment (the FORM part's detail page calls this, then `progressSection`). */
export async function loadProgressSection(
  db: Database,
  input: { commitment: ReviewCommitment; spaceSlug: string; now: Date; canReport: boolean },
): Promise<ProgressSectionData> {
  const [settings, reports, indicators] = await Promise.all([commitmentSettingsOf(db, input.commitment.spaceId), progressReportsOf(db, input.commitment.id), indicatorsOf(db, input.commitment.id)]);
  return {
    commitment: input.commitment,
    spaceSlug: input.spaceSlug,
    reports,
    indicators,
    light: statusLight(input.commitment, input.now, settings),
    canReport: input.canReport && input.commitment.status === "published",
  };
}
