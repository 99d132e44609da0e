import { encodeCursor } from "../api/pagination";
import type { FieldErrors } from "../errors";
import { html, type SafeHtml } from "../html";
import type { ViewContext } from "../http/context";
import { renderPage } from "../views/layout";
import { languageName } from "../views/localized";
import type { SearchHit, SearchProvider, SearchQuery } from "./providers";
import type { SearchSpace } from "./routes";
import type { SiteSearchResult } from "./site-search";
import { highlightHtml } from "./snippet";

export type SearchPageData = {
  input: { q: string; type: string; space: string };
  providers: readonly SearchProvider[];
  errors: FieldErrors;
  space: SearchSpace | null;
  result: SiteSearchResult | null;
  corrected: string | null;
  offset: number;
  query?: SearchQuery;
};

/** /search with these parameters (empty ones left out). */
export function searchUrl(parameters: { q?: string; type?: string; space?: string; cursor?: string }): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) if (value) query.set(name, value);
  const text = query.toString();
  return text ? `/search?${text}` : "/search";
}

/** Where to ask the question instead: the space's "ask" page in a space search, the platform's otherwise. */
function knowledgeUrl(space: SearchSpace | null, path: string, q: string): string {
  const base = space ? `/spaces/${encodeURIComponent(space.slug)}/knowledge/${path}` : `/knowledge/${path}`;
  return q ? `${base}?${new URLSearchParams({ q }).toString()}` : base;
}

function fieldError(view: ViewContext, errors: FieldErrors, name: string): string {
  const error = errors[name];
  return error ? view.t(error.key, error.values) : "";
}

function searchForm(view: ViewContext, data: SearchPageData): SafeHtml {
  const { t } = view;
  const error = fieldError(view, data.errors, "q") || fieldError(view, data.errors, "type");
  const described = ["search-q-hint", error ? "search-q-error" : ""].filter(Boolean).join(" ");
  return html`<form method="get" action="/search" role="search" aria-label="${t("search.title")}" class="search-form">
  <div class="field${error ? " has-error" : ""}">
    <label for="search-q">${t("search.field_label")}</label>
    <p class="hint" id="search-q-hint">${t("search.field_hint")}</p>
    ${error ? html`<p class="field-error" id="search-q-error">${error}</p>` : ""}
    <div class="search-form-row">
      <input type="search" id="search-q" name="q" value="${data.input.q}" aria-describedby="${described}"${error ? html` aria-invalid="true"` : ""} autocomplete="off" enterkeyhint="search">
      <button type="submit">${t("search.submit")}</button>
    </div>
  </div>
  ${data.input.type && !data.errors.type ? html`<input type="hidden" name="type" value="${data.input.type}">` : ""}
  ${data.space ? html`<input type="hidden" name="space" value="${data.space.slug}">` : ""}
</form>`;
}

function facetList(view: ViewContext, data: SearchPageData, result: SiteSearchResult): SafeHtml {
  const { t, format } = view;
  const all = result.facets.reduce((sum, facet) => sum + facet.count, 0);
  const isAllCapped = result.facets.some((facet) => facet.isLowerBound);
  const link = (label: string, count: number, isCapped: boolean, type: string) => {
    const isCurrent = data.input.type === type;
    const text = html`${label} <span class="muted">(${format.number(count)}${isCapped ? "+" : ""})</span>`;
    return html`<li>${isCurrent ? html`<a href="${searchUrl({ q: data.input.q, type, space: data.space?.slug })}" aria-current="page">${text}</a>` : html`<a href="${searchUrl({ q: data.input.q, type, space: data.space?.slug })}">${text}</a>`}</li>`;
  };
  return html`<nav aria-label="${t("search.types")}"><ul class="facets">
    ${link(t("search.type_all"), all, isAllCapped, "")}
    ${result.facets.filter((facet) => facet.count > 0 || facet.type === data.input.type).map((facet) => link(t(facet.labelMessage), facet.count, facet.isLowerBound, facet.type))}
  </ul></nav>`;
}

function hitItem(view: ViewContext, hit: SearchHit, labels: Map<string, string>): SafeHtml {
  const language = hit.language && hit.language !== view.locale ? hit.language : undefined;
  const lang = hit.language ? html` lang="${hit.language}"` : "";
  return html`<li class="search-hit">
    <p class="search-hit-type"><span class="tag">${labels.get(hit.type) ?? hit.type}</span>${language ? html` <span class="lang-note">${view.t("search.language_note", { language: languageName(language, view.locale) })}</span>` : ""}</p>
    <h3><a href="${hit.url}"${lang}>${highlightHtml(hit.title, hit.highlight)}</a></h3>
    ${hit.snippet ? html`<p class="search-hit-snippet"${lang}>${highlightHtml(hit.snippet, hit.highlight)}</p>` : ""}
  </li>`;
}

