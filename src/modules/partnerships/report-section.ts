import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { RELAY_AUDIT_ACTION } from "../../platform/relay/send-message";
import type { ReportSectionSource } from "../../platform/reports/sections";
import { findSpaceById } from "../spaces/queries";
import { PARTNERSHIP_KINDS } from "./schema";

/**
 * Report section "partnerships" (order 60): offers and needs published in the period by kind (posts a moderator
 * hid are left out; withdrawn ones still count, they were published), and how many contact requests were sent
 * through the relay about them — a count only, from the relay's audit entries, never who wrote to whom.
 */
export const partnershipsReportSection: ReportSectionSource = {
  key: "partnerships",
  order: 60,
  labelKey: "partnerships.report.title",
  async isAvailable(db, spaceId) {
    return Boolean((await findSpaceById(db, spaceId))?.enabledModules.includes("partnerships"));
  },
  async load(db, scope, { t }) {
    const [byKind, [requests]] = await Promise.all([
      queryRows<{ kind: string; side: string; count: number | string }>(
        db,
        sql`select kind, side, count(*) as count from partnership_posts
          where space_id = ${scope.spaceId} and moderation_status <> 'hidden' and created_at >= ${scope.from} and created_at < ${scope.until}
          group by kind, side`,
      ),
      queryRows<{ count: number | string }>(
        db,
        sql`select count(*) as count from audit_log
          where action = ${RELAY_AUDIT_ACTION} and subject_type = 'partnership' and space_id = ${scope.spaceId} and created_at >= ${scope.from} and created_at < ${scope.until}`,
      ),
    ]);
    const countOf = (kind: string, side: string) => Number(byKind.find((row) => row.kind === kind && row.side === side)?.count ?? 0);
    const total = (side: string) => PARTNERSHIP_KINDS.reduce((sum, kind) => sum + countOf(kind, side), 0);
    return {
      key: "partnerships",
      title: t("partnerships.report.title"),
      blocks: [
        {
          kind: "figures",
          items: [
            { label: t("partnerships.report.offers"), value: total("offer") },
            { label: t("partnerships.report.needs"), value: total("need") },
            { label: t("partnerships.report.requests"), value: Number(requests?.count ?? 0), note: t("partnerships.report.requests_note") },
          ],
        },
        {
          kind: "table",
          key: "by-kind",
          title: t("partnerships.report.by_kind"),
          columns: [{ label: t("partnerships.field.kind") }, { label: t("partnerships.report.offers"), isNumeric: true }, { label: t("partnerships.report.needs"), isNumeric: true }],
          rows: PARTNERSHIP_KINDS.map((kind) => [t(`partnerships.kind.${kind}`), countOf(kind, "offer"), countOf(kind, "need")]),
        },
      ],
    };
  },
};
