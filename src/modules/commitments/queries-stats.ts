import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import type { LocalizedText } from "../../platform/i18n/localized";
import { regionMembers } from "./queries-browse";
import { spaceActorCount, spaceLightCounts, spaceStatsCounts, spaceThresholds } from "./stats-counts";

// The space dashboard, read from the precomputed counts of migration 0007 (commitment_stats, kept by
// triggers in the transaction of every write): a few index reads of at most a few thousand rows whatever the
// number of commitments, so it is computed per request and is never stale.

export type TargetCount = { id: string; key: string; number: string | null; kind: string; label: LocalizedText; frameworkKey: string; primary: number; other: number };

export type Dashboard = {
  totals: { commitments: number; actors: number; countries: number };
  /** The 15 framework items most often named, as primary or other target. */
  byTarget: TargetCount[];
  byActorType: Record<string, number>;
  /** Per top-level M49 region; a commitment in several countries of one region counts once. */
  byRegion: Record<string, number>;
  byStage: Record<string, number>;
  byLight: Record<string, number>;
  /** New commitments per month of publication ("YYYY-MM"), every month from the first to now. */
  byMonth: { month: string; count: number }[];
  byCountry: Record<string, number>;
  computedAt: Date;
};

const TOP_TARGETS = 15;

/** Every month from `first` to `last` inclusive, as "YYYY-MM". */
export function monthRange(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split("-").map(Number);
  const [lastYear, lastMonth] = last.split("-").map(Number);
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    months.push(`${year}-${String(month).padStart(2, "0")}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

let topRegions: Set<string> | undefined;

/** Codes of the top-level M49 regions (continents), the dashboard's regions. */
function isTopRegion(code: string): boolean {
  topRegions ??= new Set(regionMembers(["region"]).map((region) => region.code));
  return topRegions.has(code);
}

/**
 * The dashboard of a space. Callers check first that the viewer may see the space: the figures only ever
 * cover published commitments.
 */
export async function spaceDashboard(db: Database, spaceId: string, now: Date): Promise<Dashboard> {
  const [counts, byLight, actors, targets] = await Promise.all([
    spaceStatsCounts(db, spaceId, ["stage", "actor_type", "month", "country", "region"]),
    spaceThresholds(db, spaceId).then((thresholds) => spaceLightCounts(db, spaceId, now, thresholds)),
    spaceActorCount(db, spaceId),
    queryRows<{ id: string; key: string; number: string | null; kind: string; label: LocalizedText; framework_key: string; primary_count: number; other_count: number }>(
      db,
      sql`select fi.id, fi.key, fi.number, fi.kind, fi.label, f.key as framework_key,
          coalesce(sum(s.count) filter (where s.dimension = 'item_primary'), 0)::int as primary_count,
          coalesce(sum(s.count) filter (where s.dimension = 'item_other'), 0)::int as other_count
        from commitment_stats s
        join framework_items fi on fi.id = s.key::uuid
        join frameworks f on f.id = fi.framework_id
        where s.space_id = ${spaceId} and s.dimension in ('item_primary', 'item_other') and s.count > 0
        group by fi.id, fi.key, fi.number, fi.kind, fi.label, f.key
        order by sum(s.count) desc, f.key, fi.key limit ${TOP_TARGETS}`,
    ),
  ]);
  const byStage = counts.stage ?? {};
  const perMonth = counts.month ?? {};
  const byCountry = counts.country ?? {};
  const months = Object.keys(perMonth).sort();
  const byMonth = months.length ? monthRange(months[0], now.toISOString().slice(0, 7)).map((month) => ({ month, count: perMonth[month] ?? 0 })) : [];
  return {
    totals: {
      commitments: Object.values(byStage).reduce((sum, count) => sum + count, 0),
      actors,
      countries: Object.keys(byCountry).length,
    },
    byTarget: targets.map((row) => ({
      id: row.id,
      key: row.key,
      number: row.number,
      kind: row.kind,
      label: row.label,
      frameworkKey: row.framework_key,
      primary: Number(row.primary_count),
      other: Number(row.other_count),
    })),
    byActorType: counts.actor_type ?? {},
    byRegion: Object.fromEntries(Object.entries(counts.region ?? {}).filter(([code]) => isTopRegion(code))),
    byStage,
    byLight,
    byMonth,
    byCountry,
    computedAt: now,
  };
}
