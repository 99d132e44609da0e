import { html, type SafeHtml } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { localizedString } from "../../../../platform/i18n/localized";
import { badge, pageHeader } from "../../../../platform/views/components";
import { renderPage } from "../../../../platform/views/layout";
import { absoluteUrl, jsonLdScript, openGraphTags } from "../../../../platform/views/meta";
import { langAttributes, localizedLabel } from "../../../../platform/views/localized";
import { postForm } from "../../../../platform/views/forms";
import type { DiffLine } from "../../../../platform/text-diff/line-diff";
import type { DocumentPage, DocumentRow, VersionSummary, VersionText } from "../queries";
import type { KnowledgeScope } from "../scope";
import { htmlText, hubCrumbs, hubNav, languageLabel, storedHtml, tagLinks, translationLinks } from "./shared";

function documentCrumbs(view: ViewContext, scope: KnowledgeScope, document: Pick<DocumentRow, "kind" | "slug" | "title" | "language">, isCurrent: boolean) {
  const list = document.kind === "faq" ? { label: view.t("knowledge.faq.title"), href: `${scope.base}/faq` } : { label: view.t("knowledge.guidance.title"), href: `${scope.base}/guidance` };
  // The title is in the document's language, which may not be the page's: the crumb is marked with it.
  const label = { text: document.title, locale: document.language, isFallback: document.language !== view.locale };
  return [...hubCrumbs(view, scope), list, { label, ...(isCurrent ? {} : { href: `${scope.base}/guidance/${document.slug}` }) }];
}

/**
 * A document: its title, a table of contents linking each section's anchor, the sections as stored HTML, links
 * to its translations, tags, the date it last changed and its version. Coordinators get the editing links.
 */
export function documentPage(view: ViewContext, scope: KnowledgeScope, data: DocumentPage): string {
  const { t } = view;
  const { document, sections } = data;
  const headed = sections.filter((section) => !(section.position === 0 && section.level === 1));
  const path = `${scope.base}/guidance/${document.slug}`;
  const url = absoluteUrl(view, path);
  const description = htmlText(sections.map((section) => section.bodyHtml).join(" ")).slice(0, 300);
  return renderPage(view, {
    title: document.title,
    head: html`${openGraphTags({ title: document.title, description, url, locale: document.language, type: "article", publishedAt: document.publishedAt ?? undefined, updatedAt: document.updatedAt, share: { kind: "guidance", context: scope.space ? localizedString(scope.space.title, document.language) : "" } })}
${jsonLdScript({
      "@type": document.kind === "faq" ? "Question" : "Article",
      [document.kind === "faq" ? "name" : "headline"]: document.title,
      inLanguage: document.language,
      dateModified: document.updatedAt.toISOString(),
      version: document.version,
      keywords: document.tags.join(", "),
      ...(description ? { description } : {}),
      url,
    })}`,
    breadcrumbs: documentCrumbs(view, scope, document, true),
    // The document is in its own language, which may not be the page's: its title and text carry it, the page's parts do not.
    body: html`<article>
${pageHeader({
  kind: t(document.kind === "faq" ? "search.type.faq" : "search.type.guidance"),
  title: html`<span${langAttributes(view, document.language)}>${document.title}</span>`,
  status: document.status === "draft" ? badge(t("knowledge.document.status.draft"), "warning") : undefined,
  facts: [
    html`<span lang="${document.language}">${languageLabel(view, document.language)}</span>`,
    t("knowledge.document.updated", { date: view.format.date(document.updatedAt) }),
    html`<a href="${path}/versions">${t("knowledge.document.version", { version: document.version })}</a>`,
    data.collection ? localizedLabel(view, data.collection.title) : "",
  ],
  // Coordinators keep the text current: editing is their next step, a translation the other one.
  primary: scope.canManage ? { label: t("knowledge.document.edit"), href: `${path}/edit` } : undefined,
  secondary: scope.canManage
    ? [{ label: t("knowledge.document.translate"), href: `${scope.base}/guidance/new?translationOf=${encodeURIComponent(document.translationOf && data.original ? data.original.slug : document.slug)}&language=${document.language === "ru" ? "en" : "ru"}&kind=${document.kind}` }]
    : [],
})}
${hubNav(view, scope, "")}
${data.translations.length ? html`<p>${translationLinks(view, scope, data.translations)}</p>` : ""}
${headed.length > 1
  ? html`<nav aria-labelledby="document-contents"><h2 id="document-contents">${t("knowledge.document.contents")}</h2><ol>${headed.map(
      (section) => html`<li${section.level === 3 ? html` class="muted"` : ""}><a href="#${section.anchor}" lang="${document.language}">${section.heading}</a></li>`,
    )}</ol></nav>`
  : ""}
<div${langAttributes(view, document.language)}>
${sections.map((section) =>
  section.position === 0 && section.level === 1
    ? html`<div id="${section.anchor}">${storedHtml(section.bodyHtml)}</div>`
    : html`<section aria-labelledby="${section.anchor}">${section.level === 3 ? html`<h3 id="${section.anchor}">${section.heading}</h3>` : html`<h2 id="${section.anchor}">${section.heading}</h2>`}${storedHtml(section.bodyHtml)}</section>`,
)}
</div>
<footer>${tagLinks(scope, document.kind === "faq" ? "faq" : "guidance", document.tags)}</footer>
</article>`,
  });
}

