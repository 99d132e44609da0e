import { and, eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { forbidden, notFound, validationFailed, type FieldErrors } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { canFacilitateAny } from "../permissions";
import { consultationFindings } from "../schema";
import type { FindingsSubject } from "./suggest-findings";

export const FINDING_TITLE_MAX = 200;
export const FINDING_SUMMARY_MAX = 5000;

export type FindingDecision = { decision: string; title?: string; summary?: string; ip?: string | null };

/**
 * A facilitator accepts a finding (optionally renaming it and writing its summary) or rejects it. Both are
 * remembered by the finding's signature, so later runs of the suggestion do not offer it again.
 */
export async function decideFinding(services: Services, actorId: string, subject: FindingsSubject, findingId: string, input: FindingDecision): Promise<void> {
  if (!canFacilitateAny(subject.access)) throw forbidden();
  if (input.decision !== "accept" && input.decision !== "reject") throw validationFailed({ decision: { key: "validation.invalid_value" } });
  await services.db.transaction(async (tx) => {
    const [finding] = await tx
      .select()
      .from(consultationFindings)
      .where(and(eq(consultationFindings.id, findingId), eq(consultationFindings.consultationId, subject.consultationId)))
      .for("update");
    if (!finding) throw notFound();
    const title = input.title === undefined ? finding.title : input.title.trim();
    const summary = input.summary === undefined ? finding.summary : input.summary.replace(/\r\n/g, "\n").trim();
    const errors: FieldErrors = {};
    if (!title) errors.title = { key: "validation.required" };
    else if (title.length > FINDING_TITLE_MAX) errors.title = { key: "validation.too_long", values: { max: FINDING_TITLE_MAX } };
    if (summary.length > FINDING_SUMMARY_MAX) errors.summary = { key: "validation.too_long", values: { max: FINDING_SUMMARY_MAX } };
    if (Object.keys(errors).length) throw validationFailed(errors);
    const status = input.decision === "accept" ? "accepted" : "rejected";
    await tx
      .update(consultationFindings)
      .set({ status, title, summary, decidedBy: actorId, decidedAt: services.clock.now() })
      .where(eq(consultationFindings.id, finding.id));
    await recordAudit(tx, {
      actorUserId: actorId,
      action: `consultation.finding_${status}`,
      subjectType: "consultation_finding",
      subjectId: finding.id,
      spaceId: subject.spaceId,
      details: { consultationId: subject.consultationId, title },
      ip: input.ip,
    });
  });
}
