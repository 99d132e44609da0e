import { and, count, eq, isNull } from "drizzle-orm";
import { recordAudit } from "../../../../platform/audit/record";
import { notFound } from "../../../../platform/errors";
import type { Services } from "../../../../platform/services";
import { knowledgeCollections, knowledgeDocuments } from "../../schema";
import type { KnowledgeScope } from "../scope";

/**
 * Deletes one of this hub's collections. Its documents stay: the foreign key sets their collection to none, so
 * they are listed under "Other documents" and keep every version. Audited with how many documents it held;
 * deleting a collection that is already gone (another tab, a second post) is a 404.
 */
export async function deleteCollection(services: Services, scope: KnowledgeScope, actor: { id: string }, id: string, ip?: string | null): Promise<{ documents: number }> {
  const inHub = scope.spaceId === null ? isNull(knowledgeCollections.spaceId) : eq(knowledgeCollections.spaceId, scope.spaceId);
  return services.db.transaction(async (tx) => {
    // Locked first, so the count below is of the documents it held when it went.
    const [collection] = await tx.select({ id: knowledgeCollections.id, slug: knowledgeCollections.slug }).from(knowledgeCollections).where(and(inHub, eq(knowledgeCollections.id, id))).for("update");
    if (!collection) throw notFound();
    const [held] = await tx.select({ documents: count() }).from(knowledgeDocuments).where(eq(knowledgeDocuments.collectionId, collection.id));
    await tx.delete(knowledgeCollections).where(eq(knowledgeCollections.id, collection.id));
    const documents = held?.documents ?? 0;
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "knowledge.collection_deleted",
      subjectType: "knowledge_collection",
      subjectId: collection.id,
      spaceId: scope.spaceId,
      details: { slug: collection.slug, documents },
      ip: ip ?? null,
    });
    return { documents };
  });
}
