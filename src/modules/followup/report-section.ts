import { localizedString } from "../../platform/i18n/localized";
import { reportStateMoment, type ReportSectionSource } from "../../platform/reports/sections";
import { findSpaceById } from "../spaces/queries";
import { isOverdue, itemPath, listItemsAsOf } from "./queries";
import { FOLLOWUP_STATUSES } from "./schema";

/**
 * Report section "follow-up" (order 25): items by status and how many are overdue at the end of the period, those
 * done in the period, and the list of items with links. Everything is as of the report's state moment (the period's
 * end, or now for a period not over; `reportStateMoment`): items made later are left out, and each item's status is
 * replayed from its history, so a change after the period does not alter a live draft of it.
 */
export const followupReportSection: ReportSectionSource = {
  key: "follow-up",
  order: 25,
  labelKey: "followup.report.title",
  async isAvailable(db, spaceId) {
    return Boolean((await findSpaceById(db, spaceId))?.enabledModules.includes("consultations"));
  },
  async load(db, scope, { t, locale, format }) {
    const moment = reportStateMoment(scope);
    // the last moment before it: the day overdue is judged on is the period's last day (or today)
    const at = new Date(moment.getTime() - 1);
    const items = await listItemsAsOf(db, scope.spaceId, moment);
    const done = items.filter((item) => item.status === "done" && item.doneAt !== null && item.doneAt >= scope.from);
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
            { label: t("followup.report.done_in_period"), value: done.length },
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
