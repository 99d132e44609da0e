import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { countryName, regionName } from "../../../platform/countries";
import { localize, type LocalizedText } from "../../../platform/i18n/localized";
import { renderPage } from "../../../platform/views/layout";
import { barChart } from "../../../platform/charts/bar-chart";
import { chartDataTable } from "../../../platform/charts/chart-frame";
import { columnChart } from "../../../platform/charts/column-chart";
import { worldMap } from "../charts/world-map";
import type { Dashboard } from "../queries-stats";
import { STATUS_LIGHTS } from "../queries-browse";
import { COMMITMENT_STAGES } from "../schema";
import { actorLabel, targetLabel, targetParts } from "./browse-list";
import { commitmentStylesheet } from "./browse-styles";

export const DASHBOARD_CHARTS = ["totals", "targets", "actor-types", "regions", "stages", "reporting", "months", "countries"] as const;
export type DashboardChartName = (typeof DASHBOARD_CHARTS)[number];

/** One chart of the dashboard: its data as a table (shown folded, and served as CSV) and its picture. */
export type DashboardChart = {
  name: DashboardChartName;
  title: string;
  headers: string[];
  rows: (string | number)[][];
  render: () => SafeHtml | null;
  isWide?: boolean;
};

const LIGHT_COLORS: Record<string, string> = { green: "#2e7d32", yellow: "#c99a06", red: "#c62828", grey: "#8a8a8a" };
const STAGE_COLOR = "#2f6f9f";

function percent(part: number, whole: number): number {
  return whole ? Math.round((part / whole) * 1000) / 10 : 0;
}

