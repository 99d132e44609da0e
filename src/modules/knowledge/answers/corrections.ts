import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows, textArrayLiteral } from "../../../db/sql";
import type { Token } from "../../../platform/search/analyzer";

const MIN_LENGTH = 4;

/** Edit distance with adjacent transpositions (optimal string alignment): a swapped pair of letters is one typo. */
export function typoDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < columns; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** How many typos a word of this length may plausibly carry: one in a short word, two in a long one. */
const allowedTypos = (word: string) => (word.length <= 6 ? 1 : 2);

/**
 * Typo corrections the answers trust: for each content word whose stem no searchable text has, the stems of
 * known words at most one or two typos away (a letter swapped, missing, doubled or wrong), nearest first, each with
 * its distance. A real word the guidance simply never uses ("password") is then not turned into a different real
 * word that happens to share letters ("passport") — which would make a question the guidance cannot answer look
 * answered.
 */
export async function typoCorrections(db: Database, tokens: readonly Token[]): Promise<Map<string, { stem: string; distance: number }[]>> {
  const candidates = [...new Map(tokens.filter((token) => !token.isStopWord && token.word.length >= MIN_LENGTH && /^[\p{L}-]+$/u.test(token.word)).map((token) => [token.word, token])).values()];
  const corrections = new Map<string, { stem: string; distance: number }[]>();
  if (candidates.length === 0) return corrections;
  const rows = await queryRows<{ word: string; stem: string; known: string | null; known_stem: string | null }>(
    db,
    sql`
      select q.word, q.stem, c.word as known, c.stem as known_stem
      from unnest(${textArrayLiteral(candidates.map((token) => token.word))}::text[], ${textArrayLiteral(candidates.map((token) => token.stem))}::text[]) as q(word, stem)
      left join lateral (
        select v.word, v.stem from search_vocabulary v
        where v.word % q.word and v.stem <> q.stem
        order by similarity(v.word, q.word) desc, v.word
        limit 8
      ) c on true
      where not exists (select 1 from search_vocabulary known where known.stem = q.stem)`,
  );
  for (const row of rows) {
    if (!row.known || !row.known_stem) continue;
    const distance = typoDistance(row.word, row.known);
    if (distance > allowedTypos(row.word)) continue;
    const list = corrections.get(row.stem) ?? [];
    const existing = list.find((entry) => entry.stem === row.known_stem);
    if (existing) existing.distance = Math.min(existing.distance, distance);
    else list.push({ stem: row.known_stem, distance });
    corrections.set(row.stem, list);
  }
  for (const list of corrections.values()) list.sort((a, b) => a.distance - b.distance);
  return corrections;
}
