import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows, textArrayLiteral } from "../../../db/sql";
import type { Locale } from "../../../platform/i18n/locales";
import { contentStems, tokenize, wordLanguage, type TextLanguage } from "../../../platform/search/analyzer";
import type { GlossaryIndex } from "../../../platform/search/glossary";
import { analyseText } from "../../../platform/search/query";
import { typoCorrections } from "./corrections";
import type { Services } from "../../../platform/services";
import type { Viewer } from "../../spaces/permissions";
import { visibleSpaceIds } from "../../spaces/queries";
import { glossaryFor } from "../glossary/extension";
import { explainPassage } from "./passage";
import { quantityAsked, questionFocus, statesQuantity } from "./answer-type";
import { learnedTranslations } from "./translations";
import { dictionaryTranslations } from "../../../platform/search/dictionary";

/*
 * Answers with citations: a question is matched against the published guidance sections the asker may see, and
 * up to three sections are returned as cited passages — or none, when the best evidence is weak.
 *
 * 1. The question is analysed once (platform/search/query.ts): content stems, typo corrections against the
 *    vocabulary, glossary concepts. It is cut into "units": each glossary term it names (any language) is one
 *    unit, satisfied by a section whose stems contain the term or whose `concepts` contain the concept (so a
 *    Russian question is satisfied by an English section and the reverse); every other content stem is a unit
 *    of its own, satisfied by the stem, by a typo correction of it, or in the other language by its translation in
 *    the bilingual dictionary (platform/search/dictionary.ts; with `learnedTranslations`, also by a translation
 *    learned from the guidance's translated documents, answers/translations.ts).
 * 2. Each unit is weighted by its rarity (BM25's idf from knowledge_term_stats, one index lookup). Candidate
 *    sections come from the impact-ordered term index (knowledge_section_terms, migration 0032): for each of the
 *    question's weightiest terms only the sections where it weighs most, summed by the terms' weights — a bounded
 *    read however common the words and however large the guidance.
 * 3. Candidates are scored in TypeScript: per unit a saturated, length-normalised term frequency (BM25: one
 *    mention in a section of average length counts fully, a mention in a long section less) plus a bonus when it
 *    is in the heading or the document title; the sum is divided by the weight of the question's KEY_UNITS
 *    rarest units, so a score is roughly the idf-weighted share of the question's key words the section answers
 *    (0..~1.7 with heading bonuses), comparable across questions. A long situation description is measured by
 *    its rarest words, so its context does not drown the question. Below DECLINE_THRESHOLD the engine declines.
 *    A word matched only through the general thesaurus (glossary/thesaurus.json, secondary concepts) counts
 *    THESAURUS_FACTOR of a match, less than a term of the field.
 * 4. A question asking for a quantity (a price, a duration, a size, a count, a date, a temperature, a share, a
 *    mass: answer-type.ts) reads the text of its best candidates, and those stating no quantity of that kind keep
 *    NO_QUANTITY_FACTOR of their score. A passage that never names the question's focus (the noun its question
 *    word asks about: "which *hotel*", «какие *санкции*») keeps FOCUS_FACTOR of its score.
 */

/**
 * Chosen on half A of bench/answers (see bench/answers/README.md), as the threshold that handled the most questions
 * right (answered with a correct passage in the top three, or declined when unanswerable); half B is the figure
 * that counts. KEY_UNITS and HEADING_BONUS were chosen the same way.
 */
