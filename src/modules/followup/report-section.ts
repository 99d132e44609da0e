import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { localizedString } from "../../platform/i18n/localized";
import type { ReportSectionSource } from "../../platform/reports/sections";
import { findSpaceById } from "../spaces/queries";
import { isOverdue, itemPath, listItems } from "./queries";
import { FOLLOWUP_STATUSES } from "./schema";

/**
 * Report section "follow-up" (order 25): items by status and how many are overdue at the end of the period, those
 * done in the period, and the list of items with links. The status counts are those of today's items (an item's
 * status at a past date would need its history replayed; the report is frozen when submitted, so it keeps them).
 * Overdue is judged at the period's end (a report is usually made for a period that has closed).
 */
export const followupReportSection: ReportSectionSource = {
  key: "follow-up",
  order: 25,
  labelKey: "followup.report.title",
  async isAvailable(db, spaceId) {
    return Boolean((await findSpaceById(db, spaceId))?.enabledModules.includes("consultations"));
  },
  async load(db, scope, { t, locale, format }) {
    // the last moment of the period: the report says what was overdue when the period closed
    const at = new Date(scope.until.getTime() - 1);
    const [items, [done]] = await Promise.all([
      listItems(db, scope.spaceId, {}, at),
      queryRows<{ count: number | string }>(db, sql`select count(*) as count from followup_items where space_id = ${scope.spaceId} and status = 'done' and done_at >= ${scope.from} and done_at < ${scope.until}`),
    ]);
    const overdue = items.filter((item) => isOverdue(item, at));
    return {
      key: "follow-up",
      title: t("followup.report.title"),
      blocks: [
        {
          kind: "figures",
          items: [
            { label: t("followup.report.total"), value: items.length },
            { label: t("followup.report.overdue"), value: overdue.length },
            { label: t("followup.report.done_in_period"), value: Number(done?.count ?? 0) },
          ],
        },
        {
          kind: "table",
          key: "by-status",
          title: t("followup.report.by_status"),
          columns: [{ label: t("followup.field.status") }, { label: t("followup.report.items"), isNumeric: true }],
          rows: FOLLOWUP_STATUSES.map((status) => [t(`followup.status.${status}`), items.filter((item) => item.status === status).length]),
        },
        {
          kind: "list",
          items: items.map((item) => ({
            text: `${item.number}. ${localizedString(item.title, locale)} — ${t(`followup.status.${item.status}`)}${item.dueOn ? `, ${t("followup.report.due", { date: format.date(`${item.dueOn}T00:00:00Z`) })}` : ""}${isOverdue(item, at) ? ` (${t("followup.overdue")})` : ""}`,
            path: itemPath(scope.spaceSlug, item.number),
          })),
        },
      ],
    };
  },
};
