import { atomLink, listFeedPath } from "../../../platform/feeds/atom";
import { html, type HtmlValue } from "../../../platform/html";
import { consultationParticipationLinks, sessionGroupLinks } from "./participation-links";
import type { ViewContext } from "../../../platform/http/context";
import { localize, localizedString } from "../../../platform/i18n/localized";
import { postForm } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import { absoluteUrl, jsonLdScript, openGraphTags } from "../../../platform/views/meta";
import { localizedParagraphs, localizedText } from "../../../platform/views/localized";
import type { ViewedSpace } from "../../spaces/queries";
import type { ConsultationForViewer } from "../queries";
import type { ConsultationListItem, ConsultationStructure, GroupOverview, TopicOverview } from "../queries-structure";
import { consultationCrumbs, consultationPath, consultationsPath, stateBadge, windowText } from "./structure-shared";

/** /spaces/:slug/consultations — open now first, each with its state and dates. */
export function consultationListPage(view: ViewContext, space: ViewedSpace, items: ConsultationListItem[], options: { canCreate: boolean }): string {
  const body = html`<h1>${view.t("consultation.structure.list.title")}</h1>
${options.canCreate ? html`<p><a class="button" href="${consultationsPath(space.slug)}/new">${view.t("consultation.structure.list.new")}</a></p>` : ""}
${items.length
  ? html`<ul class="consultation-list">${items.map(
      (item) => html`<li>
  <h2><a href="${consultationPath(space.slug, item.consultation.slug)}">${localizedText(view, item.consultation.title)}</a></h2>
  <p>${stateBadge(view, item.state, item.consultation.status)} <span class="muted">${windowText(view, item.consultation)}</span></p>
  <p class="muted">${view.t("consultation.structure.list.topics", { count: item.topicCount, open: item.openTopicCount })}</p>
</li>`,
    )}</ul>`
  : html`<p class="muted">${view.t("consultation.structure.list.empty")}</p>`}`;
  return renderPage(view, {
    title: view.t("consultation.structure.list.title"),
    breadcrumbs: consultationCrumbs(view, space).slice(0, 1).concat({ label: view.t("consultation.structure.list.title") }),
    head: atomLink(listFeedPath(consultationsPath(space.slug)), view.t("consultation.structure.list.title")),
    body,
  });
}

const topicPath = (loaded: ConsultationForViewer, number: number) => `${consultationPath(loaded.space.slug, loaded.consultation.slug)}/topics/${number}`;
const groupPath = (loaded: ConsultationForViewer, number: number) => `${consultationPath(loaded.space.slug, loaded.consultation.slug)}/groups/${number}`;

function topicItem(view: ViewContext, loaded: ConsultationForViewer, topic: TopicOverview): HtmlValue {
  return html`<li class="topic state-${topic.state}">
  <a href="${topicPath(loaded, topic.number)}">${view.t("consultation.structure.topic.label", { number: topic.number })}: ${localizedText(view, topic.title)}</a>
  ${stateBadge(view, topic.state, loaded.consultation.status)} <span class="muted">${windowText(view, topic.window)} · ${view.t("consultation.structure.overview.questions", { count: topic.questionCount })} · ${view.t("consultation.structure.overview.contributions", { count: topic.contributionCount })}</span>
  ${loaded.access.canManage ? html` <a class="button-small secondary" href="${topicPath(loaded, topic.number)}/edit">${view.t("consultation.structure.overview.edit_topic")}</a>` : ""}
</li>`;
}

function groupHeading(view: ViewContext, group: GroupOverview): string {
  return view.t("consultation.structure.group.heading", { kind: view.t(`consultation.structure.kind.${group.kind}`), number: group.number });
}