function byCountDescending(record: Record<string, number>): [string, number][] {
  return Object.entries(record).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Every chart of the dashboard, in page order, with labels in the viewer's language. */
export function dashboardCharts(view: ViewContext, dashboard: Dashboard): DashboardChart[] {
  const { t, format } = view;
  const total = dashboard.totals.commitments;
  const countLabel = t("commitment.stats.col.commitments");
  const single = (color: string) => [{ name: countLabel, color }];
  const barRows = (entries: [string, number][]) => entries.map(([label, value]) => ({ label, values: [value], valueText: format.number(value) }));
  const monthLabel = (month: string) => new Intl.DateTimeFormat(view.locale, { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`));

  const actorEntries = byCountDescending(dashboard.byActorType).map(([key, value]) => [actorLabel(view, key), value] as [string, number]);
  const regionEntries = byCountDescending(dashboard.byRegion).map(([code, value]) => [regionName(code, view.locale), value] as [string, number]);
  const stageEntries = COMMITMENT_STAGES.map((stage) => [t(`commitment.browse.stage.${stage}`), dashboard.byStage[stage] ?? 0] as [string, number]);
  const countryEntries = byCountDescending(dashboard.byCountry);

  return [
    {
      name: "totals",
      title: t("commitment.stats.totals"),
      headers: [t("commitment.stats.col.measure"), t("commitment.stats.col.value")],
      rows: [
        [t("commitment.stats.total_commitments"), total],
        [t("commitment.stats.total_actors"), dashboard.totals.actors],
        [t("commitment.stats.total_countries"), dashboard.totals.countries],
      ],
      render: () => null,
    },
    {
      name: "targets",
      title: t("commitment.stats.by_target"),
      headers: [t("commitment.stats.col.target"), t("commitment.stats.col.key"), t("commitment.stats.col.primary"), t("commitment.stats.col.other"), t("commitment.stats.col.total")],
      rows: dashboard.byTarget.map((target) => [targetLabel(view, target), target.key, target.primary, target.other, target.primary + target.other]),
      render: () =>
        barChart({
          id: "chart-targets",
          title: t("commitment.stats.by_target"),
          description: t("commitment.stats.by_target_desc"),
          series: [
            { name: t("commitment.stats.col.primary"), color: "#1b5e20" },
            { name: t("commitment.stats.col.other"), color: "#8fc18a" },
          ],
          rows: dashboard.byTarget.map((target) => {
            const { label, code } = targetParts(view, target);
            return { label, secondary: code, values: [target.primary, target.other], valueText: format.number(target.primary + target.other) };
          }),
        }),
    },
    {
      name: "actor-types",
      title: t("commitment.stats.by_actor_type"),
      headers: [t("commitment.browse.actor_type"), countLabel],
      rows: actorEntries,
      render: () => barChart({ id: "chart-actor-types", title: t("commitment.stats.by_actor_type"), description: t("commitment.stats.bars_desc"), series: single("#2f6f9f"), rows: barRows(actorEntries) }),
    },
    {
      name: "regions",
      title: t("commitment.stats.by_region"),
      headers: [t("commitment.browse.region"), countLabel],
      rows: regionEntries,
      render: () => barChart({ id: "chart-regions", title: t("commitment.stats.by_region"), description: t("commitment.stats.by_region_desc"), series: single("#6a4c93"), rows: barRows(regionEntries) }),
    },
    {
      name: "stages",
      title: t("commitment.stats.by_stage"),
      headers: [t("commitment.browse.stage"), countLabel],
      rows: stageEntries,
      render: () => barChart({ id: "chart-stages", title: t("commitment.stats.by_stage"), description: t("commitment.stats.bars_desc"), series: single(STAGE_COLOR), rows: barRows(stageEntries) }),
    },
    {
      name: "reporting",
      title: t("commitment.stats.reporting"),
      headers: [t("commitment.browse.light"), countLabel, t("commitment.stats.col.share")],
      rows: STATUS_LIGHTS.map((light) => [t(`commitment.browse.light.${light}`), dashboard.byLight[light] ?? 0, percent(dashboard.byLight[light] ?? 0, total)]),
      render: () =>
        barChart({
          id: "chart-reporting",
          title: t("commitment.stats.reporting"),
          description: t("commitment.stats.reporting_desc"),
          series: single(LIGHT_COLORS.green),
          rows: STATUS_LIGHTS.map((light) => {
            const count = dashboard.byLight[light] ?? 0;
            return { label: t(`commitment.browse.light.${light}`), values: [count], colors: [LIGHT_COLORS[light]], valueText: `${format.number(count)} (${format.number(percent(count, total))} %)` };
          }),
        }),
    },
    {
      name: "months",
      title: t("commitment.stats.over_time"),
      headers: [t("commitment.stats.col.month"), countLabel],
      rows: dashboard.byMonth.map((entry) => [entry.month, entry.count]),
      isWide: true,
      render: () =>
        columnChart({
          id: "chart-months",
          title: t("commitment.stats.over_time"),
          description: t("commitment.stats.over_time_desc"),
          color: STAGE_COLOR,
          columns: dashboard.byMonth.map((entry) => ({ label: monthLabel(entry.month), shortLabel: entry.month, value: entry.count, valueText: format.number(entry.count) })),
        }),
    },
    {
      name: "countries",
      title: t("commitment.stats.map"),
      headers: [t("commitment.browse.country"), t("commitment.stats.col.code"), countLabel],
      rows: countryEntries.map(([code, value]) => [countryName(code, view.locale), code, value]),
      isWide: true,
      render: () =>
        worldMap({
          id: "chart-countries",
          title: t("commitment.stats.map"),
          description: t("commitment.stats.map_desc"),
          counts: dashboard.byCountry,
          countryName: (code) => countryName(code, view.locale),
          formatCount: (count) => format.number(count),
          legendLabel: t("commitment.stats.map_legend"),
          noDataLabel: t("commitment.stats.map_none"),
        }),
    },
  ];
}

function chartSection(view: ViewContext, spaceSlug: string, chart: DashboardChart): SafeHtml {
  const { t } = view;
  const headingId = `section-${chart.name}`;
  const picture = chart.render();
  return html`<section class="chart${chart.isWide ? " chart-wide" : ""}" aria-labelledby="${headingId}">
<h2 id="${headingId}">${chart.title}</h2>
${chart.rows.length ? picture : html`<p class="muted">${t("commitment.stats.no_data")}</p>`}
${chart.rows.length
  ? chartDataTable({ summary: t("commitment.stats.show_data"), caption: chart.title, headers: chart.headers, rows: chart.rows.map((row) => row.map((cell) => (typeof cell === "number" ? view.format.number(cell) : cell))) })
  : ""}
<p class="chart-links"><a href="/spaces/${spaceSlug}/commitments/dashboard/${chart.name}.csv" download>${t("commitment.stats.csv", { chart: chart.title })}</a></p>
</section>`;
}

/** /spaces/:slug/commitments/dashboard — the space's statistics: totals, charts and a world map. */
export function dashboardPage(view: ViewContext, data: { space: { slug: string; title: LocalizedText }; dashboard: Dashboard }): string {
  const { t, format } = view;
  const spaceShown = localize(data.space.title, view.locale);
  const spaceTitle = spaceShown.text;
  const charts = dashboardCharts(view, data.dashboard);
  const { totals } = data.dashboard;
  return renderPage(view, {
    title: `${t("commitment.stats.title")} · ${spaceTitle}`,
    head: commitmentStylesheet(),
    breadcrumbs: [
      { label: spaceShown, href: `/spaces/${data.space.slug}` },
      { label: t("commitment.browse.title"), href: `/spaces/${data.space.slug}/commitments` },
      { label: t("commitment.stats.title") },
    ],
    body: html`<h1>${t("commitment.stats.title")}</h1>
<p class="lead">${t("commitment.stats.lead")}</p>
<section aria-labelledby="section-totals"><h2 id="section-totals">${t("commitment.stats.totals")}</h2>
<ul class="totals">
  <li><strong>${format.number(totals.commitments)}</strong> ${t("commitment.stats.n_commitments", { count: totals.commitments })}</li>
  <li><strong>${format.number(totals.actors)}</strong> ${t("commitment.stats.n_actors", { count: totals.actors })}</li>
  <li><strong>${format.number(totals.countries)}</strong> ${t("commitment.stats.n_countries", { count: totals.countries })}</li>
</ul>
<p class="chart-links"><a href="/spaces/${data.space.slug}/commitments/dashboard/totals.csv" download>${t("commitment.stats.csv", { chart: t("commitment.stats.totals") })}</a></p>
</section>
<div class="charts">${charts.filter((chart) => chart.name !== "totals").map((chart) => chartSection(view, data.space.slug, chart))}</div>
<p class="muted">${t("commitment.stats.updated", { time: format.dateTime(data.dashboard.computedAt) })}</p>`,
  });
}
