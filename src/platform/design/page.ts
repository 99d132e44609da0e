import { readFileSync } from "node:fs";
import { html, type SafeHtml } from "../html";
import type { ViewContext } from "../http/context";
import { barChart } from "../charts/bar-chart";
import { chartDataTable } from "../charts/chart-frame";
import { columnChart } from "../charts/column-chart";
import { badge, emptyState, formSection, formSections, notice, pageHeader, pager, statTiles, stepsNav, tabs } from "../views/components";
import { countryPicker } from "../views/checkbox-picker";
import { checkboxField, errorSummary, selectField, textArea, textField, type FormState } from "../views/forms";
import { renderPage } from "../views/layout";
import { scrollableTable } from "../views/table";
import { contrastRatio, parseColor, rootTokens } from "./contrast";

// /design: every component of the design system in each of its states, built with the same helpers the modules
// use (so what is seen here is what the pages get), in the page's language and direction. For designers, translators
// checking a language's layout, and module authors choosing a component.

const tokens = rootTokens(readFileSync(new URL("../../../public/convene.css", import.meta.url), "utf8"));

const TEXT_TOKENS = ["ink", "muted", "accent", "danger", "ok", "warn"];
const SURFACE_TOKENS = ["bg", "soft", "accent-soft", "ok-soft", "warn-soft", "danger-soft", "line", "focus"];

/** A colour token, its value and (for text colours) its contrast on the page's background. */
function swatchItem(view: ViewContext, name: string): SafeHtml {
  const value = tokens.get(`--${name}`) ?? "";
  const colour = parseColor(value, tokens);
  const background = parseColor("var(--bg)", tokens);
  const ratio = colour && background && TEXT_TOKENS.includes(name) ? contrastRatio(colour, background) : undefined;
  return html`<li><span class="swatch-chip design-swatch-${name}"></span><code dir="ltr">--${name}</code><code dir="ltr">${value}</code>${
    ratio ? html`<span>${view.t("design.palette.ratio", { ratio: ratio.toFixed(1) })}</span>` : ""
  }</li>`;
}

function section(id: string, title: string, body: SafeHtml): SafeHtml {
  return html`<section class="design-section" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${body}</section>`;
}

