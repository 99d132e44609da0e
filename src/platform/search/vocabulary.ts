import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows, textArrayLiteral } from "../../db/sql";
import { tokenize } from "./analyzer";

type Executor = Pick<Database, "execute">;

// Words shorter than this are not worth correcting (and trigram similarity means little on them).
const MIN_CORRECTABLE_LENGTH = 4;

/**
 * Adds the words of searchable text to the vocabulary typos are corrected against. Call it in the transaction
 * that writes the text; words already known cost nothing but a skipped insert.
 */
export async function recordVocabulary(db: Executor, texts: readonly string[]): Promise<void> {
  const entries = new Map<string, { stem: string; language: string }>();
  for (const text of texts) {
    for (const token of tokenize(text)) {
      if (token.isStopWord || !token.language || token.word.length < MIN_CORRECTABLE_LENGTH || !/^[\p{L}-]+$/u.test(token.word)) continue;
      entries.set(token.word, { stem: token.stem, language: token.language });
    }
  }
  if (entries.size === 0) return;
  const words = [...entries.keys()].sort();
  await db.execute(sql`
    insert into search_vocabulary (word, stem, language)
    select w.word, w.stem, w.language
    from unnest(${textArrayLiteral(words)}::text[], ${textArrayLiteral(words.map((word) => entries.get(word)!.stem))}::text[], ${textArrayLiteral(words.map((word) => entries.get(word)!.language))}::text[]) as w(word, stem, language)
    on conflict (word) do nothing`);
}

/**
 * For each of the given folded words whose stem is not in the vocabulary, the stems of up to `limit` known
 * words it may be a misspelling of (most similar first). Known words and short words get no entry.
 */
export async function correctWords(db: Executor, tokens: readonly { word: string; stem: string }[], limit = 2): Promise<Record<string, string[]>> {
  const candidates = tokens.filter((token) => token.word.length >= MIN_CORRECTABLE_LENGTH && /^[\p{L}-]+$/u.test(token.word));
  if (candidates.length === 0) return {};
  const rows = await queryRows<{ word: string; stem: string; corrected: string | null }>(
    db as Database,
    sql`
      select q.word, q.stem, c.stem as corrected
      from unnest(${textArrayLiteral(candidates.map((token) => token.word))}::text[], ${textArrayLiteral(candidates.map((token) => token.stem))}::text[]) as q(word, stem)
      left join lateral (
        select v.stem, max(similarity(v.word, q.word)) as score
        from search_vocabulary v
        where v.word % q.word and v.stem <> q.stem
        group by v.stem
        order by score desc, v.stem
        limit ${limit}
      ) c on true
      where not exists (select 1 from search_vocabulary known where known.stem = q.stem)`,
  );
  const corrections: Record<string, string[]> = {};
  for (const row of rows) {
    if (!row.corrected) continue;
    (corrections[row.stem] ??= []).push(row.corrected);
  }
  return corrections;
}
