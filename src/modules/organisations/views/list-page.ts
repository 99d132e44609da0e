import { emptyState } from "../../../platform/views/components";
import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize } from "../../../platform/i18n/localized";
import { countryName } from "../../../platform/countries";
import { renderPage } from "../../../platform/views/layout";
import { listActorTypes } from "../actor-types";
import { localizedString } from "../../../platform/i18n/localized";
import type { OrganisationFacetCounts, OrganisationListItem, OrganisationSort, UserOrganisation } from "../queries";
import type { TargetRef } from "../targets";
import { frameworkTag } from "../../spaces/views/shared";
import { actorTypeText, countryText, excerpt, localizedText } from "./components";

export type ListFilters = { q: string; actorType: string; country: string; theme: string; item: string; sort: OrganisationSort };

export type ListPageData = {
  filters: ListFilters;
  items: OrganisationListItem[];
  nextCursor: string | null;
  isFirstPage: boolean;
  facets: OrganisationFacetCounts;
  /** Reference-framework items by id, to name the target filter's options. */
  targets: Map<string, TargetRef>;
  /** Null for anonymous visitors. */
  myOrganisations: UserOrganisation[] | null;
};

/** The directory URL with the given filters (empty ones left out), so every link works without JavaScript. */
export function listUrl(filters: Partial<ListFilters>, cursor?: string | null): string {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  if (filters.actorType) params.set("actor_type", filters.actorType);
  if (filters.country) params.set("country", filters.country);
  if (filters.theme) params.set("theme", filters.theme);
  if (filters.item) params.set("item", filters.item);
  if (filters.sort && filters.sort !== "name") params.set("sort", filters.sort);
  if (cursor) params.set("cursor", cursor);
  const query = params.toString();
  return query ? `/organisations?${query}` : "/organisations";
}

/** Theme options with counts; a theme from a link stays selectable even when nothing matches it any more. */
function themeOptions(facets: OrganisationFacetCounts, current: string): { key: string; count: number }[] {
  return current && !facets.themes.some((entry) => entry.key === current) ? [{ key: current, count: 0 }, ...facets.themes] : facets.themes;
}

function targetOptions(view: ViewContext, data: ListPageData): { id: string; label: string; count: number }[] {
  const counted = data.facets.items.some((entry) => entry.id === data.filters.item) || !data.filters.item ? data.facets.items : [{ id: data.filters.item, count: 0 }, ...data.facets.items];
  return counted.flatMap((entry) => {
    const target = data.targets.get(entry.id);
    return target ? [{ id: entry.id, count: entry.count, label: `${frameworkTag(target.frameworkKey)}${target.number ? ` ${target.number}` : ""}. ${localizedString(target.label, view.locale)}` }] : [];
  });
}

function searchForm(view: ViewContext, data: ListPageData): SafeHtml {
  const { t } = view;
  const { filters, facets } = data;
  const types = listActorTypes(view.locale);
  const countries = Object.keys(facets.countries)
    .map((code) => ({ code, name: countryName(code, view.locale) }))
    .sort((a, b) => a.name.localeCompare(b.name, view.locale));
  // A country filter from a link stays selectable even when nothing matches it any more.
  if (filters.country && !facets.countries[filters.country]) countries.unshift({ code: filters.country, name: countryName(filters.country, view.locale) });
  return html`<form method="get" action="/organisations" class="filters" role="search" aria-label="${t("org.list.search_label")}">
  <div class="field"><label for="org-q">${t("org.list.query")}</label>
    <input type="search" id="org-q" name="q" value="${filters.q}" maxlength="200"></div>
  <div class="field"><label for="org-actor-type">${t("org.field.actor_type")}</label>
    <select id="org-actor-type" name="actor_type"><option value="">${t("org.list.all_types")}</option>
    ${types.map((type) => html`<option value="${type.key}"${type.key === filters.actorType ? html` selected` : ""}>${type.label} (${view.format.number(facets.actorTypes[type.key] ?? 0)})</option>`)}
    </select></div>
  <div class="field"><label for="org-country">${t("org.field.country")}</label>
    <select id="org-country" name="country"><option value="">${t("org.list.all_countries")}</option>
    ${countries.map((country) => html`<option value="${country.code}"${country.code === filters.country ? html` selected` : ""}>${country.name} (${view.format.number(facets.countries[country.code] ?? 0)})</option>`)}
    </select></div>
  <div class="field"><label for="org-theme">${t("org.field.themes")}</label>
    <select id="org-theme" name="theme"><option value="">${t("org.list.all_themes")}</option>
    ${themeOptions(facets, filters.theme).map((entry) => html`<option value="${entry.key}"${entry.key === filters.theme ? html` selected` : ""}>${entry.key} (${view.format.number(entry.count)})</option>`)}
    </select></div>
  <div class="field"><label for="org-item">${t("org.field.targets")}</label>
    <select id="org-item" name="item"><option value="">${t("org.list.all_targets")}</option>
    ${targetOptions(view, data).map((entry) => html`<option value="${entry.id}"${entry.id === filters.item ? html` selected` : ""}>${entry.label} (${view.format.number(entry.count)})</option>`)}
    </select></div>
  <div class="field"><label for="org-sort">${t("org.list.sort")}</label>
    <select id="org-sort" name="sort">
      <option value="name"${filters.sort === "name" ? html` selected` : ""}>${t("org.list.sort_name")}</option>
      <option value="newest"${filters.sort === "newest" ? html` selected` : ""}>${t("org.list.sort_newest")}</option>
    </select></div>
  <button type="submit">${t("org.list.search")}</button>
</form>`;
}

