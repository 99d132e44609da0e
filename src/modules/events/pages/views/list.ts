import { listCountries, listRegions } from "../../../../platform/countries";
import { html, type SafeHtml } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { localize, localizedString, type LocalizedText } from "../../../../platform/i18n/localized";
import { errorSummary, localizedFields, postForm, type FormState } from "../../../../platform/views/forms";
import { renderPage } from "../../../../platform/views/layout";
import { languageName, localizedLabel, localizedText } from "../../../../platform/views/localized";
import { EVENT_LANGUAGES } from "../../inputs";
import { eventPath, type EventView } from "../../queries";
import { EVENT_KINDS } from "../../schema";
import { filterParams, type EventFilters, type ListedEvent } from "../list-queries";
import { phaseTag, whenIn, whereText } from "./shared";

export type EventListData = {
  /** The space of a space's list; null for the calendar across spaces. */
  space: { slug: string; title: LocalizedText } | null;
  filters: EventFilters;
  items: ListedEvent[];
  nextCursor: string | null;
  isFirstPage: boolean;
  themes: string[];
  series: { id: string; title: LocalizedText }[];
  canManage: boolean;
  drafts: EventView[];
  now: Date;
  viewerZone: string | null;
  seriesForm?: FormState;
  /** This Convene's public address, for the widget snippet. */
  publicUrl: string;
};

/** The list's address with these filters (and optionally a cursor). */
export function eventsUrl(spaceSlug: string | null, filters: EventFilters, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({ ...filterParams(filters), ...extra }).toString();
  return `${spaceSlug ? `/spaces/${spaceSlug}/events` : "/events"}${query ? `?${query}` : ""}`;
}

function eventItem(view: ViewContext, event: ListedEvent | (EventView & { space?: undefined }), spaceSlug: string, data: EventListData, headingLevel: 2 | 3): SafeHtml {
  const heading = html`<a href="${eventPath(spaceSlug, event.slug)}">${localizedText(view, event.title)}</a>`;
  const where = whereText(view, event);
  return html`<li class="card event-card">
  ${headingLevel === 2 ? html`<h2>${heading}</h2>` : html`<h3>${heading}</h3>`}
  <p class="result-meta">${phaseTag(view, event, data.now)} <span class="tag">${view.t(`events.kind.${event.kind}`)}</span>${event.isExternal ? html` <span class="tag">${view.t("events.pages.external")}</span>` : ""}</p>
  <p>${whenIn(view, event, data.viewerZone ?? event.timeZone)}</p>
  ${where ? html`<p>${where}</p>` : ""}
  ${event.space && !data.space ? html`<p class="muted">${view.t("events.pages.in_space")}: <a href="/spaces/${event.space.slug}">${localizedLabel(view, event.space.title)}</a></p>` : ""}
  ${localize(event.summary, view.locale).text ? html`<p>${localizedText(view, event.summary)}</p>` : ""}
</li>`;
}

function filtersForm(view: ViewContext, data: EventListData): SafeHtml {
  const { t } = view;
  const { filters } = data;
  const select = (name: string, label: string, choices: { value: string; label: string }[], current: string | null) => html`<div class="field">
    <label for="filter-${name}">${label}</label>
    <select id="filter-${name}" name="${name}"><option value="">${t("events.pages.filter_any")}</option>
    ${choices.map((choice) => html`<option value="${choice.value}"${choice.value === current ? html` selected` : ""}>${choice.label}</option>`)}</select></div>`;
  return html`<form method="get" class="filters" action="${data.space ? `/spaces/${data.space.slug}/events` : "/events"}" aria-label="${t("events.pages.filters")}">
  ${filters.when === "past" ? html`<input type="hidden" name="when" value="past">` : ""}
  ${filters.series ? html`<input type="hidden" name="series" value="${filters.series}">` : ""}
  ${select("kind", t("events.pages.kind"), EVENT_KINDS.map((kind) => ({ value: kind, label: t(`events.kind.${kind}`) })), filters.kind)}
  ${select("country", t("events.pages.country"), listCountries(view.locale).map((country) => ({ value: country.code, label: country.name })), filters.country)}
  ${select("region", t("events.pages.region"), listRegions(view.locale).map((region) => ({ value: region.code, label: region.name })), filters.region)}
  ${select("language", t("events.pages.language"), EVENT_LANGUAGES.map((code) => ({ value: code, label: languageName(code, view.locale) })), filters.language)}
  ${data.themes.length || filters.theme ? select("theme", t("events.pages.theme"), [...new Set([...data.themes, ...(filters.theme ? [filters.theme] : [])])].map((theme) => ({ value: theme, label: theme })), filters.theme) : ""}
  <div class="field"><button type="submit">${t("events.pages.apply_filters")}</button></div>
</form>`;
}