export const DECLINE_THRESHOLD = 0.6;
/** A second or third passage is shown when it scores at least this share of the best one. */
const RELATIVE_CUTOFF = 0.5;
const MAX_RESULTS = 3;
const MAX_CANDIDATES = 300;
/** How many of the question's terms (the weightiest) choose candidates, and how many sections each may name. */
const MAX_CANDIDATE_TERMS = 24;
export const POSTINGS_PER_TERM = 100;
/** BM25 parameters (the textbook values). */
const K1 = 1.2;
const B = 0.75;
const HEADING_BONUS = 0.7;
/** A typo correction counts a little less than the word as typed; a concept matched across languages too. */
const CORRECTION_FACTOR = 0.8;
const CONCEPT_FACTOR = 0.9;
/** How many of the best candidates a quantity question reads the text of, and what a passage stating no quantity keeps of its score. */
const QUANTITY_CHECKED = 10;
const NO_QUANTITY_FACTOR = 0.7;
/** A word matched through a general near-synonym of the thesaurus (glossary/thesaurus.json), not a term of the field. */
const THESAURUS_FACTOR = 0.6;
/** A word matched through a translation learned from the guidance's translated documents. */
const LEARNED_FACTOR = 0.5;
/**
 * A word matched through its translation in the bilingual dictionary (platform/search/dictionary.ts) counts this
 * share of a match, times the translation's weight (1 for a first sense's first word); a word's first
 * DICTIONARY_MAX translations that the guidance uses are tried, in the dictionary's order.
 */
const DICTIONARY_FACTOR = 0.45;
const DICTIONARY_MAX = 3;
/** A multi-word term whose words appear, but not together. */
const SCATTERED_FACTOR = 0.7;
/** Stems of one word family (one the start of the other, both at least this long) count as this much of a match. */
const FAMILY_FACTOR = 0.8;
const MIN_FAMILY_PREFIX = 5;
/** What a passage keeps of its score when it never names the question's focus (answer-type.ts: "which *hotel*"). */
const FOCUS_FACTOR = 0.5;
/** How many of a question's rarest units a passage is measured against. */
const KEY_UNITS = 4;
/** The share of an untranslatable unit's weight a passage in the other language is measured against. */
const UNTRANSLATED_SHARE = 0.5;

export type AnswerPassage = {
  /** The document's slug (the front-matter id). */
  document: string;
  title: string;
  heading: string;
  anchor: string;
  /** Section text, plain (the view escapes it), trimmed around the best sentences when long. */
  passage: string;
  url: string;
  /** About 0..1.7: the idf-weighted share of the question's key words this passage answers (heading matches count extra). */
  score: number;
  /** Folded words of the passage to mark. */
  highlight: string[];
  language: string;
  spaceId: string | null;
};

export type Answer = { answered: boolean; results: AnswerPassage[] };

export type AnswerOptions = {
  spaceId: string | null;
  viewer: Viewer;
  locale: Locale;
  glossary?: GlossaryIndex;
  /** Overrides DECLINE_THRESHOLD (the bench sweeps it). */
  threshold?: number;
  /**
   * Also match words through translations learned from the guidance's translated documents (answers/translations.ts).
   * Off by default: on half A of bench/answers it did not answer more questions right (see the module README).
   */
  learnedTranslations?: boolean;
  /** Match words no glossary concept carries across languages through the bilingual dictionary (on unless false). */
  dictionary?: boolean;
};

type Unit = {
  /** The stem sequence as asked (one stem for a plain word). */
  stems: string[];
  /** Stems that stand for the unit when a word was misspelt. */
  corrections: string[];
  /** Glossary concepts the unit names, with their terms' stem sequences in both languages. */
  concepts: { id: string; terms: string[][] }[];
  /** Every concept is a thesaurus concept: a match through it is a near-synonym, weaker evidence. */
  isThesaurus: boolean;
  weight: number;
  /** How many sections contain the unit (its rarest way of being satisfied). */
  sections: number;
  /** Stems in the other language, from the bilingual dictionary or learned from translated documents, each with the share of a match it counts. */
  translations: { stem: string; factor: number }[];
};

type CandidateRow = {
  id: string;
  document_id: string;
  space_id: string | null;
  space_slug: string | null;
  slug: string;
  title: string;
  translation_of: string | null;
  language: string;
  position: number;
  heading: string;
  anchor: string;
  stems: string[];
  concepts: string[];
};

export type ScoredSection = {
  row: CandidateRow;
  score: number;
  matched: Set<string>;
  /** Per question unit (in order): how much of it this section answers, 0..1 (heading bonus left out). */
  credits: number[];
};

