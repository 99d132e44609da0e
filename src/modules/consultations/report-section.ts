import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { localizedString, type LocalizedText } from "../../platform/i18n/localized";
import type { ReportSectionSource } from "../../platform/reports/sections";
import { findSpaceById } from "../spaces/queries";
import { markdownToPlainText } from "../../platform/markdown/subset";

const LISTED = 20;
const EXCERPT = 160;

/**
 * The consultations section of the report to the governing body (order 20). Only published, public consultations
 * count, so a members-only consultation's title never reaches a public report: those opened and closed in the
 * period, contributions made in it; per consultation active in the period its contributions and what facilitators
 * tagged as recommendations and good practices (with a link to its report); recurring findings the facilitators
 * accepted; recommendations (the facilitator's note, or the contribution's opening words) and good practices
 * compiled in the period, linked.
 */
export const consultationsReportSection: ReportSectionSource = {
  key: "consultations",
  order: 20,
  labelKey: "reports.section.consultations",
  isAvailable: async (db, spaceId) => Boolean((await findSpaceById(db, spaceId))?.enabledModules.includes("consultations")),
  async load(db, scope, { locale, t, format }) {
    const { spaceId, spaceSlug } = scope;
    const from = scope.from.toISOString();
    const until = scope.until.toISOString();
    const visible = sql`c.space_id = ${spaceId} and c.status = 'published' and c.visibility = 'public'`;
    const inPeriod = (column: string) => sql`${sql.raw(column)} >= ${from}::timestamptz and ${sql.raw(column)} < ${until}::timestamptz`;
    const [[totals], consultations, findings, recommendations, practices] = await Promise.all([
      queryRows<{ opened: number; closed: number; contributions: number }>(
        db,
        sql`select (select count(*)::int from consultations c where ${visible} and ${inPeriod("coalesce(c.opens_at, c.created_at)")}) as opened,
            (select count(*)::int from consultations c where ${visible} and ${inPeriod("c.closes_at")}) as closed,
            (select count(*)::int from consultation_contributions x join consultations c on c.id = x.consultation_id where ${visible} and x.status = 'published' and ${inPeriod("x.created_at")}) as contributions`,
      ),
      queryRows<{ slug: string; title: LocalizedText; opens_at: string | null; closes_at: string | null; contributions: number; recommendations: number; practices: number }>(
        db,
        sql`select c.slug, c.title, c.opens_at, c.closes_at,
            (select count(*)::int from consultation_contributions x where x.consultation_id = c.id and x.status = 'published' and ${inPeriod("x.created_at")}) as contributions,
            (select count(*)::int from consultation_tags g join consultation_contributions x on x.id = g.contribution_id where x.consultation_id = c.id and x.status = 'published' and g.tag = 'recommendation') as recommendations,
            (select count(*)::int from consultation_tags g join consultation_contributions x on x.id = g.contribution_id where x.consultation_id = c.id and x.status = 'published' and g.tag = 'good_practice') as practices
          from consultations c where ${visible} and coalesce(c.opens_at, c.created_at) < ${until}::timestamptz and (c.closes_at is null or c.closes_at >= ${from}::timestamptz)
          order by coalesce(c.opens_at, c.created_at), c.id`,
      ),
      queryRows<{ slug: string; title: string }>(
        db,
        sql`select c.slug, f.title from consultation_findings f join consultations c on c.id = f.consultation_id
          where ${visible} and f.status = 'accepted' and ${inPeriod("coalesce(f.decided_at, f.created_at)")} order by f.score desc, f.id limit ${LISTED}`,
      ),
      queryRows<{ slug: string; number: number; note: string; body: string }>(
        db,
        sql`select c.slug, x.number, g.note, x.body from consultation_tags g join consultation_contributions x on x.id = g.contribution_id join consultations c on c.id = x.consultation_id
          where ${visible} and x.status = 'published' and g.tag = 'recommendation' and ${inPeriod("g.created_at")} order by g.created_at, x.number limit ${LISTED}`,
      ),
      queryRows<{ slug: string; title: LocalizedText; kind: string }>(
        db,
        sql`select c.slug, p.title, p.kind from good_practices p join consultation_contributions x on x.id = p.source_id join consultations c on c.id = x.consultation_id
          where p.space_id = ${spaceId} and ${visible} and x.status = 'published' and ${inPeriod("p.created_at")} order by p.created_at, p.id limit ${LISTED}`,
      ),
    ]);
    const reportPath = (slug: string) => `/spaces/${spaceSlug}/consultations/${slug}/report`;
    const day = (value: string | null) => (value ? format.date(value) : "—");
    const excerpt = (text: string) => {
      const plain = markdownToPlainText(text).replace(/\s+/g, " ").trim();
      return plain.length > EXCERPT ? `${plain.slice(0, EXCERPT - 1)}…` : plain;
    };
    const count = (key: string) => ({ label: t(key), isNumeric: true });
    return {
      key: "consultations",
      title: t("reports.section.consultations"),
      blocks: [
        {
          kind: "figures",
          items: [
            { label: t("reports.consultations.opened"), value: Number(totals?.opened ?? 0) },
            { label: t("reports.consultations.closed"), value: Number(totals?.closed ?? 0) },
            { label: t("reports.consultations.contributions"), value: Number(totals?.contributions ?? 0) },
          ],
        },
        {
          kind: "table", key: "consultations", title: t("reports.consultations.table"),
          columns: [{ label: t("reports.consultations.consultation") }, { label: t("reports.consultations.opens") }, { label: t("reports.consultations.closes") }, count("reports.consultations.contributions"), count("reports.consultations.recommendations"), count("reports.consultations.practices")],
          rows: consultations.map((row) => [localizedString(row.title, locale), day(row.opens_at), day(row.closes_at), Number(row.contributions), Number(row.recommendations), Number(row.practices)]),
        },
        ...(consultations.length ? [{ kind: "list" as const, items: consultations.map((row) => ({ text: t("reports.consultations.report_of", { title: localizedString(row.title, locale) }), path: reportPath(row.slug) })) }] : []),
        { kind: "text", text: t("reports.consultations.findings") },
        findings.length ? { kind: "list", items: findings.map((row) => ({ text: row.title, path: reportPath(row.slug) })) } : { kind: "text", text: t("reports.none_in_period") },
        { kind: "text", text: t("reports.consultations.recommendations_list") },
        recommendations.length
          ? { kind: "list", items: recommendations.map((row) => ({ text: row.note.trim() || excerpt(row.body), path: `/spaces/${spaceSlug}/consultations/${row.slug}/contributions/${row.number}` })) }
          : { kind: "text", text: t("reports.none_in_period") },
        { kind: "text", text: t("reports.consultations.practices_list") },
        practices.length
          ? { kind: "list", items: practices.map((row) => ({ text: `${localizedString(row.title, locale)} (${t(`knowledge.practice.kind.${row.kind}`)})`, path: reportPath(row.slug) })) }
          : { kind: "text", text: t("reports.none_in_period") },
      ],
    };
  },
};
