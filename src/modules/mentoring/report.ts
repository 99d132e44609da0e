import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import type { ReportSectionSource } from "../../platform/reports/sections";
import { findSpaceById } from "../spaces/queries";

type Figures = { mentors: number; mentees: number; pairs: number; meetings: number; minutes: number; waiting: number };

/**
 * The report's "mentoring" section: counts only, never a name. For the period [from, until): mentors whose offer
 * existed in it (made before its end, not withdrawn before its start), mentees likewise, pairs confirmed in it,
 * meetings held in it (and their hours), and mentees still waiting at its end (asked before the end, not paired,
 * closed or withdrawn by then — a mentee's current status is used for those asked inside the period).
 */
export const mentoringReportSection: ReportSectionSource = {
  key: "mentoring",
  order: 55,
  labelKey: "mentoring.report.title",
  async isAvailable(db, spaceId) {
    const space = await findSpaceById(db, spaceId);
    return Boolean(space?.enabledModules.includes("programmes"));
  },
  async load(db, scope, { t }) {
    const { spaceId } = scope;
    const from = sql`${scope.from.toISOString()}::timestamptz`;
    const until = sql`${scope.until.toISOString()}::timestamptz`;
    const [row] = await queryRows<Figures>(
      db,
      sql`select
        (select count(*)::int from mentoring_mentors where space_id = ${spaceId} and created_at < ${until} and (withdrawn_at is null or withdrawn_at >= ${from})) as mentors,
        (select count(*)::int from mentoring_mentees where space_id = ${spaceId} and created_at < ${until} and (withdrawn_at is null or withdrawn_at >= ${from})) as mentees,
        (select count(*)::int from mentoring_pairs where space_id = ${spaceId} and confirmed_at >= ${from} and confirmed_at < ${until}) as pairs,
        (select count(*)::int from mentoring_meetings m join mentoring_pairs p on p.id = m.pair_id where p.space_id = ${spaceId} and m.met_on >= ${from}::date and m.met_on < ${until}::date) as meetings,
        (select coalesce(sum(m.minutes), 0)::int from mentoring_meetings m join mentoring_pairs p on p.id = m.pair_id where p.space_id = ${spaceId} and m.met_on >= ${from}::date and m.met_on < ${until}::date) as minutes,
        (select count(*)::int from mentoring_mentees e where e.space_id = ${spaceId} and e.created_at < ${until} and (e.withdrawn_at is null or e.withdrawn_at >= ${until})
           and e.status <> 'closed'
           and not exists (select 1 from mentoring_pairs p where p.mentee_id = e.id and p.confirmed_at < ${until} and (p.closed_at is null or p.closed_at >= ${until}))) as waiting`,
    );
    const figures = row ?? { mentors: 0, mentees: 0, pairs: 0, meetings: 0, minutes: 0, waiting: 0 };
    return {
      key: "mentoring",
      title: t("mentoring.report.title"),
      blocks: [
        {
          kind: "figures",
          items: [
            { label: t("mentoring.report.mentors"), value: Number(figures.mentors) },
            { label: t("mentoring.report.mentees"), value: Number(figures.mentees) },
            { label: t("mentoring.report.pairs"), value: Number(figures.pairs) },
            { label: t("mentoring.report.meetings"), value: Number(figures.meetings), note: t("mentoring.report.hours", { hours: Math.round(Number(figures.minutes) / 6) / 10 }) },
            { label: t("mentoring.report.waiting"), value: Number(figures.waiting) },
          ],
        },
      ],
    };
  },
};
