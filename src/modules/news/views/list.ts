import { emptyState } from "../../../platform/views/components";
import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, localizedString, type LocalizedText } from "../../../platform/i18n/localized";
import { atomLink } from "../../../platform/feeds/atom";
import { renderPage } from "../../../platform/views/layout";
import { localizedLabel, localizedText } from "../../../platform/views/localized";
import { filterParams, postPath, type ListedPost, type NewsFilters } from "../queries";
import { NEWS_KINDS } from "../schema";
import { pictureTag, statusTag } from "./shared";

export type NewsListData = {
  /** The space of a space's list; null for the news of every space. */
  space: { slug: string; title: LocalizedText } | null;
  filters: NewsFilters;
  items: ListedPost[];
  nextCursor: string | null;
  isFirstPage: boolean;
  choices: { years: number[]; organisations: { slug: string; name: LocalizedText }[]; topics: string[] };
  canManage: boolean;
  canPropose: boolean;
  /** The viewer's own stories not out (yet), and for managers the drafts and stories waiting for review. */
  ownPending: ListedPost[];
  drafts: ListedPost[];
  waitingCount: number;
};

/** The list's address with these filters (and optionally a cursor). */
export function newsUrl(spaceSlug: string | null, filters: NewsFilters, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({ ...filterParams(filters), ...extra }).toString();
  return `${spaceSlug ? `/spaces/${spaceSlug}/news` : "/news"}${query ? `?${query}` : ""}`;
}

/** One post as a card in a list. */
export function postCard(view: ViewContext, post: ListedPost, options: { isSpaceShown: boolean; headingLevel: 2 | 3; extra?: SafeHtml }): SafeHtml {
  const heading = html`<a href="${postPath(post.space.slug, post.slug)}">${localizedText(view, post.title)}</a>`;
  return html`<li class="card news-card">
  ${post.leadImage ? pictureTag(view, post.leadImage, { sizes: "(min-width: 40em) 20em, 100vw", isLazy: true, className: "news-card-image" }) : ""}
  ${options.headingLevel === 2 ? html`<h2>${heading}</h2>` : html`<h3>${heading}</h3>`}
  <p class="result-meta"><span class="tag">${view.t(`news.kind.${post.kind}`)}</span>${post.status !== "published" ? html` ${statusTag(view, post.status)}` : ""}
    ${post.publishedAt ? html` <time datetime="${post.publishedAt.toISOString()}">${view.format.date(post.publishedAt)}</time>` : ""}
    ${post.organisation ? html` · ${localizedLabel(view, post.organisation.name)}` : ""}</p>
  ${options.isSpaceShown ? html`<p class="muted">${view.t("news.in_space")}: <a href="/spaces/${post.space.slug}/news">${localizedLabel(view, post.space.title)}</a></p>` : ""}
  ${localize(post.lead, view.locale).text ? html`<p>${localizedText(view, post.lead)}</p>` : ""}
  ${options.extra ?? ""}
</li>`;
}

function filtersForm(view: ViewContext, data: NewsListData): SafeHtml {
  const { t } = view;
  const { filters, choices } = data;
  const select = (name: string, label: string, options: { value: string; label: string }[], current: string | null) => html`<div class="field">
    <label for="filter-${name}">${label}</label>
    <select id="filter-${name}" name="${name}"><option value="">${t("news.filter_any")}</option>
    ${options.map((option) => html`<option value="${option.value}"${option.value === current ? html` selected` : ""}>${option.label}</option>`)}</select></div>`;
  return html`<form method="get" class="filters" action="${data.space ? `/spaces/${data.space.slug}/news` : "/news"}" aria-label="${t("news.filters")}">
  ${select("kind", t("news.kind_label"), NEWS_KINDS.map((kind) => ({ value: kind, label: t(`news.kind.${kind}`) })), filters.kind)}
  ${select("year", t("news.year"), choices.years.map((year) => ({ value: String(year), label: String(year) })), filters.year ? String(filters.year) : null)}
  ${choices.organisations.length ? select("organisation", t("news.organisation"), choices.organisations.map((organisation) => ({ value: organisation.slug, label: localizedString(organisation.name, view.locale) })), filters.organisation) : ""}
  ${choices.topics.length ? select("topic", t("news.topic"), choices.topics.map((topic) => ({ value: topic, label: topic })), filters.topic) : ""}
  <div class="field"><button type="submit">${t("news.apply_filters")}</button></div>
</form>`;
}

