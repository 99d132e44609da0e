import { and, eq, inArray, isNull } from "drizzle-orm";
import { conflict } from "../../../../platform/errors";
import type { CurrentUser } from "../../../../platform/http/context";
import type { Services } from "../../../../platform/services";
import type { EnquiryDetail } from "../queries";
import { knowledgeEnquiries } from "../schema";
import { auditEnquiryStep, type StepOptions } from "./enquiry-step";

/** Closes an enquiry (answered, or needing no answer: spam, a duplicate). */
export async function closeEnquiry(services: Services, actor: CurrentUser, enquiry: EnquiryDetail, options: StepOptions = {}): Promise<void> {
  await services.db.transaction(async (tx) => {
    const now = services.clock.now();
    const updated = await tx
      .update(knowledgeEnquiries)
      .set({ status: "closed", closedAt: now, updatedAt: now })
      .where(and(eq(knowledgeEnquiries.id, enquiry.id), inArray(knowledgeEnquiries.status, ["new", "assigned", "answered"]), isNull(knowledgeEnquiries.closedAt)))
      .returning({ id: knowledgeEnquiries.id });
    if (!updated.length) throw conflict("knowledge.enquiry.error.already_closed");
    await auditEnquiryStep(tx, actor, enquiry, "knowledge.enquiry_closed", {}, options);
  });
}
