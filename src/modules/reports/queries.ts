import { sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { notFound } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import { getSpaceForViewer, type ViewedSpace } from "../spaces/queries";
import type { Narratives, ReportSnapshot } from "./document";
import { canBuildReports, canSeeReport } from "./permissions";

export type ReportView = {
  id: string;
  spaceId: string;
  title: LocalizedText;
  periodFrom: string;
  periodUntil: string;
  symbol: string;
  sectionKeys: string[];
  narratives: Narratives;
  versionCount: number;
  updatedAt: Date;
};

export type VersionSummary = { reportId: string; number: number; title: LocalizedText; symbol: string; periodFrom: string; periodUntil: string; frozenAt: Date };
export type VersionView = VersionSummary & { snapshot: ReportSnapshot };

type ReportRow = {
  id: string; space_id: string; title: LocalizedText; period_from: string | Date; period_until: string | Date; symbol: string; section_keys: string[];
  narratives: Narratives; version_count: number; updated_at: string | Date;
};
type VersionRow = { report_id: string; number: number; title: LocalizedText; symbol: string; period_from: string | Date; period_until: string | Date; frozen_at: string | Date; snapshot?: ReportSnapshot };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A `date` column as an ISO day, whichever way the driver returns it. */
const isoDay = (value: string | Date): string => (typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10));

const toReport = (row: ReportRow): ReportView => ({
  id: row.id, spaceId: row.space_id, title: row.title, periodFrom: isoDay(row.period_from), periodUntil: isoDay(row.period_until), symbol: row.symbol,
  sectionKeys: row.section_keys ?? [], narratives: row.narratives ?? {}, versionCount: Number(row.version_count), updatedAt: new Date(row.updated_at),
});
const toVersion = (row: VersionRow): VersionSummary => ({
  reportId: row.report_id, number: Number(row.number), title: row.title, symbol: row.symbol, periodFrom: isoDay(row.period_from), periodUntil: isoDay(row.period_until), frozenAt: new Date(row.frozen_at),
});

const REPORT_COLUMNS = sql.raw("id, space_id, title, period_from::text as period_from, period_until::text as period_until, symbol, section_keys, narratives, version_count, updated_at");
const VERSION_COLUMNS = sql.raw("report_id, number, title, symbol, period_from::text as period_from, period_until::text as period_until, frozen_at");

export async function findReport(db: Database, spaceId: string, id: string): Promise<ReportView | undefined> {
  if (!UUID.test(id)) return undefined;
  const [row] = await queryRows<ReportRow>(db, sql`select ${REPORT_COLUMNS} from report_reports where id = ${id} and space_id = ${spaceId}`);
  return row ? toReport(row) : undefined;
}

/** The reports of a space a viewer may see, newest first: all for builders, those with a frozen version for others. */
export async function listReports(db: Database, spaceId: string, canBuild: boolean): Promise<ReportView[]> {
  const rows = await queryRows<ReportRow>(db, sql`select ${REPORT_COLUMNS} from report_reports where space_id = ${spaceId} ${canBuild ? sql`` : sql`and version_count > 0`} order by created_at desc, id`);
  return rows.map(toReport);
}

/** The frozen versions of some reports (without their snapshots), newest first. */
export async function listVersions(db: Database, reportIds: readonly string[]): Promise<VersionSummary[]> {
  if (!reportIds.length) return [];
  const rows = await queryRows<VersionRow>(db, sql`select ${VERSION_COLUMNS} from report_versions where report_id in (${sql.join(reportIds.map((id) => sql`${id}::uuid`), sql`, `)}) order by report_id, number desc`);
  return rows.map(toVersion);
}

/** One frozen version with its snapshot. */
export async function findVersion(db: Database, reportId: string, number: number): Promise<VersionView | undefined> {
  const [row] = await queryRows<Required<VersionRow>>(db, sql`select ${VERSION_COLUMNS}, snapshot from report_versions where report_id = ${reportId} and number = ${number}`);
  return row ? { ...toVersion(row), snapshot: row.snapshot } : undefined;
}

/** A space for this viewer and whether they build reports (404 when the space may not be seen). */
export async function loadReportsSpace(request: FastifyRequest, slug: string): Promise<{ space: ViewedSpace; canBuild: boolean }> {
  const space = await getSpaceForViewer(request.server.services.db, slug, request.user);
  return { space, canBuild: canBuildReports(request.user, space.viewerRoles) };
}

/** The report at /spaces/:slug/reports/:id as this viewer may see it, or the same 404 whether missing or a hidden draft. */
export async function loadReportForViewer(request: FastifyRequest, slug: string, id: string): Promise<{ space: ViewedSpace; report: ReportView; canBuild: boolean }> {
  const { space, canBuild } = await loadReportsSpace(request, slug);
  const report = await findReport(request.server.services.db, space.id, id);
  if (!report || !canSeeReport(canBuild, report)) throw notFound();
  return { space, report, canBuild };
}

/** A version number from a URL segment, or undefined when it is not one. */
export function versionNumber(segment: string): number | undefined {
  return /^[1-9][0-9]{0,5}$/.test(segment) ? Number(segment) : undefined;
}

export const reportsPath = (spaceSlug: string): string => `/spaces/${spaceSlug}/reports`;
export const reportPath = (spaceSlug: string, id: string): string => `/spaces/${spaceSlug}/reports/${id}`;
export const versionPath = (spaceSlug: string, id: string, number: number): string => `${reportPath(spaceSlug, id)}/versions/${number}`;
