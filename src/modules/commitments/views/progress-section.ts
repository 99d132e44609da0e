import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localizedString } from "../../../platform/i18n/localized";
import { localizedParagraphs, localizedText } from "../../../platform/views/localized";
import { indicatorChart } from "../charts/indicator-chart";
import type { IndicatorRow, ProgressSectionData } from "../queries-progress";
import type { StatusLight } from "../status-light";

/** The status light as a coloured tag that always carries its meaning in words (colour is never the only cue). */
export function statusLightBadge(view: ViewContext, light: StatusLight): SafeHtml {
  return html`<span class="tag status-light status-light-${light}">${view.t(`commitment.progress.light.${light}`)}</span>`;
}

function indicatorFigure(view: ViewContext, data: ProgressSectionData, indicator: IndicatorRow): SafeHtml {
  const name = localizedString(indicator.name, view.locale);
  const reported = data.reports.flatMap((report) => {
    const value = report.values.get(indicator.id);
    return value === undefined ? [] : [{ date: report.reportDate, value }];
  });
  const unit = indicator.unit ? ` (${indicator.unit})` : "";
  return html`<section class="indicator" aria-labelledby="indicator-${indicator.id}">
  <h4 id="indicator-${indicator.id}">${localizedText(view, indicator.name)}${unit}</h4>
  ${indicatorChart({
    id: indicator.id,
    title: view.t("commitment.progress.chart.title", { name }),
    description: view.t("commitment.progress.chart.desc", {
      count: reported.length,
      baseline: indicator.baselineValue === null ? "—" : view.format.number(indicator.baselineValue),
      target: indicator.targetValue === null ? "—" : view.format.number(indicator.targetValue),
      latest: reported.length ? view.format.number(reported[0].value) : "—",
    }),
    baseline: indicator.baselineValue !== null && indicator.baselineDate ? { date: indicator.baselineDate, value: indicator.baselineValue } : null,
    target: indicator.targetValue !== null && indicator.targetDate ? { date: indicator.targetDate, value: indicator.targetValue } : null,
    reported,
    labels: {
      baseline: view.t("commitment.progress.chart.baseline"),
      target: view.t("commitment.progress.chart.target"),
      reported: view.t("commitment.progress.chart.reported"),
      date: view.t("commitment.progress.chart.date"),
      value: view.t("commitment.progress.chart.value"),
      series: view.t("commitment.progress.chart.series"),
      caption: view.t("commitment.progress.chart.caption", { name }),
    },
    formatNumber: (value) => view.format.number(value),
    formatDate: (day) => view.format.date(day),
  })}
</section>`;
}

/**
 * The public progress of a commitment: its status light, a chart per indicator and the timeline of
 * reports, newest first. The FORM part's detail page includes it; the progress page shows it alone.
 */
export function progressSection(view: ViewContext, data: ProgressSectionData): SafeHtml {
  const base = `/spaces/${data.spaceSlug}/commitments/${data.commitment.number}`;
  return html`<section class="progress" aria-labelledby="progress-heading">
  <h2 id="progress-heading">${view.t("commitment.progress.heading")}</h2>
  <p>${view.t("commitment.progress.light_label")} ${statusLightBadge(view, data.light)}
    ${data.commitment.lastReportAt ? html`<span class="muted">${view.t("commitment.progress.last_report", { date: view.format.date(data.commitment.lastReportAt) })}</span>` : ""}</p>
  ${data.canReport ? html`<p><a class="button" href="${base}/progress/new">${view.t("commitment.progress.new")}</a></p>` : ""}
  ${data.indicators.length ? html`<h3>${view.t("commitment.progress.indicators")}</h3>${data.indicators.map((indicator) => indicatorFigure(view, data, indicator))}` : ""}
  <h3>${view.t("commitment.progress.timeline")}</h3>
  ${data.reports.length
    ? html`<ol class="timeline">${data.reports.map(
        (report) => html`<li><article>
      <h4><time datetime="${report.reportDate}">${view.format.date(report.reportDate)}</time> · ${view.t(`commitment.progress.stage.${report.stage}`)}${report.percentComplete !== null ? html` · ${view.t("commitment.progress.percent_done", { percent: report.percentComplete })}` : ""}</h4>
      ${localizedParagraphs(view, report.narrative)}
      ${data.indicators.some((indicator) => report.values.has(indicator.id))
        ? html`<dl>${data.indicators.map((indicator) => {
            const value = report.values.get(indicator.id);
            return value === undefined ? "" : html`<dt>${localizedText(view, indicator.name)}</dt><dd>${view.format.number(value)}${indicator.unit ? ` ${indicator.unit}` : ""}</dd>`;
          })}</dl>`
        : ""}
      ${report.evidenceLinks.length ? html`<p>${view.t("commitment.progress.evidence")}</p><ul>${report.evidenceLinks.map((link) => html`<li>${/^https?:\/\//i.test(link.url) ? html`<a href="${link.url}" rel="nofollow noopener">${link.label || link.url}</a>` : link.url}</li>`)}</ul>` : ""}
    </article></li>`,
      )}</ol>`
    : html`<p class="muted">${view.t("commitment.progress.none")}</p>`}
</section>`;
}
