import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireUser } from "../../platform/auth/guards";
import { AppError, forbidden, notFound } from "../../platform/errors";
import { viewContext } from "../../platform/http/context";
import { formBody, formList, sendPage } from "../../platform/http/forms";
import { setFlash } from "../../platform/http/plugin";
import { FALLBACK_LOCALE } from "../../platform/i18n/locales";
import { reportSectionSources } from "../../platform/reports/sections";
import { emptyForm, localizedFromForm, localizedToForm, type FormState } from "../../platform/views/forms";
import { reportApiRoutes } from "./api";
import { checkReport, createReport, updateReport } from "./commands/save-report";
import { freezeReport } from "./commands/freeze-report";
import { availableSections, loadDocument, narrativeSlots, type ReportDocument, type ReportSnapshot } from "./document";
import { findVersion, listReports, listVersions, loadReportForViewer, loadReportsSpace, reportPath, versionNumber, versionPath, type ReportView } from "./queries";
import { documentHtml, documentMarkdown, documentTables, lastDay, tableCsv, TABLE_FILE_PATTERN } from "./render";
import { REPORT_STYLES, reportEditPage, reportListPage, reportPage, versionPage } from "./views/report-pages";

const hidden = { schema: { hide: true } };
type SpaceParams = { Params: { slug: string } };
type ReportParams = { Params: { slug: string; id: string } };
type VersionParams = { Params: { slug: string; id: string; version: string } };
type TableParams = { Params: { slug: string; id: string; file: string } };
type VersionTableParams = { Params: { slug: string; id: string; version: string; file: string } };

/** The report's fields as the edit form shows them. */
function reportValues(report: ReportView): Record<string, unknown> {
  const values: Record<string, unknown> = { ...localizedToForm("title", report.title), period_from: report.periodFrom, period_to: lastDay(report.periodUntil), symbol: report.symbol, sections: report.sectionKeys };
  for (const [slot, narrative] of Object.entries(report.narratives)) Object.assign(values, localizedToForm(`narrative_${slot}`, narrative?.markdown));
  return values;
}

/** The posted form as the command checks it: narratives for every slot a registered section can have. */
function reportForm(body: Record<string, unknown>) {
  const slots = narrativeSlots(reportSectionSources().map((source) => source.key));
  return {
    title: localizedFromForm(body, "title"), periodFrom: body.period_from, periodTo: body.period_to, symbol: body.symbol, sectionKeys: formList(body, "sections"),
    narratives: Object.fromEntries(slots.map((slot) => [slot, localizedFromForm(body, `narrative_${slot}`)])),
  };
}

/** The stored language of a version the viewer reads: theirs, else the fallback, else any. */
function snapshotLocale(snapshot: ReportSnapshot, locale: string): string {
  if (snapshot.locales[locale]) return locale;
  return snapshot.locales[FALLBACK_LOCALE] ? FALLBACK_LOCALE : Object.keys(snapshot.locales)[0]!;
}

const sendCsv = (reply: FastifyReply, file: string, csv: string) => reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${file}"`).send(csv);
const sendMarkdown = (reply: FastifyReply, file: string, markdown: string) => reply.type("text/markdown; charset=utf-8").header("content-disposition", `attachment; filename="${file}"`).send(markdown);