function idf(sections: number, total: number): number {
  return Math.log(1 + (total - sections + 0.5) / (sections + 0.5));
}

/** Cuts the question into units (glossary terms and single stems), distinct, in order. */
function questionUnits(stems: readonly string[], words: readonly string[], corrections: Record<string, string[]>, glossary: GlossaryIndex): Unit[] {
  const corrected = stems.map((stem) => corrections[stem]?.[0] ?? stem);
  const units: Unit[] = [];
  const seen = new Set<string>();
  const covered = new Set<number>();
  // Concepts named as written, and as corrected ("particpation" → "particip").
  // The words let the glossary's terms that are matched only as written (short stems: «данные», «вода») be found.
  const matches = [...glossary.findConcepts(stems, undefined, words), ...(corrected.some((stem, index) => stem !== stems[index]) ? glossary.findConcepts(corrected) : [])];
  const spans = new Map<string, { start: number; end: number; ids: Set<string> }>();
  for (const match of matches) {
    const key = `${match.start}:${match.end}`;
    const span = spans.get(key) ?? { start: match.start, end: match.end, ids: new Set<string>() };
    span.ids.add(match.conceptId);
    spans.set(key, span);
  }
  for (const span of [...spans.values()].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if ([...Array(span.end - span.start).keys()].some((offset) => covered.has(span.start + offset))) continue;
    const spanStems = stems.slice(span.start, span.end);
    const key = `c:${[...span.ids].sort().join(",")}`;
    for (let index = span.start; index < span.end; index += 1) covered.add(index);
    if (seen.has(key)) continue;
    seen.add(key);
    const spanCorrections = corrected.slice(span.start, span.end).filter((stem, offset) => stem !== spanStems[offset]);
    units.push({
      stems: spanStems,
      corrections: spanCorrections,
      concepts: [...span.ids].map((id) => ({ id, terms: [...glossary.termStems(id, "en"), ...glossary.termStems(id, "ru")] })),
      isThesaurus: [...span.ids].every((id) => glossary.isSecondary(id)),
      weight: 0,
      sections: 0,
      translations: [],
    });
  }
  stems.forEach((stem, index) => {
    if (covered.has(index) || seen.has(stem)) return;
    seen.add(stem);
    units.push({ stems: [stem], corrections: corrections[stem] ?? [], concepts: [], isThesaurus: false, weight: 0, sections: 0, translations: [] });
  });
  return units;
}

/**
 * What a passage must answer to score 1: the weight of the question's KEY_UNITS rarest units. A long situation
 * description carries context a passage need not repeat; a short question is measured against all of it.
 */
function keyWeight(weights: readonly number[]): number {
  return [...weights].sort((a, b) => b - a).slice(0, KEY_UNITS).reduce((sum, weight) => sum + weight, 0) || 1;
}

/** Whether stems are written in the question's language's own letters (a number or a Latin acronym in a Russian question is not). */
function isTranslatable(stems: readonly string[], language: TextLanguage | undefined): boolean {
  return language !== undefined && stems.some((stem) => wordLanguage(stem) === language);
}

async function termStats(db: Database, terms: readonly string[]): Promise<Map<string, number>> {
  const rows = await queryRows<{ term: string; sections: number }>(db, sql`select term, sections from knowledge_term_stats where term = any(${textArrayLiteral([...new Set(terms)])}::text[])`);
  return new Map(rows.map((row) => [row.term, Number(row.sections)]));
}

/** Occurrences of a stem sequence in a list of stems (consecutive). */
function countSequence(stems: readonly string[], sequence: readonly string[]): number {
  if (sequence.length === 1) return stems.reduce((count, stem) => count + (stem === sequence[0] ? 1 : 0), 0);
  let count = 0;
  for (let index = 0; index + sequence.length <= stems.length; index += 1) {
    if (sequence.every((stem, offset) => stems[index + offset] === stem)) count += 1;
  }
  return count;
}

