import type { Database } from "../../db/client";
import type { Locale } from "../i18n/locales";
import { detectLanguage, tokenize, type TextLanguage, type Token } from "./analyzer";
import type { GlossaryIndex } from "./glossary";
import type { SearchQuery } from "./providers";
import { correctWords } from "./vocabulary";

/** Longest query Convene analyses (a long situation description is fine; a pasted book is cut). */
export const MAX_QUERY_LENGTH = 2_000;

/**
 * The part of a query's analysis that needs no database: the trimmed text, its content words (stop words and
 * single letters left out) with their stems, and its language. For a caller with its own typo corrections (the
 * answers), so the vocabulary is read once per question.
 */
export function analyseText(text: string): { text: string; content: Token[]; stems: string[]; language: TextLanguage | undefined } {
  const trimmed = text.trim().slice(0, MAX_QUERY_LENGTH);
  const content = tokenize(trimmed).filter((token) => !token.isStopWord && token.word.length > 1);
  return { text: trimmed, content, stems: content.map((token) => token.stem), language: detectLanguage(trimmed) };
}

/**
 * Analyses what someone typed once, for every provider: content stems, typo corrections against the
 * vocabulary, and the glossary concepts it names with their terms in both languages (a Russian query can then
 * match English text and the reverse). The glossary is passed in (the knowledge module owns it).
 */
export async function analyseQuery(db: Database, text: string, options: { locale: Locale; spaceId?: string; glossary?: GlossaryIndex }): Promise<SearchQuery> {
  const { text: trimmed, content, stems, language } = analyseText(text);
  const corrections = await correctWords(db, content);
  const concepts: SearchQuery["concepts"] = [];
  const glossary = options.glossary;
  if (glossary) {
    // A corrected word may name a concept too ("partcipation" → "particip"): look in the corrected stems as well.
    const variants = [stems, ...Object.keys(corrections).length ? [stems.map((stem) => corrections[stem]?.[0] ?? stem)] : []];
    const ids = new Set<string>();
    const words = content.map((token) => token.word);
    for (const [index, variant] of variants.entries()) {
      // The words (for terms matched only as written) belong to the stems as typed, not to corrected ones.
      for (const match of glossary.findConcepts(variant, undefined, index === 0 ? words : undefined)) ids.add(match.conceptId);
    }
    for (const id of ids) {
      concepts.push({ id, stems: { en: glossary.termStems(id, "en"), ru: glossary.termStems(id, "ru") } as Record<TextLanguage, string[][]> });
    }
  }
  return { text: trimmed, stems, corrections, concepts, language, locale: options.locale, ...(options.spaceId ? { spaceId: options.spaceId } : {}) };
}
