import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { GlossaryIndex, type GlossaryEntry } from "../../../platform/search/glossary";

const folder = dirname(fileURLToPath(import.meta.url));

type GlossaryFile = { concepts: { id: string; en: string[]; ru: string[] }[] };

/** The shipped files: the curated glossary, the reference frameworks' labels and the general RU/EN thesaurus. */
export const GLOSSARY_FILES = ["curated.json", "frameworks.json", "thesaurus.json"] as const;

function readConcepts(file: (typeof GLOSSARY_FILES)[number]): GlossaryEntry[] {
  const data = JSON.parse(readFileSync(join(folder, file), "utf8")) as GlossaryFile;
  // The thesaurus's general words are secondary: looked for only where no term of the field is named.
  const secondary = file === "thesaurus.json";
  return data.concepts.map((concept) => ({ id: concept.id, en: concept.en, ru: concept.ru, ...(secondary ? { secondary } : {}) }));
}

/**
 * Which readers take the thesaurus: answers and the guidance sections' stored concepts (what answers match against).
 * Site search, lists and recurring findings read the curated glossary and the frameworks only: on the recurring
 * findings' labelled fixture the thesaurus's general near-synonyms paired contributions that make different points
 * (same-language precision 0.765 → 0.743), so a reader opts in once it has measured a gain.
 */
export type GlossaryOptions = { withThesaurus?: boolean };

/** The concepts every installation ships with: the curated glossary and the reference frameworks' labels, and the thesaurus when asked. */
export function shippedGlossaryEntries(options: GlossaryOptions = {}): GlossaryEntry[] {
  return GLOSSARY_FILES.filter((file) => options.withThesaurus || file !== "thesaurus.json").flatMap(readConcepts);
}

const shipped = new Map<boolean, GlossaryIndex>();

/** The shipped glossary as an index, built once per process (about 900 concepts; 1,150 with the thesaurus). */
export function shippedGlossary(options: GlossaryOptions = {}): GlossaryIndex {
  const withThesaurus = options.withThesaurus === true;
  let index = shipped.get(withThesaurus);
  if (!index) {
    index = new GlossaryIndex(shippedGlossaryEntries({ withThesaurus }));
    shipped.set(withThesaurus, index);
  }
  return index;
}
