import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import type { TextLanguage } from "../../../platform/search/analyzer";

/*
 * Word translations learned from the guidance itself. A translated document has the same sections in the same
 * order as its original (guidance/commands/save-document.ts links them with translation_of), so each pair of
 * sections at one position is the same text in two languages. A question's word is looked up in the aligned
 * sections of its language that contain it; the stems that keep appearing on the other side, and are about as
 * rare there as the word is in its own language, are its likely translations ("ngo" → «нко», "become" →
 * «стать»). That lets a question reach a passage in the other language for words the glossary does not list.
 *
 * Bounded per question: at most MAX_PAIRS aligned pairs per word are read (through the lexemes GIN index), and
 * at most MAX_TRANSLATIONS kept per word. Nothing is stored: a saved or edited translation counts at once.
 */

/** Aligned section pairs read per question word (a sample of them for a common word). */
const MAX_PAIRS = 200;
/** A translation must appear alongside the word in at least this many aligned pairs… */
const MIN_PAIRS = 2;
/** …and in at least this share of the pairs whose one side has the word. */
const MIN_SHARE = 0.75;
/** A candidate's rarity must be within this factor of the word's (a translation is about as rare as its source). */
const MAX_RARITY_RATIO = 2;
const MAX_TRANSLATIONS = 2;

type PairRow = { source: string[]; target: string[] };

/**
 * Likely translations of the given stems (of one language) into the other, learned from aligned sections of
 * translated documents the viewer may see (`visible`, a condition on the section alias `s` and `t`).
 * `sectionsWith` gives how many sections contain each stem (the answers' term statistics).
 */
export async function learnedTranslations(
  db: Database,
  stems: readonly string[],
  language: TextLanguage,
  visible: (alias: "s" | "t") => SQL,
  sectionsWith: (terms: readonly string[]) => Promise<Map<string, number>>,
): Promise<Map<string, string[]>> {
  const translations = new Map<string, string[]>();
  const words = [...new Set(stems)].filter((stem) => /^[\p{L}\p{N}-]+$/u.test(stem));
  if (words.length === 0) return translations;
  const perWord = await Promise.all(
    words.map((stem) =>
      queryRows<PairRow>(
        db,
        sql`
          select s.stems as source, t.stems as target
          from knowledge_sections s
          join knowledge_documents d on d.id = s.document_id
          join knowledge_documents e on (e.id = d.translation_of or e.translation_of = d.id or (d.translation_of is not null and e.translation_of = d.translation_of and e.id <> d.id))
          join knowledge_sections t on t.document_id = e.id and t.position = s.position
          where s.lexemes @@ to_tsquery('simple', ${`'${stem}'`}) and s.language = ${language} and t.language <> ${language}
            and s.is_published and t.is_published and ${visible("s")} and ${visible("t")}
          limit ${MAX_PAIRS}`,
      ),
    ),
  );
  const candidates = new Map<string, Map<string, number>>();
  words.forEach((stem, index) => {
    const pairs = perWord[index]!.filter((pair) => pair.source.includes(stem));
    if (pairs.length < MIN_PAIRS) return;
    const together = new Map<string, number>();
    for (const pair of pairs) for (const other of new Set(pair.target)) together.set(other, (together.get(other) ?? 0) + 1);
    const likely = new Map([...together].filter(([, count]) => count >= MIN_PAIRS && count >= MIN_SHARE * pairs.length));
    if (likely.size > 0) candidates.set(stem, likely);
  });
  if (candidates.size === 0) return translations;
  const rarity = await sectionsWith([...candidates.keys(), ...[...candidates.values()].flatMap((likely) => [...likely.keys()])]);
  for (const [stem, likely] of candidates) {
    const own = rarity.get(stem) ?? 0;
    if (own === 0) continue;
    const ranked = [...likely]
      .map(([other, count]) => ({ other, count, sections: rarity.get(other) ?? 0 }))
      .filter((entry) => entry.sections > 0 && entry.sections <= own * MAX_RARITY_RATIO && own <= entry.sections * MAX_RARITY_RATIO)
      // Most often together first; then the one whose rarity is closest to the word's.
      .sort((a, b) => b.count - a.count || Math.abs(Math.log(a.sections / own)) - Math.abs(Math.log(b.sections / own)) || a.other.localeCompare(b.other))
      .slice(0, MAX_TRANSLATIONS)
      .map((entry) => entry.other);
    if (ranked.length > 0) translations.set(stem, ranked);
  }
  return translations;
}
