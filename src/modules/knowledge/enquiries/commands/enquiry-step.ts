import { recordAudit } from "../../../../platform/audit/record";
import type { CurrentUser } from "../../../../platform/http/context";
import type { Database } from "../../../../db/client";
import type { EnquiryDetail } from "../queries";
import type { EnquiryStatus } from "../schema";

// The steps coordinators take on an enquiry (assign, note, answer, close) each check the status they start from in
// the same statement that changes it, so two coordinators acting at once cannot both answer (the second gets a 409).

export type StepOptions = { ip?: string | null };
/** Statuses in which an enquiry still waits for its answer. */
export const OPEN_STATUSES: EnquiryStatus[] = ["new", "assigned"];

/** One audit-log row for a step on an enquiry, inside the step's transaction. */
export async function auditEnquiryStep(tx: Database, actor: CurrentUser, enquiry: EnquiryDetail, action: string, details: Record<string, unknown>, options: StepOptions): Promise<void> {
  await recordAudit(tx, { actorUserId: actor.id, action, subjectType: "knowledge_enquiry", subjectId: enquiry.id, spaceId: enquiry.spaceId, details: { number: enquiry.number, ...details }, ip: options.ip ?? null });
}
