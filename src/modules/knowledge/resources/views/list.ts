import { emptyState } from "../../../../platform/views/components";
import { countryName, listRegions } from "../../../../platform/countries";
import { html, type SafeHtml } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { localize, localizedString, type LocalizedText } from "../../../../platform/i18n/localized";
import { renderPage } from "../../../../platform/views/layout";
import { localizedLabel } from "../../../../platform/views/localized";
import { actorTypeLabel, listActorTypes } from "../../../organisations/actor-types";
import type { ResourceFacets, ResourceItem } from "../queries";
import { RESOURCE_KINDS } from "../schema";
import { amountText, deadlineText, kindTags, resourceCrumbs, resourcePath, resourcesPath, resourceLanguageName } from "./shared";

/** The list's query string as the visitor typed it (invalid values already dropped). */
export type ListParams = {
  q: string;
  kind: string;
  actorType: string;
  country: string;
  region: string;
  target: string;
  language: string;
  state: string;
  /** The viewer's organisation whose eligibility filters the list (its id). */
  organisation: string;
  /** The closing-soon window in days. */
  days: number;
};

export type ListPageData = {
  space: { slug: string; title: LocalizedText } | null;
  mode: "list" | "closing";
  params: ListParams;
  items: ResourceItem[];
  total: number;
  nextCursor: string | null;
  isFirstPage: boolean;
  facets: ResourceFacets;
  targets: { id: string; label: LocalizedText; code: string; frameworkName: LocalizedText }[];
  organisations: { id: string; name: LocalizedText }[];
  canManage: boolean;
  canSuggest: boolean;
  unpublishedCount: number;
};

const PARAM_NAMES: Record<Exclude<keyof ListParams, "days">, string> = {
  q: "q",
  kind: "kind",
  actorType: "actor_type",
  country: "country",
  region: "region",
  target: "target",
  language: "language",
  state: "state",
  organisation: "eligible_for",
};

/** The list URL with these parameters (empty ones left out), so every link works without JavaScript. */
export function listUrl(spaceSlug: string | null, mode: "list" | "closing", params: Partial<ListParams>, cursor?: string | null): string {
  const query = new URLSearchParams();
  for (const [field, name] of Object.entries(PARAM_NAMES) as [Exclude<keyof ListParams, "days">, string][]) {
    const value = params[field];
    if (value && !(field === "state" && value === "open")) query.set(name, value);
  }
  if (mode === "closing" && params.days && params.days !== 30) query.set("days", String(params.days));
  if (cursor) query.set("cursor", cursor);
  const text = query.toString();
  return `${resourcesPath(spaceSlug)}${mode === "closing" ? "/closing-soon" : ""}${text ? `?${text}` : ""}`;
}

function option(value: string, label: string, selected: string): SafeHtml {
  return html`<option value="${value}"${value === selected ? html` selected` : ""}>${label}</option>`;
}

function selectBox(name: string, label: string, anyLabel: string | null, options: SafeHtml[]): SafeHtml {
  const id = `rs-${name.replace(/_/g, "-")}`;
  return html`<div class="field"><label for="${id}">${label}</label>
    <select id="${id}" name="${name}">${anyLabel === null ? "" : html`<option value="">${anyLabel}</option>`}${options}</select></div>`;
}

/** The GET form: every filter with how many resources choosing it gives, and the search box. */
function filterForm(view: ViewContext, data: ListPageData): SafeHtml {
  const { t } = view;
  const { params, facets } = data;
  const any = t("resource.filter.any");
  const counted = (counts: Record<string, number>, key: string) => ` (${view.format.number(counts[key] ?? 0)})`;
  // Only values that match something are offered, plus the selected one, so a shared link never loses its filter.
  const present = (counts: Record<string, number>, key: string, selected: string) => (counts[key] ?? 0) > 0 || key === selected;
  const countries = Object.keys(facets.country)
    .concat(params.country && !facets.country[params.country] ? [params.country] : [])
    .map((code) => ({ code, name: countryName(code, view.locale) }))
    .sort((a, b) => a.name.localeCompare(b.name, view.locale));
  const regions = listRegions(view.locale).filter((region) => present(facets.region, region.code, params.region));
  const languages = Object.keys(facets.language)
    .concat(params.language && !facets.language[params.language] ? [params.language] : [])
    .map((code) => ({ code, name: resourceLanguageName(code, view.locale) }))
    .sort((a, b) => a.name.localeCompare(b.name, view.locale));
  const targets = data.targets.filter((target) => present(facets.target, target.id, params.target));
  const action = data.mode === "closing" ? `${resourcesPath(data.space?.slug ?? null)}/closing-soon` : resourcesPath(data.space?.slug ?? null);
  return html`<form method="get" action="${action}" class="filters" role="search" aria-label="${t("resource.filter.label")}">
  <div class="field"><label for="rs-q">${t("resource.filter.query")}</label>
    <input type="search" id="rs-q" name="q" value="${params.q}" maxlength="200"></div>
  ${data.mode === "list"
    ? selectBox("kind", t("resource.filter.kind"), any, RESOURCE_KINDS.filter((kind) => present(facets.kind, kind, params.kind)).map((kind) => option(kind, `${t(`resource.kind.${kind}`)}${counted(facets.kind, kind)}`, params.kind)))
    : html`<div class="field"><label for="rs-days">${t("resource.filter.days")}</label>
      <input type="number" id="rs-days" name="days" min="1" max="365" value="${params.days}"></div>`}
  ${selectBox(
    "actor_type",
    t("resource.filter.actor_type"),
    any,
    listActorTypes(view.locale)
      .filter((type) => present(facets.actorType, type.key, params.actorType))
      .map((type) => option(type.key, `${type.label}${counted(facets.actorType, type.key)}`, params.actorType)),
  )}
  ${selectBox("country", t("resource.filter.country"), any, countries.map((country) => option(country.code, `${country.name}${counted(facets.country, country.code)}`, params.country)))}
  ${selectBox(
    "region",
    t("resource.filter.region"),
    any,
    regions.map((region) => option(region.code, `${region.level === "subregion" ? "— " : ""}${region.name}${counted(facets.region, region.code)}`, params.region)),
  )}
  ${targets.length || params.target
    ? selectBox(
        "target",
        t("resource.filter.target"),
        any,
        targets.map((target) => option(target.id, `${localizedString(target.label, view.locale)}${target.code ? ` — ${target.code}` : ""}${counted(facets.target, target.id)}`, params.target)),
      )
    : ""}
  ${selectBox("language", t("resource.filter.language"), any, languages.map((language) => option(language.code, `${language.name}${counted(facets.language, language.code)}`, params.language)))}
  ${data.mode === "list"
    ? selectBox("state", t("resource.filter.state"), null, [
        option("open", `${t("resource.state.open")}${counted(facets.state, "open")}`, params.state || "open"),
        option("closed", `${t("resource.state.closed")}${counted(facets.state, "closed")}`, params.state || "open"),
        option("all", t("resource.state.all"), params.state || "open"),
      ])
    : ""}
  ${data.organisations.length
    ? selectBox(
        "eligible_for",
        t("resource.filter.eligible_for"),
        t("resource.filter.eligible_any"),
        data.organisations.map((organisation) => option(organisation.id, localize(organisation.name, view.locale).text, params.organisation)),
      )
    : ""}
  <div class="field"><button type="submit">${t("resource.filter.apply")}</button></div>
</form>`;
}

