import { emptyState } from "../../../../platform/views/components";
import { atomLink, listFeedPath } from "../../../../platform/feeds/atom";
import { html, type SafeHtml } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { localize } from "../../../../platform/i18n/localized";
import { renderPage } from "../../../../platform/views/layout";
import { jsonLdScript } from "../../../../platform/views/meta";
import { localizedLabel, localizedParagraphs } from "../../../../platform/views/localized";
import { DOCUMENT_LANGUAGES } from "../front-matter";
import { LIST_LIMIT, type Collection, type DocumentGroupEntry } from "../queries";
import type { KnowledgeScope } from "../scope";
import { draftTag, htmlText, hubCrumbs, hubNav, languageLabel, storedHtml, tagLinks, translationLinks } from "./shared";

export type LibraryParams = { tag: string; language: string; collection: string };

export type LibraryData = { collections: Collection[]; documents: DocumentGroupEntry[]; tags: { tag: string; count: number }[]; params: LibraryParams };

/** The filter form (tag, language, collection) shared by the library and the FAQ: a GET form, so links keep it. */
function filterForm(view: ViewContext, action: string, data: LibraryData): SafeHtml {
  const { t } = view;
  const { params } = data;
  const option = (value: string, label: string | SafeHtml, selected: string) => html`<option value="${value}"${value === selected ? html` selected` : ""}>${label}</option>`;
  return html`<form method="get" action="${action}" class="filters" aria-label="${t("knowledge.filter.label")}">
  <div class="field"><label for="filter-tag">${t("knowledge.filter.tag")}</label>
  <select id="filter-tag" name="tag">${option("", t("knowledge.filter.any"), params.tag)}${data.tags.map((entry) => option(entry.tag, `${entry.tag} (${view.format.number(entry.count)})`, params.tag))}</select></div>
  <div class="field"><label for="filter-lang">${t("knowledge.filter.language")}</label>
  <select id="filter-lang" name="language">${option("", t("knowledge.filter.best_language"), params.language)}${DOCUMENT_LANGUAGES.map((code) => option(code, languageLabel(view, code), params.language))}</select></div>
  ${data.collections.length
    ? html`<div class="field"><label for="filter-collection">${t("knowledge.filter.collection")}</label>
  <select id="filter-collection" name="collection">${option("", t("knowledge.filter.any"), params.collection)}${data.collections.map((collection) => option(collection.slug, localize(collection.title, view.locale).text, params.collection))}</select></div>`
    : ""}
  <button type="submit">${t("knowledge.filter.apply")}</button>
</form>`;
}

/** Documents grouped by collection (in the collections' order; those in none last). */
export function byCollection<T extends { collectionId: string | null }>(collections: Collection[], documents: T[]): { collection: Collection | null; documents: T[] }[] {
  const groups = collections.map((collection) => ({ collection: collection as Collection | null, documents: documents.filter((document) => document.collectionId === collection.id) }));
  const known = new Set(collections.map((collection) => collection.id));
  groups.push({ collection: null, documents: documents.filter((document) => !document.collectionId || !known.has(document.collectionId)) });
  return groups.filter((group) => group.documents.length > 0);
}

function documentItem(view: ViewContext, scope: KnowledgeScope, document: DocumentGroupEntry): SafeHtml {
  return html`<li class="card">
  <h3><a href="${scope.base}/guidance/${document.slug}" lang="${document.language}">${document.title}</a>${draftTag(view, document.status)}</h3>
  <p class="muted"><span lang="${document.language}">${languageLabel(view, document.language)}</span> · ${view.t("knowledge.document.updated", { date: view.format.date(document.updatedAt) })}${document.translations.length ? html` · ${translationLinks(view, scope, document.translations)}` : ""}</p>
  ${tagLinks(scope, "guidance", document.tags)}
</li>`;
}

