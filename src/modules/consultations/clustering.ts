import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";

/*
 * Findings that recur across groups, found with PostgreSQL only (no model, nothing downloaded).
 *
 * 1. Documents: the consultation's published contributions. Each sits in a "unit": its breakout when it was
 *    posted in one, otherwise its discussion group (or session). Its `search_vector` column is already
 *    `to_tsvector('russian' | 'english', body)` by the contribution's language, so Russian and English words
 *    are stemmed by their own dictionaries and stop words are dropped.
 * 2. Candidate pairs (one SQL statement): an inverted index built in SQL — every (lexeme, document) row joined
 *    to the other documents holding the same lexeme (pairs within one unit are scored too, so a cluster's
 *    cohesion is measured fairly; only whole clusters must span units). Lexemes in more than a fifth of the
 *    documents (and more than 30) are left out of the join (they say little and make it quadratic) but still count in each
 *    document's weight. Candidates are the pairs sharing a selective lexeme; a trigram self-join (`%`) as a
 *    second source of candidates found nothing more on the fixture and was the slowest part by far (about a
 *    minute for 2,000 contributions), so trigrams only score the candidates.
 * 3. Score of a pair = LEXEME_WEIGHT × IDF-weighted Jaccard of the two lexeme sets (idf = ln(1 + N / df))
 *    + TRIGRAM_WEIGHT × pg_trgm similarity of the bodies.
 * 4. Grouping (TypeScript): average-linkage agglomerative clustering over the scored pairs (a missing pair
 *    counts as 0): repeatedly merge the two clusters with the highest mean pairwise score while it is at least
 *    THRESHOLD. Average linkage does not chain unrelated contributions through one bridging text the way
 *    connected components would. A cluster is suggested only when its members come from at least two units.
 * 5. Title: the first sentence of the most central member (the highest summed score to the other members).
 *
 * Cross-language: a Russian and an English contribution about the same thing share no lexemes and few
 * trigrams, so they are not paired, except through shared names, acronyms and numbers. Findings are therefore
 * found within each language; a facilitator can name them in both.
 */

export type ClusterDocument = { id: string; unit: string; language: string; body: string };
export type ScoredPair = { a: string; b: string; lexemeScore: number; trigramScore: number; score: number; sharedLexemes: string[] };
export type SuggestedCluster = {
  /** Member contribution ids, sorted: the signature a decided finding is remembered by. */
  memberIds: string[];
  /** Mean pairwise score of the members. */
  score: number;
  title: string;
  /** The lexemes the most members share, strongest first (stems, for a facilitator's orientation). */
  sharedLexemes: string[];
  unitCount: number;
};

export type ClusteringOptions = { threshold: number; lexemeWeight: number; trigramWeight: number };

/** Measured on fixtures/clustering-ru-en.json (see clustering.test.ts for the figures). */
export const DEFAULT_CLUSTERING: ClusteringOptions = { threshold: 0.25, lexemeWeight: 0.7, trigramWeight: 0.3 };

/**
 * Lexemes found in more than this share of the documents (and in more than MIN_FREQUENCY_CUT documents) are not
 * used to find pairs: a lexeme in k documents makes k² rows in the join, and such words say little anyway.
 */
const MAX_DOCUMENT_SHARE = 0.2;
const MIN_FREQUENCY_CUT = 30;

type PairRow = { a: string; b: string; lexeme_score: number | string; trigram_score: number | string; shared: string[] | string | null };

function parseArray(value: string[] | string | null): string[] {
  if (Array.isArray(value)) return value;
  if (!value) return [];
  // a driver that returns the text form of an array: {a,b,"c d"}
  return value
    .replace(/^\{|\}$/g, "")
    .split(",")
    .filter(Boolean)
    .map((item) => item.replace(/^"|"$/g, ""));
}

/** The published contributions of a consultation, each with the unit (breakout or group) it was posted in. */
export async function clusterDocuments(db: Database, consultationId: string): Promise<ClusterDocument[]> {
  return queryRows<ClusterDocument>(
    db,
    sql`select c.id, coalesce(c.breakout_id, t.group_id)::text as unit, c.language, c.body
        from consultation_contributions c join consultation_topics t on t.id = c.topic_id
        where c.consultation_id = ${consultationId} and c.status = 'published'
        order by c.number`,
  );
}

