import { and, eq, isNull, ne } from "drizzle-orm";
import { recordAudit } from "../../../../platform/audit/record";
import { validationFailed, type FieldErrors } from "../../../../platform/errors";
import type { LocalizedText } from "../../../../platform/i18n/localized";
import type { Services } from "../../../../platform/services";
import { knowledgeCollections } from "../../schema";
import type { KnowledgeScope } from "../scope";

const COLLECTION_SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;

export type CollectionInput = { slug: string; title: LocalizedText; description: LocalizedText; position: string };

/** Creates a collection (no `id`) or changes one of this hub's; the slug is unique within the hub. */
export async function saveCollection(services: Services, scope: KnowledgeScope, actor: { id: string }, input: CollectionInput, id?: string, ip?: string | null): Promise<string> {
  const errors: FieldErrors = {};
  const slug = input.slug.trim().toLowerCase();
  if (!slug) errors.slug = { key: "validation.required" };
  else if (!COLLECTION_SLUG.test(slug)) errors.slug = { key: "knowledge.document.error.slug_invalid" };
  if (!Object.values(input.title).some((text) => text?.trim())) errors.title = { key: "validation.localized_required" };
  else if (Object.values(input.title).some((text) => (text ?? "").length > 200)) errors.title = { key: "validation.too_long", values: { max: 200 } };
  if (Object.values(input.description).some((text) => (text ?? "").length > 2000)) errors.description = { key: "validation.too_long", values: { max: 2000 } };
  const position = input.position.trim() === "" ? 0 : Number(input.position);
  if (!Number.isInteger(position) || position < 0 || position > 10_000) errors.position = { key: "validation.invalid_value" };
  if (Object.keys(errors).length) throw validationFailed(errors);
  return services.db.transaction(async (tx) => {
    const inHub = scope.spaceId === null ? isNull(knowledgeCollections.spaceId) : eq(knowledgeCollections.spaceId, scope.spaceId);
    const [taken] = await tx
      .select({ id: knowledgeCollections.id })
      .from(knowledgeCollections)
      .where(and(inHub, eq(knowledgeCollections.slug, slug), id ? ne(knowledgeCollections.id, id) : undefined));
    if (taken) throw validationFailed({ slug: { key: "knowledge.document.error.slug_taken" } });
    const values = { slug, title: input.title, description: input.description, position };
    let savedId: string;
    if (id) {
      await tx.update(knowledgeCollections).set(values).where(and(inHub, eq(knowledgeCollections.id, id)));
      savedId = id;
    } else {
      const [row] = await tx.insert(knowledgeCollections).values({ ...values, spaceId: scope.spaceId }).returning({ id: knowledgeCollections.id });
      savedId = row!.id;
    }
    await recordAudit(tx, { actorUserId: actor.id, action: id ? "knowledge.collection_updated" : "knowledge.collection_created", subjectType: "knowledge_collection", subjectId: savedId, spaceId: scope.spaceId, details: { slug }, ip: ip ?? null });
    return savedId;
  });
}