// Stemming is the costly part of scoring (Snowball in JavaScript); the same headings come back question after
// question, so their stems are kept (bounded; a heading's stems never change for a given text).
const headingStemCache = new Map<string, string[]>();
const HEADING_CACHE_SIZE = 50_000;

function headingStemsOf(text: string): string[] {
  let stems = headingStemCache.get(text);
  if (!stems) {
    stems = contentStems(text);
    if (headingStemCache.size >= HEADING_CACHE_SIZE) headingStemCache.clear();
    headingStemCache.set(text, stems);
  }
  return stems;
}

/** Scores one candidate section: idf-weighted, saturated, length-normalised matches of the question's units. */
function scoreSection(row: CandidateRow, units: readonly Unit[], totalWeight: number, averageLength: number, focus = -1): ScoredSection {
  const headingStems = headingStemsOf(row.position === 0 ? row.title : `${row.title}. ${row.heading}`);
  const ownHeading = new Set(headingStems);
  const bodyStems = row.stems.slice(headingStems.length);
  const length = Math.max(bodyStems.length, 1);
  const norm = 1 - B + (B * length) / averageLength;
  const concepts = new Set(row.concepts);
  const matched = new Set<string>();
  const credits: number[] = [];
  let sum = 0;
  let focusFound = true;
  for (const [unitIndex, unit] of units.entries()) {
    let frequency = countSequence(bodyStems, unit.stems);
    let factor = 1;
    let found: string[] = frequency > 0 ? unit.stems : [];
    let inHeading = unit.stems.every((stem) => ownHeading.has(stem));
    if (frequency === 0 && unit.corrections.length > 0) {
      for (const correction of unit.corrections) {
        const count = countSequence(bodyStems, [correction]);
        if (count > 0) {
          frequency = count;
          factor = CORRECTION_FACTOR;
          found = [correction];
          break;
        }
        if (ownHeading.has(correction)) inHeading = true;
      }
    }
    if (frequency === 0 && unit.concepts.some((concept) => concepts.has(concept.id))) {
      factor = unit.isThesaurus ? THESAURUS_FACTOR : CONCEPT_FACTOR;
      for (const concept of unit.concepts) {
        for (const term of concept.terms) {
          const count = countSequence(bodyStems, term);
          if (count > 0) {
            frequency += count;
            found.push(...term);
          }
          if (term.every((stem) => ownHeading.has(stem))) inHeading = true;
        }
      }
      // The concept was found in the title or intro analysis only: count it once.
      frequency = Math.max(frequency, 1);
    }
    if (frequency === 0 && unit.translations.length > 0) {
      for (const translation of unit.translations) {
        const count = countSequence(bodyStems, [translation.stem]);
        if (count > 0 && frequency === 0) {
          frequency = count;
          factor = translation.factor;
          found = [translation.stem];
        }
        if (ownHeading.has(translation.stem)) inHeading = true;
      }
    }
    if (frequency === 0 && unit.stems.length === 1 && unit.stems[0]!.length >= MIN_FAMILY_PREFIX) {
      // Same word family: stems where one is the start of the other («аккредит» / «аккредитац», "regist" /
      // "registr"), which Snowball leaves apart for derived forms.
      const stem = unit.stems[0]!;
      const family = bodyStems.filter((other) => other.length >= MIN_FAMILY_PREFIX && other !== stem && (other.startsWith(stem) || stem.startsWith(other)));
      if (family.length > 0) {
        frequency = family.length;
        factor = FAMILY_FACTOR;
        found = [...new Set(family)];
      }
      if ([...ownHeading].some((other) => other.length >= MIN_FAMILY_PREFIX && (other.startsWith(stem) || stem.startsWith(other)))) inHeading = true;
    }
    if (frequency === 0 && unit.stems.length > 1) {
      // A term's words apart ("thermometers … with mercury" for "mercury thermometer"): partial credit, by the
      // share of its stems present.
      const present = unit.stems.filter((stem) => bodyStems.includes(stem));
      if (present.length > 0) {
        frequency = 1;
        factor = (SCATTERED_FACTOR * present.length) / unit.stems.length;
        found = present;
      }
    }
    // A near-synonym of the thesaurus does not name the focus: "which hotel" is not answered by "accommodation".
    if (unitIndex === focus) focusFound = (frequency > 0 || inHeading) && !(unit.isThesaurus && factor === THESAURUS_FACTOR);
    const saturated = frequency > 0 ? frequency / (frequency + K1 * norm) : 0;
    const heading = inHeading ? HEADING_BONUS : 0;
    if (saturated > 0 || heading > 0) for (const stem of found.length ? found : unit.stems) matched.add(stem);
    const credit = factor * Math.min(1, saturated * (K1 + 1));
    credits.push(inHeading ? Math.max(credit, factor) : credit);
    sum += unit.weight * (credit + heading);
  }
  if (!focusFound) {
    // The focus in another derivation ("submission" / "submit"): the first letters of a word family are enough here.
    const prefix = units[focus]!.stems.find((stem) => stem.length >= MIN_FAMILY_PREFIX)?.slice(0, MIN_FAMILY_PREFIX);
    if (prefix && (bodyStems.some((stem) => stem.startsWith(prefix)) || headingStems.some((stem) => stem.startsWith(prefix)))) focusFound = true;
  }
  const score = (sum / totalWeight) * (focusFound ? 1 : FOCUS_FACTOR);
  return { row, score, matched, credits };
}