function groupSection(view: ViewContext, loaded: ConsultationForViewer, group: GroupOverview): HtmlValue {
  return html`<section class="group" id="group-${group.number}">
  <h3><a href="${groupPath(loaded, group.number)}">${groupHeading(view, group)}: ${localizedText(view, group.title)}</a></h3>
  <p>${stateBadge(view, group.state, loaded.consultation.status)} <span class="muted">${windowText(view, group.window)}</span></p>
  ${group.facilitators.length ? html`<p class="muted">${view.t("consultation.structure.overview.facilitators", { names: group.facilitators.map((person) => person.displayName).join(", ") })}</p>` : ""}
  ${loaded.access.canManage
    ? html`<p><a class="button-small secondary" href="${groupPath(loaded, group.number)}/edit">${view.t("consultation.structure.overview.edit_group")}</a> <a class="button-small secondary" href="${groupPath(loaded, group.number)}/topics/new">${view.t("consultation.structure.overview.add_topic")}</a></p>`
    : ""}
  ${group.topics.length ? html`<ul class="topics">${group.topics.map((topic) => topicItem(view, loaded, topic))}</ul>` : html`<p class="muted">${view.t("consultation.structure.group.no_topics")}</p>`}
</section>`;
}

function manageBar(view: ViewContext, loaded: ConsultationForViewer): HtmlValue {
  if (!loaded.access.canManage) return "";
  const base = consultationPath(loaded.space.slug, loaded.consultation.slug);
  return html`<aside class="manage" aria-label="${view.t("consultation.structure.overview.manage")}">
  <a class="button-small secondary" href="${base}/settings">${view.t("consultation.structure.overview.edit_settings")}</a>
  ${loaded.consultation.status === "draft" ? postForm(view, `${base}/publish`, html`<button type="submit">${view.t("consultation.structure.overview.publish")}</button>`, { className: "inline-form" }) : ""}
  ${loaded.consultation.archivedAt
    ? postForm(view, `${base}/unarchive`, html`<button type="submit" class="secondary">${view.t("consultation.structure.overview.unarchive")}</button>`, { className: "inline-form" })
    : postForm(view, `${base}/archive`, html`<button type="submit" class="secondary">${view.t("consultation.structure.overview.archive")}</button>`, { className: "inline-form" })}
</aside>`;
}

/** /spaces/:slug/consultations/:consultation — what is open now, what comes next, then every group and topic. */
export function consultationOverviewPage(view: ViewContext, loaded: ConsultationForViewer, structure: ConsultationStructure, options: { isFollowing: boolean }): string {
  const { consultation } = loaded;
  const base = `/spaces/${loaded.space.slug}/consultations/${consultation.slug}`;
  // the report is public once the consultation closes; facilitators reach it (and the findings) at any time
  const outputs = [
    loaded.access.canFacilitateAny || loaded.state === "closed" || loaded.state === "archived" ? html`<a href="${base}/report">${view.t("consultation.synthesis.report.title")}</a>` : "",
    loaded.access.canFacilitateAny ? html`<a href="${base}/findings">${view.t("consultation.synthesis.findings.title")}</a>` : "",
    loaded.access.canModerate ? html`<a href="/spaces/${loaded.space.slug}/moderation">${view.t("consultation.moderation.queue.title")}</a>` : "",
  ].filter((link) => link !== "");
  const body = html`<h1>${localizedText(view, consultation.title)}</h1>
<p>${stateBadge(view, loaded.state, consultation.status)} <span class="muted">${windowText(view, consultation)} · ${view.t(`consultation.structure.visibility.${consultation.visibility}`)}</span></p>
${consultation.status === "draft" ? html`<p class="notice">${view.t("consultation.structure.overview.draft_notice")}</p>` : ""}
${manageBar(view, loaded)}
<div class="lead">${localizedParagraphs(view, consultation.description)}</div>
${structure.openNow.length
  ? // taking part is what the page is for: straight to the open topic's form, or to the open topics when several are
    html`<p class="consultation-next"><a class="button" href="${structure.openNow.length === 1 ? `${topicPath(loaded, structure.openNow[0]!.number)}#contribute` : "#open-now"}">${view.t("consultation.contributions.jump_to_form")}</a></p>`
  : ""}