function sourceLabel(view: ViewContext, source: string): string {
  return view.t(`knowledge.document.source.${source}`);
}

/** Every version of a document: who saved it, when, from where, with a note; view one, or compare two. */
export function historyPage(view: ViewContext, scope: KnowledgeScope, document: DocumentRow, versions: VersionSummary[]): string {
  const { t } = view;
  const path = `${scope.base}/guidance/${document.slug}`;
  const newest = versions[0]?.version ?? 1;
  const radio = (name: string, version: number, isChecked: boolean) =>
    html`<input type="radio" name="${name}" value="${version}" id="${name}-${version}"${isChecked ? html` checked` : ""}><label class="sr-only" for="${name}-${version}">${t(name === "from" ? "knowledge.history.compare_from" : "knowledge.history.compare_to", { version })}</label>`;
  return renderPage(view, {
    title: `${t("knowledge.history.title")} — ${document.title}`,
    breadcrumbs: [...documentCrumbs(view, scope, document, false), { label: t("knowledge.history.title") }],
    body: html`<h1>${t("knowledge.history.title")}: <span lang="${document.language}">${document.title}</span></h1>
<form method="get" action="${path}/compare">
<div class="table-scroll" role="region" tabindex="0" aria-labelledby="history-caption"><table>
<caption id="history-caption">${t("knowledge.history.caption")}</caption>
<thead><tr><th scope="col">${t("knowledge.history.version")}</th><th scope="col">${t("knowledge.history.when")}</th><th scope="col">${t("knowledge.history.who")}</th><th scope="col">${t("knowledge.history.source")}</th><th scope="col">${t("knowledge.history.note")}</th><th scope="col">${t("knowledge.history.compare")}</th></tr></thead>
<tbody>${versions.map(
      (version) => html`<tr><td><a href="${path}/versions/${version.version}">${t("knowledge.document.version", { version: version.version })}</a></td><td>${view.format.dateTime(version.createdAt)}</td><td>${version.editorName ?? t("knowledge.history.nobody")}</td><td>${sourceLabel(view, version.source)}</td><td>${version.note}</td><td>${versions.length > 1 ? html`${radio("from", version.version, version.version === newest - 1)} ${radio("to", version.version, version.version === newest)}` : ""}</td></tr>`,
    )}</tbody></table></div>
${versions.length > 1 ? html`<p><button type="submit">${t("knowledge.history.compare_button")}</button></p>` : ""}
</form>`,
  });
}

