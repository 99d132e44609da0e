import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { notFound } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { loadAllDocuments, type ReportSnapshot } from "../document";
import { versionPath, type ReportView } from "../queries";
import { documentHtml, documentMarkdown } from "../render";

/**
 * Freezes the draft as version n+1: every section is loaded in every UI language (outside the transaction: that is
 * the slow part), then, with the report row locked so two freezes cannot take one number, the documents are
 * rendered with the version's own CSV links and stored — blocks, narratives, HTML and Markdown. Nothing reads the
 * live data for a version again, so its page never changes when the data does.
 */
export async function freezeReport(services: Services, actor: { id: string; ip: string }, report: ReportView, space: { id: string; slug: string }): Promise<number> {
  const documents = await loadAllDocuments(services.db, report, space, services.clock.now());
  const publicUrl = services.config.publicUrl.replace(/\/$/, "");
  return services.db.transaction(async (tx) => {
    const [locked] = await queryRows<{ version_count: number }>(tx, sql`select version_count from report_reports where id = ${report.id} and space_id = ${space.id} for update`);
    if (!locked) throw notFound();
    const number = Number(locked.version_count) + 1;
    const csvBase = `${versionPath(space.slug, report.id, number)}/tables`;
    const snapshot: ReportSnapshot = {
      locales: Object.fromEntries(documents.map((document) => [document.locale, { document, html: documentHtml(document, csvBase), markdown: documentMarkdown(document, publicUrl) }])),
    };
    await queryRows(
      tx,
      sql`insert into report_versions (report_id, number, title, symbol, period_from, period_until, snapshot, frozen_at, frozen_by)
        values (${report.id}, ${number}, ${JSON.stringify(report.title)}::jsonb, ${report.symbol}, ${report.periodFrom}::date, ${report.periodUntil}::date,
          ${JSON.stringify(snapshot)}::jsonb, ${services.clock.now().toISOString()}::timestamptz, ${actor.id}) returning number`,
    );
    await queryRows(tx, sql`update report_reports set version_count = ${number}, updated_at = now() where id = ${report.id} returning id`);
    await recordAudit(tx, { actorUserId: actor.id, action: "report.frozen", subjectType: "report", subjectId: report.id, spaceId: space.id, details: { version: number, symbol: report.symbol }, ip: actor.ip });
    return number;
  });
}