/** Pages of reports: list and new, the live draft with Markdown and CSV, the edit form, freezing, frozen versions; and the API. */
export async function reportRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;
  const publicUrl = services.config.publicUrl.replace(/\/$/, "");
  REPORT_STYLES.register(app);
  await app.register(reportApiRoutes);

  const builtReport = async (request: FastifyRequest<ReportParams>) => {
    // a draft is 404 to whoever may not see it before anything else is said about it
    const loaded = await loadReportForViewer(request, request.params.slug, request.params.id);
    requireUser(request);
    if (!loaded.canBuild) throw forbidden();
    return loaded;
  };
  /** The live draft in the viewer's language. */
  const liveDocument = (report: ReportView, space: { id: string; slug: string }, locale: string): Promise<ReportDocument> => loadDocument(db, report, space, locale, services.clock.now());

  // ---- list and new ----
  const renderList = async (request: FastifyRequest, reply: FastifyReply, slug: string, form?: FormState, status = 200) => {
    const { space, canBuild } = await loadReportsSpace(request, slug);
    const reports = await listReports(db, space.id, canBuild);
    const versions = new Map<string, Awaited<ReturnType<typeof listVersions>>>();
    for (const version of await listVersions(db, reports.map((report) => report.id))) versions.set(version.reportId, [...(versions.get(version.reportId) ?? []), version]);
    return sendPage(reply, reportListPage(viewContext(request), { space, reports, versions, canBuild, form: form ?? emptyForm() }), status);
  };
  app.get<SpaceParams>("/spaces/:slug/reports", hidden, async (request, reply) => renderList(request, reply, request.params.slug));
  app.post<SpaceParams>("/spaces/:slug/reports/new", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space, canBuild } = await loadReportsSpace(request, request.params.slug);
    if (!canBuild) throw forbidden();
    const body = formBody(request);
    let created: ReportView;
    try {
      // a new report starts with every section the space can report on; the edit page narrows it
      const keys = (await availableSections(db, space.id)).map((section) => section.key);
      created = await createReport(services, { id: user.id, ip: request.ip }, space.id, checkReport({ ...reportForm(body), sectionKeys: keys }));
    } catch (error) {
      if (error instanceof AppError && error.code === "validation_failed") return renderList(request, reply, space.slug, { values: body, errors: error.fields }, error.status);
      throw error;
    }
    setFlash(reply, "reports.flash.created");
    return reply.redirect(`${reportPath(space.slug, created.id)}/edit`, 303);
  });

  // ---- the draft ----
  app.get<ReportParams>("/spaces/:slug/reports/:id", hidden, async (request, reply) => {
    const { space, report, canBuild } = await loadReportForViewer(request, request.params.slug, request.params.id);
    const [versions, document] = await Promise.all([listVersions(db, [report.id]), canBuild ? liveDocument(report, space, request.locale) : null]);
    const html = document ? documentHtml(document, `${reportPath(space.slug, report.id)}/tables`) : null;
    return sendPage(reply, reportPage(viewContext(request), { space, report, versions, canBuild, documentHtml: html }));
  });
  app.get<ReportParams>("/spaces/:slug/reports/:id/report.md", hidden, async (request, reply) => {
    const { space, report } = await builtReport(request);
    return sendMarkdown(reply, `report-${request.locale}.md`, documentMarkdown(await liveDocument(report, space, request.locale), publicUrl));
  });
  app.get<TableParams>("/spaces/:slug/reports/:id/tables/:file", hidden, async (request, reply) => {
    const { space, report } = await builtReport(request);
    if (!TABLE_FILE_PATTERN.test(request.params.file)) throw notFound("reports.error.bad_table");
    const table = documentTables(await liveDocument(report, space, request.locale)).find((entry) => entry.file === request.params.file);
    if (!table) throw notFound("reports.error.bad_table");
    return sendCsv(reply, table.file, tableCsv(table.block));
  });

  // ---- editing ----
  const renderEdit = async (request: FastifyRequest<ReportParams>, reply: FastifyReply, form?: FormState, status = 200) => {
    const { space, report } = await builtReport(request);
    const view = viewContext(request);
    const sections = (await availableSections(db, space.id)).map((section) => ({ key: section.key, label: view.t(section.labelKey) }));
    return sendPage(reply, reportEditPage(view, { space, report, sections, form: form ?? emptyForm(reportValues(report)) }), status);
  };
  app.get<ReportParams>("/spaces/:slug/reports/:id/edit", hidden, async (request, reply) => renderEdit(request, reply));
  app.post<ReportParams>("/spaces/:slug/reports/:id/edit", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space, report } = await builtReport(request);
    const body = formBody(request);
    try {
      await updateReport(services, { id: user.id, ip: request.ip }, report, checkReport(reportForm(body)));
    } catch (error) {
      if (error instanceof AppError && error.code === "validation_failed") return renderEdit(request, reply, { values: { ...body, sections: formList(body, "sections") }, errors: error.fields }, error.status);
      throw error;
    }
    setFlash(reply, "reports.flash.saved");
    return reply.redirect(reportPath(space.slug, report.id), 303);
  });
  app.post<ReportParams>("/spaces/:slug/reports/:id/freeze", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space, report } = await builtReport(request);
    const number = await freezeReport(services, { id: user.id, ip: request.ip }, report, space);
    setFlash(reply, "reports.flash.frozen");
    return reply.redirect(versionPath(space.slug, report.id, number), 303);
  });

  // ---- frozen versions: the stored snapshot only ----
  const loadVersion = async (request: FastifyRequest<VersionParams>) => {
    const { space, report } = await loadReportForViewer(request, request.params.slug, request.params.id);
    const number = versionNumber(request.params.version);
    const version = number ? await findVersion(db, report.id, number) : undefined;
    if (!version) throw notFound();
    const locale = snapshotLocale(version.snapshot, request.locale);
    return { space, report, version, locale, stored: version.snapshot.locales[locale]! };
  };
  app.get<VersionParams>("/spaces/:slug/reports/:id/versions/:version", hidden, async (request, reply) => {
    const { space, report, version, locale, stored } = await loadVersion(request);
    return sendPage(reply, versionPage(viewContext(request), { space, reportId: report.id, version, shownLocale: locale, documentHtml: stored.html }));
  });
  app.get<VersionParams>("/spaces/:slug/reports/:id/versions/:version/report.md", hidden, async (request, reply) => {
    const { version, locale, stored } = await loadVersion(request);
    return sendMarkdown(reply, `report-v${version.number}-${locale}.md`, stored.markdown);
  });
  app.get<VersionTableParams>("/spaces/:slug/reports/:id/versions/:version/tables/:file", hidden, async (request, reply) => {
    const { stored } = await loadVersion(request as unknown as FastifyRequest<VersionParams>);
    const table = TABLE_FILE_PATTERN.test(request.params.file) ? documentTables(stored.document).find((entry) => entry.file === request.params.file) : undefined;
    if (!table) throw notFound("reports.error.bad_table");
    return sendCsv(reply, table.file, tableCsv(table.block));
  });
}