/** One stored version's text, as written (Markdown shown as text, not rendered: it is a record). */
export function versionPage(view: ViewContext, scope: KnowledgeScope, document: DocumentRow, version: VersionText): string {
  const { t } = view;
  const path = `${scope.base}/guidance/${document.slug}`;
  return renderPage(view, {
    title: `${t("knowledge.document.version", { version: version.version })} — ${document.title}`,
    breadcrumbs: [...documentCrumbs(view, scope, document, false), { label: t("knowledge.history.title"), href: `${path}/versions` }, { label: t("knowledge.document.version", { version: version.version }) }],
    body: html`<h1>${t("knowledge.document.version", { version: version.version })}: <span lang="${document.language}">${version.title}</span></h1>
<p class="muted">${view.format.dateTime(version.createdAt)} · ${sourceLabel(view, version.source)}${version.note ? html` · ${version.note}` : ""}</p>
${version.version !== document.version ? html`<p class="notice">${t("knowledge.history.old_version", { current: document.version })} <a href="${path}">${t("knowledge.history.see_current")}</a></p>` : ""}
${version.tags.length ? html`<p>${t("knowledge.document.tags")}: ${version.tags.join(", ")}</p>` : ""}
<pre class="source" lang="${document.language}">${version.bodyMd}</pre>`,
  });
}

function diffLine(line: DiffLine): SafeHtml {
  if (line.kind === "added") return html`<ins>+ ${line.text}</ins>\n`;
  if (line.kind === "removed") return html`<del>- ${line.text}</del>\n`;
  return html`  ${line.text}\n`;
}

/** Two versions side by side as one line diff (removed lines struck, added lines marked), title and tags too. */
export function comparePage(view: ViewContext, scope: KnowledgeScope, document: DocumentRow, from: VersionText, to: VersionText, lines: DiffLine[]): string {
  const { t } = view;
  const path = `${scope.base}/guidance/${document.slug}`;
  const changes = lines.filter((line) => line.kind !== "same").length;
  return renderPage(view, {
    title: `${t("knowledge.history.compare_title", { from: from.version, to: to.version })} — ${document.title}`,
    breadcrumbs: [...documentCrumbs(view, scope, document, false), { label: t("knowledge.history.title"), href: `${path}/versions` }, { label: t("knowledge.history.compare_title", { from: from.version, to: to.version }) }],
    body: html`<h1>${t("knowledge.history.compare_title", { from: from.version, to: to.version })}</h1>
<dl class="facts">
<dt>${t("knowledge.document.field.title")}</dt><dd lang="${document.language}">${from.title === to.title ? to.title : html`<del>${from.title}</del> → <ins>${to.title}</ins>`}</dd>
<dt>${t("knowledge.document.tags")}</dt><dd>${from.tags.join(", ") === to.tags.join(", ") ? to.tags.join(", ") || "—" : html`<del>${from.tags.join(", ") || "—"}</del> → <ins>${to.tags.join(", ") || "—"}</ins>`}</dd>
</dl>
<p>${t("knowledge.history.changed_lines", { count: changes })}</p>
<pre class="source diff" lang="${document.language}">${lines.map(diffLine)}</pre>`,
  });
}

/** Asks before deleting a document (its versions go with it). */
export function deletePage(view: ViewContext, scope: KnowledgeScope, document: DocumentRow): string {
  const { t } = view;
  const path = `${scope.base}/guidance/${document.slug}`;
  return renderPage(view, {
    title: t("knowledge.document.delete_title"),
    breadcrumbs: [...documentCrumbs(view, scope, document, false), { label: t("knowledge.document.delete_title") }],
    body: html`<h1>${t("knowledge.document.delete_title")}</h1>
<p>${t("knowledge.document.delete_lead")} <strong lang="${document.language}">${document.title}</strong></p>
${postForm(view, `${path}/delete`, html`<button type="submit" class="danger">${t("knowledge.document.delete")}</button> <a href="${path}">${t("knowledge.document.cancel")}</a>`)}`,
  });
}
