import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localizedString } from "../../../platform/i18n/localized";
import { errorSummary, postForm, textArea, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import type { UserOrganisation } from "../../organisations/queries";
import type { TopicForViewer } from "../queries";
import type { ContributionCard, Revision } from "../queries-contributions";
import { contributionUrl, renderThread } from "./contribution";
import { contributionContext, contributionForm, isFailedPost, refusalNotice, topicBreadcrumbs, topicUrl } from "./topic-page";
import { renderMarkdown } from "../../../platform/markdown/subset";
import { contributionBodyHtml } from "../markdown";
import { contributionStylesheet } from "./contribution-styles";

export type PermalinkInput = {
  topic: TopicForViewer;
  contribution: ContributionCard;
  thread: ContributionCard[];
  parentNumber: number | null;
  now: Date;
  organisations: readonly UserOrganisation[];
  form: FormState;
};

/** A contribution on its own page with the replies under it and, for those who may, the reply form. */
export function permalinkPage(view: ViewContext, input: PermalinkInput): string {
  const { topic, contribution } = input;
  const ctx = contributionContext(view, topic, input.now, contributionUrl({ baseUrl: `/spaces/${topic.space.slug}/consultations/${topic.consultation.slug}` }, contribution.number));
  const title = view.t("consultation.contributions.permalink.title", { number: contribution.number });
  const canReply = (topic.canContribute && contribution.status === "published") || isFailedPost(view, input.form);
  return renderPage(view, {
    title,
    breadcrumbs: topicBreadcrumbs(view, topic, title),
    head: contributionStylesheet(),
    body: html`<h1>${title}</h1>
<p class="lead"><a href="${topicUrl(topic)}#c-${contribution.number}">${view.t("consultation.contributions.permalink.on_topic", { number: topic.topic.number, title: localizedString(topic.topic.title, view.locale) })}</a></p>
${input.parentNumber !== null
  ? html`<p><a href="${contributionUrl(ctx, input.parentNumber)}">${view.t("consultation.contributions.permalink.in_reply_to", { number: input.parentNumber })}</a></p>`
  : ""}
${renderThread(view, ctx, contribution, input.thread)}
${canReply
  ? contributionForm(view, topic, input.form, {
      action: `${contributionUrl(ctx, contribution.number)}/reply`,
      organisations: input.organisations,
      isReply: true,
      isAtMaxDepth: contribution.depth >= topic.consultation.maxReplyDepth,
    })
  : contribution.status === "published"
    ? refusalNotice(view, topic)
    : ""}
<p><a href="${topicUrl(topic)}">${view.t("consultation.contributions.permalink.back")}</a></p>`,
  });
}

/** The author's edit form, with how long editing stays possible. */
export function editPage(view: ViewContext, topic: TopicForViewer, contribution: ContributionCard, form: FormState): string {
  const title = view.t("consultation.contributions.edit.title", { number: contribution.number });
  const url = contributionUrl({ baseUrl: `/spaces/${topic.space.slug}/consultations/${topic.consultation.slug}` }, contribution.number);
  const until = new Date(contribution.createdAt.getTime() + topic.consultation.editWindowMinutes * 60_000);
  const labels = { body: view.t("consultation.contributions.form.body") };
  return renderPage(view, {
    title,
    breadcrumbs: topicBreadcrumbs(view, topic, title),
    body: html`<h1>${title}</h1>
<p class="hint">${view.t("consultation.contributions.edit.until", { time: view.format.dateTime(until) })}</p>
${errorSummary(view, form, labels)}
${postForm(
  view,
  `${url}/edit`,
  html`${textArea(view, form, { name: "body", label: labels.body, hint: view.t("consultation.contributions.form.body_hint"), isRequired: true, rows: 10 })}
<button type="submit">${view.t("consultation.contributions.edit.submit")}</button>`,
)}
<p><a href="${url}">${view.t("consultation.contributions.permalink.title", { number: contribution.number })}</a></p>`,
  });
}

/** Asks the author to confirm deleting (a POST form: no JavaScript confirm dialogs). */
export function deletePage(view: ViewContext, topic: TopicForViewer, contribution: ContributionCard): string {
  const title = view.t("consultation.contributions.delete.title", { number: contribution.number });
  const url = contributionUrl({ baseUrl: `/spaces/${topic.space.slug}/consultations/${topic.consultation.slug}` }, contribution.number);
  return renderPage(view, {
    title,
    breadcrumbs: topicBreadcrumbs(view, topic, title),
    body: html`<h1>${title}</h1>
<p>${view.t("consultation.contributions.delete.explain")}</p>
<blockquote class="contribution-body">${contributionBodyHtml(contribution)}</blockquote>
${postForm(view, `${url}/delete`, html`<button type="submit" class="danger">${view.t("consultation.contributions.delete.submit")}</button>`)}
<p><a href="${url}">${view.t("consultation.contributions.permalink.title", { number: contribution.number })}</a></p>`,
  });
}

/** Every version of a contribution, current first; removed ones keep their history to themselves. */
export function historyPage(view: ViewContext, topic: TopicForViewer, contribution: ContributionCard, revisions: Revision[], canSeeText: boolean): string {
  const title = view.t("consultation.contributions.history.title", { number: contribution.number });
  const url = contributionUrl({ baseUrl: `/spaces/${topic.space.slug}/consultations/${topic.consultation.slug}` }, contribution.number);
  const version = (label: string, body: string): SafeHtml =>
    html`<section class="revision"><h2>${label}</h2><div class="contribution-body" lang="${contribution.language === "other" ? "" : contribution.language}">${renderMarkdown(body)}</div></section>`;
  return renderPage(view, {
    title,
    breadcrumbs: topicBreadcrumbs(view, topic, title),
    body: html`<h1>${title}</h1>
${!canSeeText
  ? html`<p>${view.t("consultation.contributions.history.removed")}</p>`
  : html`${version(`${view.t("consultation.contributions.history.current")} · ${view.format.dateTime(contribution.editedAt ?? contribution.createdAt)}`, contribution.body)}
${revisions.length
  ? revisions.map((revision) => version(view.t("consultation.contributions.history.version", { time: view.format.dateTime(revision.writtenAt) }), revision.body))
  : html`<p>${view.t("consultation.contributions.history.none")}</p>`}`}
<p><a href="${url}">${view.t("consultation.contributions.permalink.title", { number: contribution.number })}</a></p>`,
  });
}
