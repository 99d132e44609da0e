import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, type LocalizedText } from "../../../platform/i18n/localized";
import { renderPage } from "../../../platform/views/layout";
import { languageName, localizedParagraphs, localizedText } from "../../../platform/views/localized";
import type { FrameworkNode, FrameworkSummary } from "../queries";
import { localizedExcerpt } from "./shared";

const KNOWN_KINDS = new Set(["goal", "target", "objective", "pillar", "action_area", "indicator", "item"]);

/** The name of an item kind in the page's language; kinds a coordinator invented are shown as written. */
export function kindLabel(view: ViewContext, kind: string): string {
  return KNOWN_KINDS.has(kind) ? view.t(`framework.kind.${kind}`) : kind;
}

/** The "unofficial translation" note, shown when the page's language is one Convene's authors translated. */
function unofficialNote(view: ViewContext, framework: Pick<FrameworkSummary, "unofficialLocales">): SafeHtml | "" {
  if (!framework.unofficialLocales.includes(view.locale)) return "";
  return html`<p class="notice" role="note">${view.t("framework.unofficial_note", { language: languageName(view.locale, view.locale) })}</p>`;
}

function frameworkCard(view: ViewContext, framework: FrameworkSummary): SafeHtml {
  const { t } = view;
  return html`<li class="card">
  <h3><a href="/frameworks/${framework.key}">${localizedText(view, framework.name)}</a></h3>
  <p><code>${framework.key}</code> · ${t("framework.item_count", { count: framework.itemCount })}</p>
  <p>${localizedExcerpt(view, framework.description, 180)}</p>
  ${framework.unofficialLocales.includes(view.locale) ? html`<p><span class="tag">${t("framework.unofficial_tag")}</span></p>` : ""}
  ${framework.ownerSpace ? html`<p>${t("framework.defined_by")} <a href="/spaces/${framework.ownerSpace.slug}">${localizedText(view, framework.ownerSpace.title)}</a></p>` : ""}
</li>`;
}

/** /frameworks: the reference frameworks, then frameworks spaces imported (those the viewer may see). */
export function frameworksPage(view: ViewContext, frameworks: FrameworkSummary[]): string {
  const { t } = view;
  const reference = frameworks.filter((framework) => !framework.ownerSpaceId);
  const custom = frameworks.filter((framework) => framework.ownerSpaceId);
  return renderPage(view, {
    title: t("framework.list.title"),
    body: html`<h1>${t("framework.list.title")}</h1>
<p class="lead">${t("framework.list.lead")}</p>
<section aria-labelledby="reference-frameworks">
  <h2 id="reference-frameworks">${t("framework.list.reference")}</h2>
  <ul class="cards">${reference.map((framework) => frameworkCard(view, framework))}</ul>
</section>
${custom.length
  ? html`<section aria-labelledby="custom-frameworks">
  <h2 id="custom-frameworks">${t("framework.list.custom")}</h2>
  <ul class="cards">${custom.map((framework) => frameworkCard(view, framework))}</ul>
</section>`
  : ""}`,
  });
}

function itemLabel(view: ViewContext, label: LocalizedText): SafeHtml {
  return localizedText(view, label);
}

/** The items as nested lists: the hierarchy is the list structure itself, for screen readers too. */
export function itemTree(view: ViewContext, nodes: FrameworkNode[]): SafeHtml {
  if (!nodes.length) return html``;
  return html`<ul class="stack">${nodes.map(
    (node) => html`<li id="item-${node.key}">
    <span class="tag">${kindLabel(view, node.kind)}${node.number ? html` ${node.number}` : ""}</span>
    ${itemLabel(view, node.label)}
    <code class="muted">${node.key}</code>
    ${itemTree(view, node.children)}
  </li>`,
  )}</ul>`;
}

export type FrameworkPageData = { framework: FrameworkSummary; tree: FrameworkNode[]; spaces: { slug: string; title: LocalizedText }[] };

/** /frameworks/:key: a framework's description, source, the spaces using it and its items. */
export function frameworkPage(view: ViewContext, data: FrameworkPageData): string {
  const { t } = view;
  const { framework } = data;
  const name = localize(framework.name, view.locale);
  return renderPage(view, {
    title: name.text,
    breadcrumbs: [{ label: t("framework.list.title"), href: "/frameworks" }, { label: name }],
    body: html`<h1>${localizedText(view, framework.name)}</h1>
${unofficialNote(view, framework)}
${localizedParagraphs(view, framework.description)}
<dl class="facts">
  <dt>${t("framework.key")}</dt><dd><code>${framework.key}</code></dd>
  <dt>${t("framework.items")}</dt><dd>${t("framework.item_count", { count: framework.itemCount })}</dd>
  ${framework.source ? html`<dt>${t("framework.source")}</dt><dd>${framework.source}</dd>` : ""}
  ${framework.ownerSpace ? html`<dt>${t("framework.defined_by")}</dt><dd><a href="/spaces/${framework.ownerSpace.slug}">${localizedText(view, framework.ownerSpace.title)}</a></dd>` : ""}
  ${framework.unofficialLocales.length
    ? html`<dt>${t("framework.unofficial_languages")}</dt><dd>${framework.unofficialLocales.map((code) => languageName(code, view.locale)).join(", ")}</dd>`
    : ""}
  ${data.spaces.length
    ? html`<dt>${t("framework.used_by")}</dt><dd>${data.spaces.map((space, index) => html`${index ? ", " : ""}<a href="/spaces/${space.slug}">${localizedText(view, space.title)}</a>`)}</dd>`
    : ""}
</dl>
<section aria-labelledby="framework-items">
  <h2 id="framework-items">${t("framework.items")}</h2>
  ${data.tree.length ? itemTree(view, data.tree) : html`<p class="muted">${t("framework.no_items")}</p>`}
</section>`,
  });
}