function nextSteps(view: ViewContext, data: SearchPageData): SafeHtml {
  const { t } = view;
  return html`<aside class="search-next" aria-labelledby="search-next-heading">
    <h2 id="search-next-heading">${t("search.next_steps")}</h2>
    <p><a href="${knowledgeUrl(data.space, "ask", data.input.q)}">${t("search.ask")}</a> · <a href="${knowledgeUrl(data.space, "enquiries/new", data.input.q)}">${t("search.enquiry")}</a></p>
  </aside>`;
}

function noResults(view: ViewContext, data: SearchPageData): SafeHtml {
  const { t } = view;
  return html`<section class="search-none" aria-labelledby="search-none-heading">
    <h2 id="search-none-heading">${t("search.none.heading", { q: data.input.q.slice(0, 200) })}</h2>
    <p>${t("search.none.text")}</p>
    <ul>
      <li>${t("search.none.spelling")}</li>
      ${data.input.type ? html`<li><a href="${searchUrl({ q: data.input.q, space: data.space?.slug })}">${t("search.none.other_type")}</a></li>` : ""}
      ${data.space ? html`<li><a href="${searchUrl({ q: data.input.q, type: data.input.type })}">${t("search.none.everywhere")}</a></li>` : ""}
      <li><a href="${knowledgeUrl(data.space, "ask", data.input.q)}">${t("search.none.ask")}</a>;</li>
      <li><a href="${knowledgeUrl(data.space, "enquiries/new", data.input.q)}">${t("search.none.enquiry")}</a>.</li>
    </ul>
  </section>`;
}

function resultsSection(view: ViewContext, data: SearchPageData, result: SiteSearchResult): SafeHtml {
  const { t } = view;
  const labels = new Map(data.providers.map((provider) => [provider.type, t(provider.labelMessage)]));
  const isCapped = result.facets.some((facet) => facet.isLowerBound && (!data.input.type || facet.type === data.input.type));
  return html`<section aria-labelledby="search-results-heading">
    <h2 id="search-results-heading" class="sr-only">${t("search.results")}</h2>
    ${result.facets.some((facet) => facet.count > 0) ? facetList(view, data, result) : ""}
    ${result.hits.length ? html`<p role="status">${isCapped ? t("search.count_at_least", { count: result.total }) : t("search.count", { count: result.total })}</p>` : ""}
    ${data.corrected
      ? html`<p class="notice">${t("search.did_you_mean")}: <a href="${searchUrl({ q: data.corrected, type: data.input.type, space: data.space?.slug })}">${data.corrected}</a>? <span class="muted">${t("search.corrected_note")}</span></p>`
      : ""}
    ${result.hits.length ? html`<ol class="search-hits" start="${data.offset + 1}">${result.hits.map((hit) => hitItem(view, hit, labels))}</ol>` : noResults(view, data)}
    ${data.offset > 0 || result.nextOffset !== null
      ? html`<nav class="pager" aria-label="${t("search.pages")}">
      ${data.offset > 0 ? html`<a href="${searchUrl({ q: data.input.q, type: data.input.type, space: data.space?.slug })}">${t("search.first_page")}</a>` : ""}
      ${result.nextOffset !== null ? html`<a href="${searchUrl({ q: data.input.q, type: data.input.type, space: data.space?.slug, cursor: encodeCursor([result.nextOffset]) })}" rel="next">${t("search.next_page")}</a>` : ""}
    </nav>`
      : ""}
    ${result.hits.length ? nextSteps(view, data) : ""}
  </section>`;
}

/** The search page: the form, then the facets and results, or the empty / nothing-found states with next steps. */
export function searchPage(view: ViewContext, data: SearchPageData): string {
  const { t } = view;
  const hasQuery = data.input.q.trim().length > 0;
  const body = html`<h1>${t("search.title")}</h1>
  ${data.space
    ? html`<p class="lead">${t("search.in_space", { space: data.space.title })} · <a href="${searchUrl({ q: data.input.q, type: data.input.type })}">${t("search.everywhere")}</a></p>`
    : ""}
  ${searchForm(view, data)}
  ${data.result
    ? resultsSection(view, data, data.result)
    : !hasQuery
      ? html`<section aria-labelledby="search-empty-heading"><h2 id="search-empty-heading">${t("search.empty.heading")}</h2><p>${t("search.empty.text")}</p>${nextSteps(view, data)}</section>`
      : ""}`;
  return renderPage(view, { title: hasQuery ? t("search.title_for", { q: data.input.q.slice(0, 80) }) : t("search.title"), body });
}