function seriesSection(view: ViewContext, data: EventListData, spaceSlug: string): SafeHtml {
  const { t } = view;
  const form = data.seriesForm ?? { values: {}, errors: {} };
  return html`<section aria-labelledby="event-series-heading"><h2 id="event-series-heading">${t("events.pages.series_title")}</h2>
  ${data.series.length
    ? html`<ul>${data.series.map((series) => html`<li><a href="/spaces/${spaceSlug}/events?series=${series.id}">${localizedLabel(view, series.title)}</a></li>`)}</ul>`
    : html`<p class="muted">${t("events.pages.no_series")}</p>`}
  <details${Object.keys(form.errors).length ? html` open` : ""}><summary>${t("events.pages.new_series")}</summary>
  ${errorSummary(view, form, { title: t("events.pages.series_name") })}
  ${postForm(view, `/spaces/${spaceSlug}/events/series`, html`${localizedFields(view, form, { name: "title", label: t("events.pages.series_name"), isRequired: true })}
    <p><button type="submit">${t("events.pages.create_series")}</button></p>`)}
  </details>
</section>`;
}

/** How to show these events on another site with the <convene-events> widget. */
function embedSection(view: ViewContext, publicUrl: string, spaceSlug: string | null): SafeHtml {
  const { t } = view;
  const snippet = `<script src="${publicUrl}/widgets/convene-events.js" defer></script>
<convene-events${spaceSlug ? ` space="${spaceSlug}"` : ""} limit="5" lang="${view.locale}">
  <a href="${publicUrl}${spaceSlug ? `/spaces/${spaceSlug}/events` : "/events"}">${t("events.title")}</a>
</convene-events>`;
  return html`<details class="event-embed"><summary>${t("events.pages.embed_title")}</summary>
  <p>${t("events.pages.embed_hint")}</p>
  <pre><code>${snippet}</code></pre>
</details>`;
}

/** /spaces/:slug/events and /events: the events the viewer may see, upcoming or past, filtered, a page at a time. */
export function eventListPage(view: ViewContext, data: EventListData): string {
  const { t } = view;
  const { space, filters } = data;
  const heading = space ? t("events.title") : t("events.pages.calendar_title");
  const feed = space ? `/spaces/${space.slug}/events/feed.atom` : "/events/feed.atom";
  const ics = `${space ? `/spaces/${space.slug}/events.ics` : "/events.ics"}${new URLSearchParams(filterParams({ ...filters, when: "upcoming" })).toString() ? `?${new URLSearchParams(filterParams({ ...filters, when: "upcoming" })).toString()}` : ""}`;
  const tab = (when: "upcoming" | "past") =>
    html`<li><a href="${eventsUrl(space?.slug ?? null, { ...filters, when })}"${filters.when === when ? html` aria-current="page"` : ""}>${t(`events.pages.when_${when}`)}</a></li>`;
  return renderPage(view, {
    title: space ? `${t("events.title")} · ${localizedString(space.title, view.locale)}` : heading,
    head: html`<link rel="alternate" type="application/atom+xml" href="${feed}" title="${t("events.pages.feed_link")}">`,
    breadcrumbs: space
      ? [{ label: localize(space.title, view.locale), href: `/spaces/${space.slug}` }, { label: t("events.title") }]
      : [{ label: heading }],
    body: html`<h1>${heading}${space ? html` <span class="muted">· ${localizedText(view, space.title)}</span>` : ""}</h1>
<p class="lead">${t(space ? "events.pages.space_lead" : "events.pages.calendar_lead")}</p>
${data.canManage && space ? html`<p><a class="button" href="/spaces/${space.slug}/events/new">${t("events.pages.new_event")}</a></p>` : ""}
<ul class="facets" aria-label="${t("events.pages.when_label")}">${tab("upcoming")}${tab("past")}</ul>
${filtersForm(view, data)}
<p><a href="${feed}">${t("events.pages.feed_link")}</a> · <a href="${ics}">${t("events.pages.ics_link")}</a>${space ? html` · <a href="/events">${t("events.pages.all_spaces")}</a>` : ""}</p>
${data.items.length
  ? html`<ul class="cards event-list">${data.items.map((event) => eventItem(view, event, event.space.slug, data, 2))}</ul>`
  : html`<p class="muted">${t(filters.when === "past" ? "events.pages.none_past" : "events.pages.none_upcoming")}</p>`}
${data.nextCursor || !data.isFirstPage
  ? html`<nav class="pager" aria-label="${t("events.pages.pages")}">${!data.isFirstPage ? html`<a href="${eventsUrl(space?.slug ?? null, filters)}">${t("events.pages.first_page")}</a>` : ""}
    ${data.nextCursor ? html`<a href="${eventsUrl(space?.slug ?? null, filters, { cursor: data.nextCursor })}" rel="next">${t("events.pages.next_page")}</a>` : ""}</nav>`
  : ""}
${data.canManage && space && data.drafts.length
  ? html`<section aria-labelledby="event-drafts-heading"><h2 id="event-drafts-heading">${t("events.pages.drafts")}</h2>
    <ul class="cards">${data.drafts.map((event) => eventItem(view, event, space.slug, data, 3))}</ul></section>`
  : ""}
${data.canManage && space ? seriesSection(view, data, space.slug) : ""}
${embedSection(view, data.publicUrl, space?.slug ?? null)}`,
  });
}
