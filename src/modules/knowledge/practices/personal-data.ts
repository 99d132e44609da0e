import { asc, eq, or } from "drizzle-orm";
import { registerPersonalData } from "../../../platform/auth/personal-data";
import { knowledgePractices } from "./schema";

/**
 * Good practices in "export my data" and "delete my account": the practices the person submitted or is the
 * relay contact of. A practice belongs to its organisation and stays after the account goes; the person stops
 * being its contact (the relay then has no one to pass messages to until the organisation names someone).
 */
registerPersonalData({
  section: "knowledge_practices",
  async exportFor(db, userId) {
    return db
      .select({
        id: knowledgePractices.id,
        title: knowledgePractices.title,
        kind: knowledgePractices.kind,
        status: knowledgePractices.status,
        reviewReason: knowledgePractices.reviewReason,
        submittedAt: knowledgePractices.submittedAt,
        publishedAt: knowledgePractices.publishedAt,
        isSubmitter: eq(knowledgePractices.submittedBy, userId),
        isContact: eq(knowledgePractices.contactUserId, userId),
      })
      .from(knowledgePractices)
      .where(or(eq(knowledgePractices.submittedBy, userId), eq(knowledgePractices.contactUserId, userId)))
      .orderBy(asc(knowledgePractices.submittedAt));
  },
  async onAccountDeleted(db, userId) {
    await db.update(knowledgePractices).set({ contactUserId: null }).where(eq(knowledgePractices.contactUserId, userId));
  },
});
