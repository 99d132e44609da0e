import { and, eq, gt, sql } from "drizzle-orm";
import { recordAudit } from "../../../../platform/audit/record";
import { AppError } from "../../../../platform/errors";
import type { LocalizedText } from "../../../../platform/i18n/localized";
import { users } from "../../../../platform/schema";
import type { Services } from "../../../../platform/services";
import { absoluteUrl, destinationName, queueEnquiryMail } from "../mail";
import { enquiryRecipients } from "../queries";
import { knowledgeEnquiries } from "../schema";

/** How many enquiries one address (or one account) may send in an hour, whatever the IP. */
export const ENQUIRIES_PER_HOUR = 5;
const HOUR_MS = 3_600_000;

export type EnquirySubmission = {
  /** The space whose coordinators receive it, or null for the platform secretariat. */
  space: { id: string; slug: string; title: LocalizedText } | null;
  asker: { kind: "member"; userId: string } | { kind: "visitor"; name: string; email: string; language: string };
  question: string;
  details: string;
  tags: string[];
};

/**
 * Records an enquiry and queues two kinds of mail in the same transaction: an acknowledgement to the asker in
 * their language with the reference number, and a notification to each coordinator (platform administrators for
 * the platform) in theirs. A member's name and address stay in their account; a visitor's are kept with the
 * enquiry, with the moment they agreed to it. More than ENQUIRIES_PER_HOUR from one address is a 429.
 */
export async function submitEnquiry(services: Services, input: EnquirySubmission, options: { ip?: string | null } = {}): Promise<{ id: string; number: number }> {
  const now = services.clock.now();
  return services.db.transaction(async (tx) => {
    let asker: { name: string; email: string; language: string; userId: string | null };
    if (input.asker.kind === "member") {
      const [account] = await tx.select({ name: users.displayName, email: users.email, language: users.locale }).from(users).where(eq(users.id, input.asker.userId));
      if (!account) throw new AppError("unauthenticated");
      asker = { ...account, userId: input.asker.userId };
    } else {
      asker = { name: input.asker.name, email: input.asker.email, language: input.asker.language, userId: null };
    }
    // Counted per address and per account rather than per IP alone: many people share one IP at a workshop,
    // and one person can change IP; the route adds a per-IP limit on top.
    const since = new Date(now.getTime() - HOUR_MS);
    const sameAsker = asker.userId ? eq(knowledgeEnquiries.askerUserId, asker.userId) : sql`lower(${knowledgeEnquiries.askerEmail}) = ${asker.email.toLowerCase()}`;
    const [recent] = await tx.select({ count: sql<number>`count(*)::int` }).from(knowledgeEnquiries).where(and(sameAsker, gt(knowledgeEnquiries.createdAt, since)));
    if (Number(recent?.count ?? 0) >= ENQUIRIES_PER_HOUR) {
      throw new AppError("rate_limited", "knowledge.enquiry.error.too_many", { _: { key: "knowledge.enquiry.error.too_many", values: { limit: ENQUIRIES_PER_HOUR } } }, { limit: ENQUIRIES_PER_HOUR });
    }
    const [row] = await tx
      .insert(knowledgeEnquiries)
      .values({
        spaceId: input.space?.id ?? null,
        askerUserId: asker.userId,
        // a member's name and address are read from the account when needed, never copied
        askerName: asker.userId ? "" : asker.name,
        askerEmail: asker.userId ? null : asker.email,
        askerLanguage: asker.language,
        question: input.question,
        details: input.details,
        tags: input.tags,
        consentedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: knowledgeEnquiries.id, number: knowledgeEnquiries.number });
    const number = Number(row!.number);
    const spaceTitle = input.space?.title ?? null;
    await queueEnquiryMail(services, tx, {
      to: asker.email,
      locale: asker.language,
      kind: "received",
      number,
      values: { name: asker.name, question: input.question, destination: destinationName(asker.language, spaceTitle) },
    });
    const queuePath = input.space ? `/spaces/${input.space.slug}/knowledge/enquiries/${number}` : `/knowledge/enquiries/${number}`;
    for (const recipient of await enquiryRecipients(tx, input.space?.id ?? null)) {
      await queueEnquiryMail(services, tx, {
        to: recipient.email,
        locale: recipient.locale,
        kind: "notify",
        number,
        values: { name: recipient.displayName, question: input.question, destination: destinationName(recipient.locale, spaceTitle), url: absoluteUrl(services, queuePath) },
      });
    }
    await recordAudit(tx, {
      actorUserId: asker.userId,
      action: "knowledge.enquiry_submitted",
      subjectType: "knowledge_enquiry",
      subjectId: row!.id,
      spaceId: input.space?.id ?? null,
      details: { number, language: asker.language, isMember: asker.userId !== null },
      ip: options.ip ?? null,
    });
    return { id: row!.id, number };
  });
}
