import { emptyState } from "../../../platform/views/components";
import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { countryName, listRegions, regionName } from "../../../platform/countries";
import { localize, type LocalizedText } from "../../../platform/i18n/localized";
import { localizedText } from "../../../platform/views/localized";
import { feedLink } from "../feed";
import { renderPage } from "../../../platform/views/layout";
import { actorTypeLabel, listActorTypes } from "../../organisations/actor-types";
import type { FrameworkRef } from "../../spaces/queries";
import { kindLabel } from "../../spaces/views/frameworks";
import { BROWSE_SORTS, RANKED_MATCHES_MAX, INDIVIDUAL_ACTOR, STATUS_LIGHTS, type BrowseFacets, type BrowseItem, type BrowseSort, type FacetName, type ResultCount, type StatusLight } from "../queries-browse";
import { COMMITMENT_STAGES } from "../schema";
import { commitmentStylesheet } from "./browse-styles";

/** The list's query string as the visitor typed it (framework by key, target by item id). */
export type BrowseParams = {
  q: string;
  target: string;
  framework: string;
  actorType: string;
  country: string;
  region: string;
  stage: string;
  light: string;
  year: string;
  sort: BrowseSort;
};

export type TargetChoice = { id: string; key: string; number: string | null; kind: string; label: LocalizedText; frameworkId: string; frameworkKey: string };

export type BrowsePageData = {
  space: { slug: string; title: LocalizedText };
  /** Sections other modules add under the list (list-sections.ts), already rendered. */
  sections?: SafeHtml[];
  /** Coordinators (and platform admins) get links to the review queue and the settings. */
  canCoordinate?: boolean;
  params: BrowseParams;
  /** The sort actually used (relevance falls back to newest without a query). */
  sort: BrowseSort;
  items: BrowseItem[];
  total: ResultCount;
  /** When the words typed found nothing and a correction of them did: both. */
  correction: { typed: string; searched: string } | null;
  /** A search too broad to rank: listed newest first, facets without counts. */
  isBroadSearch: boolean;
  nextCursor: string | null;
  isFirstPage: boolean;
  facets: BrowseFacets;
  frameworks: FrameworkRef[];
  targets: TargetChoice[];
  /** Organisations reporting on track in this space (their results carry the badge). */
  onTrack: Set<string>;
};

const PARAM_NAMES: Record<Exclude<keyof BrowseParams, "sort">, string> = {
  q: "q",
  target: "target",
  framework: "framework",
  actorType: "actor_type",
  country: "country",
  region: "region",
  stage: "stage",
  light: "light",
  year: "year",
};

/** The list URL with the given parameters (empty ones left out), so every link works without JavaScript. */
export function browseUrl(spaceSlug: string, params: Partial<BrowseParams>, cursor?: string | null): string {
  const query = new URLSearchParams();
  for (const [field, name] of Object.entries(PARAM_NAMES) as [Exclude<keyof BrowseParams, "sort">, string][]) {
    const value = params[field];
    if (value) query.set(name, value);
  }
  // The default sort depends on whether there is a query, so any other sort is always written out.
  if (params.sort && params.sort !== (params.q ? "relevance" : "newest")) query.set("sort", params.sort);
  if (cursor) query.set("cursor", cursor);
  const text = query.toString();
  return `/spaces/${spaceSlug}/commitments${text ? `?${text}` : ""}`;
}

/** The label of an actor type key, "individual" included. */
export function actorLabel(view: ViewContext, key: string): string {
  return key === INDIVIDUAL_ACTOR ? view.t("commitment.browse.actor_individual") : actorTypeLabel(key, view.locale);
}

/** A status light as text with its colour (the text carries the meaning; colour only repeats it). */
export function lightTag(view: ViewContext, light: StatusLight): SafeHtml {
  return html`<span class="light light-${light}">${view.t(`commitment.browse.light.${light}`)}</span>`;
}

export function onTrackBadge(view: ViewContext): SafeHtml {
  return html`<span class="badge-on-track" title="${view.t("commitment.browse.badge_title")}">${view.t("commitment.browse.badge")}</span>`;
}

