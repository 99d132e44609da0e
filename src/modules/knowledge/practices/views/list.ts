import { emptyState } from "../../../../platform/views/components";
import { countryName } from "../../../../platform/countries";
import { html, type SafeHtml } from "../../../../platform/html";
import { atomLink } from "../../../../platform/feeds/atom";
import type { ViewContext } from "../../../../platform/http/context";
import { localize, type LocalizedText } from "../../../../platform/i18n/localized";
import { renderPage, type Breadcrumb } from "../../../../platform/views/layout";
import { localizedLabel, localizedText, langAttributes } from "../../../../platform/views/localized";
import { actorTypeLabel } from "../../../organisations/actor-types";
import type { OwnPractice, PracticeFacets, PracticeFilters, PracticeListItem, FacetCount } from "../queries";
import { actorTypesText, countriesText, kindLabel, languageText, metaLine, regionText, targetText } from "./shared";

/** The list's query string: the search words and the filters. */
export type PracticeParams = PracticeFilters & { q: string };

export type PracticeListPageData = {
  /** A space's compilation, or the platform's across every space the viewer may see. */
  space: { slug: string; title: LocalizedText } | null;
  params: PracticeParams;
  items: PracticeListItem[];
  facets: PracticeFacets;
  nextCursor: string | null;
  isFirstPage: boolean;
  canSubmit: boolean;
  /** For coordinators: how many practices wait for review (null for everyone else). */
  pendingCount: number | null;
  /** The viewer's organisations' practices in the space that are not published yet. */
  own: OwnPractice[];
};

const PARAM_NAMES: Record<keyof PracticeParams, string> = { q: "q", kind: "kind", country: "country", region: "region", target: "target", actorType: "actor_type", language: "language" };

/** The list's address with the given parameters (empty ones left out), so every link works without JavaScript. */
export function practicesUrl(spaceSlug: string | null, params: Partial<PracticeParams>, suffix = "", cursor?: string | null): string {
  const query = new URLSearchParams();
  for (const [field, name] of Object.entries(PARAM_NAMES) as [keyof PracticeParams, string][]) if (params[field]) query.set(name, params[field]!);
  if (cursor) query.set("cursor", cursor);
  const text = query.toString();
  return `${spaceSlug ? `/spaces/${spaceSlug}` : ""}/knowledge/practices${suffix}${text ? `?${text}` : ""}`;
}

function option(value: string, label: string, selected: string): SafeHtml {
  return html`<option value="${value}"${value === selected ? html` selected` : ""}>${label}</option>`;
}

/** A facet as a select: each value that matches something with its count, and the selected one always. */
function facetSelect(view: ViewContext, name: keyof PracticeParams, counts: FacetCount[], selected: string, label: (key: string) => string): SafeHtml {
  const id = `gp-${PARAM_NAMES[name].replace(/_/g, "-")}`;
  const entries = counts.some((entry) => entry.key === selected) || !selected ? counts : [...counts, { key: selected, count: 0 }];
  return html`<div class="field"><label for="${id}">${view.t(`knowledge.practice.facet.${name}`)}</label>
    <select id="${id}" name="${PARAM_NAMES[name]}"><option value="">${view.t("knowledge.practice.facet.any")}</option>${entries.map((entry) =>
      option(entry.key, `${label(entry.key)} (${view.format.number(entry.count)})`, selected),
    )}</select></div>`;
}

function filterForm(view: ViewContext, data: PracticeListPageData): SafeHtml {
  const { t } = view;
  const { params, facets } = data;
  const targets = new Map(facets.target.map((entry) => [entry.key, entry]));
  return html`<form method="get" action="${practicesUrl(data.space?.slug ?? null, {})}" class="filters" role="search" aria-label="${t("knowledge.practice.search_label")}">
  <div class="field"><label for="gp-q">${t("knowledge.practice.query")}</label>
    <input type="search" id="gp-q" name="q" value="${params.q}" maxlength="200" aria-describedby="gp-q-hint">
    <p class="hint" id="gp-q-hint">${t("knowledge.practice.query_hint")}</p></div>
  ${facetSelect(view, "kind", facets.kind, params.kind, (key) => kindLabel(view, key))}
  ${facetSelect(view, "region", facets.region, params.region, (key) => regionText(view, key))}
  ${facetSelect(view, "country", [...facets.country].sort((a, b) => countryName(a.key, view.locale).localeCompare(countryName(b.key, view.locale), view.locale)), params.country, (key) => countryName(key, view.locale))}
  ${facetSelect(view, "target", facets.target, params.target, (key) => {
    const target = targets.get(key);
    // Across spaces several frameworks number their items alike ("11."): the framework's key tells them apart.
    return target ? `${data.space ? "" : `${target.framework} · `}${targetText(view, target)}` : key;
  })}
  ${facetSelect(view, "actorType", facets.actorType, params.actorType, (key) => actorTypeLabel(key, view.locale))}
  ${facetSelect(view, "language", facets.language, params.language, (key) => languageText(view, key))}
  <button type="submit">${t("knowledge.practice.apply")}</button>
</form>`;
}

