import { contentStems } from "./analyzer";
import type { QueryUnit } from "./tsquery";

/** A field of an item searched in memory: its content stems and how much a match in it counts (title 1, body less). */
export type MatchField = { stems: ReadonlySet<string>; weight: number };

/** The stems of a text as a set, for MatchField. */
export function stemSet(text: string): Set<string> {
  return new Set(contentStems(text).flatMap((stem) => [stem, ...(stem.includes("-") ? stem.split("-") : [])]));
}

function unitIn(unit: QueryUnit, stems: ReadonlySet<string>): boolean {
  return unit.alternatives.some((alternative) => alternative.length > 0 && alternative.every((stem) => stems.has(stem)));
}

/**
 * How well an item held in memory (a small table: spaces, a directory) matches the query's units, 0..1, or null
 * when it does not match: every unit must be found in some field (`all`), or at least one (`any`). The score is the
 * best field's weight per unit, averaged over the units.
 */
export function matchScore(units: readonly QueryUnit[], fields: readonly MatchField[], mode: "all" | "any"): number | null {
  if (!units.length) return null;
  let sum = 0;
  let found = 0;
  for (const unit of units) {
    const weight = Math.max(0, ...fields.filter((field) => unitIn(unit, field.stems)).map((field) => field.weight));
    if (weight > 0) found += 1;
    else if (mode === "all") return null;
    sum += weight;
  }
  return found ? sum / units.length : null;
}