/** "GBF-TARGET-17 — title" style label of a framework item in the page's language. */
export type TargetRef = { key: string; number: string | null; kind: string; label: LocalizedText };

/**
 * A framework item as people read it: its label in the page's language (or the nearest one it has) and
 * its short code, the kind and number ("Target 7", "Pillar 2"), to show after it in smaller type. The
 * item's key (GBF-TARGET-07) is for machines and shows only when the item has no label at all.
 */
export function targetParts(view: ViewContext, target: TargetRef): { label: string; code: string } {
  const label = localize(target.label, view.locale).text;
  if (!label) return { label: target.key, code: "" };
  return { label, code: target.number ? `${kindLabel(view, target.kind)} ${target.number}` : "" };
}

/** targetParts as one line of text: "Reduce pollution risks (Target 7)". */
export function targetLabel(view: ViewContext, target: TargetRef): string {
  const { label, code } = targetParts(view, target);
  return code ? `${label} (${code})` : label;
}

/** " (12)" after a choice, or nothing when that facet was not counted (a search too broad to count). */
function counted(view: ViewContext, facets: BrowseFacets, facet: FacetName, key: string): string {
  return facets.uncounted.includes(facet) ? "" : ` (${view.format.number(facets[facet][key] ?? 0)})`;
}

function option(value: string, label: string, selected: string): SafeHtml {
  return html`<option value="${value}"${value === selected ? html` selected` : ""}>${label}</option>`;
}

function selectBox(id: string, name: string, label: string, anyLabel: string, options: SafeHtml[]): SafeHtml {
  return html`<div class="field"><label for="${id}">${label}</label>
    <select id="${id}" name="${name}"><option value="">${anyLabel}</option>${options}</select></div>`;
}

/** The GET form: every filter with its facet count, the sort and the search box. */
function filterForm(view: ViewContext, data: BrowsePageData): SafeHtml {
  const { t } = view;
  const { params, facets } = data;
  const any = t("commitment.browse.any");
  // Only values that match something are offered, plus the selected one, so a link never loses its filter.
  const present = (counts: Record<string, number>, key: string, selected: string) => (counts[key] ?? 0) > 0 || key === selected;
  const countries = Object.keys(facets.country)
    .concat(params.country && !facets.country[params.country] ? [params.country] : [])
    .map((code) => ({ code, name: countryName(code, view.locale) }))
    .sort((a, b) => a.name.localeCompare(b.name, view.locale));
  const regions = listRegions(view.locale).filter((region) => present(facets.region, region.code, params.region));
  const actorKeys = [...listActorTypes(view.locale).map((type) => type.key as string), INDIVIDUAL_ACTOR].filter((key) => present(facets.actorType, key, params.actorType));
  const years = Object.keys(facets.year)
    .concat(params.year && !facets.year[params.year] ? [params.year] : [])
    .sort()
    .reverse();
  const targetGroups = data.frameworks
    .map((framework) => ({ framework, items: data.targets.filter((item) => item.frameworkId === framework.id && present(facets.target, item.id, params.target)) }))
    .filter((group) => group.items.length);
  return html`<form method="get" action="/spaces/${data.space.slug}/commitments" class="filters" role="search" aria-label="${t("commitment.browse.search_label")}">
  <div class="field"><label for="cm-q">${t("commitment.browse.query")}</label>
    <input type="search" id="cm-q" name="q" value="${params.q}" maxlength="200" aria-describedby="cm-q-hint">
    <p class="hint" id="cm-q-hint">${t("commitment.browse.query_hint")}</p></div>
  ${selectBox(
    "cm-target",
    "target",
    t("commitment.browse.target"),
    any,
    targetGroups.map(
      (group) =>
        html`<optgroup label="${localize(group.framework.name, view.locale).text}">${group.items.map((item) => {
          const { label, code } = targetParts(view, item);
          return option(item.id, `${label}${code ? ` — ${code}` : ""}${counted(view, facets, "target", item.id)}`, params.target);
        })}</optgroup>`,
    ),
  )}
  ${selectBox(
    "cm-framework",
    "framework",
    t("commitment.browse.framework"),
    any,
    data.frameworks.map((framework) => option(framework.key, `${localize(framework.name, view.locale).text}${counted(view, facets, "framework", framework.id)}`, params.framework)),
  )}
  ${selectBox(
    "cm-actor-type",
    "actor_type",
    t("commitment.browse.actor_type"),
    any,
    actorKeys.map((key) => option(key, `${actorLabel(view, key)}${counted(view, facets, "actorType", key)}`, params.actorType)),
  )}
  ${selectBox(
    "cm-country",
    "country",
    t("commitment.browse.country"),
    any,
    countries.map((country) => option(country.code, `${country.name}${counted(view, facets, "country", country.code)}`, params.country)),
  )}
  ${selectBox(
    "cm-region",
    "region",
    t("commitment.browse.region"),
    any,
    regions.map((region) => option(region.code, `${region.level === "subregion" ? "— " : ""}${region.name}${counted(view, facets, "region", region.code)}`, params.region)),
  )}
  ${selectBox(
    "cm-stage",
    "stage",
    t("commitment.browse.stage"),
    any,
    COMMITMENT_STAGES.map((stage) => option(stage, `${t(`commitment.browse.stage.${stage}`)}${counted(view, facets, "stage", stage)}`, params.stage)),
  )}
  ${selectBox(
    "cm-light",
    "light",
    t("commitment.browse.light"),
    any,
    STATUS_LIGHTS.map((light) => option(light, `${t(`commitment.browse.light.${light}`)}${counted(view, facets, "light", light)}`, params.light)),
  )}
  ${selectBox(
    "cm-year",
    "year",
    t("commitment.browse.year"),
    any,
    years.map((year) => option(year, `${year}${counted(view, facets, "year", year)}`, params.year)),
  )}
  <div class="field"><label for="cm-sort">${t("commitment.browse.sort")}</label>
    <select id="cm-sort" name="sort">${BROWSE_SORTS.map((sort) => option(sort, t(`commitment.browse.sort.${sort}`), data.sort))}</select></div>
  <button type="submit">${t("commitment.browse.apply")}</button>
</form>`;
}

