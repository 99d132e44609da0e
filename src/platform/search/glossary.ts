import { tokenize, type TextLanguage } from "./analyzer";

/**
 * One concept of a bilingual glossary: its terms in each language, the first one preferred. A `secondary` concept
 * (a general thesaurus entry rather than a term of the field) is looked for only where no primary concept is named,
 * so "permit to operate" as a general phrase never hides the field's "permit".
 */
export type GlossaryEntry = { id: string; en: string[]; ru: string[]; secondary?: boolean };

/** A concept found in a text: where its term starts and ends among the text's content stems. */
export type ConceptMatch = { conceptId: string; start: number; end: number; language: TextLanguage };

const SEPARATOR = " ";

/** Below this length, a stem the stemmer cut from a longer word is shared by unrelated words («семена», «семья» → «сем»). */
export const MIN_STEM_LENGTH = 4;

/**
 * How a term can be matched, told by what the analyser keeps of it:
 * - `stems`: by its content stems in any word form (most terms);
 * - `surface`: a one-word term whose stem is short and cut from the word («семена» → «сем», «данные» → «дан»,
 *   "ABS" → "ab") is found only in words that begin like it (`surfaceStart`), where the caller gives the words;
 * - `unusable`: the term loses what tells it apart, so it is not matched at all: no content word ("what is"),
 *   one word left of several («что такое» → «так», «как долго» → «долг», "how long" → "long"), or a word the
 *   analyser drops that is not a stop word, i.e. a one-character number or letter ("SDG 1" → "sdg", "Annex A").
 */
export type TermUse = "stems" | "surface" | "unusable";
export type TermAnalysis = { stems: string[]; use: TermUse; reason?: "no-content" | "collapsed" | "lost-word" | "short-stem" };

/** What the glossary keeps of a term (see `TermUse`); the same rules for shipped terms and coordinators' terms. */
export function analyseTerm(term: string): TermAnalysis {
  const tokens = tokenize(term);
  const content = tokens.filter((token) => !token.isStopWord && token.word.length > 1);
  const stems = content.map((token) => token.stem);
  if (stems.length === 0) return { stems, use: "unusable", reason: "no-content" };
  if (content.length < tokens.filter((token) => !token.isStopWord).length) return { stems, use: "unusable", reason: "lost-word" };
  if (tokens.length > 1 && stems.length === 1) return { stems, use: "unusable", reason: "collapsed" };
  const only = content[0]!;
  if (tokens.length === 1 && only.stem.length < MIN_STEM_LENGTH && only.stem !== only.word) return { stems, use: "surface", reason: "short-stem" };
  return { stems, use: "stems" };
}

/**
 * A glossary turned into stem sequences, so that a term is found in any word form («участия общественности»
 * finds «участие общественности») and in either language. Longest match wins: «участие общественности» is one
 * concept, not «участие» plus «общественность».
 */
export class GlossaryIndex {
  private readonly byStems = new Map<string, string[]>();
  /** Stem → the one-word terms matched only as written (`TermUse` "surface"): the start a word must have, and the concept. */
  private readonly bySurface = new Map<string, { start: string; conceptId: string }[]>();
  private readonly concepts = new Map<string, GlossaryEntry>();
  private readonly stemsOf = new Map<string, Record<TextLanguage, string[][]>>();
  private longestTerm = 1;

  constructor(entries: Iterable<GlossaryEntry>) {
    for (const entry of entries) this.add(entry);
  }

  /** Adds a concept (or more terms for a concept already there, e.g. a space's own extension). */
  add(entry: GlossaryEntry): void {
    const existing = this.concepts.get(entry.id);
    const merged: GlossaryEntry = existing
      ? { id: entry.id, en: [...existing.en, ...entry.en], ru: [...existing.ru, ...entry.ru], secondary: existing.secondary }
      : entry;
    this.concepts.set(entry.id, merged);
    const stems = this.stemsOf.get(entry.id) ?? { en: [], ru: [] };
    for (const language of ["en", "ru"] as const) {
      for (const term of entry[language]) {
        const analysis = analyseTerm(term);
        if (analysis.use === "unusable") continue;
        if (analysis.use === "surface") {
          // Not among the concept's stems either: expanding a query with «сем» would find «семья».
          const stem = analysis.stems[0]!;
          const guards = this.bySurface.get(stem) ?? [];
          guards.push({ start: surfaceStart(tokenize(term)[0]!.word, stem), conceptId: entry.id });
          this.bySurface.set(stem, guards);
          continue;
        }
        const termStems = analysis.stems;
        const key = termStems.join(SEPARATOR);
        if (stems[language].some((known) => known.join(SEPARATOR) === key)) continue;
        stems[language].push(termStems);
        addOwner(this.byStems, key, entry.id);
        this.longestTerm = Math.max(this.longestTerm, termStems.length);
      }
    }
    this.stemsOf.set(entry.id, stems);
  }

  get size(): number {
    return this.concepts.size;
  }