/** One practice in the list: what it is, who did it, where, and where it came from. */
export function practiceCard(view: ViewContext, item: PracticeListItem, options: { isSpaceShown: boolean }): SafeHtml {
  const { t } = view;
  return html`<li class="card">
  <h3><a href="${item.url}">${localizedText(view, item.title)}</a></h3>
  <p class="result-meta"><span class="tag">${kindLabel(view, item.kind)}</span>${item.source === "consultation" && item.consultation
    ? html` <span class="muted">${t("knowledge.practice.from_consultation")}: ${localizedLabel(view, item.consultation.title)}</span>`
    : ""}</p>
  ${item.organisation ? metaLine(t("knowledge.practice.field.organisation"), html`<a href="/organisations/${item.organisation.slug}">${localizedLabel(view, item.organisation.name)}</a>`) : ""}
  ${options.isSpaceShown ? metaLine(t("knowledge.practice.field.space"), html`<a href="/spaces/${item.space.slug}/knowledge/practices">${localizedLabel(view, item.space.title)}</a>`) : ""}
  ${metaLine(t("knowledge.practice.field.countries"), countriesText(view, item.countries))}
  ${metaLine(t("knowledge.practice.field.actor_types"), actorTypesText(view, item.actorTypes))}
  ${summaryExcerpt(view, item.summary)}
</li>`;
}

function summaryExcerpt(view: ViewContext, summary: LocalizedText): SafeHtml | "" {
  const shown = localize(summary, view.locale);
  if (!shown.text) return "";
  const text = shown.text.length > 280 ? `${shown.text.slice(0, 279).trimEnd()}…` : shown.text;
  return html`<p${shown.isFallback ? langAttributes(view, shown.locale) : ""}>${text}</p>`;
}

function ownSection(view: ViewContext, data: PracticeListPageData): SafeHtml | "" {
  if (!data.space || !data.own.length) return "";
  const { t } = view;
  return html`<section aria-labelledby="gp-own-heading"><h2 id="gp-own-heading">${t("knowledge.practice.own.title")}</h2>
  <ul>${data.own.map((own) => html`<li><a href="/spaces/${data.space!.slug}/knowledge/practices/${own.id}">${localizedText(view, own.title)}</a> — ${t(`knowledge.practice.status.${own.status}`)}</li>`)}</ul></section>`;
}

/** /knowledge/practices and /spaces/:slug/knowledge/practices — the compilation with facets and search. */
export function practiceListPage(view: ViewContext, data: PracticeListPageData): string {
  const { t } = view;
  const { params } = data;
  const slug = data.space?.slug ?? null;
  const title = t("knowledge.practice.title");
  const isFiltered = Object.values(params).some(Boolean);
  const breadcrumbs: Breadcrumb[] = data.space
    ? [{ label: localize(data.space.title, view.locale), href: `/spaces/${data.space.slug}` }, { label: t("knowledge.practice.crumb.knowledge"), href: `/spaces/${data.space.slug}/knowledge` }, { label: title }]
    : [{ label: t("knowledge.practice.crumb.knowledge"), href: "/knowledge" }, { label: title }];
  return renderPage(view, {
    title: data.space ? `${title} · ${localize(data.space.title, view.locale).text}` : title,
    breadcrumbs,
    head: atomLink(practicesUrl(slug, params, "/feed.atom"), title),
    body: html`<h1>${title}</h1>
<p class="lead">${t(data.space ? "knowledge.practice.lead_space" : "knowledge.practice.lead_platform")}</p>
<ul class="nav">
  ${data.canSubmit && slug ? html`<li><a class="button-small" href="/spaces/${slug}/knowledge/practices/new">${t("knowledge.practice.new")}</a></li>` : ""}
  ${data.pendingCount !== null && slug ? html`<li><a href="/spaces/${slug}/knowledge/practices/review">${t("knowledge.practice.review_link", { count: data.pendingCount })}</a></li>` : ""}
  <li>${t("knowledge.practice.export")}: <a href="${practicesUrl(slug, params, "/export.csv")}">CSV</a> · <a href="${practicesUrl(slug, params, "/export.json")}">JSON</a> ·
    <a href="${practicesUrl(slug, params, "/export.clearing-house.json")}">${t("knowledge.practice.export_clearing_house")}</a></li>
</ul>
${!data.space ? html`<p class="hint">${t("knowledge.practice.submit_in_space")}</p>` : ""}
${ownSection(view, data)}
${filterForm(view, data)}
<section aria-labelledby="gp-results-heading">
  <h2 id="gp-results-heading">${t("knowledge.practice.results", { count: data.facets.total })}</h2>
  ${isFiltered ? html`<p><a href="${practicesUrl(slug, {})}">${t("knowledge.practice.clear")}</a></p>` : ""}
  ${data.items.length
    ? html`<ul class="cards">${data.items.map((item) => practiceCard(view, item, { isSpaceShown: !data.space }))}</ul>`
    : (isFiltered ? emptyState({ title: t("knowledge.practice.empty_filtered"), action: { label: t("knowledge.practice.clear"), href: practicesUrl(slug, {}) } }) : emptyState({ title: t("knowledge.practice.empty") }))}
  ${data.nextCursor || !data.isFirstPage
    ? html`<nav class="pager" aria-label="${t("knowledge.practice.pages")}">
    ${!data.isFirstPage ? html`<a href="${practicesUrl(slug, params)}">${t("knowledge.practice.first_page")}</a>` : ""}
    ${data.nextCursor ? html`<a href="${practicesUrl(slug, params, "", data.nextCursor)}" rel="next">${t("knowledge.practice.next_page")}</a>` : ""}
  </nav>`
    : ""}
</section>`,
  });
}

/** The "Good practices" section of an organisation's page (nothing when it has none the viewer may see). */
export function organisationPracticesSection(view: ViewContext, items: PracticeListItem[]): SafeHtml {
  if (!items.length) return html``;
  return html`<section aria-labelledby="org-practices-heading"><h2 id="org-practices-heading">${view.t("knowledge.practice.title")}</h2>
  <ul class="cards">${items.map((item) => practiceCard(view, item, { isSpaceShown: true }))}</ul></section>`;
}
