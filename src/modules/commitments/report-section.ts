import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { listRegions } from "../../platform/countries";
import { localizedString, type LocalizedText } from "../../platform/i18n/localized";
import { reportStateMoment, type ReportCell, type ReportSectionSource } from "../../platform/reports/sections";
import { actorTypeLabel } from "../organisations/actor-types";
import { findSpaceById } from "../spaces/queries";
import { INDIVIDUAL_ACTOR } from "./queries-browse";
import { COMMITMENT_STATUSES } from "./schema";
import { reportKeyLightSql, spaceThresholds } from "./stats-counts";
import { STATUS_LIGHTS } from "./status-light";

const TOP_TARGETS = 10;

/**
 * The commitments section of the report to the governing body (order 10): in the period, commitments submitted by
 * their current status, published ones by primary framework target (top 10 and the rest), by actor type and by
 * region; progress reports made; and the reporting lights of every commitment published before the period ended,
 * by the rule of status-light.ts as of the period's last day (or today, for a period not over). Counts of commitments, never of people, so no cell is suppressed.
 */
export const commitmentsReportSection: ReportSectionSource = {
  key: "commitments",
  order: 10,
  labelKey: "reports.section.commitments",
  isAvailable: async (db, spaceId) => Boolean((await findSpaceById(db, spaceId))?.enabledModules.includes("commitments")),
  async load(db, scope, { locale, t, format }) {
    const { spaceId, from, until } = scope;
    const published = sql`c.space_id = ${spaceId} and c.status = 'published' and c.published_at >= ${from.toISOString()}::timestamptz and c.published_at < ${until.toISOString()}::timestamptz`;
    // States (the lights) are read at the period's end — or now, for a period not over — never at today's date.
    const moment = reportStateMoment(scope);
    const at = new Date(moment.getTime() - 1);
    const lastDay = at.toISOString().slice(0, 10);
    const thresholds = await spaceThresholds(db, spaceId);
    const [statuses, [totals], targets, actorTypes, regions, lights] = await Promise.all([
      queryRows<{ status: string; count: number }>(
        db,
        sql`select status, count(*)::int as count from commitments where space_id = ${spaceId} and submitted_at >= ${from.toISOString()}::timestamptz and submitted_at < ${until.toISOString()}::timestamptz group by status`,
      ),
      queryRows<{ published: number; actors: number; reports: number }>(
        db,
        sql`select (select count(*)::int from commitments c where ${published}) as published,
            (select count(distinct m.actor_key)::int from commitments c join commitment_stats_members m on m.commitment_id = c.id where ${published}) as actors,
            (select count(*)::int from progress_reports p join commitments c on c.id = p.commitment_id
              where c.space_id = ${spaceId} and c.status = 'published' and p.report_date >= ${from.toISOString().slice(0, 10)}::date and p.report_date < ${until.toISOString().slice(0, 10)}::date) as reports`,
      ),
      queryRows<{ number: string | null; label: LocalizedText; count: number }>(
        db,
        sql`select fi.number, fi.label, t.count from (select c.primary_item_id, count(*)::int as count from commitments c where ${published} and c.primary_item_id is not null group by 1) t
          join framework_items fi on fi.id = t.primary_item_id order by t.count desc, fi.position, fi.id`,
      ),
      queryRows<{ key: string; count: number }>(db, sql`select m.actor_type as key, count(*)::int as count from commitments c join commitment_stats_members m on m.commitment_id = c.id where ${published} group by 1 order by 2 desc, 1`),
      queryRows<{ key: string; count: number }>(db, sql`select r.key, count(*)::int as count from commitments c join commitment_stats_members m on m.commitment_id = c.id, unnest(m.regions) as r(key) where ${published} group by 1 order by 2 desc, 1`),
      queryRows<{ light: string; count: number }>(
        db,
        // The report key of status-light.ts as it was at the period's end: the last report dated by then (looked up
        // only for commitments that reported after it, on progress_reports' (commitment_id, report_date) index).
        sql`select ${reportKeyLightSql(sql`(case when r.last_report is not null then 'r:' || to_char(r.last_report, 'YYYY-MM-DD') else 'p:' || to_char((c.published_at at time zone 'UTC')::date, 'YYYY-MM-DD') end)`, at, thresholds)} as light,
            count(*)::int as count
          from commitments c cross join lateral (select case when c.last_report_at is null or c.last_report_at <= ${lastDay}::date then c.last_report_at
            else (select max(p.report_date) from progress_reports p where p.commitment_id = c.id and p.report_date <= ${lastDay}::date) end as last_report) r
          where c.space_id = ${spaceId} and c.status = 'published' and c.published_at < ${moment.toISOString()}::timestamptz group by 1`,
      ),
    ]);
    const statusCount = new Map(statuses.map((row) => [row.status, Number(row.count)]));
    const lightCount = new Map(lights.map((row) => [row.light, Number(row.count)]));
    const continents = new Map(listRegions(locale).filter((region) => region.level === "region").map((region) => [region.code, region.name]));
    const top = targets.slice(0, TOP_TARGETS).map((row): ReportCell[] => [`${row.number ? `${row.number}. ` : ""}${localizedString(row.label, locale)}`, Number(row.count)]);
    const rest = targets.slice(TOP_TARGETS).reduce((sum, row) => sum + Number(row.count), 0);
    const countColumn = { label: t("reports.commitments.count"), isNumeric: true };
    return {
      key: "commitments",
      title: t("reports.section.commitments"),
      blocks: [
        {
          kind: "figures",
          items: [
            { label: t("reports.commitments.submitted"), value: [...statusCount.values()].reduce((sum, count) => sum + count, 0) },
            { label: t("reports.commitments.published"), value: Number(totals?.published ?? 0) },
            { label: t("reports.commitments.actors"), value: Number(totals?.actors ?? 0) },
            { label: t("reports.commitments.progress_reports"), value: Number(totals?.reports ?? 0) },
          ],
        },
        {
          kind: "table", key: "by-status", title: t("reports.commitments.by_status"), columns: [{ label: t("reports.commitments.status") }, countColumn],
          rows: COMMITMENT_STATUSES.filter((status) => status !== "draft").map((status) => [t(`commitment.review.status.${status}`), statusCount.get(status) ?? 0]),
        },
        {
          kind: "table", key: "by-target", title: t("reports.commitments.by_target", { count: TOP_TARGETS }), columns: [{ label: t("reports.commitments.target") }, countColumn],
          rows: rest ? [...top, [t("reports.commitments.other_targets"), rest]] : top,
        },
        {
          kind: "table", key: "lights", title: t("reports.commitments.lights"), columns: [{ label: t("reports.commitments.light") }, countColumn],
          rows: STATUS_LIGHTS.map((light) => [t(`commitment.browse.light.${light}`), lightCount.get(light) ?? 0]),
          note: t("reports.commitments.lights_note", { date: format.date(at) }),
        },
        {
          kind: "table", key: "by-actor-type", title: t("reports.commitments.by_actor_type"), columns: [{ label: t("reports.commitments.actor_type") }, countColumn],
          rows: actorTypes.map((row) => [row.key === INDIVIDUAL_ACTOR ? t("commitment.browse.actor_individual") : actorTypeLabel(row.key, locale), Number(row.count)]),
        },
        {
          kind: "table", key: "by-region", title: t("reports.commitments.by_region"), columns: [{ label: t("reports.commitments.region") }, countColumn],
          rows: regions.filter((row) => continents.has(row.key)).map((row) => [continents.get(row.key)!, Number(row.count)]),
          note: t("reports.commitments.by_region_note"),
        },
      ],
    };
  },
};