  concept(id: string): GlossaryEntry | undefined {
    return this.concepts.get(id);
  }

  /** Whether the concept is secondary (a general near-synonym, see `GlossaryEntry`). */
  isSecondary(conceptId: string): boolean {
    return this.concepts.get(conceptId)?.secondary === true;
  }

  /** The stem sequences of a concept's terms in one language (each term's content stems, in order). */
  termStems(conceptId: string, language: TextLanguage): string[][] {
    return this.stemsOf.get(conceptId)?.[language] ?? [];
  }

  /**
   * The concepts named in a sequence of content stems, without overlaps, choosing the matches that cover the most
   * stems over the whole sequence (then the fewest, i.e. longest, terms) rather than the first match from the
   * left: in «охрана морских охраняемых районов», a greedy reader could take a short term that blocks a longer
   * one starting a word later. A term shared by several concepts (an ambiguous word) yields a match for each.
   * `words`, the folded words the stems come from (same order), lets the terms matched only as written be found.
   */
  findConcepts(stems: readonly string[], languageOf: (index: number) => TextLanguage | undefined = () => undefined, words?: readonly string[]): ConceptMatch[] {
    // Primary concepts first; secondary ones only in the stems no primary concept covers.
    const primary = this.coverConcepts(stems, languageOf, words, false, new Set());
    const taken = new Set(primary.flatMap((match) => [...Array(match.end - match.start).keys()].map((offset) => match.start + offset)));
    const secondary = this.coverConcepts(stems, languageOf, words, true, taken);
    return secondary.length === 0 ? primary : [...primary, ...secondary].sort((a, b) => a.start - b.start);
  }

  private coverConcepts(stems: readonly string[], languageOf: (index: number) => TextLanguage | undefined, words: readonly string[] | undefined, isSecondary: boolean, taken: ReadonlySet<number>): ConceptMatch[] {
    const count = stems.length;
    const ofTier = (ids: string[] | undefined) => {
      const kept = ids?.filter((id) => (this.concepts.get(id)?.secondary === true) === isSecondary);
      return kept?.length ? kept : undefined;
    };
    const owners = (index: number, length: number): string[] | undefined => {
      for (let offset = 0; offset < length; offset += 1) if (taken.has(index + offset)) return undefined;
      const byStems = ofTier(this.byStems.get(stems.slice(index, index + length).join(SEPARATOR)));
      const word = length === 1 ? words?.[index] : undefined;
      const bySurface = word === undefined ? undefined : ofTier(this.bySurface.get(stems[index]!)?.filter((guard) => word.startsWith(guard.start)).map((guard) => guard.conceptId));
      if (!bySurface?.length) return byStems;
      return byStems ? [...new Set([...byStems, ...bySurface])] : bySurface;
    };
    // covered[i] / terms[i]: the best cover of stems[i..]; choice[i]: the term length taken at i (0 = skip i).
    const covered = new Array<number>(count + 1).fill(0);
    const terms = new Array<number>(count + 1).fill(0);
    const choice = new Array<number>(count + 1).fill(0);
    for (let index = count - 1; index >= 0; index -= 1) {
      covered[index] = covered[index + 1]!;
      terms[index] = terms[index + 1]!;
      for (let length = Math.min(this.longestTerm, count - index); length >= 1; length -= 1) {
        if (!owners(index, length)) continue;
        const total = length + covered[index + length]!;
        const termCount = 1 + terms[index + length]!;
        if (total > covered[index]! || (total === covered[index]! && termCount < terms[index]!) || (total === covered[index]! && termCount === terms[index]! && choice[index] === 0)) {
          covered[index] = total;
          terms[index] = termCount;
          choice[index] = length;
        }
      }
    }
    const matches: ConceptMatch[] = [];
    let index = 0;
    while (index < count) {
      const length = choice[index]!;
      if (length === 0) {
        index += 1;
        continue;
      }
      const language = languageOf(index) ?? "en";
      for (const conceptId of owners(index, length)!) matches.push({ conceptId, start: index, end: index + length, language });
      index += length;
    }
    return matches;
  }

  /** The concepts named in a text (any word forms, either language). */
  conceptsInText(text: string): string[] {
    const content = tokenize(text).filter((token) => !token.isStopWord && token.word.length > 1);
    const matches = this.findConcepts(content.map((token) => token.stem), undefined, content.map((token) => token.word));
    return [...new Set(matches.map((match) => match.conceptId))];
  }
}

/**
 * The start a word must have to be a form of a term matched only as written: the stem and the term's next letter
 * («семена» → «семе»: «семенами» yes, «семья» no; «данные» → «данн»: «данных» yes, «даны» no).
 */
function surfaceStart(word: string, stem: string): string {
  return word.slice(0, stem.length + 1);
}

function addOwner(map: Map<string, string[]>, key: string, conceptId: string): void {
  const owners = map.get(key) ?? [];
  if (!owners.includes(conceptId)) owners.push(conceptId);
  map.set(key, owners);
}
