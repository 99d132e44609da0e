import { emptyState } from "../../../../platform/views/components";
import { html, type SafeHtml } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { countryName, listRegions, countriesInRegion } from "../../../../platform/countries";
import { localize } from "../../../../platform/i18n/localized";
import { inItsLanguage, localizedLabel } from "../../../../platform/views/localized";
import { renderPage } from "../../../../platform/views/layout";
import { spokenLanguageName } from "../languages";
import type { ExpertFacets, ExpertFilters, ExpertItemRef, ExpertSummary } from "../queries";
import { itemLabel, languagesText, tagLinks } from "./components";

export type ExpertListData = {
  filters: Required<ExpertFilters>;
  items: ExpertSummary[];
  nextCursor: string | null;
  isFirstPage: boolean;
  facets: ExpertFacets;
  itemIndex: Map<string, ExpertItemRef>;
  /** The viewer's own profile state, or null when signed out. */
  own: { hasProfile: boolean } | null;
};

const PARAMS: Record<keyof ExpertFilters, string> = { q: "q", item: "item", tag: "tag", language: "language", country: "country", region: "region", organisation: "organisation" };

/** The directory URL with the given filters (empty ones left out), so every link works without JavaScript. */
export function expertsUrl(filters: Partial<ExpertFilters>, cursor?: string | null): string {
  const params = new URLSearchParams();
  for (const [name, param] of Object.entries(PARAMS)) {
    const value = filters[name as keyof ExpertFilters];
    if (value) params.set(param, value);
  }
  if (cursor) params.set("cursor", cursor);
  const query = params.toString();
  return query ? `/experts?${query}` : "/experts";
}

type Option = { value: string; label: string; count?: number };

function select(view: ViewContext, id: string, name: string, label: string, anyLabel: string, current: string, options: Option[]): SafeHtml {
  // A value from a link stays selectable even when nothing matches it any more.
  return html`<div class="field"><label for="${id}">${label}</label>
    <select id="${id}" name="${name}"><option value="">${anyLabel}</option>
    ${options.map((option) => html`<option value="${option.value}"${option.value === current ? html` selected` : ""}>${option.label}${option.count !== undefined ? ` (${view.format.number(option.count)})` : ""}</option>`)}
    </select></div>`;
}

function filterForm(view: ViewContext, data: ExpertListData): SafeHtml {
  const { t, locale } = view;
  const { filters, facets } = data;
  const collator = new Intl.Collator(locale);
  const byLabel = (a: Option, b: Option) => collator.compare(a.label, b.label);
  const withCurrent = (options: Option[], current: string, label: () => string) => (current && !options.some((option) => option.value === current) ? [{ value: current, label: label(), count: 0 }, ...options] : options);
  const items = withCurrent(
    facets.items.flatMap((entry) => {
      const item = data.itemIndex.get(entry.id);
      return item ? [{ value: entry.id, label: itemLabel(view, item), count: entry.count }] : [];
    }),
    filters.item,
    () => {
      const item = data.itemIndex.get(filters.item);
      return item ? itemLabel(view, item) : filters.item;
    },
  );
  const languages = withCurrent(Object.entries(facets.languages).map(([code, count]) => ({ value: code, label: spokenLanguageName(code, locale), count })).sort(byLabel), filters.language, () => spokenLanguageName(filters.language, locale));
  const countries = withCurrent(Object.entries(facets.countries).map(([code, count]) => ({ value: code, label: countryName(code, locale), count })).sort(byLabel), filters.country, () => countryName(filters.country, locale));
  const regions = listRegions(locale)
    .map((region) => ({ value: region.code, label: region.name, count: countriesInRegion(region.code).reduce((sum, code) => sum + (facets.countries[code] ?? 0), 0) }))
    .filter((region) => region.count > 0 || region.value === filters.region);
  const organisations = withCurrent(
    facets.organisations.map((entry) => ({ value: entry.id, label: localize(entry.name, locale).text, count: entry.count })),
    filters.organisation,
    () => filters.organisation,
  );
  const tags = withCurrent(facets.tags.map((entry) => ({ value: entry.key, label: entry.key, count: entry.count })), filters.tag, () => filters.tag);
  return html`<form method="get" action="/experts" class="filters" role="search" aria-label="${t("experts.list.search_label")}">
  <div class="field"><label for="experts-q">${t("experts.list.query")}</label>
    <input type="search" id="experts-q" name="q" value="${filters.q}" maxlength="200"></div>
  ${select(view, "experts-item", "item", t("experts.list.item"), t("experts.list.any_item"), filters.item, items)}
  ${select(view, "experts-tag", "tag", t("experts.field.tags"), t("experts.list.any_tag"), filters.tag, tags)}
  ${select(view, "experts-language", "language", t("experts.list.language"), t("experts.list.any_language"), filters.language, languages)}
  ${select(view, "experts-region", "region", t("experts.list.region"), t("experts.list.any_region"), filters.region, regions)}
  ${select(view, "experts-country", "country", t("experts.field.country"), t("experts.list.any_country"), filters.country, countries)}
  ${select(view, "experts-organisation", "organisation", t("experts.field.organisation"), t("experts.list.any_organisation"), filters.organisation, organisations)}
  <button type="submit">${t("experts.list.search")}</button>
</form>`;
}