function actorTypeFacets(view: ViewContext, data: ListPageData): SafeHtml {
  const { t } = view;
  const { filters, facets } = data;
  const total = Object.values(facets.actorTypes).reduce((sum, value) => sum + value, 0);
  const present = listActorTypes(view.locale).filter((type) => (facets.actorTypes[type.key] ?? 0) > 0 || type.key === filters.actorType);
  const item = (label: string, count: number, key: string) => {
    const isCurrent = key === filters.actorType;
    const href = listUrl({ ...filters, actorType: key });
    return html`<li>${isCurrent ? html`<a href="${href}" aria-current="true"><strong>${label}</strong></a>` : html`<a href="${href}">${label}</a>`} <span class="muted">(${view.format.number(count)})</span></li>`;
  };
  return html`<nav aria-labelledby="org-facets-heading"><h2 id="org-facets-heading">${t("org.list.by_type")}</h2>
<ul class="facets">${item(t("org.list.all_types"), total, "")}${present.map((type) => item(type.label, facets.actorTypes[type.key] ?? 0, type.key))}</ul></nav>`;
}

function myOrganisations(view: ViewContext, data: ListPageData): SafeHtml | string {
  const { t } = view;
  if (!data.myOrganisations) {
    return html`<section aria-labelledby="org-mine-heading"><h2 id="org-mine-heading">${t("org.list.mine")}</h2>
<p><a href="/login?next=${encodeURIComponent("/organisations/new")}">${t("org.list.login_to_register")}</a></p></section>`;
  }
  return html`<section aria-labelledby="org-mine-heading"><h2 id="org-mine-heading">${t("org.list.mine")}</h2>
${data.myOrganisations.length
  ? html`<ul>${data.myOrganisations.map((organisation) => html`<li><a href="/organisations/${organisation.slug}">${localizedText(view, organisation.name)}</a> <span class="muted">(${t(`org.role.${organisation.role}`)})</span></li>`)}</ul>`
  : html`<p class="muted">${t("org.list.mine_none")}</p>`}
<p><a class="button" href="/organisations/new">${t("org.new.title")}</a></p>
</section>`;
}

function resultCard(view: ViewContext, item: OrganisationListItem): SafeHtml {
  const description = localize(item.description, view.locale);
  return html`<li class="card">
  <h3><a href="/organisations/${item.slug}">${localizedText(view, item.name)}</a></h3>
  <p class="muted">${actorTypeText(view, item.actorType)}${item.country ? html` · ${countryText(view, item.country)}` : ""}</p>
  ${description.text ? html`<p lang="${description.locale}">${excerpt(description.text)}</p>` : ""}
  ${item.themes.length ? html`<ul class="nav tags" aria-label="${view.t("org.field.themes")}">${item.themes.map((theme) => html`<li><a href="${listUrl({ theme })}">${theme}</a></li>`)}</ul>` : ""}
</li>`;
}

/** /organisations: the public directory of organisations with search, filters, facet counts and paging. */
export function organisationListPage(view: ViewContext, data: ListPageData): string {
  const { t } = view;
  const { filters, facets } = data;
  const total = filters.actorType ? (facets.actorTypes[filters.actorType] ?? 0) : Object.values(facets.actorTypes).reduce((sum, value) => sum + value, 0);
  const isFiltered = Boolean(filters.q || filters.actorType || filters.country || filters.theme || filters.item);
  return renderPage(view, {
    title: t("org.list.title"),
    body: html`<h1>${t("org.list.title")}</h1>
<p class="lead">${t("org.list.lead")}</p>
${searchForm(view, data)}
<div class="two-col">
<section aria-labelledby="org-results-heading">
  <h2 id="org-results-heading">${t("org.list.results", { count: total })}</h2>
  ${isFiltered ? html`<p><a href="/organisations">${t("org.list.clear")}</a></p>` : ""}
  ${data.items.length
    ? html`<ul class="cards">${data.items.map((item) => resultCard(view, item))}</ul>`
    : (isFiltered ? emptyState({ title: t("org.list.empty_filtered"), action: { label: t("org.list.clear"), href: "/organisations" } }) : emptyState({ title: t("org.list.empty") }))}
  ${data.nextCursor || !data.isFirstPage
    ? html`<nav class="pager" aria-label="${t("org.list.pages")}">
    ${!data.isFirstPage ? html`<a href="${listUrl(filters)}">${t("org.list.first_page")}</a>` : ""}
    ${data.nextCursor ? html`<a href="${listUrl(filters, data.nextCursor)}" rel="next">${t("org.list.next_page")}</a>` : ""}
  </nav>`
    : ""}
</section>
<aside>
${myOrganisations(view, data)}
${actorTypeFacets(view, data)}
</aside>
</div>`,
  });
}
