import { and, eq, inArray, isNull } from "drizzle-orm";
import { recordAudit } from "../../../../platform/audit/record";
import { AppError, conflict } from "../../../../platform/errors";
import type { CurrentUser } from "../../../../platform/http/context";
import type { Services } from "../../../../platform/services";
import type { Database } from "../../../../db/client";
import { destinationName, queueEnquiryMail } from "../mail";
import { queueWorkers, type EnquiryDetail } from "../queries";
import { knowledgeEnquiries, knowledgeEnquiryNotes, type EnquiryStatus } from "../schema";

// The steps coordinators take on an enquiry: assign, note, answer, close. Each checks the status it starts from in
// the same UPDATE that changes it, so two coordinators acting at once cannot both answer (the second gets a 409).

type Options = { ip?: string | null };
const OPEN: EnquiryStatus[] = ["new", "assigned"];

async function audit(tx: Database, actor: CurrentUser, enquiry: EnquiryDetail, action: string, details: Record<string, unknown>, options: Options): Promise<void> {
  await recordAudit(tx, { actorUserId: actor.id, action, subjectType: "knowledge_enquiry", subjectId: enquiry.id, spaceId: enquiry.spaceId, details: { number: enquiry.number, ...details }, ip: options.ip ?? null });
}

/**
 * Gives the enquiry to a coordinator of its queue (the actor or another), or back to the queue with "". An open
 * enquiry becomes "assigned" (or "new" again); an answered or closed one keeps its status.
 */
export async function assignEnquiry(services: Services, actor: CurrentUser, enquiry: EnquiryDetail, assigneeId: string, options: Options = {}): Promise<void> {
  const assignee = assigneeId === "" ? null : assigneeId;
  if (assignee !== null && !(await queueWorkers(services.db, enquiry.spaceId)).some((worker) => worker.userId === assignee)) {
    throw new AppError("validation_failed", "error.validation_failed", { assignee: { key: "knowledge.enquiry.error.not_a_coordinator" } });
  }
  await services.db.transaction(async (tx) => {
    const [row] = await tx.select({ status: knowledgeEnquiries.status }).from(knowledgeEnquiries).where(eq(knowledgeEnquiries.id, enquiry.id)).for("update");
    if (!row) throw new AppError("not_found");
    const status: EnquiryStatus = OPEN.includes(row.status) ? (assignee ? "assigned" : "new") : row.status;
    await tx.update(knowledgeEnquiries).set({ assigneeUserId: assignee, status, updatedAt: services.clock.now() }).where(eq(knowledgeEnquiries.id, enquiry.id));
    await audit(tx, actor, enquiry, "knowledge.enquiry_assigned", { assignee }, options);
  });
}

/** Adds an internal note (never shown to the asker). */
export async function addEnquiryNote(services: Services, actor: CurrentUser, enquiry: EnquiryDetail, body: string, options: Options = {}): Promise<void> {
  await services.db.transaction(async (tx) => {
    const now = services.clock.now();
    await tx.insert(knowledgeEnquiryNotes).values({ enquiryId: enquiry.id, authorUserId: actor.id, body, createdAt: now });
    await tx.update(knowledgeEnquiries).set({ updatedAt: now }).where(eq(knowledgeEnquiries.id, enquiry.id));
    await audit(tx, actor, enquiry, "knowledge.enquiry_noted", {}, options);
  });
}

/**
 * Answers an open enquiry: the answer is stored, the enquiry becomes "answered" (assigned to whoever answered if
 * nobody had it) and the answer is mailed to the asker in the asker's language — the frame translated, the answer
 * as written. When the visitor's address has been erased the answer is kept without mail.
 */
export async function answerEnquiry(services: Services, actor: CurrentUser, enquiry: EnquiryDetail, answer: string, options: Options & { spaceTitle?: Record<string, string | undefined> | null } = {}): Promise<void> {
  await services.db.transaction(async (tx) => {
    const now = services.clock.now();
    const updated = await tx
      .update(knowledgeEnquiries)
      .set({ answer, answeredBy: actor.id, answeredAt: now, status: "answered", assigneeUserId: enquiry.assigneeUserId ?? actor.id, updatedAt: now })
      .where(and(eq(knowledgeEnquiries.id, enquiry.id), inArray(knowledgeEnquiries.status, OPEN)))
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
    await audit(tx, actor, enquiry, "knowledge.enquiry_answered", { isMailed: Boolean(enquiry.replyAddress) }, options);
  });
}

/** Closes an enquiry (answered, or needing no answer: spam, a duplicate). */
export async function closeEnquiry(services: Services, actor: CurrentUser, enquiry: EnquiryDetail, options: Options = {}): Promise<void> {
  await services.db.transaction(async (tx) => {
    const now = services.clock.now();
    const updated = await tx
      .update(knowledgeEnquiries)
      .set({ status: "closed", closedAt: now, updatedAt: now })
      .where(and(eq(knowledgeEnquiries.id, enquiry.id), inArray(knowledgeEnquiries.status, ["new", "assigned", "answered"]), isNull(knowledgeEnquiries.closedAt)))
      .returning({ id: knowledgeEnquiries.id });
    if (!updated.length) throw conflict("knowledge.enquiry.error.already_closed");
    await audit(tx, actor, enquiry, "knowledge.enquiry_closed", {}, options);
  });
}