function ownerText(view: ViewContext, item: BrowseItem, isOnTrack: boolean): SafeHtml {
  if (item.owner.kind === "person") return html`${item.owner.name}`;
  return html`<a href="/organisations/${item.owner.slug}">${localizedText(view, item.owner.name)}</a>${isOnTrack ? html` ${onTrackBadge(view)}` : ""}`;
}

function resultItem(view: ViewContext, data: BrowsePageData, item: BrowseItem): SafeHtml {
  const { t } = view;
  const isOnTrack = item.owner.kind === "organisation" && data.onTrack.has(item.owner.id);
  return html`<li class="card">
  <h3><a href="/spaces/${data.space.slug}/commitments/${item.number}">${localizedText(view, item.title)}</a></h3>
  <p class="result-meta"><span class="muted">${t("commitment.browse.owner")}:</span> ${ownerText(view, item, isOnTrack)}
    <span class="muted">· ${actorLabel(view, item.owner.kind === "organisation" ? item.owner.actorType : INDIVIDUAL_ACTOR)}</span></p>
  ${item.primaryTarget ? html`<p class="result-meta"><span class="muted">${t("commitment.browse.primary_target")}:</span> ${targetLabel(view, item.primaryTarget)}</p>` : ""}
  ${item.countries.length
    ? html`<p class="result-meta"><span class="muted">${t("commitment.browse.countries")}:</span> ${item.countries.map((code) => countryName(code, view.locale)).join(", ")}</p>`
    : ""}
  <p class="result-meta"><span class="tag">${t(`commitment.browse.stage.${item.stage}`)}</span> ${lightTag(view, item.light)}</p>
</li>`;
}

/** "12 commitments", "More than 10,000 commitments" or "About 70,000 commitments (estimate)". */
function resultsHeading(view: ViewContext, total: ResultCount): string {
  if (total.kind === "exact") return view.t("commitment.browse.results", { count: total.value });
  return view.t(total.kind === "more_than" ? "commitment.browse.results_more_than" : "commitment.browse.results_estimate", { count: view.format.number(total.value) });
}