/** One resource in a list: title, kind, funder and amount, deadline with days left, where it comes from. */
export function resourceCard(view: ViewContext, item: ResourceItem, options: { isSpaceShown: boolean }): SafeHtml {
  const { t } = view;
  const description = localize(item.description, view.locale).text;
  const short = description.length > 240 ? `${description.slice(0, 240).trimEnd()}…` : description;
  const amount = amountText(view, item);
  return html`<li class="card">
  <h2><a href="${resourcePath(item)}">${localizedLabel(view, item.title)}</a></h2>
  <p>${kindTags(view, item)}</p>
  ${item.kind === "funding"
    ? html`<p>${item.funder ? html`${t("resource.field.funder")}: ${item.funder}` : ""}${amount ? html`<br>${amount}` : ""}<br><strong>${deadlineText(view, item)}</strong></p>
      ${item.eligibleActorTypes.length ? html`<p class="muted">${t("resource.eligible_short", { types: item.eligibleActorTypes.map((key) => actorTypeLabel(key, view.locale)).join(", ") })}</p>` : ""}`
    : ""}
  ${short ? html`<p${localize(item.description, view.locale).locale !== view.locale ? html` lang="${localize(item.description, view.locale).locale}"` : ""}>${short}</p>` : ""}
  ${options.isSpaceShown ? html`<p class="muted">${item.space ? html`${t("resource.in_space")}: ${localizedLabel(view, item.space.title)}` : t("resource.platform_wide")}</p>` : ""}
</li>`;
}

/** The list of a space's or the platform's funding and resources, or its "closing soon" view. */
export function resourceListPage(view: ViewContext, data: ListPageData): string {
  const { t } = view;
  const spaceSlug = data.space?.slug ?? null;
  const base = resourcesPath(spaceSlug);
  const isClosing = data.mode === "closing";
  const heading = isClosing ? t("resource.closing.title", { days: data.params.days }) : t("resource.title");
  const crumbs = resourceCrumbs(view, data.space);
  const body = html`
<h1>${heading}</h1>
<p class="lead">${isClosing ? t("resource.closing.lead") : t("resource.lead")}</p>
<p>${isClosing ? html`<a href="${base}">${t("resource.all_link")}</a>` : html`<a href="${base}/closing-soon">${t("resource.closing.link")}</a>`}
  · <a href="${base}/feed.atom">${t("resource.feed")}</a>
  ${data.canManage ? html` · <a href="${base}/new">${t("resource.new")}</a> · <a href="${base}/manage">${t("resource.manage.link", { count: data.unpublishedCount })}</a>` : ""}
  ${!data.canManage && data.canSuggest ? html` · <a href="${base}/new">${t("resource.suggest")}</a>` : ""}</p>
${filterForm(view, data)}
<h2 class="sr-only">${t("resource.results")}</h2>
<p role="status">${t("resource.total", { count: data.total })}</p>
${data.items.length
  ? html`<ul class="cards">${data.items.map((item) => resourceCard(view, item, { isSpaceShown: spaceSlug === null }))}</ul>`
  : emptyState({ title: isClosing ? t("resource.closing.empty") : t("resource.empty") })}
<nav class="pager" aria-label="${t("resource.pages")}">
  ${!data.isFirstPage ? html`<a href="${listUrl(spaceSlug, data.mode, data.params)}">${t("resource.first_page")}</a>` : ""}
  ${data.nextCursor ? html`<a href="${listUrl(spaceSlug, data.mode, data.params, data.nextCursor)}" rel="next">${t("resource.next_page")}</a>` : ""}
</nav>`;
  return renderPage(view, {
    title: data.space ? `${heading} · ${localize(data.space.title, view.locale).text}` : heading,
    body,
    breadcrumbs: isClosing ? crumbs.concat({ label: heading }) : crumbs.slice(0, -1).concat({ label: heading }),
    head: html`<link rel="alternate" type="application/atom+xml" title="${t("resource.feed")}" href="${base}/feed.atom">`,
  });
}
