import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import type { Services } from "../services";
import type { SearchAnswer, SearchHit, SearchProvider, SearchQuery, SearchViewer } from "./providers";

/*
 * A SearchQuery as a PostgreSQL tsquery, for providers whose text is indexed with to_tsvector('english' | 'russian').
 * PostgreSQL's english and russian configurations stem with the same Snowball stemmers as analyzer.ts, so the
 * query's stems are already the lexemes those vectors hold: they are written into the tsquery as they are (cast
 * with ::tsquery, which normalises nothing), and the glossary's terms in the other language come along as stems
 * too — a Russian query finds English text through the concepts it names, and the reverse.
 */

/** At most this many units of a query are searched (a long description's first words and concepts). */
export const MAX_UNITS = 24;

/** One part of the query that a match must satisfy: a concept (any of its terms) or a word (or its corrections). */
export type QueryUnit = { kind: "concept" | "word"; alternatives: string[][] };

/**
 * The query cut into units: each glossary concept it names is one unit (any term in either language matches,
 * a term's words all present), and each remaining word another (the word or one of its typo corrections).
 */
export function queryUnits(query: SearchQuery): QueryUnit[] {
  const units: QueryUnit[] = [];
  const covered = new Set<string>();
  for (const concept of outermostConcepts(query)) {
    const terms = [...concept.stems.en, ...concept.stems.ru].filter((term) => term.length > 0);
    if (!terms.length) continue;
    for (const term of terms) for (const stem of term) covered.add(stem);
    units.push({ kind: "concept", alternatives: terms });
  }
  const seen = new Set<string>();
  for (const stem of query.stems) {
    if (seen.has(stem)) continue;
    seen.add(stem);
    const corrections = query.corrections[stem] ?? [];
    // a word that belongs to a named concept is matched through the concept (its other-language terms included)
    if (covered.has(stem) || corrections.some((corrected) => covered.has(corrected))) continue;
    units.push({ kind: "word", alternatives: [[stem], ...corrections.map((corrected) => [corrected])] });
  }
  return units;
}

/** Where a concept's terms occur in the query's stems, as [start, end) spans. */
function conceptSpans(stems: readonly string[], terms: readonly string[][]): [number, number][] {
  const spans: [number, number][] = [];
  for (const term of terms) {
    for (let start = 0; start + term.length <= stems.length; start += 1) {
      if (term.length && term.every((stem, offset) => stems[start + offset] === stem)) spans.push([start, start + term.length]);
    }
  }
  return spans;
}

/**
 * The query's concepts without those named only inside a longer one's words: «участие общественности» names
 * public participation, and "the public" only as part of it — requiring both would demand words the searcher
 * did not mean separately.
 */
function outermostConcepts(query: SearchQuery): SearchQuery["concepts"] {
  const spans = query.concepts.map((concept) => conceptSpans(query.stems, [...concept.stems.en, ...concept.stems.ru]));
  return query.concepts.filter((_, index) => {
    const own = spans[index]!;
    if (!own.length) return true;
    return !own.every(([start, end]) =>
      spans.some((other, otherIndex) => otherIndex !== index && other.some(([otherStart, otherEnd]) => otherStart <= start && end <= otherEnd && otherEnd - otherStart > end - start)),
    );
  });
}

