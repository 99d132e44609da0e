import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../../platform/api/pagination";
import { notFound } from "../../platform/errors";
import { findVersion, listReports, listVersions, loadReportForViewer, loadReportsSpace, versionNumber, versionPath, type VersionSummary } from "./queries";

const Localized = z.record(z.string(), z.string());
const Cell = z.union([z.string(), z.number(), z.null()]);
const Block = z.union([
  z.object({ kind: z.literal("figures"), items: z.array(z.object({ label: z.string(), value: Cell, note: z.string().optional() })) }),
  z.object({ kind: z.literal("table"), key: z.string(), title: z.string(), columns: z.array(z.object({ label: z.string(), isNumeric: z.boolean().optional() })), rows: z.array(z.array(Cell)), note: z.string().optional() }),
  z.object({ kind: z.literal("text"), text: z.string() }),
  z.object({ kind: z.literal("list"), items: z.array(z.object({ text: z.string(), path: z.string().optional() })) }),
]);
const Part = z.union([
  z.object({ kind: z.literal("narrative"), slot: z.string(), html: z.string().describe("Rendered from the secretariat's Markdown when it was saved"), markdown: z.string() }),
  z.object({ kind: z.literal("section"), section: z.object({ key: z.string(), title: z.string(), blocks: z.array(Block) }) }),
]);

const VersionOut = z.object({
  number: z.number(),
  url: z.string(),
  symbol: z.string().describe("Document symbol, e.g. UNEP/MC/COP.6/INF/12; empty when none"),
  title: Localized,
  period_from: z.string().describe("First day (ISO)"),
  period_until: z.string().describe("The day after the last (the period is half-open)"),
  frozen_at: z.string(),
});
const ReportOut = z.object({ id: z.string(), title: Localized, versions: z.array(VersionOut) });
const SnapshotOut = VersionOut.extend({
  report: z.string(),
  documents: z.record(z.string(), z.object({ title: z.string(), parts: z.array(Part) })).describe("Per UI language as frozen: narratives and sections' blocks in reading order"),
});

const SpaceParams = z.object({ slug: z.string().min(1).max(200) });
const VersionParams = SpaceParams.extend({ id: z.string().min(1).max(100), version: z.string().min(1).max(10) });

/**
 * The reports API: frozen versions only, never a draft. A version is what its permalink shows, as data; private
 * spaces answer 404 to those outside them, as on the pages.
 */
export async function reportApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.services;
  const publicUrl = config.publicUrl.replace(/\/$/, "");
  const tags = ["reports"];
  const readToken = { token: { scope: "private:read" as const, withoutScope: "anonymous" as const } };
  const versionJson = (spaceSlug: string, version: VersionSummary): z.infer<typeof VersionOut> => ({
    number: version.number, url: `${publicUrl}${versionPath(spaceSlug, version.reportId, version.number)}`, symbol: version.symbol, title: version.title as Record<string, string>,
    period_from: version.periodFrom, period_until: version.periodUntil, frozen_at: version.frozenAt.toISOString(),
  });

  typed.get(
    "/api/v1/spaces/:slug/reports",
    { config: readToken, schema: { tags, summary: "Reports of a space with their frozen versions (drafts are never listed)", params: SpaceParams, response: { 200: z.object({ data: z.array(ReportOut) }), 404: ErrorResponse } } },
    async (request) => {
      const { space } = await loadReportsSpace(request, request.params.slug);
      const reports = await listReports(db, space.id, false);
      const versions = await listVersions(db, reports.map((report) => report.id));
      return {
        data: reports.map((report) => ({ id: report.id, title: report.title as Record<string, string>, versions: versions.filter((version) => version.reportId === report.id).map((version) => versionJson(space.slug, version)) })),
      };
    },
  );

  typed.get(
    "/api/v1/spaces/:slug/reports/:id/versions/:version",
    { config: readToken, schema: { tags, summary: "One frozen version as data blocks, per language", params: VersionParams, response: { 200: SnapshotOut, 404: ErrorResponse } } },
    async (request) => {
      const { space, report } = await loadReportForViewer(request, request.params.slug, request.params.id);
      if (!report.versionCount) throw notFound();
      const number = versionNumber(request.params.version);
      const version = number ? await findVersion(db, report.id, number) : undefined;
      if (!version) throw notFound();
      return {
        ...versionJson(space.slug, version),
        report: report.id,
        documents: Object.fromEntries(Object.entries(version.snapshot.locales).map(([locale, stored]) => [locale, { title: stored.document.title, parts: stored.document.parts }])),
      };
    },
  );
}