/** Sections (under the alias) a question may cite: platform guidance, plus the asked space's when the viewer may see it. */
function visibleSpaceCondition(alias: "p" | "s" | "t", options: Pick<AnswerOptions, "spaceId" | "viewer">): SQL {
  const column = sql.raw(`${alias}.space_id`);
  return options.spaceId ? sql`(${column} is null or (${column} = ${options.spaceId} and ${column} in ${visibleSpaceIds(options.viewer)}))` : sql`${column} is null`;
}

/**
 * The question's terms for the candidate query, each with the weight a section's impact for it is multiplied by:
 * the unit's rarity, less for a correction, a concept across languages or a learned translation, shared among
 * the words of a multi-word term. Only terms some section has, the MAX_CANDIDATE_TERMS weightiest.
 */
function candidateTerms(units: readonly Unit[], stats: Map<string, number>): { term: string; weight: number }[] {
  const weights = new Map<string, number>();
  const add = (term: string, weight: number) => {
    if ((stats.get(term) ?? 0) > 0 && weight > (weights.get(term) ?? 0)) weights.set(term, weight);
  };
  for (const unit of units) {
    for (const stem of unit.stems) add(stem, unit.weight / unit.stems.length);
    for (const stem of unit.corrections) add(stem, unit.weight * CORRECTION_FACTOR);
    for (const translation of unit.translations) add(translation.stem, unit.weight * translation.factor);
    const conceptFactor = unit.isThesaurus ? THESAURUS_FACTOR : CONCEPT_FACTOR;
    for (const concept of unit.concepts) {
      add(`~${concept.id}`, unit.weight * conceptFactor);
      for (const term of concept.terms) for (const stem of term) add(stem, (unit.weight * conceptFactor) / term.length);
    }
  }
  return [...weights]
    .map(([term, weight]) => ({ term, weight }))
    .sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term))
    .slice(0, MAX_CANDIDATE_TERMS);
}

/**
 * Candidate sections, visible to the viewer, at platform level plus the asked space: for each of the question's
 * terms only the POSTINGS_PER_TERM sections where it weighs most (knowledge_section_terms, ordered by impact on an
 * index), summed by the terms' weights, the MAX_CANDIDATES best. However common a word and however large the
 * guidance, a question reads at most MAX_CANDIDATE_TERMS × POSTINGS_PER_TERM postings.
 */
async function candidateSections(db: Database, units: readonly Unit[], options: AnswerOptions, stats: Map<string, number>): Promise<CandidateRow[]> {
  const terms = candidateTerms(units, stats);
  return terms.length === 0 ? [] : queryRows<CandidateRow>(db, candidateQuery(terms, options));
}

