import type { FieldErrors } from "../../../platform/errors";
import { DOCUMENT_KINDS, DOCUMENT_STATUSES, type DocumentKind, type DocumentStatus } from "../schema";
import { DOCUMENT_LANGUAGES, MAX_DOCUMENT_BYTES, MAX_TAGS, MAX_TAG_LENGTH, MAX_TITLE_LENGTH, SLUG_PATTERN } from "./front-matter";
import type { DocumentFields } from "./commands/save-document";

/** A document as a form or the API sends it, before validation: every value may be missing or of any type. */
export type DocumentInput = Record<string, unknown>;

/** The validated fields of a document form or API body (collection given by its id, translation by slug). */
export type ValidDocumentInput = Omit<DocumentFields, "spaceId"> & { note: string };

const MAX_NOTE_LENGTH = 500;

function stringOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return "";
}

/** Tags from a comma-separated string or a list. */
export function tagsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value.map(stringOf) : stringOf(value).split(",");
  return [...new Set(list.map((tag) => tag.trim().replace(/\s+/g, " ")).filter(Boolean))];
}

/**
 * Checks a document's fields as the editing form and the API send them; each problem is keyed by its field
 * (message keys `knowledge.document.error.*` and `validation.*`). The slug is fixed by the caller for an edit.
 */
export function validateDocumentInput(input: DocumentInput, collectionIds: ReadonlySet<string>): { ok: true; value: ValidDocumentInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const slug = stringOf(input.slug).trim().toLowerCase();
  if (!slug) errors.slug = { key: "validation.required" };
  // "new" is the address of the form that creates a document: no document can live there.
  else if (!SLUG_PATTERN.test(slug) || slug === "new") errors.slug = { key: "knowledge.document.error.slug_invalid" };

  const kind = stringOf(input.kind) || "guidance";
  if (!(DOCUMENT_KINDS as readonly string[]).includes(kind)) errors.kind = { key: "validation.invalid_choice" };

  const language = stringOf(input.language).trim().toLowerCase();
  if (!language) errors.language = { key: "validation.required" };
  else if (!(DOCUMENT_LANGUAGES as readonly string[]).includes(language)) errors.language = { key: "validation.invalid_choice" };

  const title = stringOf(input.title).trim().replace(/\s+/g, " ");
  if (!title) errors.title = { key: "validation.required" };
  else if (title.length > MAX_TITLE_LENGTH) errors.title = { key: "knowledge.import.error.title_too_long", values: { max: MAX_TITLE_LENGTH } };

  const bodyMd = stringOf(input.body).replace(/\r\n?/g, "\n");
  if (!bodyMd.trim()) errors.body = { key: "validation.required" };
  else if (Buffer.byteLength(bodyMd, "utf8") > MAX_DOCUMENT_BYTES) errors.body = { key: "knowledge.import.error.too_large", values: { max: MAX_DOCUMENT_BYTES / 1_000_000 } };
  else if (bodyMd.includes("\u0000")) errors.body = { key: "knowledge.import.error.not_text" };

  const tags = tagsOf(input.tags);
  if (tags.length > MAX_TAGS || tags.some((tag) => tag.length > MAX_TAG_LENGTH)) errors.tags = { key: "knowledge.import.error.tags_too_many", values: { max: MAX_TAGS, length: MAX_TAG_LENGTH } };

  const status = stringOf(input.status) || "published";
  if (!(DOCUMENT_STATUSES as readonly string[]).includes(status)) errors.status = { key: "validation.invalid_choice" };

  const translationOf = stringOf(input.translationOf).trim();
  if (translationOf && !SLUG_PATTERN.test(translationOf)) errors.translationOf = { key: "knowledge.import.error.translation_of_invalid" };
  else if (translationOf && translationOf === slug) errors.translationOf = { key: "knowledge.document.error.translation_of_self" };

  const collectionId = stringOf(input.collection).trim();
  if (collectionId && !collectionIds.has(collectionId)) errors.collection = { key: "validation.invalid_choice" };

  const note = stringOf(input.note).trim();
  if (note.length > MAX_NOTE_LENGTH) errors.note = { key: "validation.too_long", values: { max: MAX_NOTE_LENGTH } };

  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: { slug, kind: kind as DocumentKind, language, title, tags, bodyMd, status: status as DocumentStatus, translationOfSlug: translationOf || null, collectionId: collectionId || null, note },
  };
}
