import { and, eq, inArray } from "drizzle-orm";
import { conflict } from "../../../../platform/errors";
import type { CurrentUser } from "../../../../platform/http/context";
import type { Services } from "../../../../platform/services";
import { destinationName, queueEnquiryMail } from "../mail";
import type { EnquiryDetail } from "../queries";
import { knowledgeEnquiries } from "../schema";
import { auditEnquiryStep, OPEN_STATUSES, type StepOptions } from "./enquiry-step";

/**
 * Answers an open enquiry: the answer is stored, the enquiry becomes "answered" (assigned to whoever answered if
 * nobody had it) and the answer is mailed to the asker in the asker's language — the frame translated, the answer
 * as written. When the visitor's address has been erased the answer is kept without mail.
 */
export async function answerEnquiry(services: Services, actor: CurrentUser, enquiry: EnquiryDetail, answer: string, options: StepOptions & { spaceTitle?: Record<string, string | undefined> | null } = {}): Promise<void> {
  await services.db.transaction(async (tx) => {
    const now = services.clock.now();
    const updated = await tx
      .update(knowledgeEnquiries)
      .set({ answer, answeredBy: actor.id, answeredAt: now, status: "answered", assigneeUserId: enquiry.assigneeUserId ?? actor.id, updatedAt: now })
      .where(and(eq(knowledgeEnquiries.id, enquiry.id), inArray(knowledgeEnquiries.status, OPEN_STATUSES)))
      .returning({ id: knowledgeEnquiries.id });
    if (!updated.length) throw conflict("knowledge.enquiry.error.not_open");
    if (enquiry.replyAddress) {
      await queueEnquiryMail(services, tx, {
        to: enquiry.replyAddress,
        locale: enquiry.askerLanguage,
        kind: "answer",
        number: enquiry.number,
        values: { name: enquiry.askerDisplayName, question: enquiry.question, answer, destination: destinationName(enquiry.askerLanguage, options.spaceTitle ?? null) },
      });
    }
    await auditEnquiryStep(tx, actor, enquiry, "knowledge.enquiry_answered", { isMailed: Boolean(enquiry.replyAddress) }, options);
  });
}
