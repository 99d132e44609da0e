import { contentStems, type TextLanguage } from "./analyzer";

/** One concept of a bilingual glossary: its terms in each language, the first one preferred. */
export type GlossaryEntry = { id: string; en: string[]; ru: string[] };

/** A concept found in a text: where its term starts and ends among the text's content stems. */
export type ConceptMatch = { conceptId: string; start: number; end: number; language: TextLanguage };

const SEPARATOR = " ";

/**
 * A glossary turned into stem sequences, so that a term is found in any word form («участия общественности»
 * finds «участие общественности») and in either language. Longest match wins: «участие общественности» is one
 * concept, not «участие» plus «общественность».
 */
export class GlossaryIndex {
  private readonly byStems = new Map<string, string[]>();
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
      ? { id: entry.id, en: [...existing.en, ...entry.en], ru: [...existing.ru, ...entry.ru] }
      : entry;
    this.concepts.set(entry.id, merged);
    const stems = this.stemsOf.get(entry.id) ?? { en: [], ru: [] };
    for (const language of ["en", "ru"] as const) {
      for (const term of entry[language]) {
        const termStems = contentStems(term);
        if (termStems.length === 0) continue;
        const key = termStems.join(SEPARATOR);
        if (stems[language].some((known) => known.join(SEPARATOR) === key)) continue;
        stems[language].push(termStems);
        const owners = this.byStems.get(key) ?? [];
        if (!owners.includes(entry.id)) owners.push(entry.id);
        this.byStems.set(key, owners);
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

  /** The stem sequences of a concept's terms in one language (each term's content stems, in order). */
  termStems(conceptId: string, language: TextLanguage): string[][] {
    return this.stemsOf.get(conceptId)?.[language] ?? [];
  }

  /**
   * The concepts named in a sequence of content stems, without overlaps, choosing the matches that cover the most
   * stems over the whole sequence (then the fewest, i.e. longest, terms) rather than the first match from the
   * left: in «охрана морских охраняемых районов», a greedy reader could take a short term that blocks a longer
   * one starting a word later. A term shared by several concepts (an ambiguous word) yields a match for each.
   */
  findConcepts(stems: readonly string[], languageOf: (index: number) => TextLanguage | undefined = () => undefined): ConceptMatch[] {
    const count = stems.length;
    // covered[i] / terms[i]: the best cover of stems[i..]; choice[i]: the term length taken at i (0 = skip i).
    const covered = new Array<number>(count + 1).fill(0);
    const terms = new Array<number>(count + 1).fill(0);
    const choice = new Array<number>(count + 1).fill(0);
    for (let index = count - 1; index >= 0; index -= 1) {
      covered[index] = covered[index + 1]!;
      terms[index] = terms[index + 1]!;
      for (let length = Math.min(this.longestTerm, count - index); length >= 1; length -= 1) {
        if (!this.byStems.has(stems.slice(index, index + length).join(SEPARATOR))) continue;
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
      for (const conceptId of this.byStems.get(stems.slice(index, index + length).join(SEPARATOR))!) matches.push({ conceptId, start: index, end: index + length, language });
      index += length;
    }
    return matches;
  }

  /** The concepts named in a text (any word forms, either language). */
  conceptsInText(text: string): string[] {
    return [...new Set(this.findConcepts(contentStems(text)).map((match) => match.conceptId))];
  }
}
