import { SUPPRESSION_THRESHOLD } from "./small-cells";

/*
 * Small-cell suppression for a table of counts whose sums are published too — a cross-tab of answers by actor
 * type, country or constituency with its row and column totals, or the respondents per group with the overall
 * count. A cell of 1 or 2 people is hidden (primary suppression); then, because a hidden cell is worked out by
 * subtracting the shown cells of any published sum it belongs to from that sum, every such sum ("line") must hide
 * either none of its cells or at least two (complementary suppression: the smallest shown cell of the line is
 * hidden too, and so on until no line hides exactly one). A cell may also depend on another — a group's answers
 * on the group's size: when the size is hidden, so are they.
 *
 * Line by line is not enough on its own — several sums together can pin a cell down — so after it the hidden
 * cells are checked against all the sums at once (linear algebra, `determinedCells`) and one more cell is hidden
 * beside each small cell that can still be worked out. A heuristic, not an optimal solver: it can hide more than
 * strictly necessary, never a small cell that can be derived.
 */

export type CountTable = {
  /** Every cell by key, with its count of distinct people. */
  counts: ReadonlyMap<string, number>;
  /**
   * Published sums, each as its parts *and its own cell*: a column's answers and the column's total; the groups'
   * sizes and the overall count. The sum's own cell belongs in the line because, shown parts summed, it gives the
   * sum away just as the sum gives away a part.
   */
  lines: readonly (readonly string[])[];
  /** Cells hidden whenever the key cell is hidden (e.g. a group's size → the group's answers). */
  dependents?: ReadonlyMap<string, readonly string[]>;
};

/** The keys of the cells to hide. Zero cells are shown (they name nobody) unless a sum needs them as complements and no other is left. */
export function suppressTable(table: CountTable, threshold = SUPPRESSION_THRESHOLD): Set<string> {
  const count = (key: string) => table.counts.get(key) ?? 0;
  const isSmall = (key: string) => count(key) > 0 && count(key) < threshold;
  const hidden = new Set<string>();
  const hide = (key: string) => {
    if (hidden.has(key)) return;
    hidden.add(key);
    for (const dependent of table.dependents?.get(key) ?? []) hide(dependent);
  };
  /** The smallest non-zero shown cell of these hides the least; a zero only when nothing else is left. */
  const cheapest = (keys: readonly string[]) => keys.filter((key) => !hidden.has(key)).sort((a, b) => rank(count(a)) - rank(count(b)) || a.localeCompare(b))[0];
  for (const key of table.counts.keys()) if (isSmall(key)) hide(key);

  for (;;) {
    // Lines can only gain hidden cells, so this ends: at most one pass per cell.
    for (let changed = true; changed; ) {
      changed = false;
      for (const line of table.lines) {
        if (line.filter((key) => hidden.has(key)).length !== 1) continue;
        const complement = cheapest(line);
        if (complement === undefined) continue;
        hide(complement);
        changed = true;
      }
    }
    // Several sums together can still pin a cell down (a rectangle of hidden cells with one corner alone): hide one
    // more cell beside a small cell that can be worked out, and check again.
    const exposed = determinedCells(table, hidden).find(isSmall);
    if (exposed === undefined) return hidden;
    const complement = cheapest(table.lines.filter((line) => line.includes(exposed)).flat());
    if (complement === undefined) return hidden;
    hide(complement);
  }
}

const rank = (value: number): number => (value === 0 ? Number.MAX_SAFE_INTEGER : value);

/**
 * Hidden cells whose value follows from the shown cells and the published sums. Each line says "its parts minus its
 * own cell (the last) make 0"; with the shown cells moved to the right-hand side this is a linear system in the
 * hidden cells, brought to reduced row echelon form: a hidden cell is determined exactly when some row of that
 * form names it alone.
 */
export function determinedCells(table: CountTable, hidden: ReadonlySet<string>): string[] {
  const unknowns = [...hidden];
  const column = new Map(unknowns.map((key, at) => [key, at]));
  const rows = table.lines.map((line) => {
    const coefficients = new Array<number>(unknowns.length).fill(0);
    line.forEach((key, at) => {
      const position = column.get(key);
      if (position !== undefined) coefficients[position] += at === line.length - 1 ? -1 : 1;
    });
    return coefficients;
  });
  let pivotRow = 0;
  for (let position = 0; position < unknowns.length && pivotRow < rows.length; position += 1) {
    let best = pivotRow;
    for (let at = pivotRow + 1; at < rows.length; at += 1) if (Math.abs(rows[at]![position]!) > Math.abs(rows[best]![position]!)) best = at;
    if (Math.abs(rows[best]![position]!) < 1e-9) continue;
    [rows[pivotRow], rows[best]] = [rows[best]!, rows[pivotRow]!];
    const pivot = rows[pivotRow]!;
    const lead = pivot[position]!;
    for (let at = 0; at < pivot.length; at += 1) pivot[at] = pivot[at]! / lead;
    for (const other of rows) {
      if (other === pivot) continue;
      const factor = other[position]!;
      if (Math.abs(factor) > 1e-12) for (let at = 0; at < other.length; at += 1) other[at] = other[at]! - factor * pivot[at]!;
    }
    pivotRow += 1;
  }
  const determined = new Set<string>();
  for (const row of rows) {
    const nonZero = row.flatMap((value, at) => (Math.abs(value) > 1e-9 ? [at] : []));
    if (nonZero.length === 1) determined.add(unknowns[nonZero[0]!]!);
  }
  return unknowns.filter((key) => determined.has(key));
}

/** Published sums that still give away a hidden cell (exactly one hidden cell in the line): for tests and checks. */
export function leaksByLine(table: CountTable, hidden: ReadonlySet<string>): string[][] {
  return table.lines.filter((line) => line.filter((key) => hidden.has(key)).length === 1).map((line) => [...line]);
}
