import { eq } from "drizzle-orm";
import type { CurrentUser } from "../../../../platform/http/context";
import type { Services } from "../../../../platform/services";
import type { EnquiryDetail } from "../queries";
import { knowledgeEnquiries, knowledgeEnquiryNotes } from "../schema";
import { auditEnquiryStep, type StepOptions } from "./enquiry-step";

/** Adds an internal note (never shown to the asker). */
export async function addEnquiryNote(services: Services, actor: CurrentUser, enquiry: EnquiryDetail, body: string, options: StepOptions = {}): Promise<void> {
  await services.db.transaction(async (tx) => {
    const now = services.clock.now();
    await tx.insert(knowledgeEnquiryNotes).values({ enquiryId: enquiry.id, authorUserId: actor.id, body, createdAt: now });
    await tx.update(knowledgeEnquiries).set({ updatedAt: now }).where(eq(knowledgeEnquiries.id, enquiry.id));
    await auditEnquiryStep(tx, actor, enquiry, "knowledge.enquiry_noted", {}, options);
  });
}
