import { sql, type SQL } from "drizzle-orm";

export const STATUS_LIGHTS = ["green", "yellow", "red", "grey"] as const;
export type StatusLight = (typeof STATUS_LIGHTS)[number];
export type StatusLightThresholds = { greenMonths: number; redMonths: number };

/** "YYYY-MM-DD" of a date in UTC. */
function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The calendar day `months` months before `day`, clamped to the end of a shorter month the way PostgreSQL's
 * `date - interval 'n months'` is (31 March minus one month is 28 February), so both sides agree.
 */
export function monthsBefore(day: string, months: number): string {
  const [year, month, date] = day.split("-").map(Number);
  const total = year * 12 + (month - 1) - months;
  const targetYear = Math.floor(total / 12);
  const targetMonth = total - targetYear * 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return isoDay(new Date(Date.UTC(targetYear, targetMonth, Math.min(date, lastDay))));
}

/**
 * A commitment's reporting light (UN SDG Actions' traffic light, thresholds per space):
 * red when its last report — or its publication, when it never reported — is more than `redMonths` old;
 * grey when it has no report yet; green for a report within `greenMonths`; yellow otherwise.
 * Unpublished commitments are grey. Days are compared in UTC.
 */
export function statusLight(
  commitment: { publishedAt: Date | null; lastReportAt: string | null },
  now: Date,
  thresholds: StatusLightThresholds,
): StatusLight {
  if (!commitment.publishedAt) return "grey";
  const today = isoDay(now);
  const reference = commitment.lastReportAt ?? isoDay(commitment.publishedAt);
  if (reference < monthsBefore(today, thresholds.redMonths)) return "red";
  if (!commitment.lastReportAt) return "grey";
  return commitment.lastReportAt >= monthsBefore(today, thresholds.greenMonths) ? "green" : "yellow";
}

function thresholdSql(value: number | "space", column: "green_months" | "red_months", table: SQL, fallback: number): SQL {
  if (value !== "space") return sql`${Math.floor(value)}::int`;
  return sql`coalesce((select s.${sql.raw(column)} from commitment_space_settings s where s.space_id = ${table}."space_id"), ${fallback}::int)`;
}

/**
 * The same rule as `statusLight` as a SQL `CASE` over a row of `commitments` (alias `table`), for filtering
 * and counting: `where ${statusLightSql(now)} = 'green'`. Thresholds default to each row's space settings
 * (12 and 24 months when the space has none); pass numbers to fix them.
 */
export function statusLightSql(now: Date, options: { table?: string; greenMonths?: number | "space"; redMonths?: number | "space" } = {}): SQL<StatusLight> {
  const alias = options.table ?? "commitments";
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`not a table alias: ${alias}`);
  const table = sql.raw(`"${alias}"`);
  const today = sql`${isoDay(now)}::date`;
  const green = thresholdSql(options.greenMonths ?? "space", "green_months", table, 12);
  const red = thresholdSql(options.redMonths ?? "space", "red_months", table, 24);
  const publishedDay = sql`(${table}."published_at" at time zone 'UTC')::date`;
  return sql<StatusLight>`(case
    when ${table}."published_at" is null then 'grey'
    when coalesce(${table}."last_report_at", ${publishedDay}) < (${today} - make_interval(months => ${red}))::date then 'red'
    when ${table}."last_report_at" is null then 'grey'
    when ${table}."last_report_at" >= (${today} - make_interval(months => ${green}))::date then 'green'
    else 'yellow' end)`;
}
