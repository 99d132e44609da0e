import type { ContentCard } from "../../../platform/content/sources";
import { html, raw, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, localizedString, type LocalizedText } from "../../../platform/i18n/localized";
import { atomLink } from "../../../platform/feeds/atom";
import { postForm, textArea, type FormState } from "../../../platform/views/forms";
import { pageHeader } from "../../../platform/views/components";
import { renderPage } from "../../../platform/views/layout";
import { localizedLabel, localizedText, langAttributes } from "../../../platform/views/localized";
import type { NewsImage, NewsPost } from "../queries";
import { pictureTag, statusTag } from "./shared";

export type PostPageData = {
  space: { slug: string; title: LocalizedText };
  post: NewsPost;
  images: NewsImage[];
  authors: string[];
  organisation: { slug: string; name: LocalizedText } | null;
  related: ContentCard[];
  relatedLabels: Record<string, string>;
  canManage: boolean;
  canEdit: boolean;
  isAuthor: boolean;
  /** Open Graph tags and the NewsArticle JSON-LD, for a post anyone may read; empty otherwise. */
  head: SafeHtml | string;
  reviewForm?: FormState;
};

function body(view: ViewContext, post: NewsPost): SafeHtml {
  const shown = localize(post.bodyHtml, view.locale);
  if (!shown.text) return html``;
  // trusted: body_html is renderMarkdown's output, stored when the post was written (html disabled, links checked)
  return html`<div class="prose"${shown.isFallback ? langAttributes(view, shown.locale) : ""}>${raw(shown.text)}</div>`;
}

function gallery(view: ViewContext, images: NewsImage[]): SafeHtml {
  if (!images.length) return html``;
  return html`<section class="news-gallery" aria-label="${view.t("news.gallery")}"><ul class="gallery">
  ${images.map((image) => html`<li><figure>${pictureTag(view, image, { sizes: "(min-width: 60em) 30em, 100vw", isLazy: true })}
    ${localize(image.caption, view.locale).text ? html`<figcaption>${localizedText(view, image.caption)}</figcaption>` : ""}</figure></li>`)}
  </ul></section>`;
}

function managerPanel(view: ViewContext, data: PostPageData): SafeHtml {
  const { t } = view;
  const { post, space } = data;
  const base = `/spaces/${space.slug}/news/${post.slug}`;
  const statusButton = (status: string, label: string) => postForm(view, `${base}/status`, html`<input type="hidden" name="status" value="${status}"><button type="submit">${label}</button>`, { className: "inline-form" });
  const form = data.reviewForm ?? { values: {}, errors: {} };
  return html`<aside class="card" aria-labelledby="news-manage-heading"><h2 id="news-manage-heading">${t("news.manage")}</h2>
  <p>${t("news.state")}: ${statusTag(view, post.status)}${post.moderationStatus !== "published" ? html` <span class="tag">${t(`news.moderation.${post.moderationStatus}`)}</span>` : ""}</p>
  ${post.moderationStatus === "held" ? html`<p class="notice">${t("news.held_notice")}</p>` : ""}
  ${post.status === "submitted"
    ? postForm(view, `${base}/review`, html`${textArea(view, form, { name: "comment", label: t("news.review_comment"), hint: t("news.review_comment_hint"), rows: 3 })}
      <p><button type="submit" name="decision" value="publish">${t("news.review.publish")}</button>
      <button type="submit" name="decision" value="return">${t("news.review.return")}</button>
      <button type="submit" name="decision" value="reject">${t("news.review.reject")}</button></p>`)
    : post.status === "published"
      ? statusButton("unpublished", t("news.unpublish"))
      : statusButton("published", t("news.publish"))}
</aside>`;
}

function authorPanel(view: ViewContext, data: PostPageData): SafeHtml {
  const { t } = view;
  const { post, space } = data;
  const base = `/spaces/${space.slug}/news/${post.slug}`;
  return html`<aside class="card" aria-labelledby="news-author-heading"><h2 id="news-author-heading">${t("news.your_story")}</h2>
  <p>${t("news.state")}: ${statusTag(view, post.status)}</p>
  <p>${t(`news.author_state.${post.status}`)}</p>
  ${post.moderationStatus === "held" ? html`<p class="notice">${post.moderationReason || t("news.held_notice")}</p>` : ""}
  ${post.reviewComment ? html`<p><strong>${t("news.review_comment")}:</strong> ${post.reviewComment}</p>` : ""}
  ${data.canEdit ? html`${postForm(view, `${base}/status`, html`<input type="hidden" name="status" value="submitted"><button type="submit">${t("news.resubmit")}</button>`)}` : ""}
</aside>`;
}

