import { html, raw, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { moduleStylesheet } from "../../../platform/http/module-stylesheet";
import { localeInfo } from "../../../platform/i18n/locales";
import { localize, type LocalizedText } from "../../../platform/i18n/localized";
import { renderPage } from "../../../platform/views/layout";
import { localizedText } from "../../../platform/views/localized";
import { errorSummary, localizedFields, postForm, textField, type FormState } from "../../../platform/views/forms";
import type { VersionSummary, ReportView } from "../queries";
import { reportPath, reportsPath, versionPath } from "../queries";
import { lastDay } from "../render";

// The report's styles, screen and print: on screen a document in a framed column; in print A4 pages, the site's
// navigation, breadcrumbs and action bars left out, each section starting a new page, rows never split.
export const REPORT_STYLES = moduleStylesheet(
  "reports",
  `.report-document{max-width:52rem;border:1px solid var(--line);border-radius:var(--radius);padding:1.25rem;margin:1.5rem 0;background:#fff}
.report-masthead{border-bottom:2px solid #000;margin-bottom:1.5rem;padding-bottom:.75rem}
.report-symbol{font-family:ui-monospace,monospace;text-align:end;margin:0 0 .5rem}
.report-period{margin:.25rem 0 0}
.report-section{margin:2rem 0}
.report-figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:.5rem 1rem;margin:1rem 0}
.report-figures div{border-inline-start:3px solid var(--accent);padding-inline-start:.6rem}
.report-figures dt{font-size:.9rem;color:var(--muted)}
.report-figures dd{margin:0;font-size:1.3rem;font-weight:600}
.report-table table{border-collapse:collapse;width:100%}
.report-table th,.report-table td{border-bottom:1px solid var(--line);padding:.25rem .5rem;text-align:start}
.report-table th[scope=row]{background:none;font-weight:400}
.report-table .num{text-align:end;font-variant-numeric:tabular-nums}
.report-note{font-size:.9rem;color:var(--muted)}
.report-actions{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;margin:1rem 0}
.report-versions li{margin:.25rem 0}
.report-narrative-field{border-inline-start:3px solid var(--line);padding-inline-start:.75rem;margin:1rem 0}
@media print{
.site-header,.site-footer,.skip-link,.breadcrumbs,.no-print,.flash{display:none !important}
body{font-size:11pt;color:#000;background:#fff}
main.wrap{max-width:none;padding:0}
.report-document{border:0;padding:0;margin:0;max-width:none}
.report-document a{color:#000;text-decoration:none}
/* On paper a link is only its text: print where an outside one leads. */
.report-document a[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em;overflow-wrap:anywhere}
.report-section{break-before:page}
.report-table tr,.report-figures div{break-inside:avoid}
.report-document h2,.report-document caption{break-after:avoid}
@page{size:A4;margin:2cm}
}
`,
);

type SpaceRef = { slug: string; title: LocalizedText };

const crumbs = (view: ViewContext, space: SpaceRef) => [
  { label: view.t("nav.spaces"), href: "/spaces" },
  { label: localize(space.title, view.locale), href: `/spaces/${space.slug}` },
  { label: view.t("reports.title"), href: reportsPath(space.slug) },
];

const periodText = (view: ViewContext, report: { periodFrom: string; periodUntil: string }) =>
  view.t("reports.period_value", { from: view.format.date(report.periodFrom), to: view.format.date(lastDay(report.periodUntil)) });

function versionList(view: ViewContext, space: SpaceRef, reportId: string, versions: VersionSummary[]): SafeHtml {
  if (!versions.length) return html`<p class="muted">${view.t("reports.versions_none")}</p>`;
  return html`<ul class="report-versions">${versions.map(
    (version) => html`<li><a href="${versionPath(space.slug, reportId, version.number)}">${view.t("reports.version_line", { number: version.number, when: view.format.dateTime(version.frozenAt) })}</a>${version.symbol ? html` · <span>${version.symbol}</span>` : ""}</li>`,
  )}</ul>`;
}

/** The fields of a new report (title, period, symbol); sections and narratives come on the edit page. */
function headFields(view: ViewContext, form: FormState): SafeHtml {
  const { t } = view;
  return html`${localizedFields(view, form, { name: "title", label: t("reports.field.title"), isRequired: true })}
${textField(view, form, { name: "period_from", type: "date", label: t("reports.field.period_from"), isRequired: true })}
${textField(view, form, { name: "period_to", type: "date", label: t("reports.field.period_to"), isRequired: true })}
${textField(view, form, { name: "symbol", label: t("reports.field.symbol"), hint: t("reports.field.symbol_hint"), maxLength: 120 })}`;
}

/** The head fields' labels, so the error summary names each field it lists. */
function headLabels(view: ViewContext): Record<string, string> {
  const { t } = view;
  return { title: t("reports.field.title"), period_from: t("reports.field.period_from"), period_to: t("reports.field.period_to"), symbol: t("reports.field.symbol") };
}

/** /spaces/:slug/reports — reports with frozen versions; coordinators also see drafts and start a new one. */
export function reportListPage(view: ViewContext, data: { space: SpaceRef; reports: ReportView[]; versions: Map<string, VersionSummary[]>; canBuild: boolean; form: FormState }): string {
  const { t } = view;
  return renderPage(view, {
    title: `${t("reports.title")} · ${localize(data.space.title, view.locale).text}`,
    breadcrumbs: [...crumbs(view, data.space).slice(0, 2), { label: t("reports.title") }],
    head: REPORT_STYLES.link(),
    body: html`<h1>${t("reports.title")}</h1>
<p class="lead">${t("reports.lead")}</p>
${data.reports.length
  ? html`<ul class="cards">${data.reports.map((report) => {
      const versions = data.versions.get(report.id) ?? [];
      const latest = versions[0];
      const href = data.canBuild || !latest ? reportPath(data.space.slug, report.id) : versionPath(data.space.slug, report.id, latest.number);
      return html`<li class="card"><h2><a href="${href}">${localizedText(view, report.title)}</a></h2>
<p>${t("reports.period")}: ${periodText(view, report)}${report.symbol ? html` · ${report.symbol}` : ""}</p>
<p class="muted">${latest ? t("reports.latest", { number: latest.number }) : t("reports.draft")}</p></li>`;
    })}</ul>`
  : html`<p class="muted">${t("reports.none")}</p>`}
${data.canBuild
  ? html`<section aria-labelledby="new-report"><h2 id="new-report">${t("reports.new")}</h2>
${errorSummary(view, data.form, headLabels(view))}
${postForm(view, `${reportsPath(data.space.slug)}/new`, html`${headFields(view, data.form)}<button type="submit">${t("reports.create")}</button>`)}</section>`
  : ""}`,
  });
}

/** /spaces/:slug/reports/:id — for coordinators the live draft with its actions; for others the list of versions. */
export function reportPage(view: ViewContext, data: { space: SpaceRef; report: ReportView; versions: VersionSummary[]; canBuild: boolean; documentHtml: string | null }): string {
  const { t } = view;
  const { space, report } = data;
  const title = localize(report.title, view.locale);
  const path = reportPath(space.slug, report.id);
  return renderPage(view, {
    title: title.text,
    breadcrumbs: [...crumbs(view, space), { label: title }],
    head: REPORT_STYLES.link(),
    body: html`${data.canBuild
      ? html`<div class="no-print"><p class="notice">${t("reports.draft_notice")}</p>
<div class="report-actions"><a href="${path}/edit">${t("reports.edit")}</a><a href="${path}/report.md" download>${t("reports.markdown")}</a></div>
<p class="hint">${t("reports.print_hint")}</p>
${postForm(view, `${path}/freeze`, html`<p class="hint">${t("reports.freeze_hint")}</p><button type="submit">${t("reports.freeze", { number: report.versionCount + 1 })}</button>`)}
</div>`
      : html`<h1>${localizedText(view, report.title)}</h1>`}
<section class="no-print" aria-labelledby="versions"><h2 id="versions">${t("reports.versions")}</h2>${versionList(view, space, report.id, data.versions)}</section>
${data.documentHtml ? raw(data.documentHtml) : ""}`,
  });
}

/** /spaces/:slug/reports/:id/edit — title, period, symbol, the sections' checklist with a narrative after each. */
export function reportEditPage(view: ViewContext, data: { space: SpaceRef; report: ReportView; sections: { key: string; label: string }[]; form: FormState }): string {
  const { t } = view;
  const { space, report, form } = data;
  const title = localize(report.title, view.locale);
  const chosen = new Set((form.values.sections as string[] | undefined) ?? []);
  const narrative = (slot: string, label: string) =>
    html`<div class="report-narrative-field">${localizedFields(view, form, { name: `narrative_${slot}`, label, hint: t("reports.field.narrative_hint"), isMultiline: true, rows: 6 })}</div>`;
  return renderPage(view, {
    title: `${t("reports.edit")} · ${title.text}`,
    breadcrumbs: [...crumbs(view, space), { label: title, href: reportPath(space.slug, report.id) }, { label: t("reports.edit") }],
    head: REPORT_STYLES.link(),
    body: html`<h1>${t("reports.edit")}</h1>
${errorSummary(view, form, {
  ...headLabels(view), sections: t("reports.field.sections"), narrative_start: t("reports.field.narrative_start"), narrative_end: t("reports.field.narrative_end"),
  ...Object.fromEntries(data.sections.map((section) => [`narrative_after:${section.key}`, t("reports.field.narrative_after", { section: section.label })])),
})}
${postForm(view, `${reportPath(space.slug, report.id)}/edit`, html`${headFields(view, form)}
${narrative("start", t("reports.field.narrative_start"))}
<fieldset id="field-sections"${form.errors.sections ? html` class="has-error"` : ""}><legend>${t("reports.field.sections")}</legend>
<p class="hint">${t("reports.field.sections_hint")}</p>
${form.errors.sections ? html`<p class="field-error">${t(form.errors.sections.key)}</p>` : ""}
${data.sections.length ? "" : html`<p class="muted">${t("reports.no_sections")}</p>`}
${data.sections.map(
  (section) => html`<div class="field checkbox"><input type="checkbox" id="section-${section.key}" name="sections" value="${section.key}"${chosen.has(section.key) ? html` checked` : ""}><label for="section-${section.key}">${section.label}</label></div>
${narrative(`after:${section.key}`, t("reports.field.narrative_after", { section: section.label }))}`,
)}
</fieldset>
${narrative("end", t("reports.field.narrative_end"))}
<button type="submit">${t("reports.save")}</button>`)}`,
  });
}

/** /spaces/:slug/reports/:id/versions/:n — the frozen document as stored, in the viewer's language when it has it. */
export function versionPage(view: ViewContext, data: { space: SpaceRef; reportId: string; version: VersionSummary; shownLocale: string; documentHtml: string }): string {
  const { t } = view;
  const { space, version } = data;
  const title = localize(version.title, view.locale);
  const path = versionPath(space.slug, data.reportId, version.number);
  return renderPage(view, {
    title: `${title.text} · ${t("reports.version_title", { number: version.number })}`,
    breadcrumbs: [...crumbs(view, space), { label: title, href: reportPath(space.slug, data.reportId) }, { label: t("reports.version_title", { number: version.number }) }],
    head: REPORT_STYLES.link(),
    body: html`<div class="no-print"><p class="notice">${t("reports.version_notice", { number: version.number, when: view.format.dateTime(version.frozenAt) })}</p>
${data.shownLocale !== view.locale ? html`<p>${t("reports.version_other_language", { language: localeInfo(view.locale).name, shown: localeInfo(data.shownLocale).name })}</p>` : ""}
<div class="report-actions"><a href="${path}/report.md" download>${t("reports.markdown")}</a></div>
<p class="hint">${t("reports.print_hint")}</p></div>
${raw(data.documentHtml)}
<p class="no-print"><a href="${reportPath(space.slug, data.reportId)}">${t("reports.versions")}</a></p>`,
  });
}