/** The candidate query for weighted terms (exported for EXPLAIN in the bench). */
export function candidateQuery(terms: readonly { term: string; weight: number }[], options: Pick<AnswerOptions, "spaceId" | "viewer">): SQL {
  // Visibility: published sections only; platform guidance plus, for a space-level question, that space's —
  // and only when the viewer may see that space (a private space's guidance never answers an outsider). The scan
  // of each term reads the term index alone (its copies of space_id and is_published), so it stays bounded
  // whatever the planner thinks of the tables' sizes.
  const spaceCondition = visibleSpaceCondition("p", options);
  return sql`
      select s.id, s.document_id, s.space_id, sp.slug as space_slug, d.slug, d.title, d.translation_of, s.language, s.position, s.heading, s.anchor, s.stems, s.concepts
      from (
        select p.section_id, sum(q.weight * p.impact) as evidence
        from unnest(${textArrayLiteral(terms.map((term) => term.term))}::text[], ${`{${terms.map((term) => term.weight).join(",")}}`}::float8[]) as q(term, weight)
        cross join lateral (
          select p.section_id, p.impact
          from knowledge_section_terms p
          where p.term = q.term and p.is_published and ${spaceCondition}
          order by p.impact desc, p.section_id
          limit ${POSTINGS_PER_TERM}
        ) p
        group by p.section_id
      ) c
      join knowledge_sections s on s.id = c.section_id
      join knowledge_documents d on d.id = s.document_id
      left join spaces sp on sp.id = s.space_id
      -- a guidance document's intro is not a passage of its own when headings follow it
      where s.position > 0 or s.kind = 'faq' or not exists (select 1 from knowledge_sections n where n.document_id = s.document_id and n.position = 1)
      order by c.evidence desc, s.id
      limit ${MAX_CANDIDATES}`;
}

/** The link to a passage: the document page at the heading's anchor. */
export function passageUrl(row: { space_slug: string | null; slug: string; anchor: string; position: number }): string {
  const base = row.space_slug ? `/spaces/${row.space_slug}/knowledge/guidance/${row.slug}` : `/knowledge/guidance/${row.slug}`;
  return row.position === 0 ? base : `${base}#${encodeURIComponent(row.anchor)}`;
}

/** Scores a question against the candidate sections, best first (for the bench and the tests as well). */
export async function rankSections(services: Pick<Services, "db">, question: string, options: AnswerOptions): Promise<ScoredSection[]> {
  return (await rankWithUnits(services, question, options)).ranked;
}


export type QuestionUnit = { stems: string[]; weight: number; /** How many sections contain it (0: the guidance never uses it). */ sections: number; concepts: number };