export function designPage(view: ViewContext): string {
  const { t } = view;
  const example: FormState = {
    values: { title: "", summary: t("design.form.summary_value"), scale: "national", countries: ["KZ", "UZ"], consent: "" },
    errors: { title: { key: "design.form.title_error" }, consent: { key: "design.form.consent_error" } },
  };
  const clean: FormState = { values: { email: "" }, errors: {} };
  const months = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"];
  const counts = [3, 5, 4, 9, 12, 8, 15, 17, 13, 21, 18, 24];
  const monthName = (month: string, style: "long" | "short") => new Intl.DateTimeFormat(view.locale, { month: style, year: style === "long" ? "numeric" : "2-digit", timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`));
  const number = new Intl.NumberFormat(view.locale);
  const bars = [
    { label: t("design.chart.row_ngo"), values: [42, 12] },
    { label: t("design.chart.row_business"), values: [17, 9] },
    { label: t("design.chart.row_local"), values: [11, 4] },
    { label: t("design.chart.row_academia"), values: [6, 5] },
  ];
  const series = [
    { name: t("design.chart.series_primary"), color: "#2f6f9f" },
    { name: t("design.chart.series_other"), color: "#9bc1dc" },
  ];
  // The example form's parts, each a formSection that the contents list links to.
  const formParts = {
    what: { id: "design-form-what", label: t("design.form.section_what") },
    where: { id: "design-form-where", label: t("design.form.section_where") },
    contact: { id: "design-form-contact", label: t("design.form.section_contact") },
  };
  const body = html`<p class="lead">${t("design.lead")}</p>
${formSections(view, [
  { id: "design-palette", label: t("design.palette.title") },
  { id: "design-type", label: t("design.type.title") },
  { id: "design-buttons", label: t("design.buttons.title") },
  { id: "design-forms", label: t("design.form.title") },
  { id: "design-navigation", label: t("design.navigation.title") },
  { id: "design-content", label: t("design.content.title") },
  { id: "design-tables", label: t("design.table.title") },
  { id: "design-charts", label: t("design.chart.title") },
  { id: "design-notices", label: t("design.notices.title") },
])}
${section("design-palette", t("design.palette.title"), html`<p>${t("design.palette.lead")}</p>
<ul class="swatches">${[...TEXT_TOKENS, ...SURFACE_TOKENS].map((name) => swatchItem(view, name))}</ul>`)}
${section("design-type", t("design.type.title"), html`<p>${t("design.type.lead")}</p>
<div class="design-type-scale">
<p class="design-step-4">${t("design.type.heading1")}</p>
<p class="design-step-3">${t("design.type.heading2")}</p>
<p class="design-step-1">${t("design.type.heading3")}</p>
<p>${t("design.type.body")}</p>
<p class="lead">${t("design.type.lead_sample")}</p>
<p class="hint">${t("design.type.hint")}</p>
</div>
<ul class="design-spaces" aria-label="${t("design.type.spacing")}">${[1, 2, 3, 4, 5, 6, 7].map((step) => html`<li><span class="design-space design-space-${step}"></span><code dir="ltr">--space-${step}</code></li>`)}</ul>`)}
${section("design-buttons", t("design.buttons.title"), html`<p class="form-actions">
<button type="button">${t("design.buttons.primary")}</button>
<button type="button" class="secondary">${t("design.buttons.secondary")}</button>
<button type="button" class="danger">${t("design.buttons.danger")}</button>
<button type="button" disabled>${t("design.buttons.disabled")}</button>
<a class="button-small" href="#design-buttons">${t("design.buttons.small")}</a>
<button type="button" class="link-button">${t("design.buttons.link")}</button>
</p>`)}
${section("design-forms", t("design.form.title"), html`<p>${t("design.form.lead")}</p>
<div class="design-example">
${errorSummary(view, example, { title: t("design.form.title_label"), consent: t("design.form.consent_label") })}
<p>${t("design.form.sections_lead")}</p>
<div class="form-with-sections">${formSections(view, Object.values(formParts))}
<form method="get" action="#design-forms" novalidate>
${formSection(formParts.what, html`${textField(view, example, { name: "title", label: t("design.form.title_label"), hint: t("design.form.title_hint"), isRequired: true, maxLength: 200 })}
${textArea(view, example, { name: "summary", label: t("design.form.summary_label"), rows: 3 })}
${selectField(view, example, {
  name: "scale",
  label: t("design.form.scale_label"),
  choices: ["local", "national", "regional", "global"].map((value) => ({ value, label: t(`design.form.scale.${value}`) })),
})}`)}
${formSection(formParts.where, countryPicker(view, example, { name: "countries", legend: t("design.form.countries_label"), hint: t("design.form.countries_hint") }))}
${formSection(formParts.contact, checkboxField(view, example, { name: "consent", label: t("design.form.consent_label"), isRequired: true }))}
<div class="form-actions"><button type="submit">${t("design.form.submit")}</button><button type="button" class="secondary">${t("design.form.save_draft")}</button></div>
</form></div>
<h3>${t("design.form.clean_title")}</h3>
<form method="get" action="#design-forms">${textField(view, clean, { name: "email", type: "email", label: t("design.form.email_label"), hint: t("design.form.email_hint"), autocomplete: "email" })}</form>
</div>`)}
${section("design-navigation", t("design.navigation.title"), html`<h3>${t("design.navigation.steps")}</h3>
${stepsNav(view, {
  label: t("design.navigation.steps"),
  current: 3,
  steps: [t("design.navigation.step_basics"), t("design.navigation.step_targets"), t("design.navigation.step_timeline"), t("design.navigation.step_people"), t("design.navigation.step_review")].map((label, index) => ({
    label,
    href: "#design-navigation",
    isDone: index < 2,
  })),
})}
<h3>${t("design.navigation.tabs")}</h3>
${tabs({
  label: t("design.navigation.tabs"),
  current: "/design",
  items: [
    { label: t("design.navigation.tab_overview"), href: "/design" },
    { label: t("design.navigation.tab_contributions"), href: "/design?tab=contributions", count: 128 },
    { label: t("design.navigation.tab_participants"), href: "/design?tab=participants", count: 41 },
  ],
})}
<h3>${t("design.navigation.pager")}</h3>
${pager(view, { label: t("design.navigation.pager"), first: "/design", previous: "/design", next: "/design", page: 2, pages: 9 })}`)}
${section("design-content", t("design.content.title"), html`<h3>${t("design.content.header")}</h3>
<div class="design-example">${pageHeader({
  kind: t("design.content.kind"),
  title: t("design.content.card_title"),
  status: html`${badge(t("design.content.on_track"), "success")}`,
  facts: [t("design.content.fact_org"), t("design.content.fact_place"), t("design.content.fact_dates")],
  primary: { label: t("design.content.primary_action"), href: "#design-content" },
  secondary: [{ label: t("design.content.secondary_action"), href: "#design-content" }],
})}</div>
<h3>${t("design.content.cards")}</h3>
<ul class="cards">
<li class="card"><h4>${t("design.content.card_title")}</h4><p>${t("design.content.card_text")}</p><p>${badge(t("design.content.on_track"), "success")} <span class="tag">${t("design.content.tag")}</span></p></li>
<li class="card"><h4>${t("design.content.card_title_2")}</h4><p>${t("design.content.card_text_2")}</p><p>${badge(t("design.content.overdue"), "danger")} ${badge(t("design.content.draft"))}</p></li>
</ul>
<h3>${t("design.content.badges")}</h3>
<p>${badge(t("design.content.draft"))} ${badge(t("design.content.under_review"), "info")} ${badge(t("design.content.on_track"), "success")} ${badge(t("design.content.late"), "warning")} ${badge(t("design.content.overdue"), "danger")}</p>
<h3>${t("design.content.figures")}</h3>
${statTiles([
  { label: t("design.content.figure_commitments"), value: number.format(1284) },
  { label: t("design.content.figure_countries"), value: number.format(73) },
  { label: t("design.content.figure_reports"), value: number.format(0.86 * 100) + "%" },
])}
<h3>${t("design.content.empty")}</h3>
${emptyState({ title: t("design.content.empty_title"), text: t("design.content.empty_text"), action: { label: t("design.content.empty_action"), href: "#design-content" } })}`)}
${section("design-tables", t("design.table.title"), html`<p>${t("design.table.lead")}</p>
${scrollableTable(t("design.table.caption"), html`<table><caption>${t("design.table.caption")}</caption>
<thead><tr><th scope="col">${t("design.table.organisation")}</th><th scope="col">${t("design.table.country")}</th><th scope="col" class="num">${t("design.table.commitments")}</th><th scope="col" class="num">${t("design.table.reports")}</th><th scope="col">${t("design.table.last_report")}</th><th scope="col">${t("design.table.status")}</th></tr></thead>
<tbody>${[
  [t("design.chart.row_ngo"), "KZ", 12, 30, "2026-11-02", badge(t("design.content.on_track"), "success")],
  [t("design.chart.row_business"), "UZ", 4, 7, "2026-09-15", badge(t("design.content.late"), "warning")],
  [t("design.chart.row_local"), "KG", 2, 1, "2026-03-30", badge(t("design.content.overdue"), "danger")],
].map(([name, country, commitments, reports, date, status]) => html`<tr><th scope="row">${name}</th><td>${new Intl.DisplayNames([view.locale], { type: "region" }).of(String(country))}</td><td class="num">${number.format(Number(commitments))}</td><td class="num">${number.format(Number(reports))}</td><td>${new Intl.DateTimeFormat(view.locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`))}</td><td>${status}</td></tr>`)}</tbody></table>`)}`)}
${section("design-charts", t("design.chart.title"), html`<p>${t("design.chart.lead")}</p>
<div class="charts">
<div class="chart"><h3>${t("design.chart.bars_title")}</h3>${barChart({
  id: "design-bars",
  title: t("design.chart.bars_title"),
  description: t("design.chart.bars_desc"),
  series,
  rows: bars.map((row) => ({ label: row.label, values: row.values, valueText: number.format(row.values[0] + row.values[1]) })),
})}${chartDataTable({
  summary: t("design.chart.data"),
  caption: t("design.chart.bars_title"),
  headers: [t("design.table.organisation"), ...series.map((entry) => entry.name)],
  rows: bars.map((row) => [row.label, ...row.values.map((value) => number.format(value))]),
})}</div>
<div class="chart"><h3>${t("design.chart.columns_title")}</h3>${columnChart({
  id: "design-columns",
  title: t("design.chart.columns_title"),
  description: t("design.chart.columns_desc"),
  color: "#2f6f9f",
  columns: months.map((month, index) => ({ label: monthName(month, "long"), shortLabel: monthName(month, "short"), value: counts[index], valueText: number.format(counts[index]) })),
})}</div>
</div>`)}
${section("design-notices", t("design.notices.title"), html`${notice("info", html`<p>${t("design.notices.info")}</p>`)}
${notice("success", html`<p>${t("design.notices.success")}</p>`)}
${notice("warning", html`<p>${t("design.notices.warning")}</p>`, { title: t("design.notices.warning_title") })}
${notice("error", html`<p>${t("design.notices.error")}</p>`, { title: t("design.notices.error_title") })}`)}
`;
  return renderPage(view, { title: t("design.title"), body: html`<h1>${t("design.title")}</h1>${body}`, breadcrumbs: [{ label: "Convene", href: "/" }, { label: t("design.title") }] });
}