/** The guidance library: collections with their documents, filtered by tag, language and collection. */
export function libraryPage(view: ViewContext, scope: KnowledgeScope, data: LibraryData): string {
  const { t } = view;
  const groups = byCollection(data.collections, data.documents);
  return renderPage(view, {
    title: t("knowledge.guidance.title"),
    breadcrumbs: [...hubCrumbs(view, scope), { label: t("knowledge.guidance.title") }],
    head: atomLink(listFeedPath(`${scope.base}/guidance`), t("knowledge.guidance.title")),
    body: html`<h1>${t("knowledge.guidance.title")}</h1>
${hubNav(view, scope, `${scope.base}/guidance`)}
<p class="lead">${t("knowledge.guidance.lead")}</p>
${filterForm(view, `${scope.base}/guidance`, data)}
${groups.length
  ? groups.map(
      (group, index) => html`<section aria-labelledby="collection-${index}">
  <h2 id="collection-${index}">${group.collection ? localizedLabel(view, group.collection.title) : t("knowledge.collection.none")}</h2>
  ${group.collection ? localizedParagraphs(view, group.collection.description) : ""}
  <ul class="cards">${group.documents.map((document) => documentItem(view, scope, document))}</ul>
</section>`,
    )
  : emptyState({ title: t("knowledge.guidance.empty") })}
${data.documents.length >= LIST_LIMIT ? html`<p class="notice">${t("knowledge.list.truncated", { count: LIST_LIMIT })}</p>` : ""}`,
  });
}

export type FaqEntry = DocumentGroupEntry & { bodyHtml: string };

/** The FAQ: questions grouped by collection, each with its anchor (#slug) and its answer. */
export function faqPage(view: ViewContext, scope: KnowledgeScope, data: Omit<LibraryData, "documents"> & { documents: FaqEntry[] }): string {
  const { t } = view;
  const groups = byCollection(data.collections, data.documents);
  return renderPage(view, {
    title: t("knowledge.faq.title"),
    head: data.documents.length
      ? jsonLdScript({
          "@type": "FAQPage",
          mainEntity: data.documents.map((entry) => ({ "@type": "Question", name: entry.title, inLanguage: entry.language, acceptedAnswer: { "@type": "Answer", text: htmlText(entry.bodyHtml) } })),
        })
      : undefined,
    breadcrumbs: [...hubCrumbs(view, scope), { label: t("knowledge.faq.title") }],
    body: html`<h1>${t("knowledge.faq.title")}</h1>
${hubNav(view, scope, `${scope.base}/faq`)}
<p class="lead">${t("knowledge.faq.lead")}</p>
${filterForm(view, `${scope.base}/faq`, data)}
${groups.length
  ? html`<nav aria-labelledby="faq-contents"><h2 id="faq-contents">${t("knowledge.document.contents")}</h2><ul>${groups.map(
      (group) => html`<li>${group.collection ? localizedLabel(view, group.collection.title) : t("knowledge.collection.none")}<ul>${group.documents.map((entry) => html`<li><a href="#${entry.slug}" lang="${entry.language}">${entry.title}</a></li>`)}</ul></li>`,
    )}</ul></nav>
${groups.map(
  (group, index) => html`<section aria-labelledby="faq-group-${index}">
  <h2 id="faq-group-${index}">${group.collection ? localizedLabel(view, group.collection.title) : t("knowledge.collection.none")}</h2>
  ${group.documents.map(
    (entry) => html`<article id="${entry.slug}" lang="${entry.language}" class="stack">
    <h3><a href="${scope.base}/guidance/${entry.slug}">${entry.title}</a>${draftTag(view, entry.status)}</h3>
    <div>${storedHtml(entry.bodyHtml)}</div>
    <p class="muted" lang="${view.locale}">${entry.translations.length ? translationLinks(view, scope, entry.translations) : ""}</p>
    ${tagLinks(scope, "faq", entry.tags)}
  </article>`,
  )}
</section>`,
)}`
  : html`<p class="muted">${t("knowledge.faq.empty")}</p>`}`,
  });
}
