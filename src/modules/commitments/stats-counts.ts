import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import type { StatsDimension } from "./schema";
import { monthsBefore, type StatusLight, type StatusLightThresholds } from "./status-light";

// Reading the precomputed counts of migration 0007 (commitment_stats), shared by the dashboard and the
// public list's facets. The counts are kept by triggers in the transaction of every write, so they are as
// current as the tables they count.

/** The status-light thresholds of a space (12 and 24 months when it has no settings). */
export async function spaceThresholds(db: Database, spaceId: string): Promise<StatusLightThresholds> {
  const [settings] = await queryRows<{ green_months: number; red_months: number }>(
    db,
    sql`select green_months, red_months from commitment_space_settings where space_id = ${spaceId}`,
  );
  return { greenMonths: Number(settings?.green_months ?? 12), redMonths: Number(settings?.red_months ?? 24) };
}

export type StatsCounts = Partial<Record<StatsDimension, Record<string, number>>>;

/**
 * The precomputed counts of a space's published commitments for the given dimensions, as
 * dimension → key → count (keys no commitment counts for any more are skipped).
 */
export async function spaceStatsCounts(db: Database, spaceId: string, dimensions: readonly StatsDimension[]): Promise<StatsCounts> {
  const counts: StatsCounts = {};
  if (!dimensions.length) return counts;
  const rows = await queryRows<{ dimension: StatsDimension; key: string; count: number }>(
    db,
    sql`select dimension, key, count from commitment_stats
      where space_id = ${spaceId} and dimension in (${sql.join(dimensions.map((dimension) => sql`${dimension}`), sql`, `)}) and count > 0`,
  );
  for (const dimension of dimensions) counts[dimension] = {};
  for (const row of rows) if (row.key !== "") (counts[row.dimension] ??= {})[row.key] = Number(row.count);
  return counts;
}

/** Distinct actors (organisations and people) with a published commitment in the space. */
export async function spaceActorCount(db: Database, spaceId: string): Promise<number> {
  const [row] = await queryRows<{ count: number }>(db, sql`select count(*)::int as count from commitment_stats where space_id = ${spaceId} and dimension = 'actor' and count > 0`);
  return Number(row?.count ?? 0);
}

/**
 * The status light of a 'report' key as SQL over `column` (e.g. the ledger's report_key), with the day
 * thresholds worked out here by the rule of status-light.ts; ISO days compare as text.
 */
export function reportKeyLightSql(column: SQL, now: Date, thresholds: StatusLightThresholds): SQL<StatusLight> {
  const today = now.toISOString().slice(0, 10);
  const redBefore = monthsBefore(today, thresholds.redMonths);
  const greenFrom = monthsBefore(today, thresholds.greenMonths);
  return sql<StatusLight>`(case
    when length(${column}) <> 12 then 'grey'
    when substr(${column}, 3) < ${redBefore} then 'red'
    when ${column} like 'p:%' then 'grey'
    when substr(${column}, 3) >= ${greenFrom} then 'green'
    else 'yellow' end)`;
}

/**
 * Light → count of a space's published commitments as of `now`: the 'report' counts (one key per day of
 * last report or publication, thousands in a large space) grouped by their light in SQL, so four rows come
 * back rather than every day.
 */
export async function spaceLightCounts(db: Database, spaceId: string, now: Date, thresholds: StatusLightThresholds): Promise<Record<string, number>> {
  const light = reportKeyLightSql(sql`s.key`, now, thresholds);
  const rows = await queryRows<{ light: StatusLight; count: number }>(
    db,
    sql`select ${light} as light, sum(s.count)::int as count from commitment_stats s
      where s.space_id = ${spaceId} and s.dimension = 'report' and s.count > 0 group by 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.light, Number(row.count)]));
}
