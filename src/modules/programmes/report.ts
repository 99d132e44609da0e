import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import type { ReportSectionSource } from "../../platform/reports/sections";
import { findSpaceById } from "../spaces/queries";

type Figures = { programmes: number; cohorts: number; applications: number; accepted: number; completed: number; ended_accepted: number; ended_completed: number };
type ProgrammeRow = { title: Record<string, string>; cohorts: number; applications: number; accepted: number; completed: number };

/**
 * The report's "programmes" section: counts only, never a name. For the period [from, until): programmes running in
 * it (not drafts, made before its end), cohorts overlapping it, applications made in it, applicants accepted in it
 * (decided in it and holding a place now), participants completed in it, and the completion rate of the cohorts
 * that ended in it (completed over accepted). A table gives the same per programme.
 */
export const programmesReportSection: ReportSectionSource = {
  key: "programmes",
  order: 50,
  labelKey: "programmes.report.title",
  async isAvailable(db, spaceId) {
    const space = await findSpaceById(db, spaceId);
    return Boolean(space?.enabledModules.includes("programmes"));
  },
  async load(db, scope, { t, locale }) {
    const { spaceId } = scope;
    const from = sql`${scope.from.toISOString()}::timestamptz`;
    const until = sql`${scope.until.toISOString()}::timestamptz`;
    const inSpace = sql`a.programme_id in (select id from programme_programmes where space_id = ${spaceId})`;
    const [row] = await queryRows<Figures>(
      db,
      sql`select
        (select count(*)::int from programme_programmes where space_id = ${spaceId} and status <> 'draft' and created_at < ${until}) as programmes,
        (select count(*)::int from programme_cohorts c join programme_programmes p on p.id = c.programme_id where p.space_id = ${spaceId} and p.status <> 'draft'
           and c.starts_on < ${until}::date and c.ends_on >= ${from}::date) as cohorts,
        (select count(*)::int from programme_applications a where ${inSpace} and a.created_at >= ${from} and a.created_at < ${until}) as applications,
        (select count(*)::int from programme_applications a where ${inSpace} and a.status = 'confirmed' and a.decided_at >= ${from} and a.decided_at < ${until}) as accepted,
        (select count(*)::int from programme_applications a where ${inSpace} and a.completed_at >= ${from} and a.completed_at < ${until}) as completed,
        (select count(*)::int from programme_applications a join programme_cohorts c on c.id = a.cohort_id where ${inSpace} and a.status = 'confirmed'
           and c.ends_on >= ${from}::date and c.ends_on < ${until}::date) as ended_accepted,
        (select count(*)::int from programme_applications a join programme_cohorts c on c.id = a.cohort_id where ${inSpace} and a.status = 'confirmed' and a.completed_at is not null
           and c.ends_on >= ${from}::date and c.ends_on < ${until}::date) as ended_completed`,
    );
    const figures = row ?? { programmes: 0, cohorts: 0, applications: 0, accepted: 0, completed: 0, ended_accepted: 0, ended_completed: 0 };
    const rate = Number(figures.ended_accepted) > 0 ? Math.round((1000 * Number(figures.ended_completed)) / Number(figures.ended_accepted)) / 10 : null;
    const perProgramme = await queryRows<ProgrammeRow>(
      db,
      sql`select p.title,
          (select count(*)::int from programme_cohorts c where c.programme_id = p.id and c.starts_on < ${until}::date and c.ends_on >= ${from}::date) as cohorts,
          (select count(*)::int from programme_applications a where a.programme_id = p.id and a.created_at >= ${from} and a.created_at < ${until}) as applications,
          (select count(*)::int from programme_applications a where a.programme_id = p.id and a.status = 'confirmed' and a.decided_at >= ${from} and a.decided_at < ${until}) as accepted,
          (select count(*)::int from programme_applications a where a.programme_id = p.id and a.completed_at >= ${from} and a.completed_at < ${until}) as completed
        from programme_programmes p where p.space_id = ${spaceId} and p.status <> 'draft' and p.created_at < ${until} order by p.created_at, p.id limit 100`,
    );
    const titleOf = (title: Record<string, string>) => title[locale] ?? Object.values(title)[0] ?? "";
    return {
      key: "programmes",
      title: t("programmes.report.title"),
      blocks: [
        {
          kind: "figures",
          items: [
            { label: t("programmes.report.programmes"), value: Number(figures.programmes) },
            { label: t("programmes.report.cohorts"), value: Number(figures.cohorts) },
            { label: t("programmes.report.applications"), value: Number(figures.applications) },
            { label: t("programmes.report.accepted"), value: Number(figures.accepted) },
            { label: t("programmes.report.completed"), value: Number(figures.completed) },
            { label: t("programmes.report.rate"), value: rate === null ? null : `${rate} %`, note: t("programmes.report.rate_note") },
          ],
        },
        {
          kind: "table",
          key: "by-programme",
          title: t("programmes.report.by_programme"),
          columns: [
            { label: t("programmes.report.programme") },
            { label: t("programmes.report.cohorts"), isNumeric: true },
            { label: t("programmes.report.applications"), isNumeric: true },
            { label: t("programmes.report.accepted"), isNumeric: true },
            { label: t("programmes.report.completed"), isNumeric: true },
          ],
          rows: perProgramme.map((entry) => [titleOf(entry.title), Number(entry.cohorts), Number(entry.applications), Number(entry.accepted), Number(entry.completed)]),
        },
      ],
    };
  },
};