/** A lexeme written for a tsquery: quoted, quotes and backslashes doubled/escaped. */
function lexeme(stem: string): string {
  return `'${stem.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/** The lexemes a stem is indexed as: a hyphenated word is also indexed by its parts, which are what we match. */
function stemLexemes(stem: string): string[] {
  return stem.split("-").filter(Boolean);
}

function alternativeText(stems: string[]): string {
  const lexemes = stems.flatMap(stemLexemes).map(lexeme);
  return lexemes.length === 1 ? lexemes[0]! : `(${lexemes.join(" & ")})`;
}

function unitText(unit: QueryUnit): string {
  const parts = [...new Set(unit.alternatives.filter((alternative) => alternative.length).map(alternativeText))];
  return parts.length === 1 ? parts[0]! : `(${parts.join(" | ")})`;
}

/**
 * The tsquery text (for `${text}::tsquery`) matching every unit (`all`) or any of them (`any`), or null when the
 * query has nothing to search for. Stems are letters, digits, hyphens and apostrophes; quoting keeps any
 * other character from being read as tsquery syntax.
 */
export function tsQueryText(units: readonly QueryUnit[], mode: "all" | "any"): string | null {
  const parts = units.map(unitText).filter((part) => part !== "''" && part.length > 0);
  if (!parts.length) return null;
  return parts.join(mode === "all" ? " & " : " | ");
}

/** Every stem a hit may be highlighted by: the query's words, their corrections and the named concepts' terms. */
export function highlightStems(query: SearchQuery): string[] {
  const stems = new Set<string>(query.stems);
  for (const corrected of Object.values(query.corrections)) for (const stem of corrected) stems.add(stem);
  for (const concept of query.concepts) for (const term of [...concept.stems.en, ...concept.stems.ru]) for (const stem of term) stems.add(stem);
  return [...stems];
}

/** Maps PostgreSQL's ts_rank (0 upwards, a title match around 0.6) onto the 0..1 scale providers share. */
export function scoreFromRank(rank: number): number {
  const value = Math.max(0, Number(rank) || 0);
  return value / (value + 0.1);
}

/**
 * Runs a full-text search with every unit of the query required, and when that finds nothing (and the query has
 * several units) with any unit enough: "forest restoration Kazakhstan" still finds forest restoration elsewhere.
 */
export async function searchAllThenAny<T extends { total: number }>(query: SearchQuery, run: (tsquery: string) => Promise<T>, empty: T): Promise<T> {
  // a pasted page of text has hundreds of words: its first units say what it is about, and bound the index reads
  const units = queryUnits(query).slice(0, MAX_UNITS);
  let found = empty;
  for (const mode of units.length > 1 ? (["all", "any"] as const) : (["all"] as const)) {
    const tsquery = tsQueryText(units, mode);
    if (!tsquery) break;
    found = await run(tsquery);
    if (found.total > 0) break;
  }
  return found;
}

/**
 * The best `limit` rows of a bounded candidate query (a `select ... limit N` whose rows carry `id`, `updated_at`
 * and `rank`), by rank, with how many candidates there were; `limit` 0 only counts them.
 */
export async function rankCandidates<Row extends { rank: number }>(db: Database, candidates: SQL, limit: number): Promise<{ rows: Row[]; total: number }> {
  if (limit === 0) {
    const [row] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total from (${candidates}) m`);
    return { rows: [], total: Number(row?.total ?? 0) };
  }
  const rows = await queryRows<Row & { total: number }>(db, sql`select m.*, count(*) over ()::int as total from (${candidates}) m order by m.rank desc, m.updated_at desc, m.id limit ${limit}`);
  return { rows, total: Number(rows[0]?.total ?? 0) };
}

/**
 * A tsquery written into the statement as a literal rather than bound as a parameter: the planner then knows how
 * rare its words are and reads a rare word through the full-text index. With a parameter, the generic plan a
 * prepared statement falls back to guesses, and may scan the whole table for a word nothing contains. The text
 * is ours (lexemes quoted by tsQueryText); its quotes are doubled for the SQL string.
 */
export function tsQueryLiteral(tsquery: string): SQL {
  return sql.raw(`'${tsquery.replace(/'/g, "''")}'::tsquery`);
}

/** How a module's full-text provider is described to fullTextSearchProvider. */
export type FullTextProviderSpec<Row extends { rank: number }> = {
  type: string;
  labelMessage: string;
  /** At most this many matches are read and ranked (in index order); beyond it the total is a lower bound. */
  candidatesMax: number;
  /**
   * The matching rows the viewer may see, without a limit: each with `id`, `updated_at` and `rank` (ts_rank of its
   * vector against `tsquery`, a tsquery-typed SQL value: `vector @@ ${tsquery}`), filtered by the module's own
   * visibility rule.
   */
  candidates(services: Services, tsquery: SQL, query: SearchQuery, viewer: SearchViewer): SQL;
  toHit(row: Row, query: SearchQuery, highlight: string[]): SearchHit;
};

/**
 * A provider over a full-text index: every query unit required (any when that finds nothing), at most
 * `candidatesMax` matches ranked, hits built by the module. Commitments and contributions use it.
 */
export function fullTextSearchProvider<Row extends { rank: number }>(spec: FullTextProviderSpec<Row>): SearchProvider {
  return {
    type: spec.type,
    labelMessage: spec.labelMessage,
    async search(services, query, viewer, limit): Promise<SearchAnswer> {
      const found = await searchAllThenAny(
        query,
        (tsquery) => rankCandidates<Row>(services.db, sql`${spec.candidates(services, tsQueryLiteral(tsquery), query, viewer)} limit ${spec.candidatesMax + 1}`, limit),
        { rows: [] as Row[], total: 0 },
      );
      const highlight = highlightStems(query);
      const isCapped = found.total > spec.candidatesMax;
      return { hits: found.rows.map((row) => spec.toHit(row, query, highlight)), total: isCapped ? spec.candidatesMax : found.total, isTotalLowerBound: isCapped };
    },
  };
}
