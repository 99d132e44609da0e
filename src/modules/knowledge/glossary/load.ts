import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { GlossaryIndex, type GlossaryEntry } from "../../../platform/search/glossary";

const folder = dirname(fileURLToPath(import.meta.url));

type GlossaryFile = { concepts: { id: string; en: string[]; ru: string[] }[] };

/** The concepts every installation ships with: the curated glossary and the reference frameworks' labels. */
export function shippedGlossaryEntries(): GlossaryEntry[] {
  const entries: GlossaryEntry[] = [];
  for (const file of ["curated.json", "frameworks.json"]) {
    const data = JSON.parse(readFileSync(join(folder, file), "utf8")) as GlossaryFile;
    for (const concept of data.concepts) entries.push({ id: concept.id, en: concept.en, ru: concept.ru });
  }
  return entries;
}

let shipped: GlossaryIndex | undefined;

/** The shipped glossary as an index, built once per process (about 900 concepts). */
export function shippedGlossary(): GlossaryIndex {
  shipped ??= new GlossaryIndex(shippedGlossaryEntries());
  return shipped;
}