function card(view: ViewContext, expert: ExpertSummary): SafeHtml {
  const { t } = view;
  const headline = localize(expert.headline, view.locale);
  const bio = localize(expert.bio, view.locale);
  const facts = [
    expert.country ? countryName(expert.country, view.locale) : "",
    expert.languages.length ? t("experts.card.speaks", { languages: languagesText(view, expert.languages) }) : "",
  ].filter(Boolean);
  return html`<li class="card">
  <h3><a href="/experts/${expert.id}">${expert.displayName}</a></h3>
  ${headline.text ? html`<p>${inItsLanguage(view, headline)}</p>` : ""}
  <p class="muted">${facts.join(" · ")}${expert.organisation ? html`${facts.length ? " · " : ""}${localizedLabel(view, expert.organisation.name)}` : ""}</p>
  ${!headline.text && bio.text ? html`<p lang="${bio.locale}">${bio.text.length > 200 ? `${bio.text.slice(0, 200)}…` : bio.text}</p>` : ""}
  ${expert.tags.length ? tagLinks(expert.tags, (tag) => expertsUrl({ tag })) : ""}
</li>`;
}

function ownProfile(view: ViewContext, data: ExpertListData): SafeHtml {
  const { t } = view;
  if (!data.own) return html`<p><a href="/login?next=${encodeURIComponent("/experts/profile")}">${t("experts.list.login_to_join")}</a></p>`;
  return html`<p><a class="button" href="/experts/profile">${data.own.hasProfile ? t("experts.list.edit_mine") : t("experts.list.join")}</a></p>`;
}

/** /experts: the public directory of people who opted in, with full text, filters with counts and paging. */
export function expertListPage(view: ViewContext, data: ExpertListData): string {
  const { t } = view;
  const { filters } = data;
  const isFiltered = Object.values(filters).some(Boolean);
  return renderPage(view, {
    title: t("experts.list.title"),
    body: html`<h1>${t("experts.list.title")}</h1>
<p class="lead">${t("experts.list.lead")}</p>
${ownProfile(view, data)}
${filterForm(view, data)}
<section aria-labelledby="experts-results-heading">
  <h2 id="experts-results-heading">${t("experts.list.results", { count: data.facets.total })}</h2>
  ${isFiltered ? html`<p><a href="/experts">${t("experts.list.clear")}</a></p>` : ""}
  ${data.items.length ? html`<ul class="cards">${data.items.map((expert) => card(view, expert))}</ul>` : (isFiltered ? emptyState({ title: t("experts.list.empty_filtered"), action: { label: t("experts.list.clear"), href: "/experts" } }) : emptyState({ title: t("experts.list.empty") }))}
  ${data.nextCursor || !data.isFirstPage
    ? html`<nav class="pager" aria-label="${t("experts.list.pages")}">
    ${!data.isFirstPage ? html`<a href="${expertsUrl(filters)}">${t("experts.list.first_page")}</a>` : ""}
    ${data.nextCursor ? html`<a href="${expertsUrl(filters, data.nextCursor)}" rel="next">${t("experts.list.next_page")}</a>` : ""}
  </nav>`
    : ""}
</section>`,
  });
}
