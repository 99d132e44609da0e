import { eq } from "drizzle-orm";
import { AppError } from "../../../../platform/errors";
import type { CurrentUser } from "../../../../platform/http/context";
import type { Services } from "../../../../platform/services";
import { queueWorkers, type EnquiryDetail } from "../queries";
import { knowledgeEnquiries, type EnquiryStatus } from "../schema";
import { auditEnquiryStep, OPEN_STATUSES, type StepOptions } from "./enquiry-step";

/**
 * Gives the enquiry to a coordinator of its queue (the actor or another), or back to the queue with "". An open
 * enquiry becomes "assigned" (or "new" again); an answered or closed one keeps its status.
 */
export async function assignEnquiry(services: Services, actor: CurrentUser, enquiry: EnquiryDetail, assigneeId: string, options: StepOptions = {}): Promise<void> {
  const assignee = assigneeId === "" ? null : assigneeId;
  if (assignee !== null && !(await queueWorkers(services.db, enquiry.spaceId)).some((worker) => worker.userId === assignee)) {
    throw new AppError("validation_failed", "error.validation_failed", { assignee: { key: "knowledge.enquiry.error.not_a_coordinator" } });
  }
  await services.db.transaction(async (tx) => {
    const [row] = await tx.select({ status: knowledgeEnquiries.status }).from(knowledgeEnquiries).where(eq(knowledgeEnquiries.id, enquiry.id)).for("update");
    if (!row) throw new AppError("not_found");
    const status: EnquiryStatus = OPEN_STATUSES.includes(row.status) ? (assignee ? "assigned" : "new") : row.status;
    await tx.update(knowledgeEnquiries).set({ assigneeUserId: assignee, status, updatedAt: services.clock.now() }).where(eq(knowledgeEnquiries.id, enquiry.id));
    await auditEnquiryStep(tx, actor, enquiry, "knowledge.enquiry_assigned", { assignee }, options);
  });
}
