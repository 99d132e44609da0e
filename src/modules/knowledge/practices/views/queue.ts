import { html } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { localize, type LocalizedText } from "../../../../platform/i18n/localized";
import { renderPage } from "../../../../platform/views/layout";
import { localizedLabel, localizedText } from "../../../../platform/views/localized";
import { scrollableTable } from "../../../../platform/views/table";
import type { QueueItem } from "../queries";
import { kindLabel } from "./shared";

/** /spaces/:slug/knowledge/practices/review — practices waiting for a coordinator, the longest-waiting first. */
export function reviewQueuePage(view: ViewContext, space: { slug: string; title: LocalizedText }, items: QueueItem[]): string {
  const { t } = view;
  const title = t("knowledge.practice.queue.title");
  const base = `/spaces/${space.slug}/knowledge/practices`;
  return renderPage(view, {
    title,
    breadcrumbs: [{ label: localize(space.title, view.locale), href: `/spaces/${space.slug}` }, { label: t("knowledge.practice.title"), href: base }, { label: title }],
    body: html`<h1>${title}</h1>
<p class="lead">${t("knowledge.practice.queue.count", { count: items.length })}</p>
${items.length
  ? scrollableTable(t("knowledge.practice.queue.caption"), html`<table>
  <caption>${t("knowledge.practice.queue.caption")}</caption>
  <thead><tr><th scope="col">${t("knowledge.practice.field.title")}</th><th scope="col">${t("knowledge.practice.field.kind")}</th>
    <th scope="col">${t("knowledge.practice.field.organisation")}</th><th scope="col">${t("knowledge.practice.queue.submitted")}</th><th scope="col">${t("knowledge.practice.queue.screening")}</th></tr></thead>
  <tbody>${items.map((item) => html`<tr>
    <th scope="row"><a href="${base}/${item.id}">${localizedText(view, item.title)}</a></th>
    <td>${kindLabel(view, item.kind)}</td>
    <td>${localizedLabel(view, item.organisationName)}</td>
    <td><time datetime="${item.submittedAt.toISOString()}">${view.format.date(item.submittedAt)}</time></td>
    <td>${item.screeningTerms.length ? t("knowledge.practice.queue.flagged") : "—"}</td>
  </tr>`)}</tbody>
</table>`)
  : html`<p>${t("knowledge.practice.queue.empty")}</p>`}`,
  });
}
