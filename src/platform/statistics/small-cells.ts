// Small-cell suppression for published figures. Below SUPPRESSION_THRESHOLD distinct people a cell (a
// constituency, a country, an actor type) is not shown: "2 youth participants" would point at the people. Used by
// consultations' participation statistics and events' attendance figures.

/** Cells with fewer distinct people than this are suppressed. */
export const SUPPRESSION_THRESHOLD = 3;

/** One cell of a breakdown: a count and the distinct people behind it; both null when suppressed. */
export type StatCell = { key: string; contributions: number | null; participants: number | null; isSuppressed: boolean };

/**
 * Hides cells with fewer than SUPPRESSION_THRESHOLD participants. When exactly one cell would be hidden, the
 * next smallest is hidden too, so the hidden one cannot be worked out by subtracting the others from the total.
 */
export function suppressSmallCells<Cell extends StatCell>(cells: Cell[]): Cell[] {
  const isSmall = (candidate: StatCell) => (candidate.participants ?? 0) < SUPPRESSION_THRESHOLD;
  const hidden = new Set(cells.filter(isSmall).map((candidate) => candidate.key));
  if (hidden.size === 1 && cells.length > 1) {
    const next = cells
      .filter((candidate) => !hidden.has(candidate.key))
      .sort((a, b) => (a.participants ?? 0) - (b.participants ?? 0) || (a.contributions ?? 0) - (b.contributions ?? 0))[0];
    if (next) hidden.add(next.key);
  }
  return cells.map((candidate) => (hidden.has(candidate.key) ? { ...candidate, contributions: null, participants: null, isSuppressed: true } : candidate));
}
