import type { FieldErrors } from "../../platform/errors";
import type { CommitmentForViewer } from "./queries";
import type { Criterion } from "./schema";

/** The field each criterion is reported on, and the form step where that field is filled in. */
export const CRITERION_FIELDS: Record<Criterion, { field: string; step: number }> = {
  require_target: { field: "primaryItemId", step: 2 },
  require_indicator_target: { field: "indicators", step: 4 },
  require_end_or_review_date: { field: "endDate", step: 3 },
  require_intent_to_report: { field: "intendsToReport", step: 5 },
};

const PASSES: Record<Criterion, (data: Pick<CommitmentForViewer, "commitment" | "indicators">) => boolean> = {
  require_target: (data) => data.commitment.primaryItemId !== null,
  require_indicator_target: (data) => data.indicators.some((indicator) => indicator.targetValue !== null),
  require_end_or_review_date: (data) => data.commitment.endDate !== null || data.commitment.reviewDate !== null,
  require_intent_to_report: (data) => data.commitment.intendsToReport,
};

/**
 * What stops a commitment from being submitted: a title always, plus every criterion the space's
 * coordinator switched on, each as an error on the field it concerns. Empty when it may be submitted.
 */
export function submissionErrors(data: Pick<CommitmentForViewer, "commitment" | "indicators" | "settings">): FieldErrors {
  const errors: FieldErrors = {};
  if (!Object.values(data.commitment.title).some((text) => text?.trim())) errors.title = { key: "validation.localized_required" };
  for (const criterion of data.settings.criteria) {
    if (!PASSES[criterion](data)) errors[CRITERION_FIELDS[criterion].field] = { key: `commitment.form.criteria.${criterion}.error` };
  }
  return errors;
}
