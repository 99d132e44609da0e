import { and, eq, isNull, sql } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import type { Database } from "../../../../db/client";
import { recordAudit } from "../../../../platform/audit/record";
import { AppError, type FieldErrors } from "../../../../platform/errors";
import type { CurrentUser } from "../../../../platform/http/context";
import { analyseTerm, type TermAnalysis } from "../../../../platform/search/glossary";
import type { Services } from "../../../../platform/services";
import { knowledgeGlossaryTerms } from "../../answers/schema";
import { glossaryFor } from "../extension";
import { REANALYSE_CONCEPTS_JOB } from "../reanalyse";

export const MAX_TERM_LENGTH = 120;
const NEW_CONCEPT = "new";

const UNUSABLE_TERM_MESSAGES: Record<NonNullable<TermAnalysis["reason"]>, string> = {
  "no-content": "knowledge.glossary.error.term_no_words",
  "lost-word": "knowledge.glossary.error.term_lost_word",
  collapsed: "knowledge.glossary.error.term_collapsed",
  "short-stem": "knowledge.glossary.error.term_no_words",
};

export type GlossaryTermsInput = { concept: unknown; en: unknown; ru: unknown };

function readTerm(value: unknown, field: string, errors: FieldErrors): string {
  const term = typeof value === "string" ? value.replace(/\s+/g, " ").trim() : "";
  if (term.length > MAX_TERM_LENGTH) errors[field] = { key: "knowledge.glossary.error.term_too_long", values: { max: MAX_TERM_LENGTH } };
  else if (term) {
    // A term the glossary would keep but never match (see analyseTerm) is refused with the reason, not stored silently.
    const analysis = analyseTerm(term);
    if (analysis.use === "unusable") errors[field] = { key: UNUSABLE_TERM_MESSAGES[analysis.reason ?? "no-content"] };
  }
  return term;
}

/** Queues the re-analysis of the sections a change to this glossary affects (one pending job per glossary). */
async function queueReanalysis(services: Services, tx: Database, spaceId: string | null): Promise<void> {
  await services.jobs.enqueueUnlessActive(REANALYSE_CONCEPTS_JOB, { spaceId }, { db: tx });
}

/**
 * Adds an English and/or a Russian term to a concept of a space's glossary (null: the platform's): a shipped
 * concept, one the extension added earlier, or a new one. The caller checks the actor may manage this glossary.
 */
export async function addGlossaryTerms(services: Services, actor: CurrentUser, spaceId: string | null, input: GlossaryTermsInput, ip: string | null = null): Promise<{ conceptId: string }> {
  const errors: FieldErrors = {};
  const en = readTerm(input.en, "en", errors);
  const ru = readTerm(input.ru, "ru", errors);
  if (!en && !ru && !errors.en && !errors.ru) errors.en = { key: "knowledge.glossary.error.term_required" };
  const glossary = await glossaryFor(services.db, spaceId);
  const conceptChoice = typeof input.concept === "string" ? input.concept.trim() : NEW_CONCEPT;
  if (conceptChoice !== NEW_CONCEPT && !glossary.concept(conceptChoice)) errors.concept = { key: "knowledge.glossary.error.concept_unknown" };
  if (Object.keys(errors).length) throw new AppError("validation_failed", "error.validation_failed", errors);
  const conceptId = conceptChoice === NEW_CONCEPT ? `x-${randomBytes(5).toString("hex")}` : conceptChoice;
  return services.db.transaction(async (tx) => {
    const terms = [...(en ? [{ language: "en" as const, term: en }] : []), ...(ru ? [{ language: "ru" as const, term: ru }] : [])];
    const inserted = await tx
      .insert(knowledgeGlossaryTerms)
      .values(terms.map((term) => ({ spaceId, conceptId, language: term.language, term: term.term, createdBy: actor.id })))
      .onConflictDoNothing()
      .returning({ id: knowledgeGlossaryTerms.id });
    if (inserted.length === 0) throw new AppError("conflict", "error.conflict", { en: { key: "knowledge.glossary.error.duplicate" } });
    await recordAudit(tx, { actorUserId: actor.id, action: "knowledge.glossary_terms_added", subjectType: "knowledge_glossary", subjectId: conceptId, spaceId, details: { en, ru }, ip });
    await queueReanalysis(services, tx, spaceId);
    return { conceptId };
  });
}

/** Removes one extension term of a space's glossary (null: the platform's); a term of another glossary is a 404. */
export async function removeGlossaryTerm(services: Services, actor: CurrentUser, spaceId: string | null, termId: unknown, ip: string | null = null): Promise<void> {
  if (typeof termId !== "string" || !/^[0-9a-f-]{36}$/i.test(termId)) throw new AppError("not_found");
  await services.db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(knowledgeGlossaryTerms)
      .where(and(eq(knowledgeGlossaryTerms.id, termId), spaceId === null ? isNull(knowledgeGlossaryTerms.spaceId) : eq(knowledgeGlossaryTerms.spaceId, spaceId)))
      .returning({ conceptId: knowledgeGlossaryTerms.conceptId, term: knowledgeGlossaryTerms.term });
    if (!removed) throw new AppError("not_found");
    await recordAudit(tx, { actorUserId: actor.id, action: "knowledge.glossary_term_removed", subjectType: "knowledge_glossary", subjectId: removed.conceptId, spaceId, details: { term: removed.term }, ip });
    await queueReanalysis(services, tx, spaceId);
  });
}

/** The extension terms of one glossary (a space's, or the platform's for null), oldest first. */
export async function listGlossaryTerms(db: Database, spaceId: string | null) {
  return db
    .select({ id: knowledgeGlossaryTerms.id, conceptId: knowledgeGlossaryTerms.conceptId, language: knowledgeGlossaryTerms.language, term: knowledgeGlossaryTerms.term })
    .from(knowledgeGlossaryTerms)
    .where(spaceId === null ? isNull(knowledgeGlossaryTerms.spaceId) : eq(knowledgeGlossaryTerms.spaceId, spaceId))
    .orderBy(knowledgeGlossaryTerms.conceptId, knowledgeGlossaryTerms.language, sql`${knowledgeGlossaryTerms.createdAt}`);
}
