import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { localizedString, type LocalizedText } from "../../platform/i18n/localized";
import type { ReportSectionSource } from "../../platform/reports/sections";
import { findSpaceById } from "../spaces/queries";
import { surveyPath } from "./queries";
import { publishedCount } from "./results";

/**
 * The surveys section of the report to the governing body (order 40): surveys that closed in the period (their
 * closing time in it, or closed by hand when their window ended in it or they have none and were last changed in
 * it) with their respondents (1 or 2 are not published, as on the results page) and a link to results that are
 * public. Per-option results are not copied: they live, suppressed, on the results page.
 */
export const surveysReportSection: ReportSectionSource = {
  key: "surveys",
  order: 40,
  labelKey: "reports.section.surveys",
  isAvailable: async (db, spaceId) => Boolean((await findSpaceById(db, spaceId))?.enabledModules.includes("surveys")),
  async load(db, scope, { locale, t, format }) {
    const rows = await queryRows<{ slug: string; title: LocalizedText; closed_at: string; response_count: number; results_public: boolean }>(
      db,
      sql`select slug, title, coalesce(closes_at, updated_at) as closed_at, response_count, results_public from survey_surveys
        where space_id = ${scope.spaceId} and status <> 'draft' and (status = 'closed' or closes_at is not null)
          and coalesce(closes_at, updated_at) >= ${scope.from.toISOString()}::timestamptz and coalesce(closes_at, updated_at) < ${scope.until.toISOString()}::timestamptz
        order by coalesce(closes_at, updated_at), id`,
    );
    const shown = rows.map((row) => ({ ...row, respondents: publishedCount(Number(row.response_count)) }));
    return {
      key: "surveys",
      title: t("reports.section.surveys"),
      blocks: [
        { kind: "figures", items: [{ label: t("reports.surveys.closed"), value: rows.length }] },
        {
          kind: "table", key: "surveys", title: t("reports.surveys.table"),
          columns: [{ label: t("reports.surveys.survey") }, { label: t("reports.surveys.closed_on") }, { label: t("reports.surveys.respondents"), isNumeric: true }],
          rows: shown.map((row) => [localizedString(row.title, locale), format.date(row.closed_at), row.respondents]),
          note: t("reports.surveys.note"),
        },
        ...(shown.some((row) => row.results_public)
          ? [{ kind: "list" as const, items: shown.filter((row) => row.results_public).map((row) => ({ text: t("reports.surveys.results_of", { title: localizedString(row.title, locale) }), path: `${surveyPath(scope.spaceSlug, row.slug)}/results` })) }]
          : []),
      ],
    };
  },
};