/** Candidate pairs with their lexeme and trigram scores (steps 2–3 above), in one query. */
export async function scoredPairs(db: Database, consultationId: string, options: ClusteringOptions = DEFAULT_CLUSTERING): Promise<ScoredPair[]> {
  const rows = await queryRows<PairRow>(
    db,
    sql`with docs as (
          select c.id, coalesce(c.breakout_id, t.group_id) as unit, c.body, c.search_vector
          from consultation_contributions c join consultation_topics t on t.id = c.topic_id
          where c.consultation_id = ${consultationId} and c.status = 'published'
        ),
        total as (select count(*)::float8 as n from docs),
        terms as (select d.id, d.unit, lexeme from docs d cross join lateral unnest(tsvector_to_array(d.search_vector)) as lexeme),
        frequency as (select lexeme, count(*)::float8 as df from terms group by lexeme),
        weighted as (
          select terms.id, terms.unit, terms.lexeme, ln(1 + total.n / frequency.df) as weight,
                 frequency.df <= greatest(${MIN_FREQUENCY_CUT}, total.n * ${MAX_DOCUMENT_SHARE}) as is_selective
          from terms join frequency using (lexeme) cross join total
        ),
        document_weight as (select id, sum(weight) as weight from weighted group by id),
        shared as (
          select a.id as a, b.id as b, sum(a.weight) as weight, array_agg(a.lexeme order by a.weight desc) as lexemes
          from weighted a join weighted b on b.lexeme = a.lexeme and a.id < b.id
          where a.is_selective
          group by a.id, b.id
        )
        select shared.a::text as a, shared.b::text as b,
               coalesce(shared.weight / nullif(wa.weight + wb.weight - shared.weight, 0), 0)::float8 as lexeme_score,
               similarity(da.body, db.body)::float8 as trigram_score,
               shared.lexemes as shared
        from shared
        join docs da on da.id = shared.a
        join docs db on db.id = shared.b
        join document_weight wa on wa.id = shared.a
        join document_weight wb on wb.id = shared.b`,
  );
  return rows.map((row) => {
    const lexemeScore = Number(row.lexeme_score);
    const trigramScore = Number(row.trigram_score);
    return {
      a: row.a,
      b: row.b,
      lexemeScore,
      trigramScore,
      score: options.lexemeWeight * lexemeScore + options.trigramWeight * trigramScore,
      sharedLexemes: parseArray(row.shared),
    };
  });
}

const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** The first sentence of a text, without Markdown markers, at most `max` characters. */
export function firstSentence(body: string, max = 140): string {
  const line = body
    .split(/\r?\n/)
    .map((text) => text.replace(/^[\s>#*\-+\d.)]+/, "").replace(/[*_`]/g, "").trim())
    .find(Boolean) ?? "";
  const sentence = /^(.+?[.!?…])(\s|$)/u.exec(line)?.[1] ?? line;
  return sentence.length > max ? `${sentence.slice(0, max - 1).trimEnd()}…` : sentence;
}

/**
 * Average-linkage agglomerative grouping of scored pairs (step 4), keeping clusters that span at least
 * `minUnits` units (step 4) and titling each by its most central member (step 5). Deterministic: ties break by id.
 */
export function clusterPairs(documents: ClusterDocument[], pairs: ScoredPair[], options: ClusteringOptions = DEFAULT_CLUSTERING, minUnits = 2): SuggestedCluster[] {
  const scores = new Map<string, number>();
  const shared = new Map<string, string[]>();
  for (const pair of pairs) {
    scores.set(pairKey(pair.a, pair.b), pair.score);
    shared.set(pairKey(pair.a, pair.b), pair.sharedLexemes);
  }
  const score = (a: string, b: string): number => scores.get(pairKey(a, b)) ?? 0;
  const byId = new Map(documents.map((document) => [document.id, document]));
  const position = new Map(documents.map((document, index) => [document.id, index]));
  // only documents with at least one pair above the threshold can end up in a cluster (a mean reaches the
  // threshold only if one of its terms does)
  const nodes = [...new Set(pairs.filter((pair) => pair.score >= options.threshold).flatMap((pair) => [pair.a, pair.b]))].filter((id) => byId.has(id)).sort();
  const clusters = agglomerate(nodes, scores, options.threshold);
  const suggestions: SuggestedCluster[] = [];
  for (const members of clusters) {
    if (members.length < 2) continue;
    const units = new Set(members.map((id) => byId.get(id)!.unit));
    if (units.size < minUnits) continue;
    const centrality = members.map((id) => ({ id, total: members.reduce((sum, other) => (other === id ? sum : sum + score(id, other)), 0) }));
    // ties (always, between two members) go to the earlier contribution: documents come in number order
    centrality.sort((left, right) => right.total - left.total || position.get(left.id)! - position.get(right.id)!);
    const lexemeCounts = new Map<string, number>();
    for (let left = 0; left < members.length; left += 1) {
      for (let right = left + 1; right < members.length; right += 1) {
        for (const lexeme of shared.get(pairKey(members[left]!, members[right]!)) ?? []) lexemeCounts.set(lexeme, (lexemeCounts.get(lexeme) ?? 0) + 1);
      }
    }
    const sharedLexemes = [...lexemeCounts].sort((left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : 1)).slice(0, 6).map(([lexeme]) => lexeme);
    suggestions.push({
      memberIds: members,
      // mean over distinct pairs: linkage(members, members) also averages over the n self-pairs, which score 0
      score: meanPairScore(members, score),
      title: firstSentence(byId.get(centrality[0]!.id)!.body),
      sharedLexemes,
      unitCount: units.size,
    });
  }
  return suggestions.sort((left, right) => right.memberIds.length - left.memberIds.length || right.score - left.score || (left.memberIds[0]! < right.memberIds[0]! ? -1 : 1));
}

/** Mean score over the distinct pairs of a cluster's members (a missing pair counts as 0). */
function meanPairScore(members: readonly string[], score: (a: string, b: string) => number): number {
  let sum = 0;
  for (let left = 0; left < members.length; left += 1) for (let right = left + 1; right < members.length; right += 1) sum += score(members[left]!, members[right]!);
  return sum / ((members.length * (members.length - 1)) / 2);
}

type Candidate = { value: number; left: number; right: number; leftVersion: number; rightVersion: number; order: string };

/** A max-heap of merge candidates: highest linkage first, ties by the members' smallest ids (deterministic). */
class CandidateHeap {
  private readonly items: Candidate[] = [];
  get size(): number {
    return this.items.length;
  }
  private above(a: Candidate, b: Candidate): boolean {
    return a.value > b.value || (a.value === b.value && a.order < b.order);
  }
  push(item: Candidate): void {
    const items = this.items;
    items.push(item);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.above(items[index]!, items[parent]!)) break;
      [items[index], items[parent]] = [items[parent]!, items[index]!];
      index = parent;
    }
  }
  pop(): Candidate | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length && last) {
      items[0] = last;
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        const right = left + 1;
        let best = index;
        if (left < items.length && this.above(items[left]!, items[best]!)) best = left;
        if (right < items.length && this.above(items[right]!, items[best]!)) best = right;
        if (best === index) break;
        [items[index], items[best]] = [items[best]!, items[index]!];
        index = best;
      }
    }
    return top;
  }
}

