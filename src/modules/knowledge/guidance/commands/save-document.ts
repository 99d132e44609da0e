import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../../../db/client";
import { recordAudit } from "../../../../platform/audit/record";
import { AppError } from "../../../../platform/errors";
import { knowledgeDocuments, knowledgeDocumentVersions, type DocumentKind, type DocumentSource, type DocumentStatus } from "../../schema";
import { writeSections } from "../section-index";
import { documentHtml, splitSections } from "../sections";

/** A document as it is written: validated fields (see document-input.ts for the form and front-matter checks). */
export type DocumentFields = {
  spaceId: string | null;
  slug: string;
  kind: DocumentKind;
  language: string;
  title: string;
  tags: string[];
  bodyMd: string;
  status: DocumentStatus;
  /** The slug of the original this document translates, in the same space; null for an original. */
  translationOfSlug: string | null;
  collectionId: string | null;
};

export type SaveDocumentOptions = { actorUserId: string | null; source: DocumentSource; sourceFile?: string; note?: string; now: Date; ip?: string | null };

export type SaveDocumentResult = { id: string; slug: string; version: number; isNew: boolean; isChanged: boolean };

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, index) => tag === b[index]);
}

async function findDocumentId(tx: Database, spaceId: string | null, slug: string): Promise<{ id: string; translationOf: string | null } | undefined> {
  const [row] = await tx
    .select({ id: knowledgeDocuments.id, translationOf: knowledgeDocuments.translationOf })
    .from(knowledgeDocuments)
    .where(and(spaceId === null ? isNull(knowledgeDocuments.spaceId) : eq(knowledgeDocuments.spaceId, spaceId), eq(knowledgeDocuments.slug, slug)));
  return row;
}

/**
 * Creates or updates the document with this slug in this space, inside the caller's transaction: a new version
 * is recorded only when title, tags or text changed (importing the same folder twice changes nothing), and the
 * sections are rewritten from the new text. The original named by `translationOfSlug` must exist already.
 */
export async function saveDocument(tx: Database, fields: DocumentFields, options: SaveDocumentOptions): Promise<SaveDocumentResult> {
  let translationOf: string | null = null;
  if (fields.translationOfSlug !== null) {
    if (fields.translationOfSlug === fields.slug) throw new AppError("validation_failed", "error.validation_failed", { translationOf: { key: "knowledge.document.error.translation_of_self" } });
    const original = await findDocumentId(tx, fields.spaceId, fields.translationOfSlug);
    // A translation of a translation joins the group of the first original, so every language stays linked.
    translationOf = original ? (original.translationOf ?? original.id) : null;
    if (translationOf === null) throw new AppError("validation_failed", "error.validation_failed", { translationOf: { key: "knowledge.document.error.translation_of_missing", values: { id: fields.translationOfSlug } } });
  }
  const sections = splitSections(fields.title, fields.bodyMd);
  const bodyHtml = documentHtml(sections);
  // Lock the row (when there is one) so two saves of one document cannot both take the same next version.
  const [existing] = await tx
    .select()
    .from(knowledgeDocuments)
    .where(and(fields.spaceId === null ? isNull(knowledgeDocuments.spaceId) : eq(knowledgeDocuments.spaceId, fields.spaceId), eq(knowledgeDocuments.slug, fields.slug)))
    .for("update");
  // The original named is itself a translation of this document: linking back would make a loop.
  if (existing && translationOf === existing.id) throw new AppError("validation_failed", "error.validation_failed", { translationOf: { key: "knowledge.document.error.translation_of_self" } });
  const publishedAt = fields.status === "published" ? (existing?.publishedAt ?? options.now) : null;
  const row = {
    spaceId: fields.spaceId,
    collectionId: fields.collectionId,
    kind: fields.kind,
    slug: fields.slug,
    language: fields.language,
    translationOf,
    title: fields.title,
    tags: fields.tags,
    bodyMd: fields.bodyMd,
    bodyHtml,
    status: fields.status,
    source: options.source,
    sourceFile: options.sourceFile ?? "",
    updatedBy: options.actorUserId,
    updatedAt: options.now,
    publishedAt,
  };
  let id: string;
  let version: number;
  let isChanged: boolean;
  if (!existing) {
    const [inserted] = await tx
      .insert(knowledgeDocuments)
      .values({ ...row, version: 1, createdBy: options.actorUserId, createdAt: options.now })
      .returning({ id: knowledgeDocuments.id });
    id = inserted!.id;
    version = 1;
    isChanged = true;
  } else {
    id = existing.id;
    const isTextChanged = existing.title !== fields.title || existing.bodyMd !== fields.bodyMd || !sameTags(existing.tags, fields.tags);
    const isOtherwiseChanged =
      existing.kind !== fields.kind || existing.language !== fields.language || existing.translationOf !== translationOf || existing.status !== fields.status || existing.collectionId !== fields.collectionId;
    isChanged = isTextChanged || isOtherwiseChanged;
    if (!isChanged) return { id, slug: fields.slug, version: existing.version, isNew: false, isChanged: false };
    version = isTextChanged ? existing.version + 1 : existing.version;
    await tx.update(knowledgeDocuments).set({ ...row, version }).where(eq(knowledgeDocuments.id, id));
    if (!isTextChanged) {
      // status, language, kind or collection changed: the sections keep their text but carry copies of these
      await tx.execute(sql`update knowledge_sections set is_published = ${fields.status === "published"}, language = ${fields.language}, kind = ${fields.kind} where document_id = ${id}`);
      await audit(tx, id, fields, options, version, false);
      return { id, slug: fields.slug, version, isNew: false, isChanged: true };
    }
  }
  await tx.insert(knowledgeDocumentVersions).values({
    documentId: id,
    version,
    title: fields.title,
    bodyMd: fields.bodyMd,
    tags: fields.tags,
    source: options.source,
    note: options.note ?? "",
    editedBy: options.actorUserId,
    createdAt: options.now,
  });
  await writeSections(tx, { id, spaceId: fields.spaceId, kind: fields.kind, language: fields.language, status: fields.status, title: fields.title }, sections);
  await audit(tx, id, fields, options, version, !existing);
  return { id, slug: fields.slug, version, isNew: !existing, isChanged };
}

async function audit(tx: Database, id: string, fields: DocumentFields, options: SaveDocumentOptions, version: number, isNew: boolean): Promise<void> {
  await recordAudit(tx, {
    actorUserId: options.actorUserId,
    action: isNew ? "knowledge.document_created" : "knowledge.document_updated",
    subjectType: "knowledge_document",
    subjectId: id,
    spaceId: fields.spaceId,
    details: { slug: fields.slug, kind: fields.kind, version, source: options.source, ...(options.sourceFile ? { file: options.sourceFile } : {}) },
    ip: options.ip ?? null,
  });
}
