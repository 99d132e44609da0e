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

/** The concepts every installation ships with: the curated glossary, the reference frameworks' labels and the thesaurus. */
export function shippedGlossaryEntries(): GlossaryEntry[] {
  return GLOSSARY_FILES.flatMap(readConcepts);
}

let shipped: GlossaryIndex | undefined;

/** The shipped glossary as an index, built once per process (about 1,100 concepts). */
export function shippedGlossary(): GlossaryIndex {
  shipped ??= new GlossaryIndex(shippedGlossaryEntries());
  return shipped;
}