/** /spaces/:slug/news/:post — the post, its pictures, quotes, video links and related items. */
export function postPage(view: ViewContext, data: PostPageData): string {
  const { t } = view;
  const { post, space } = data;
  const title = localize(post.title, view.locale);
  const published = post.publishedAt ? html`<time datetime="${post.publishedAt.toISOString()}">${view.format.date(post.publishedAt)}</time>` : "";
  const [lead, ...rest] = data.images;
  return renderPage(view, {
    title: title.text,
    head: html`${data.head}${atomLink(`/spaces/${space.slug}/news/feed.atom`, t("news.feed_title", { space: localizedString(space.title, view.locale) }))}`,
    breadcrumbs: [
      { label: localize(space.title, view.locale), href: `/spaces/${space.slug}` },
      { label: t("news.title"), href: `/spaces/${space.slug}/news` },
      { label: title },
    ],
    body: html`<article class="news-post">
${pageHeader({
  kind: t(`news.kind.${post.kind}`),
  title: title.isFallback ? html`<span${langAttributes(view, title.locale)}>${title.text}</span>` : title.text,
  status: post.status !== "published" ? statusTag(view, post.status) : undefined,
  facts: [
    published,
    data.authors.length ? html`${t("news.by")} ${data.authors.join(", ")}` : "",
    data.organisation ? html`<a href="/organisations/${data.organisation.slug}">${localizedLabel(view, data.organisation.name)}</a>` : "",
  ],
  // Its editors' next step is editing it; a reader has nothing to do but read, so no button competes with the story.
  primary: data.canManage || (data.isAuthor && data.canEdit) ? { label: t("news.edit"), href: `/spaces/${space.slug}/news/${post.slug}/edit` } : undefined,
})}
${localize(post.lead, view.locale).text ? html`<p class="lead">${localizedText(view, post.lead)}</p>` : ""}
${lead ? html`<figure class="news-lead-image">${pictureTag(view, lead, { sizes: "(min-width: 60em) 50em, 100vw" })}${localize(lead.caption, view.locale).text ? html`<figcaption>${localizedText(view, lead.caption)}</figcaption>` : ""}</figure>` : ""}
${body(view, post)}
${post.quotes.map((quote) => html`<figure class="news-quote"><blockquote>${localizedText(view, quote.text)}</blockquote><figcaption>— ${quote.attribution}</figcaption></figure>`)}
${post.videoLinks.length
  ? html`<section aria-labelledby="news-videos-heading"><h2 id="news-videos-heading">${t("news.videos")}</h2>
    <ul class="cards">${post.videoLinks.map((link) => html`<li class="card link-card"><a href="${link.url}" rel="noopener nofollow" referrerpolicy="no-referrer">${link.title || link.url}</a>
      <p class="muted">${t("news.video_on", { host: new URL(link.url).hostname })}</p></li>`)}</ul></section>`
  : ""}
${gallery(view, rest)}
${post.topics.length ? html`<p>${t("news.topics")}: ${post.topics.map((topic) => html`<a class="tag" href="/spaces/${space.slug}/news?topic=${encodeURIComponent(topic)}">${topic}</a> `)}</p>` : ""}
${data.related.length
  ? html`<section aria-labelledby="news-related-heading"><h2 id="news-related-heading">${t("news.related")}</h2>
    <ul class="cards">${data.related.map((card) => html`<li class="card"><p class="result-meta"><span class="tag">${data.relatedLabels[card.kind] ?? card.kind}</span></p>
      <h3><a href="${card.path}">${localizedText(view, card.title)}</a></h3>${localize(card.summary, view.locale).text ? html`<p>${localizedText(view, card.summary)}</p>` : ""}</li>`)}</ul></section>`
  : ""}
</article>
${data.canManage ? managerPanel(view, data) : data.isAuthor ? authorPanel(view, data) : ""}`,
  });
}
