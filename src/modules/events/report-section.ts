import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { localizedString, type LocalizedText } from "../../platform/i18n/localized";
import type { ReportSectionSource } from "../../platform/reports/sections";
import { findSpaceById } from "../spaces/queries";

const TOP_EVENTS = 10;

/**
 * The events section of the report to the governing body (order 30): published public events of the space that
 * started in the period, confirmed registrations and attendance (checked in at the door or joined online) in
 * total, and the ten best-attended events. Attendance is a total per event, never per person or country, so no
 * cell needs suppression; cancelled events are left out.
 */
export const eventsReportSection: ReportSectionSource = {
  key: "events",
  order: 30,
  labelKey: "reports.section.events",
  isAvailable: async (db, spaceId) => Boolean((await findSpaceById(db, spaceId))?.enabledModules.includes("events")),
  async load(db, scope, { locale, t, format }) {
    const rows = await queryRows<{ slug: string; title: LocalizedText; starts_at: string; registered: number; attended: number }>(
      db,
      sql`select e.slug, e.title, e.starts_at,
          count(c.id) filter (where c.status = 'confirmed')::int as registered,
          count(r.id) filter (where c.status = 'confirmed' and (r.checked_in_at is not null or r.attended_online_at is not null))::int as attended
        from events e
        left join event_registrations r on r.event_id = e.id
        left join seat_claims c on c.id = r.claim_id
        where e.space_id = ${scope.spaceId} and e.status = 'published' and e.visibility = 'public'
          and e.starts_at >= ${scope.from.toISOString()}::timestamptz and e.starts_at < ${scope.until.toISOString()}::timestamptz
        group by e.id order by attended desc, registered desc, e.starts_at, e.id`,
    );
    const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + Number(pick(row)), 0);
    return {
      key: "events",
      title: t("reports.section.events"),
      blocks: [
        {
          kind: "figures",
          items: [
            { label: t("reports.events.count"), value: rows.length },
            { label: t("reports.events.registered"), value: sum((row) => row.registered) },
            { label: t("reports.events.attended"), value: sum((row) => row.attended) },
          ],
        },
        {
          kind: "table", key: "top-events", title: t("reports.events.top", { count: TOP_EVENTS }),
          columns: [{ label: t("reports.events.event") }, { label: t("reports.events.date") }, { label: t("reports.events.registered"), isNumeric: true }, { label: t("reports.events.attended"), isNumeric: true }],
          rows: rows.slice(0, TOP_EVENTS).map((row) => [localizedString(row.title, locale), format.date(row.starts_at), Number(row.registered), Number(row.attended)]),
          note: t("reports.events.attended_note"),
        },
        ...(rows.length ? [{ kind: "list" as const, items: rows.slice(0, TOP_EVENTS).map((row) => ({ text: localizedString(row.title, locale), path: `/spaces/${scope.spaceSlug}/events/${row.slug}` })) }] : []),
      ],
    };
  },
};
