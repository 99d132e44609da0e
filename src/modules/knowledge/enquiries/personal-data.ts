import { eq, sql } from "drizzle-orm";
import type { PersonalDataContributor } from "../../../platform/auth/personal-data";
import { spaces } from "../../spaces/schema";
import { enquiryReference } from "./inputs";
import { knowledgeEnquiries } from "./schema";

/**
 * A person's enquiries are part of their data export. When the account is deleted the enquiries stay for the
 * secretariat (the question and the answer are its record) but no longer say who asked.
 */
export const enquiriesPersonalData: PersonalDataContributor = {
  section: "enquiries",
  exportFor: async (db, userId) => {
    const rows = await db
      .select({
        number: knowledgeEnquiries.number,
        space: spaces.slug,
        language: knowledgeEnquiries.askerLanguage,
        question: knowledgeEnquiries.question,
        details: knowledgeEnquiries.details,
        tags: knowledgeEnquiries.tags,
        status: knowledgeEnquiries.status,
        answer: knowledgeEnquiries.answer,
        answeredAt: knowledgeEnquiries.answeredAt,
        createdAt: knowledgeEnquiries.createdAt,
      })
      .from(knowledgeEnquiries)
      .leftJoin(spaces, eq(spaces.id, knowledgeEnquiries.spaceId))
      .where(eq(knowledgeEnquiries.askerUserId, userId))
      .orderBy(knowledgeEnquiries.number);
    return rows.map(({ number, ...row }) => ({ reference: enquiryReference(Number(number)), ...row }));
  },
  onAccountDeleted: async (db, userId) => {
    await db.execute(sql`update knowledge_enquiries set asker_user_id = null, asker_name = '', asker_email = null, address_erased_at = coalesce(address_erased_at, now()) where asker_user_id = ${userId}`);
  },
};
