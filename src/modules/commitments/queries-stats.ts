import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import type { LocalizedText } from "../../platform/i18n/localized";
import { ACTOR_TYPE_SQL, publishedFrom, spaceLightSql, regionMembers, regionValuesSql } from "./queries-browse";

// The space dashboard: a handful of aggregate queries over published commitments, computed at most once a
// minute per space and process (the numbers are the same for every visitor who may see the space).

export type TargetCount = { id: string; key: string; number: string | null; label: LocalizedText; frameworkKey: string; primary: number; other: number };

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

const CACHE_MS = 60_000;
const TOP_TARGETS = 15;
const caches = new WeakMap<Database, Map<string, Dashboard>>();

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

async function computeDashboard(db: Database, spaceId: string, now: Date): Promise<Dashboard> {
  const from = publishedFrom(spaceId);
  const light = await spaceLightSql(db, spaceId, now);
  const [grouped, actors, countries, regions, targets] = await Promise.all([
    // One pass gives stages, lights, actor types, months and the total.
    queryRows<{ stage: string; light: string; actor_type: string; month: string; count: number }>(
      db,
      sql`select c.stage, ${light} as light, ${ACTOR_TYPE_SQL} as actor_type, to_char(c.published_at at time zone 'UTC', 'YYYY-MM') as month, count(*)::int as count
        ${from} group by 1, 2, 3, 4`,
    ),
    queryRows<{ count: number }>(db, sql`select count(distinct coalesce(c.organisation_id::text, 'person:' || c.person_user_id::text))::int as count ${from}`),
    queryRows<{ key: string; count: number }>(db, sql`select country as key, count(*)::int as count from (select unnest(c.countries) as country ${from}) x group by 1`),
    queryRows<{ key: string; count: number }>(
      db,
      sql`select r.code as key, count(*)::int as count from (select c.countries, c.regions ${from}) x
        join ${regionValuesSql(regionMembers(["region"]))} on x.countries && r.members or x.regions @> array[r.code] group by 1`,
    ),
    queryRows<{ id: string; key: string; number: string | null; label: LocalizedText; framework_key: string; primary_count: number; other_count: number }>(
      db,
      sql`select fi.id, fi.key, fi.number, fi.label, f.key as framework_key,
          count(*) filter (where ct.is_primary)::int as primary_count, count(*) filter (where not ct.is_primary)::int as other_count
        from (select c.id ${from}) c
        join commitment_targets ct on ct.commitment_id = c.id
        join framework_items fi on fi.id = ct.framework_item_id
        join frameworks f on f.id = fi.framework_id
        group by fi.id, fi.key, fi.number, fi.label, f.key
        order by count(*) desc, f.key, fi.key limit ${TOP_TARGETS}`,
    ),
  ]);
  const add = (record: Record<string, number>, key: string, count: number) => {
    record[key] = (record[key] ?? 0) + count;
  };
  const byStage: Record<string, number> = {};
  const byLight: Record<string, number> = {};
  const byActorType: Record<string, number> = {};
  const perMonth: Record<string, number> = {};
  let total = 0;
  for (const row of grouped) {
    const count = Number(row.count);
    total += count;
    add(byStage, row.stage, count);
    add(byLight, row.light, count);
    add(byActorType, row.actor_type, count);
    add(perMonth, row.month, count);
  }
  const months = Object.keys(perMonth).sort();
  const byMonth = months.length ? monthRange(months[0], now.toISOString().slice(0, 7)).map((month) => ({ month, count: perMonth[month] ?? 0 })) : [];
  const byCountry = Object.fromEntries(countries.map((row) => [row.key, Number(row.count)]));
  return {
    totals: { commitments: total, actors: Number(actors[0]?.count ?? 0), countries: countries.length },
    byTarget: targets.map((row) => ({
      id: row.id,
      key: row.key,
      number: row.number,
      label: row.label,
      frameworkKey: row.framework_key,
      primary: Number(row.primary_count),
      other: Number(row.other_count),
    })),
    byActorType,
    byRegion: Object.fromEntries(regions.map((row) => [row.key, Number(row.count)])),
    byStage,
    byLight,
    byMonth,
    byCountry,
    computedAt: now,
  };
}

/**
 * The dashboard of a space, reused for 60 seconds (by the app's clock) within this process. Callers check
 * first that the viewer may see the space: the figures only ever cover published commitments.
 */
export async function spaceDashboard(db: Database, spaceId: string, now: Date): Promise<Dashboard> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const cached = cache.get(spaceId);
  if (cached && now.getTime() - cached.computedAt.getTime() < CACHE_MS && now.getTime() >= cached.computedAt.getTime()) return cached;
  const dashboard = await computeDashboard(db, spaceId, now);
  cache.set(spaceId, dashboard);
  return dashboard;
}