/** The question's units (with their weights) and the candidate sections scored against them, best first. */
export async function rankWithUnits(services: Pick<Services, "db">, question: string, options: AnswerOptions): Promise<{ units: QuestionUnit[]; ranked: ScoredSection[] }> {
  const db = services.db;
  // The shared analysis gives the stems and language; the corrections answers trust are stricter than search's
  // (corrections.ts), since a wrong correction here turns "no answer" into a confident wrong one. Only those are
  // asked for, so the vocabulary is read once per question.
  const query = analyseText(question);
  if (query.stems.length === 0) return { units: [], ranked: [] };
  const [glossary, corrections] = await Promise.all([options.glossary ?? glossaryFor(db, options.spaceId, { withThesaurus: true }), typoCorrections(db, query.content)]);
  const units = questionUnits(query.stems, query.content.map((token) => token.word), Object.fromEntries([...corrections].map(([stem, list]) => [stem, list.map((entry) => entry.stem)])), glossary);
  const language = query.language;
  if (language && options.dictionary !== false) {
    // Words no concept of the field carries across languages: their translations in the bilingual dictionary.
    for (const unit of units) {
      if (unit.concepts.length > 0 || unit.stems.length !== 1 || !isTranslatable(unit.stems, language)) continue;
      // The word as typed and, when misspelt, its corrections ("grnat" → "grant" → «грант»).
      for (const source of [unit.stems[0]!, ...unit.corrections]) {
        for (const translation of dictionaryTranslations(source, language)) {
          if (!unit.translations.some((known) => known.stem === translation.stem)) unit.translations.push({ stem: translation.stem, factor: DICTIONARY_FACTOR * translation.weight });
        }
      }
    }
  }
  const stats = await termStats(db, [
    "#sections",
    "#stems",
    ...units.flatMap((unit) => [...unit.stems, ...unit.corrections, ...unit.translations.map((translation) => translation.stem), ...unit.concepts.flatMap((concept) => [`~${concept.id}`, ...concept.terms.flat()])]),
  ]);
  // A translation the guidance never uses cannot match: a word keeps its first DICTIONARY_MAX the guidance does use
  // (a Russian word's list starts with rare specific English words: «сухой» → "brut", "sec" before "dry").
  for (const unit of units) unit.translations = unit.translations.filter((translation) => (stats.get(translation.stem) ?? 0) > 0).slice(0, DICTIONARY_MAX);
  if (language && options.learnedTranslations) {
    // Words the glossary does not carry across languages: translations learned from translated documents.
    const untranslated = units.filter((unit) => unit.concepts.length === 0 && unit.stems.length === 1 && isTranslatable(unit.stems, language));
    const learned = await learnedTranslations(db, untranslated.map((unit) => unit.stems[0]!), language, (alias) => visibleSpaceCondition(alias, options), async (terms) => {
      const missing = terms.filter((term) => !stats.has(term));
      for (const [term, count] of await termStats(db, missing)) stats.set(term, count);
      return stats;
    });
    for (const unit of untranslated) unit.translations.push(...(learned.get(unit.stems[0]!) ?? []).filter((stem) => !unit.translations.some((translation) => translation.stem === stem)).map((stem) => ({ stem, factor: LEARNED_FACTOR })));
  }
  const total = Math.max(stats.get("#sections") ?? 0, 1);
  const averageLength = Math.max((stats.get("#stems") ?? 0) / total, 1);
  for (const unit of units) {
    // A unit is as rare as its rarest way of being satisfied: the words as typed, a correction, or the concept.
    const frequencies = [
      ...unit.stems.map((stem) => stats.get(stem) ?? 0),
      ...unit.corrections.map((stem) => stats.get(stem) ?? 0),
      // A word the guidance uses keeps its own rarity: its general near-synonyms (thesaurus) do not make it common.
      ...(unit.isThesaurus && unit.stems.some((stem) => (stats.get(stem) ?? 0) > 0) ? [] : unit.concepts.map((concept) => stats.get(`~${concept.id}`) ?? 0)),
    ];
    const seen = frequencies.filter((frequency) => frequency > 0);
    const frequency = unit.stems.length > 1 ? Math.min(...(seen.length ? seen : [0])) : seen.length ? Math.max(...seen) : 0;
    unit.weight = idf(frequency, total);
    unit.sections = frequency;
  }
  const sameLanguageWeight = keyWeight(units.map((unit) => unit.weight));
  // In the other language only glossary concepts (and words written alike: numbers, acronyms) can match, so a
  // passage there is measured against what could match, the rest counting half. A word only the thesaurus carries
  // across counts half too: a near-synonym there is a bonus, its absence no proof.
  const otherLanguageWeight = keyWeight(units.map((unit) => ((unit.concepts.length > 0 && !unit.isThesaurus) || unit.translations.length > 0 || !isTranslatable(unit.stems, language) ? unit.weight : unit.weight * UNTRANSLATED_SHARE)));
  const rows = await candidateSections(db, units, options, stats);
  const focusStem = questionFocus(question);
  const focus = focusStem === undefined || ["duration", "price", "size"].includes(quantityAsked(question) ?? "") ? -1 : units.findIndex((unit) => unit.stems.includes(focusStem));
  const ranked = rows.map((row) => scoreSection(row, units, !language || row.language === language ? sameLanguageWeight : otherLanguageWeight, averageLength, focus)).sort(
    (a, b) =>
      b.score - a.score ||
      // Ties (common across languages, where only concepts match): more matched words first, then the question's
      // language, then a stable order — never the random order of ids.
      b.matched.size - a.matched.size ||
      Number(b.row.language === language) - Number(a.row.language === language) ||
      a.row.slug.localeCompare(b.row.slug) ||
      a.row.position - b.row.position,
  );
  return { units: units.map((unit) => ({ stems: unit.stems, weight: unit.weight, sections: unit.sections, concepts: unit.concepts.length })), ranked };
}