/** What one can do from the list: commit, take the open data, and — for coordinators — review and configure. */
function actionLinks(view: ViewContext, data: BrowsePageData): SafeHtml {
  const { t } = view;
  const base = `/spaces/${data.space.slug}/commitments`;
  return html`<ul class="nav">
  ${view.user ? html`<li><a class="button-small" href="${base}/new">${t("commitment.browse.new")}</a></li>` : ""}
  <li><a href="${base}/embed">${t("commitment.browse.embed")}</a></li>
  <li><a href="${base}/feed.atom">${t("commitment.browse.feed")}</a></li>
  <li><a href="${base}/export.csv">CSV</a> · <a href="${base}/export.json">JSON</a></li>
  <li><a href="/spaces/${data.space.slug}/exchange">${t("exchange.link")}</a></li>
  ${data.canCoordinate ? html`<li><a href="${base}/review">${t("commitment.browse.review_queue")}</a></li><li><a href="${base}/settings">${t("commitment.browse.settings")}</a></li>` : ""}
</ul>`;
}

/** /spaces/:slug/commitments — the public, filterable list of a space's published commitments. */
export function browseListPage(view: ViewContext, data: BrowsePageData): string {
  const { t } = view;
  const space = localize(data.space.title, view.locale);
  const spaceTitle = space.text;
  const { params } = data;
  const isFiltered = Boolean(params.q || params.target || params.framework || params.actorType || params.country || params.region || params.stage || params.light || params.year);
  return renderPage(view, {
    title: `${t("commitment.browse.title")} · ${spaceTitle}`,
    head: html`${commitmentStylesheet()}${feedLink(data.space.slug, t("commitment.open_data.feed_title"))}`,
    breadcrumbs: [{ label: space, href: `/spaces/${data.space.slug}` }, { label: t("commitment.browse.title") }],
    body: html`<h1>${t("commitment.browse.title")}</h1>
<p class="lead">${t("commitment.browse.lead")} <a href="/spaces/${data.space.slug}/commitments/dashboard">${t("commitment.browse.dashboard_link")}</a></p>
${actionLinks(view, data)}
${filterForm(view, data)}
<section aria-labelledby="cm-results-heading">
  <h2 id="cm-results-heading">${resultsHeading(view, data.total)}</h2>
  ${data.correction ? html`<p class="hint">${t("commitment.browse.corrected", { searched: data.correction.searched, typed: data.correction.typed })}</p>` : ""}
  ${data.isBroadSearch ? html`<p class="hint">${t("commitment.browse.broad_search", { count: view.format.number(RANKED_MATCHES_MAX) })}</p>` : ""}
  ${isFiltered ? html`<p><a href="/spaces/${data.space.slug}/commitments">${t("commitment.browse.clear")}</a></p>` : ""}
  ${data.items.length
    ? html`<ul class="cards">${data.items.map((item) => resultItem(view, data, item))}</ul>`
    : (isFiltered ? emptyState({ title: t("commitment.browse.empty_filtered"), action: { label: t("commitment.browse.clear"), href: `/spaces/${data.space.slug}/commitments` } }) : emptyState({ title: t("commitment.browse.empty") }))}
  ${data.nextCursor || !data.isFirstPage
    ? html`<nav class="pager" aria-label="${t("commitment.browse.pages")}">
    ${!data.isFirstPage ? html`<a href="${browseUrl(data.space.slug, { ...params, sort: data.sort })}">${t("commitment.browse.first_page")}</a>` : ""}
    ${data.nextCursor ? html`<a href="${browseUrl(data.space.slug, { ...params, sort: data.sort }, data.nextCursor)}" rel="next">${t("commitment.browse.next_page")}</a>` : ""}
  </nav>`
    : ""}
</section>
${data.sections ?? ""}`,
  });
}

/** The name of a region in the page's language (re-exported for the dashboard's tables). */
export function regionLabel(view: ViewContext, code: string): string {
  return regionName(code, view.locale);
}
