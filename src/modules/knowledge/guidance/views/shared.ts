import { html, raw, type SafeHtml } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { localize } from "../../../../platform/i18n/localized";
import type { Breadcrumb } from "../../../../platform/views/layout";
import { ownLanguageName } from "../../../../platform/views/localized";
import type { KnowledgeScope } from "../scope";

/** The trail down to a hub: Spaces › Space › Knowledge, or just Knowledge at platform level. */
export function hubCrumbs(view: ViewContext, scope: KnowledgeScope, isCurrent = false): Breadcrumb[] {
  const hub: Breadcrumb = { label: view.t("knowledge.hub.title"), ...(isCurrent ? {} : { href: scope.base }) };
  if (!scope.space) return [hub];
  return [{ label: view.t("space.list.title"), href: "/spaces" }, { label: localize(scope.space.title, view.locale), href: `/spaces/${scope.space.slug}` }, hub];
}

/** The hub's own sections, the current one marked. */
export function hubNav(view: ViewContext, scope: KnowledgeScope, current: string): SafeHtml {
  const { t } = view;
  const items = [
    { href: scope.base, label: t("knowledge.hub.title") },
    { href: `${scope.base}/guidance`, label: t("knowledge.guidance.title") },
    { href: `${scope.base}/faq`, label: t("knowledge.faq.title") },
    ...(scope.canManage
      ? [
          // what coordinators work on, reachable from every page of the hub: questions, the glossary, reviews
          { href: `${scope.base}/enquiries`, label: t("knowledge.hub.enquiries") },
          { href: `${scope.base}/glossary`, label: t("knowledge.glossary.title") },
          // practices are reviewed per space (the platform-wide list only gathers the spaces' published ones)
          ...(scope.space ? [{ href: `${scope.base}/practices/review`, label: t("knowledge.hub.practices_review") }] : []),
          { href: `${scope.base}/resources/manage`, label: t("knowledge.hub.resources_manage") },
          { href: `${scope.base}/guidance/new`, label: t("knowledge.document.new") },
          { href: `${scope.base}/import`, label: t("knowledge.import.title") },
          { href: `${scope.base}/collections`, label: t("knowledge.collection.title") },
        ]
      : []),
  ];
  return html`<nav aria-label="${t("knowledge.hub.sections")}"><ul class="nav tags">${items.map((item) => html`<li><a href="${item.href}"${item.href === current ? html` aria-current="page"` : ""}>${item.label}</a></li>`)}</ul></nav>`;
}

/** A document language's name, e.g. "Русский". */
export function languageLabel(view: ViewContext, code: string): string {
  return ownLanguageName(code, view.locale);
}

/** The "draft" mark coordinators see beside unpublished documents. */
export function draftTag(view: ViewContext, status: string): SafeHtml {
  return status === "draft" ? html` <span class="tag">${view.t("knowledge.document.status.draft")}</span>` : html``;
}

/** Links to a document's other languages: "also in: Русский". */
export function translationLinks(view: ViewContext, scope: KnowledgeScope, translations: { slug: string; language: string; title: string }[]): SafeHtml {
  if (!translations.length) return html``;
  return html`<span class="muted">${view.t("knowledge.document.also_in")}</span> ${translations.map(
    (other, index) => html`${index ? ", " : ""}<a href="${scope.base}/guidance/${other.slug}" hreflang="${other.language}" lang="${other.language}" title="${other.title}">${languageLabel(view, other.language)}</a>`,
  )}`;
}

/** Tags as links to the list filtered by each. */
export function tagLinks(scope: KnowledgeScope, page: "guidance" | "faq", tags: string[]): SafeHtml {
  if (!tags.length) return html``;
  return html`<ul class="nav tags">${tags.map((tag) => html`<li><a href="${scope.base}/${page}?tag=${encodeURIComponent(tag)}">${tag}</a></li>`)}</ul>`;
}

/** HTML rendered from the Markdown when the document was saved (sections.ts: raw HTML in the source is escaped, links limited). */
export function storedHtml(markup: string): SafeHtml {
  return raw(markup);
}

/** Plain text of stored HTML, for metadata (our own sanitised markup: tags dropped, the five entities decoded). */
export function htmlText(markup: string): string {
  return markup
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