/**
 * Average-linkage agglomeration: repeatedly merge the two clusters with the highest mean pairwise score while
 * it is at least `threshold`. Sparse and incremental (the score sums between clusters are added up on each
 * merge, candidates wait in a heap and stale ones are skipped), so thousands of contributions group in well
 * under a second instead of rescanning every pair of clusters after each merge.
 */
function agglomerate(nodes: readonly string[], scores: ReadonlyMap<string, number>, threshold: number): string[][] {
  const indexOf = new Map(nodes.map((id, index) => [id, index]));
  const members: (string[] | null)[] = nodes.map((id) => [id]);
  const versions: number[] = nodes.map(() => 0);
  // sums[i]: cluster j → sum of the pair scores between the members of i and of j
  const sums: Map<number, number>[] = nodes.map(() => new Map());
  for (const [key, score] of scores) {
    const [first, second] = key.split("|");
    const a = indexOf.get(first!);
    const b = indexOf.get(second!);
    if (a === undefined || b === undefined || a === b) continue;
    sums[a]!.set(b, score);
    sums[b]!.set(a, score);
  }
  const heap = new CandidateHeap();
  const offer = (left: number, right: number, sum: number) => {
    const value = sum / (members[left]!.length * members[right]!.length);
    if (value < threshold) return;
    const first = [members[left]![0]!, members[right]![0]!].sort();
    heap.push({ value, left, right, leftVersion: versions[left]!, rightVersion: versions[right]!, order: first.join("|") });
  };
  for (const [left, neighbours] of sums.entries()) for (const [right, sum] of neighbours) if (left < right) offer(left, right, sum);
  while (heap.size) {
    const best = heap.pop()!;
    const { left, right } = best;
    if (!members[left] || !members[right] || versions[left] !== best.leftVersion || versions[right] !== best.rightVersion) continue;
    // merge right into left: its sums to every neighbour are the two clusters' sums added up
    members[left] = [...members[left]!, ...members[right]!].sort();
    members[right] = null;
    versions[left] = versions[left]! + 1;
    const merged = sums[left]!;
    merged.delete(right);
    for (const [other, sum] of sums[right]!) {
      if (other === left) continue;
      merged.set(other, (merged.get(other) ?? 0) + sum);
      sums[other]!.delete(right);
    }
    sums[right]!.clear();
    for (const [other, sum] of merged) {
      sums[other]!.set(left, sum);
      offer(Math.min(left, other), Math.max(left, other), sum);
    }
  }
  return members.filter((cluster): cluster is string[] => cluster !== null);
}

/** Suggested recurring findings for a consultation: documents and pairs from SQL, grouping in TypeScript. */
export async function suggestClusters(db: Database, consultationId: string, options: ClusteringOptions = DEFAULT_CLUSTERING): Promise<SuggestedCluster[]> {
  const [documents, pairs] = await Promise.all([clusterDocuments(db, consultationId), scoredPairs(db, consultationId, options)]);
  return clusterPairs(documents, pairs, options);
}

/** The signature a cluster is remembered by: its sorted member ids. */
export function clusterSignature(memberIds: readonly string[]): string {
  return [...memberIds].sort().join(",");
}
