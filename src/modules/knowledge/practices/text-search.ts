import { sql, type SQL } from "drizzle-orm";
import { textArrayLiteral } from "../../../db/sql";
import type { LocalizedText } from "../../../platform/i18n/localized";
import { contentStems } from "../../../platform/search/analyzer";
import type { SearchQuery } from "../../../platform/search/providers";
import { shippedGlossary } from "../glossary/load";

/** The most query words a practice search takes into account (a pasted paragraph is cut, the query stays cheap). */
const MAX_QUERY_STEMS = 12;

/** All languages of a multilingual value as one text. */
const allLanguages = (value: LocalizedText): string => Object.values(value).filter(Boolean).join(". ");

/** What full-text search keeps of a practice: title stems (weighted higher), body stems and the glossary concepts named. */
export function analysePractice(fields: { title: LocalizedText; summary: LocalizedText; results: LocalizedText }) {
  const title = allLanguages(fields.title);
  const body = `${allLanguages(fields.summary)}. ${allLanguages(fields.results)}`;
  const titleStems = contentStems(title);
  const bodyStems = contentStems(body);
  return { titleStems, bodyStems, stems: [...new Set([...titleStems, ...bodyStems])], concepts: shippedGlossary().conceptsInText(`${title}. ${body}`), texts: [title, body] };
}

/**
 * One query word as a practice must match it: its stem or a typo correction of it, or — for a word that is part
 * of a glossary term the query names — any practice naming that concept (so «водные ресурсы» finds "water
 * resources"). Every word of the query must be matched.
 */
export type QueryTerm = { stems: string[]; conceptIds: string[] };

// A lexeme goes into to_tsquery quoted; anything that is not a letter, digit, hyphen or underscore is left out.
const SAFE_STEM = /^[\p{L}\p{N}_-]+$/u;

/** The terms of an analysed query (none for an empty one). */
export function queryTerms(query: Pick<SearchQuery, "stems" | "corrections" | "concepts">): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const stem of [...new Set(query.stems)].slice(0, MAX_QUERY_STEMS)) {
    const stems = [stem, ...(query.corrections[stem] ?? [])].filter((value) => SAFE_STEM.test(value));
    const conceptIds = query.concepts.filter((concept) => Object.values(concept.stems).some((terms) => terms.some((term) => term.includes(stem)))).map((concept) => concept.id);
    if (stems.length || conceptIds.length) terms.push({ stems, conceptIds });
  }
  return terms;
}

/** The SQL condition on `knowledge_practices` (aliased `p`) for the terms; `true` for no terms. */
export function termsCondition(terms: readonly QueryTerm[]): SQL {
  if (!terms.length) return sql`true`;
  const clauses = terms.map((term) => {
    const lexemes = term.stems.length ? sql`p.lexemes @@ to_tsquery('simple', ${term.stems.map((stem) => `'${stem}'`).join(" | ")})` : sql`false`;
    const concepts = term.conceptIds.length ? sql` or p.concepts && ${textArrayLiteral(term.conceptIds)}::text[]` : sql``;
    return sql`(${lexemes}${concepts})`;
  });
  return sql.join(clauses, sql` and `);
}

/** The same rule in memory, for practices tagged in consultations (read through the consultations module). */
export function matchesTerms(terms: readonly QueryTerm[], item: { stems: ReadonlySet<string>; concepts: ReadonlySet<string> }): boolean {
  return terms.every((term) => term.stems.some((stem) => item.stems.has(stem)) || term.conceptIds.some((id) => item.concepts.has(id)));
}

/** Share of the query's terms found in a title, for ranking search hits (0..1). */
export function titleScore(terms: readonly QueryTerm[], titleStems: ReadonlySet<string>): number {
  if (!terms.length) return 0;
  return terms.filter((term) => term.stems.some((stem) => titleStems.has(stem))).length / terms.length;
}
