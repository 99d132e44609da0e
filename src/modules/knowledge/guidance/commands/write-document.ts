import { and, eq, isNull } from "drizzle-orm";
import { recordAudit } from "../../../../platform/audit/record";
import { conflict, validationFailed } from "../../../../platform/errors";
import type { Services } from "../../../../platform/services";
import { knowledgeDocuments, type DocumentSource } from "../../schema";
import { validateDocumentInput, type DocumentInput } from "../document-input";
import { findDocument, listCollections } from "../queries";
import type { KnowledgeScope } from "../scope";
import { saveDocument, type SaveDocumentResult } from "./save-document";

export type WriteMode =
  /** A new document: its slug must be free. */
  | { kind: "create" }
  /** The document at this slug (which is kept whatever the input says). */
  | { kind: "update"; slug: string }
  /** Create or update by the input's slug (the API's PUT). */
  | { kind: "upsert" };

/**
 * Validates a document typed in the UI or sent to the API and saves it (a new version when its text changed),
 * in one transaction. The caller has checked that the person manages this hub. Problems are field errors.
 */
export async function writeDocument(
  services: Services,
  scope: KnowledgeScope,
  actor: { id: string },
  input: DocumentInput,
  mode: WriteMode,
  options: { source: DocumentSource; ip?: string | null },
): Promise<SaveDocumentResult> {
  const collections = await listCollections(services.db, scope.spaceId);
  const checked = validateDocumentInput(mode.kind === "update" ? { ...input, slug: mode.slug } : input, new Set(collections.map((collection) => collection.id)));
  if (!checked.ok) throw validationFailed(checked.errors);
  const value = checked.value;
  if (mode.kind === "update") await findDocument(services.db, scope, mode.slug);
  return services.db.transaction(async (tx) => {
    if (mode.kind === "create") {
      const [taken] = await tx
        .select({ id: knowledgeDocuments.id })
        .from(knowledgeDocuments)
        .where(and(scope.spaceId === null ? isNull(knowledgeDocuments.spaceId) : eq(knowledgeDocuments.spaceId, scope.spaceId), eq(knowledgeDocuments.slug, value.slug)));
      if (taken) throw conflict("error.conflict", { slug: { key: "knowledge.document.error.slug_taken" } });
    }
    return saveDocument(
      tx,
      { spaceId: scope.spaceId, slug: value.slug, kind: value.kind, language: value.language, title: value.title, tags: value.tags, bodyMd: value.bodyMd, status: value.status, translationOfSlug: value.translationOfSlug, collectionId: value.collectionId },
      { actorUserId: actor.id, source: options.source, note: value.note, now: services.clock.now(), ip: options.ip ?? null },
    );
  });
}

/** Deletes a document with its versions and sections (its translations stay, no longer linked to it). */
export async function deleteDocument(services: Services, scope: KnowledgeScope, actor: { id: string }, slug: string, ip?: string | null): Promise<void> {
  const document = await findDocument(services.db, scope, slug);
  await services.db.transaction(async (tx) => {
    await tx.delete(knowledgeDocuments).where(eq(knowledgeDocuments.id, document.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "knowledge.document_deleted",
      subjectType: "knowledge_document",
      subjectId: document.id,
      spaceId: scope.spaceId,
      details: { slug: document.slug, kind: document.kind, version: document.version },
      ip: ip ?? null,
    });
  });
}
