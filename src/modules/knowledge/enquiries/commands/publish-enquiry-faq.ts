import { and, eq, isNull } from "drizzle-orm";
import { recordAudit } from "../../../../platform/audit/record";
import { AppError, conflict, type FieldErrors } from "../../../../platform/errors";
import { foldText } from "../../../../platform/search/analyzer";
import type { CurrentUser } from "../../../../platform/http/context";
import type { Services } from "../../../../platform/services";
import { saveDocument } from "../../guidance/commands/save-document";
import { knowledgeCollections } from "../../schema";
import type { EnquiryDetail } from "../queries";
import { knowledgeEnquiries } from "../schema";

export type FaqFields = { title: string; body: string; language: string; tags: string[]; collection: string };

/** The FAQ entry's address in its space: one per enquiry, so publishing twice is refused rather than duplicated. */
export const faqSlugOf = (number: number): string => `enquiry-${number}`;

/**
 * Where the asker's identity would leak into the entry: their address, or their name (when it is long enough
 * to mean someone), anywhere in the title or the text. The coordinator is asked to take it out.
 */
function identityLeaks(enquiry: EnquiryDetail, fields: FaqFields): FieldErrors {
  const needles = [enquiry.replyAddress ?? "", enquiry.askerEmail ?? "", enquiry.askerDisplayName, enquiry.askerName].map((value) => foldText(value).trim()).filter((value) => value.length >= 4);
  const errors: FieldErrors = {};
  for (const field of ["title", "body"] as const) {
    const text = foldText(fields[field]);
    if (needles.some((needle) => text.includes(needle))) errors[field] = { key: "knowledge.enquiry.error.asker_identity" };
  }
  return errors;
}

/**
 * Publishes an answered enquiry as a FAQ entry of its space (the platform's when it has none) through the guidance
 * library's saveDocument: kind "faq", source "enquiry", published at once. Only the question and the answer go
 * into it — never the asker's name or address — and the enquiry keeps a link to the entry.
 */
export async function publishEnquiryFaq(services: Services, actor: CurrentUser, enquiry: EnquiryDetail, fields: FaqFields, options: { ip?: string | null } = {}): Promise<{ documentId: string; slug: string }> {
  if (enquiry.faqDocumentId) throw conflict("knowledge.enquiry.error.already_published");
  if (!enquiry.answer) throw conflict("knowledge.enquiry.error.not_answered");
  const leaks = identityLeaks(enquiry, fields);
  if (Object.keys(leaks).length) throw new AppError("validation_failed", "error.validation_failed", leaks);
  return services.db.transaction(async (tx) => {
    let collectionId: string | null = null;
    if (fields.collection) {
      const [collection] = await tx
        .select({ id: knowledgeCollections.id })
        .from(knowledgeCollections)
        .where(and(eq(knowledgeCollections.id, fields.collection), enquiry.spaceId === null ? isNull(knowledgeCollections.spaceId) : eq(knowledgeCollections.spaceId, enquiry.spaceId)));
      if (!collection) throw new AppError("validation_failed", "error.validation_failed", { collection: { key: "validation.invalid_choice" } });
      collectionId = collection.id;
    }
    const slug = faqSlugOf(enquiry.number);
    const now = services.clock.now();
    const saved = await saveDocument(
      tx,
      { spaceId: enquiry.spaceId, slug, kind: "faq", language: fields.language, title: fields.title, tags: fields.tags, bodyMd: fields.body, status: "published", translationOfSlug: null, collectionId },
      { actorUserId: actor.id, source: "enquiry", now, ip: options.ip ?? null, note: `ENQ-${enquiry.number}` },
    );
    if (!saved.isNew) throw conflict("knowledge.enquiry.error.faq_slug_taken", { title: { key: "knowledge.enquiry.error.faq_slug_taken", values: { slug } } });
    const linked = await tx
      .update(knowledgeEnquiries)
      .set({ faqDocumentId: saved.id, updatedAt: now })
      .where(and(eq(knowledgeEnquiries.id, enquiry.id), isNull(knowledgeEnquiries.faqDocumentId)))
      .returning({ id: knowledgeEnquiries.id });
    if (!linked.length) throw conflict("knowledge.enquiry.error.already_published");
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "knowledge.enquiry_published_as_faq",
      subjectType: "knowledge_enquiry",
      subjectId: enquiry.id,
      spaceId: enquiry.spaceId,
      details: { number: enquiry.number, documentId: saved.id, slug },
      ip: options.ip ?? null,
    });
    return { documentId: saved.id, slug };
  });
}