${consultationParticipationLinks(view, loaded, options.isFollowing)}
${outputs.length ? html`<p class="consultation-outputs">${outputs.map((link, index) => html`${index ? " · " : ""}${link}`)}</p>` : ""}
<section class="open-now" aria-labelledby="open-now">
  <h2 id="open-now">${view.t("consultation.structure.overview.open_now")}</h2>
  ${structure.openNow.length ? html`<ul class="topics">${structure.openNow.map((topic) => topicItem(view, loaded, topic))}</ul>` : html`<p class="muted">${view.t("consultation.structure.overview.open_none")}</p>`}
</section>
<section class="next" aria-labelledby="next">
  <h2 id="next">${view.t("consultation.structure.overview.next")}</h2>
  ${structure.next.length ? html`<ul class="topics">${structure.next.map((topic) => topicItem(view, loaded, topic))}</ul>` : html`<p class="muted">${view.t("consultation.structure.overview.next_none")}</p>`}
</section>
<h2>${view.t("consultation.structure.overview.groups")}</h2>
${structure.groups.length ? structure.groups.map((group) => groupSection(view, loaded, group)) : html`<p class="muted">${view.t("consultation.structure.overview.no_groups")}</p>`}`;
  const title = localize(consultation.title, view.locale);
  const description = localize(consultation.description, view.locale).text;
  const url = absoluteUrl(view, consultationPath(loaded.space.slug, consultation.slug));
  return renderPage(view, {
    title: localizedString(consultation.title, view.locale),
    breadcrumbs: consultationCrumbs(view, loaded.space, consultation).slice(0, 2).concat({ label: title }),
    head: html`${openGraphTags({ title: title.text, description, url, locale: view.locale, share: { kind: "consultation", context: localizedString(loaded.space.title, view.locale) } })}
${jsonLdScript({
  "@type": "WebPage",
  "@id": url,
  url,
  name: title.text,
  ...(description ? { description } : {}),
  inLanguage: title.locale,
  dateModified: consultation.updatedAt.toISOString(),
  isPartOf: { "@type": "WebPage", url: absoluteUrl(view, `/spaces/${loaded.space.slug}`), name: localize(loaded.space.title, view.locale).text },
})}`,
    body,
  });
}

/** /:consultation/groups/:number — one group or session with its description and topics. */
export function groupPage(view: ViewContext, loaded: ConsultationForViewer, group: GroupOverview): string {
  const title = `${groupHeading(view, group)}: ${localizedString(group.title, view.locale)}`;
  const body = html`<h1>${groupHeading(view, group)}: ${localizedText(view, group.title)}</h1>
<p>${stateBadge(view, group.state, loaded.consultation.status)} <span class="muted">${windowText(view, group.window)}</span></p>
${group.facilitators.length ? html`<p class="muted">${view.t("consultation.structure.overview.facilitators", { names: group.facilitators.map((person) => person.displayName).join(", ") })}</p>` : ""}
${loaded.access.canManage
  ? html`<p><a class="button-small secondary" href="${groupPath(loaded, group.number)}/edit">${view.t("consultation.structure.overview.edit_group")}</a> <a class="button-small secondary" href="${groupPath(loaded, group.number)}/topics/new">${view.t("consultation.structure.overview.add_topic")}</a></p>`
  : ""}
<div class="lead">${localizedParagraphs(view, group.description)}</div>
${sessionGroupLinks(view, loaded, group)}
<h2>${view.t("consultation.structure.group.topics")}</h2>
${group.topics.length ? html`<ul class="topics">${group.topics.map((topic) => topicItem(view, loaded, topic))}</ul>` : html`<p class="muted">${view.t("consultation.structure.group.no_topics")}</p>`}`;
  return renderPage(view, { title, breadcrumbs: consultationCrumbs(view, loaded.space, loaded.consultation).concat({ label: groupHeading(view, group) }), body });
}
