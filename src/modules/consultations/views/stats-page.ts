import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { countryName } from "../../../platform/countries";
import { localize, localizedString } from "../../../platform/i18n/localized";
import { localizedLabel } from "../../../platform/views/localized";
import { renderPage } from "../../../platform/views/layout";
import { actorTypeLabel } from "../../organisations/actor-types";
import type { ConsultationForViewer } from "../queries";
import { SUPPRESSION_THRESHOLD, type ConsultationStatistics, type StatCell } from "../queries-stats";
import { scrollableTable } from "../../../platform/views/table";

function figure(view: ViewContext, value: number | null): SafeHtml {
  return value === null ? html`<span class="muted">${view.t("consultation.open_data.stats.suppressed", { threshold: SUPPRESSION_THRESHOLD })}</span>` : html`${view.format.number(value)}`;
}

/** One breakdown as an accessible table: a row per key with contributions and distinct participants. */
function breakdown(view: ViewContext, id: string, caption: string, head: string, rows: { label: SafeHtml | string; cell: StatCell }[], note?: string): SafeHtml {
  const { t } = view;
  return html`<section aria-labelledby="${id}">
<h2 id="${id}">${caption}</h2>
${note ? html`<p class="hint">${note}</p>` : ""}
${rows.length
  ? html`${scrollableTable(caption, html`<table>
  <thead><tr><th scope="col">${head}</th><th scope="col">${t("consultation.open_data.stats.contributions")}</th><th scope="col">${t("consultation.open_data.stats.participants")}</th></tr></thead>
  <tbody>${rows.map((row) => html`<tr><th scope="row">${row.label}</th><td>${figure(view, row.cell.contributions)}</td><td>${figure(view, row.cell.participants)}</td></tr>`)}</tbody>
</table>`)}`
  : html`<p>${t("consultation.open_data.stats.none")}</p>`}
</section>`;
}

/** The participation statistics page of a consultation (open data: public consultations only). */
export function statsPage(view: ViewContext, input: { found: ConsultationForViewer; stats: ConsultationStatistics }): string {
  const { found, stats } = input;
  const { t, locale } = view;
  const base = `/spaces/${encodeURIComponent(found.space.slug)}/consultations/${encodeURIComponent(found.consultation.slug)}`;
  const consultationTitle = localizedString(found.consultation.title, locale);
  const title = t("consultation.open_data.stats.title", { consultation: consultationTitle });
  const keyed = (key: string, empty: string, label: (key: string) => string) => (key === "" ? empty : label(key));
  const body = html`<h1>${title}</h1>
<p class="lead">${t("consultation.open_data.stats.lead")}</p>
<ul class="cards">
  <li class="card"><h2>${view.format.number(stats.totals.contributions)}</h2><p>${t("consultation.open_data.stats.total_contributions", { count: stats.totals.contributions })}</p></li>
  <li class="card"><h2>${view.format.number(stats.totals.participants)}</h2><p>${t("consultation.open_data.stats.total_participants", { count: stats.totals.participants })}</p></li>
</ul>
${breakdown(view, "by-group", t("consultation.open_data.stats.by_group"), t("consultation.open_data.stats.group"), stats.groups.map((group) => ({ label: localizedString(group.title, locale), cell: group })))}
${breakdown(
  view,
  "by-topic",
  t("consultation.open_data.stats.by_topic"),
  t("consultation.open_data.stats.topic"),
  stats.topics.map((topic) => ({ label: html`<a href="${base}/topics/${topic.number}">${localizedLabel(view, topic.title)}</a>`, cell: topic })),
)}
${breakdown(view, "by-actor-type", t("consultation.open_data.stats.by_actor_type"), t("consultation.open_data.stats.actor_type"), stats.actorTypes.map((cell) => ({ label: keyed(cell.key, t("consultation.open_data.stats.individual"), (key) => actorTypeLabel(key, locale)), cell })))}
${breakdown(view, "by-country", t("consultation.open_data.stats.by_country"), t("consultation.open_data.stats.country"), stats.countries.map((cell) => ({ label: keyed(cell.key, t("consultation.open_data.stats.unknown"), (key) => countryName(key, locale)), cell })))}
${breakdown(
  view,
  "by-constituency",
  t("consultation.open_data.stats.by_constituency"),
  t("consultation.open_data.stats.constituency"),
  stats.constituencies.map((cell) => ({ label: keyed(cell.key, t("consultation.open_data.stats.not_stated"), (key) => t(`consultation.open_data.constituency.${key}`)), cell })),
  t("consultation.open_data.stats.constituency_note", { threshold: SUPPRESSION_THRESHOLD }),
)}
${breakdown(view, "by-language", t("consultation.open_data.stats.by_language"), t("consultation.open_data.stats.language"), stats.languages.map((cell) => ({ label: t(`consultation.open_data.language.${cell.key === "en" || cell.key === "ru" ? cell.key : "other"}`), cell })))}
<p><a href="/api/v1${base}/stats">${t("consultation.open_data.stats.json")}</a></p>`;
  return renderPage(view, {
    title,
    breadcrumbs: [
      { label: localize(found.space.title, locale), href: `/spaces/${encodeURIComponent(found.space.slug)}` },
      { label: t("consultation.participation.breadcrumb.consultations"), href: `/spaces/${encodeURIComponent(found.space.slug)}/consultations` },
      { label: consultationTitle, href: base },
      { label: t("consultation.open_data.stats.crumb") },
    ],
    body,
  });
}
