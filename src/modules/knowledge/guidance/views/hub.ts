import { html } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { localize } from "../../../../platform/i18n/localized";
import { MAX_QUERY_LENGTH } from "../../../../platform/search/query";
import { renderPage } from "../../../../platform/views/layout";
import type { DocumentSummary } from "../queries";
import type { KnowledgeScope } from "../scope";
import { draftTag, hubCrumbs, hubNav } from "./shared";

/**
 * The knowledge hub's landing page: ask a question, then cards to every part of the hub (guidance, FAQ,
 * good practices, funding and resources, experts, site search) and the recently updated documents.
 */
export function hubPage(view: ViewContext, scope: KnowledgeScope, recent: DocumentSummary[]): string {
  const { t } = view;
  const spaceTitle = scope.space ? localize(scope.space.title, view.locale).text : null;
  // a space's hub searches that space (its glossary too); the results page links to searching everywhere
  const searchHref = scope.space ? `/search?space=${encodeURIComponent(scope.space.slug)}` : "/search";
  type Card = { href: string; title: string; text: string; more?: { href: string; label: string } };
  const cards: Card[] = [
    { href: `${scope.base}/guidance`, title: t("knowledge.guidance.title"), text: t("knowledge.hub.card.guidance") },
    { href: `${scope.base}/faq`, title: t("knowledge.faq.title"), text: t("knowledge.hub.card.faq") },
    { href: `${scope.base}/practices`, title: t("knowledge.hub.practices"), text: t("knowledge.hub.card.practices") },
    { href: `${scope.base}/resources`, title: t("knowledge.hub.resources"), text: t("knowledge.hub.card.resources"), more: { href: `${scope.base}/resources/closing-soon`, label: t("resource.closing.link") } },
    { href: "/experts", title: t("knowledge.hub.experts"), text: t("knowledge.hub.card.experts") },
    { href: searchHref, title: t("knowledge.hub.search"), text: t("knowledge.hub.card.search") },
    // the frameworks (SDGs, GBF targets, GCM objectives …) are reference knowledge: reached from here and the footer
    ...(scope.space ? [] : [{ href: "/frameworks", title: t("nav.frameworks"), text: t("knowledge.hub.card.frameworks") }]),
  ];
  return renderPage(view, {
    title: spaceTitle ? `${t("knowledge.hub.title")} — ${spaceTitle}` : t("knowledge.hub.title"),
    breadcrumbs: hubCrumbs(view, scope, true),
    body: html`<h1>${t("knowledge.hub.title")}</h1>
${hubNav(view, scope, scope.base)}
<p class="lead">${scope.space ? t("knowledge.hub.lead_space") : t("knowledge.hub.lead")}</p>
<form method="get" action="${scope.base}/ask" role="search" class="filters">
  <div class="field"><label for="knowledge-ask">${t("knowledge.hub.ask_label")}</label>
  <p class="hint" id="knowledge-ask-hint">${t("knowledge.hub.ask_hint")}</p>
  <textarea id="knowledge-ask" name="q" rows="2" maxlength="${MAX_QUERY_LENGTH}" aria-describedby="knowledge-ask-hint"></textarea></div>
  <button type="submit">${t("knowledge.hub.ask_button")}</button>
</form>
<ul class="cards">${cards.map((card) => html`<li class="card"><h2><a href="${card.href}">${card.title}</a></h2><p>${card.text}</p>${card.more ? html`<p><a href="${card.more.href}">${card.more.label}</a></p>` : ""}</li>`)}</ul>
${recent.length
  ? html`<section aria-labelledby="knowledge-recent"><h2 id="knowledge-recent">${t("knowledge.hub.recent")}</h2>
  <ul>${recent.map((document) => html`<li><a href="${scope.base}/${document.kind === "faq" ? `faq#${document.slug}` : `guidance/${document.slug}`}" lang="${document.language}">${document.title}</a>${draftTag(view, document.status)} <span class="muted">${view.format.date(document.updatedAt)}</span></li>`)}</ul></section>`
  : ""}`,
  });
}
