import { eq, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { AppError, forbidden, validationFailed, type FieldErrors } from "../../../platform/errors";
import { cleanLocalized, type LocalizedText } from "../../../platform/i18n/localized";
import type { Services } from "../../../platform/services";
import { canReportProgress } from "../permissions-review";
import { indicatorsOf } from "../queries-progress";
import { lockCommitmentFor, type ReviewActor } from "../review-context";
import { COMMITMENT_STAGES, commitments, progressReports, progressValues, type CommitmentLink, type CommitmentStage } from "../schema";

/** A progress report as posted: text from a form or JSON from the API (numbers may arrive as strings). */
export type ProgressReportInput = {
  reportDate: string;
  stage: string;
  /** Value per indicator id; every indicator needs one. */
  values: Record<string, string | number | null | undefined>;
  percentComplete?: string | number | null;
  narrative: LocalizedText;
  evidenceLinks: string[];
};

export const EVIDENCE_LINKS_MAX = 10;
const NARRATIVE_MAX = 10_000;

function parseNumber(value: string | number | null | undefined): number | null | undefined {
  if (value === null || value === undefined || (typeof value === "string" && !value.trim())) return null;
  const number = typeof value === "number" ? value : Number(value.trim().replace(",", "."));
  return Number.isFinite(number) && Math.abs(number) < 1e15 ? number : undefined;
}

function isHttpUrl(text: string): boolean {
  if (text.length > 2000) return false;
  try {
    const url = new URL(text);
    return (url.protocol === "https:" || url.protocol === "http:") && Boolean(url.hostname);
  } catch {
    return false;
  }
}

/**
 * Checks a report against the commitment's indicators; field errors are keyed by the form's field names
 * (`report_date`, `stage`, `value.<indicator id>`, `percent_complete`, `narrative`, `evidence_links`).
 */
export function validateProgressReport(input: ProgressReportInput, indicatorIds: readonly string[], today: string) {
  const errors: FieldErrors = {};
  const date = input.reportDate.trim();
  if (!date) errors.report_date = { key: "validation.required" };
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) errors.report_date = { key: "validation.invalid_value" };
  else if (date > today) errors.report_date = { key: "commitment.progress.error.future_date" };
  else if (date < "1990-01-01") errors.report_date = { key: "validation.invalid_value" };
  const stage = COMMITMENT_STAGES.find((candidate) => candidate === input.stage);
  if (!stage) errors.stage = { key: input.stage ? "validation.invalid_value" : "validation.required" };
  const values = new Map<string, number>();
  for (const id of indicatorIds) {
    const value = parseNumber(input.values[id]);
    if (value === null) errors[`value.${id}`] = { key: "validation.required" };
    else if (value === undefined) errors[`value.${id}`] = { key: "commitment.progress.error.not_a_number" };
    else values.set(id, value);
  }
  const percent = parseNumber(input.percentComplete);
  if (percent === undefined || (percent !== null && (!Number.isInteger(percent) || percent < 0 || percent > 100))) errors.percent_complete = { key: "commitment.progress.error.percent" };
  const narrative = cleanLocalized(input.narrative);
  if (!Object.keys(narrative).length) errors.narrative = { key: "validation.localized_required" };
  else if (Object.values(narrative).some((text) => (text ?? "").length > NARRATIVE_MAX)) errors.narrative = { key: "validation.too_long", values: { max: NARRATIVE_MAX } };
  const links = input.evidenceLinks.map((link) => link.trim()).filter(Boolean);
  if (links.length > EVIDENCE_LINKS_MAX) errors.evidence_links = { key: "commitment.progress.error.too_many_links", values: { max: EVIDENCE_LINKS_MAX } };
  else if (links.some((link) => !isHttpUrl(link))) errors.evidence_links = { key: "commitment.progress.error.link" };
  if (Object.keys(errors).length) throw validationFailed(errors);
  return {
    reportDate: date,
    stage: stage as CommitmentStage,
    values,
    percentComplete: percent ?? null,
    narrative,
    evidenceLinks: links.map((url): CommitmentLink => ({ url, label: "" })),
  };
}

/**
 * The owner (the committing person or a member of the committing organisation) reports progress on a
 * published commitment. The report, its values and the commitment's stage and last report date change together.
 */
export async function postProgressReport(services: Services, actor: ReviewActor, commitmentId: string, input: ProgressReportInput & { ip?: string | null }): Promise<{ reportId: string }> {
  return services.db.transaction(async (tx) => {
    const { commitment, subject } = await lockCommitmentFor(tx, commitmentId, actor);
    if (!canReportProgress(subject)) throw forbidden();
    if (commitment.status !== "published") throw new AppError("conflict", "commitment.progress.error.not_published");
    const now = services.clock.now();
    const indicators = await indicatorsOf(tx, commitmentId);
    const report = validateProgressReport(
      input,
      indicators.map((indicator) => indicator.id),
      now.toISOString().slice(0, 10),
    );
    const [row] = await tx
      .insert(progressReports)
      .values({
        commitmentId,
        reportDate: report.reportDate,
        stage: report.stage,
        percentComplete: report.percentComplete,
        narrative: report.narrative,
        evidenceLinks: report.evidenceLinks,
        createdBy: actor.id,
        createdAt: now,
      })
      .returning({ id: progressReports.id });
    for (const [indicatorId, value] of report.values) await tx.insert(progressValues).values({ reportId: row.id, indicatorId, value: String(value) });
    // A report dated before the latest one adds to the timeline without moving the current stage back.
    const isLatest = !commitment.lastReportAt || report.reportDate >= commitment.lastReportAt;
    await tx
      .update(commitments)
      .set({
        lastReportAt: sql`greatest(${commitments.lastReportAt}, ${report.reportDate}::date)`,
        ...(isLatest ? { stage: report.stage } : {}),
        updatedAt: now,
      })
      .where(eq(commitments.id, commitmentId));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "commitment.progress_reported",
      subjectType: "commitment",
      subjectId: commitmentId,
      spaceId: commitment.spaceId,
      details: { number: commitment.number, reportId: row.id, reportDate: report.reportDate, stage: report.stage },
      ip: input.ip,
    });
    return { reportId: row.id };
  });
}