/** /spaces/:slug/news and /news: published posts the viewer may see, filtered, a page at a time. */
export function newsListPage(view: ViewContext, data: NewsListData): string {
  const { t } = view;
  const { space, filters } = data;
  const heading = space ? t("news.title") : t("news.all_title");
  const feed = space ? `/spaces/${space.slug}/news/feed.atom` : "/news/feed.atom";
  return renderPage(view, {
    title: space ? `${t("news.title")} · ${localizedString(space.title, view.locale)}` : heading,
    head: atomLink(feed, t("news.feed_link")),
    breadcrumbs: space ? [{ label: localize(space.title, view.locale), href: `/spaces/${space.slug}` }, { label: t("news.title") }] : [{ label: heading }],
    body: html`<h1>${heading}${space ? html` <span class="muted">· ${localizedText(view, space.title)}</span>` : ""}</h1>
${space && (data.canManage || data.canPropose)
  ? html`<p>${data.canManage ? html`<a class="button" href="/spaces/${space.slug}/news/new">${t("news.new_post")}</a> <a href="/spaces/${space.slug}/news/review">${t("news.review_queue")} (${data.waitingCount})</a>` : ""}
    ${data.canPropose ? html` <a class="button" href="/spaces/${space.slug}/news/propose">${t("news.propose_story")}</a>` : ""}</p>`
  : ""}
${filtersForm(view, data)}
<p><a href="${feed}">${t("news.feed_link")}</a>${space ? html` · <a href="/news">${t("news.all_title")}</a>` : ""}</p>
${data.items.length ? html`<ul class="cards news-list">${data.items.map((post) => postCard(view, post, { isSpaceShown: !space, headingLevel: 2 }))}</ul>` : emptyState({ title: t("news.none") })}
${data.nextCursor || !data.isFirstPage
  ? html`<nav class="pager" aria-label="${t("news.pages")}">${!data.isFirstPage ? html`<a href="${newsUrl(space?.slug ?? null, filters)}">${t("news.first_page")}</a>` : ""}
    ${data.nextCursor ? html` <a href="${newsUrl(space?.slug ?? null, filters, { cursor: data.nextCursor })}" rel="next">${t("news.next_page")}</a>` : ""}</nav>`
  : ""}
${data.ownPending.length
  ? html`<section aria-labelledby="news-own-heading"><h2 id="news-own-heading">${t("news.your_stories")}</h2>
    <ul class="cards">${data.ownPending.map((post) => postCard(view, post, { isSpaceShown: false, headingLevel: 3 }))}</ul></section>`
  : ""}
${data.drafts.length
  ? html`<section aria-labelledby="news-drafts-heading"><h2 id="news-drafts-heading">${t("news.drafts")}</h2>
    <ul class="cards">${data.drafts.map((post) => postCard(view, post, { isSpaceShown: false, headingLevel: 3 }))}</ul></section>`
  : ""}`,
  });
}

/** /spaces/:slug/news/review — stories organisations proposed, oldest first, for the coordinators. */
export function reviewQueuePage(view: ViewContext, space: { slug: string; title: LocalizedText }, items: ListedPost[]): string {
  const { t } = view;
  return renderPage(view, {
    title: `${t("news.review_queue")} · ${localizedString(space.title, view.locale)}`,
    breadcrumbs: [{ label: localize(space.title, view.locale), href: `/spaces/${space.slug}` }, { label: t("news.title"), href: `/spaces/${space.slug}/news` }, { label: t("news.review_queue") }],
    body: html`<h1>${t("news.review_queue")}</h1>
<p class="lead">${t("news.review_lead")}</p>
${items.length
  ? html`<ul class="cards">${items.map((post) =>
      postCard(view, post, {
        isSpaceShown: false,
        headingLevel: 2,
        extra: post.moderationStatus !== "published" ? html`<p class="notice">${t(`news.moderation.${post.moderationStatus}`)}: ${t("news.held_notice")}</p>` : undefined,
      }),
    )}</ul>`
  : html`<p class="muted">${t("news.review_empty")}</p>`}`,
  });
}
