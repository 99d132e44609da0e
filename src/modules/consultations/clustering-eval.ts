/*
 * Scoring a clustering against a labelled fixture (fixtures/README.md, "Scoring"): the gold pairs are the pairs
 * of contributions with the same non-null label; a pair is predicted when both are in one suggested cluster.
 * Used by clustering.test.ts and bench/findings.ts, so both report the same figures.
 */

export type LabelledItem = { key: string; group: string; language: string; label: string | null; body: string };

export type PairFigures = { gold: number; predicted: number; correct: number; precision: number | null; recall: number | null };
export type ClusteringFigures = { clusters: number; overall: PairFigures; withinLanguage: PairFigures; acrossLanguages: PairFigures };

const round = (value: number) => Math.round(value * 1000) / 1000;

function figures(gold: ReadonlySet<string>, predicted: ReadonlySet<string>): PairFigures {
  const correct = [...predicted].filter((pair) => gold.has(pair)).length;
  return {
    gold: gold.size,
    predicted: predicted.size,
    correct,
    precision: predicted.size ? round(correct / predicted.size) : null,
    recall: gold.size ? round(correct / gold.size) : null,
  };
}

/** Pairwise precision and recall of `clusters` (lists of item keys), overall, within one language and across languages. */
export function pairwiseFigures(clusters: readonly (readonly string[])[], items: readonly LabelledItem[]): ClusteringFigures {
  const byKey = new Map(items.map((item) => [item.key, item]));
  const pairKey = (a: LabelledItem, b: LabelledItem) => (a.key < b.key ? `${a.key}|${b.key}` : `${b.key}|${a.key}`);
  const gold = { within: new Set<string>(), across: new Set<string>() };
  for (const [index, a] of items.entries()) {
    for (const b of items.slice(index + 1)) if (a.label && a.label === b.label) gold[a.language === b.language ? "within" : "across"].add(pairKey(a, b));
  }
  const predicted = { within: new Set<string>(), across: new Set<string>() };
  for (const members of clusters) {
    for (const [index, first] of members.entries()) {
      for (const second of members.slice(index + 1)) {
        const a = byKey.get(first)!;
        const b = byKey.get(second)!;
        predicted[a.language === b.language ? "within" : "across"].add(pairKey(a, b));
      }
    }
  }
  const union = (sets: { within: Set<string>; across: Set<string> }) => new Set([...sets.within, ...sets.across]);
  return {
    clusters: clusters.length,
    overall: figures(union(gold), union(predicted)),
    withinLanguage: figures(gold.within, predicted.within),
    acrossLanguages: figures(gold.across, predicted.across),
  };
}

/**
 * Average precision of a ranking of scored pairs (highest score first) against the gold pairs of `items`: how far
 * the same-point pairs rise above the rest before any grouping. Pairs that were not scored (they share no feature)
 * never come up, so they count as missed. It bounds what any grouping of the same scores can achieve.
 */
export function rankingAveragePrecision(pairs: readonly { a: string; b: string; score: number }[], items: readonly LabelledItem[]): number | null {
  const labelOf = new Map(items.map((item) => [item.key, item.label]));
  let gold = 0;
  for (const [index, a] of items.entries()) for (const b of items.slice(index + 1)) if (a.label && a.label === b.label) gold += 1;
  if (!gold) return null;
  const ranked = [...pairs].sort((left, right) => right.score - left.score || (left.a + left.b < right.a + right.b ? -1 : 1));
  let found = 0;
  let sum = 0;
  for (const [rank, pair] of ranked.entries()) {
    const label = labelOf.get(pair.a);
    if (!label || label !== labelOf.get(pair.b)) continue;
    found += 1;
    sum += found / (rank + 1);
  }
  return round(sum / gold);
}