/** The plain text of sections, by id. */
async function sectionBodies(db: Database, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await queryRows<{ id: string; body_text: string }>(db, sql`select id, body_text from knowledge_sections where id = any(${textArrayLiteral([...ids])}::uuid[])`);
  return new Map(rows.map((row) => [row.id, row.body_text]));
}

/**
 * Answers a question with up to three cited passages from the guidance the viewer may see (platform-level
 * guidance, plus the space's when `spaceId` is given), or declines when the best evidence is weak.
 */
export async function answerQuestion(services: Pick<Services, "db">, question: string, options: AnswerOptions): Promise<Answer> {
  let ranked = await rankSections(services, question, options);
  const bodies = new Map<string, string>();
  const quantity = quantityAsked(question);
  if (quantity && ranked.length > 0) {
    // A question asking for a quantity is answered only by a passage that states one: the best few candidates'
    // text is read, and those stating no quantity are scored down (answer-type.ts).
    for (const [id, text] of await sectionBodies(services.db, ranked.slice(0, QUANTITY_CHECKED).map((entry) => entry.row.id))) bodies.set(id, text);
    ranked = ranked
      .map((entry, index) => (index >= QUANTITY_CHECKED || statesQuantity(bodies.get(entry.row.id) ?? "", quantity) ? entry : { ...entry, score: entry.score * NO_QUANTITY_FACTOR }))
      .sort((a, b) => b.score - a.score);
  }
  const best = ranked[0];
  if (!best || best.score < (options.threshold ?? DECLINE_THRESHOLD)) return { answered: false, results: [] };
  const chosen: ScoredSection[] = [];
  for (const candidate of ranked) {
    if (chosen.length >= MAX_RESULTS || candidate.score < best.score * RELATIVE_CUTOFF) break;
    // The same passage in its translation adds nothing: one language of it is enough.
    const isTranslationOfChosen = chosen.some((other) => {
      const a = other.row;
      const b = candidate.row;
      const sameFamily = a.document_id === b.translation_of || b.document_id === a.translation_of || (a.translation_of !== null && a.translation_of === b.translation_of);
      return sameFamily && a.position === b.position;
    });
    if (isTranslationOfChosen) continue;
    chosen.push(candidate);
  }
  // Only the cited sections' text is read: the candidates were scored on their stems.
  const unread = chosen.map((entry) => entry.row.id).filter((id) => !bodies.has(id));
  if (unread.length > 0) for (const [id, text] of await sectionBodies(services.db, unread)) bodies.set(id, text);
  return {
    answered: true,
    results: chosen.map(({ row, score, matched }) => {
      const { passage, highlight } = explainPassage(bodies.get(row.id) ?? "", matched);
      return {
        document: row.slug,
        title: row.title,
        heading: row.heading,
        anchor: row.anchor,
        passage,
        url: passageUrl(row),
        score: Math.round(score * 1000) / 1000,
        highlight,
        language: row.language,
        spaceId: row.space_id,
      };
    }),
  };
}

/** The words of a text whose stems are among `stems` (folded, distinct), for highlighting. */
export function wordsWithStems(text: string, stems: ReadonlySet<string>): string[] {
  return [...new Set(tokenize(text).filter((token) => !token.isStopWord && stems.has(token.stem)).map((token) => token.word))];
}
