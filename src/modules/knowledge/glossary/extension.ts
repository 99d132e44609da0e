import { asc, isNull, or, eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { cachedLookup } from "../../../db/lookup-cache";
import { GlossaryIndex, type GlossaryEntry } from "../../../platform/search/glossary";
import { knowledgeGlossaryTerms } from "../answers/schema";
import { shippedGlossary, shippedGlossaryEntries, type GlossaryOptions } from "./load";

export type GlossaryTermRow = { id: string; spaceId: string | null; conceptId: string; language: "en" | "ru"; term: string };

const PLATFORM_KEY = "platform";

// The extension terms that apply to a space (its own and the platform's), kept in the process and dropped when
// knowledge_glossary_terms changes (migration 0018 notifies every process).
const extensionTerms = cachedLookup(["knowledge_glossary_terms"], async (db, key: string): Promise<GlossaryTermRow[]> => {
  const spaceCondition = key === PLATFORM_KEY ? isNull(knowledgeGlossaryTerms.spaceId) : or(isNull(knowledgeGlossaryTerms.spaceId), eq(knowledgeGlossaryTerms.spaceId, key));
  return db
    .select({ id: knowledgeGlossaryTerms.id, spaceId: knowledgeGlossaryTerms.spaceId, conceptId: knowledgeGlossaryTerms.conceptId, language: knowledgeGlossaryTerms.language, term: knowledgeGlossaryTerms.term })
    .from(knowledgeGlossaryTerms)
    .where(spaceCondition)
    .orderBy(asc(knowledgeGlossaryTerms.createdAt), asc(knowledgeGlossaryTerms.id));
});

// One index per distinct list of terms (keyed by the terms themselves, so a command inside a transaction, which
// reads the rows without the cache, still reuses the index); a handful of glossaries in practice.
const indexes = new Map<string, GlossaryIndex>();
const MAX_INDEXES = 200;
const shippedEntries = new Map<boolean, GlossaryEntry[]>();

/** Groups extension rows into glossary entries (one per concept). */
export function extensionEntries(rows: readonly GlossaryTermRow[]): GlossaryEntry[] {
  const byConcept = new Map<string, GlossaryEntry>();
  for (const row of rows) {
    const entry = byConcept.get(row.conceptId) ?? { id: row.conceptId, en: [], ru: [] };
    entry[row.language].push(row.term);
    byConcept.set(row.conceptId, entry);
  }
  return [...byConcept.values()];
}

/**
 * The glossary that applies to a space (null: the platform): the shipped concepts (with the thesaurus when asked,
 * load.ts) plus the platform's and the space's own terms. Without extension terms it is the shipped index itself.
 */
export async function glossaryFor(db: Database, spaceId: string | null, options: GlossaryOptions = {}): Promise<GlossaryIndex> {
  const withThesaurus = options.withThesaurus === true;
  const rows = await extensionTerms(db, spaceId ?? PLATFORM_KEY);
  if (rows.length === 0) return shippedGlossary({ withThesaurus });
  const key = `${withThesaurus ? "t" : "-"}\u0002${rows.map((row) => `${row.conceptId}\u0000${row.language}\u0000${row.term}`).join("\u0001")}`;
  let index = indexes.get(key);
  if (!index) {
    let entries = shippedEntries.get(withThesaurus);
    if (!entries) {
      entries = shippedGlossaryEntries({ withThesaurus });
      shippedEntries.set(withThesaurus, entries);
    }
    index = new GlossaryIndex([...entries, ...extensionEntries(rows)]);
    if (indexes.size >= MAX_INDEXES) indexes.clear();
    indexes.set(key, index);
  }
  return index;
}
