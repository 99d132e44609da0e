import { html, type HtmlValue, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, localizedString } from "../../../platform/i18n/localized";
import { errorSummary, postForm, selectField, textArea, type FormState } from "../../../platform/views/forms";
import { renderPage, type Breadcrumb } from "../../../platform/views/layout";
import { absoluteUrl, jsonLdScript, openGraphTags } from "../../../platform/views/meta";
import { localizedParagraphs, localizedText } from "../../../platform/views/localized";
import type { UserOrganisation } from "../../organisations/queries";
import { contributionRefusal, CONTRIBUTION_LANGUAGES } from "../commands/post-contribution";
import type { TopicForViewer } from "../queries";
import type { ThreadSummary, ThreadsPage } from "../queries-contributions";
import { CONSTITUENCIES } from "../schema";
import { innermostWindow } from "../state";
import { contributionStylesheet } from "./contribution-styles";
import { relativeTime, renderThread, type ContributionContext } from "./contribution";
import { windowEnd, windowStart } from "./structure-shared";

/** `/spaces/:slug/consultations/:consultation` */
export const consultationBase = (topic: Pick<TopicForViewer, "space" | "consultation">): string => `/spaces/${topic.space.slug}/consultations/${topic.consultation.slug}`;
/** The topic page's address. */
export const topicUrl = (topic: Pick<TopicForViewer, "space" | "consultation" | "topic">): string => `${consultationBase(topic)}/topics/${topic.topic.number}`;

/** How cards are shown to this viewer on this topic. */
export function contributionContext(view: ViewContext, topic: TopicForViewer, now: Date, returnTo: string): ContributionContext {
  return {
    baseUrl: consultationBase(topic),
    viewerId: view.user?.id ?? null,
    now,
    editWindowMinutes: topic.consultation.editWindowMinutes,
    canModerate: topic.access.canModerate,
    canFacilitate: topic.canFacilitate,
    canParticipate: topic.canContribute,
    isBreakoutShown: topic.group.kind === "session" && topic.canFacilitate,
    returnTo,
  };
}

/** Breadcrumbs shared by the topic page and the contribution pages. */
export function topicBreadcrumbs(view: ViewContext, topic: TopicForViewer, current?: string): Breadcrumb[] {
  const base = consultationBase(topic);
  const title = localize(topic.topic.title, view.locale);
  return [
    { label: view.t("consultation.contributions.crumb.consultations"), href: `/spaces/${topic.space.slug}/consultations` },
    { label: localize(topic.consultation.title, view.locale), href: base },
    { label: localize(topic.group.title, view.locale), href: `${base}/groups/${topic.group.number}` },
    ...(current ? [{ label: title, href: topicUrl(topic) }, { label: current }] : [{ label: title }]),
  ];
}

function stateLine(view: ViewContext, topic: TopicForViewer): SafeHtml {
  const window = innermostWindow(topic.consultation, topic.group, topic.topic);
  const key = `consultation.contributions.state.${topic.topicState}`;
  let text: string;
  if (topic.topicState === "upcoming") text = window.opensAt ? view.t(key, { date: windowStart(view, window.opensAt) }) : view.t("consultation.contributions.state.upcoming_undated");
  else if (topic.topicState === "open" && window.closesAt) {
    // the stored end is the midnight after the last day; people read the last day itself
    const end = windowEnd(view, window.closesAt);
    text = view.t(end.isLastDay ? "consultation.contributions.state.open_until" : "consultation.contributions.state.open_until_time", { date: end.text });
  }
  else text = view.t(key);
  return html`<p class="topic-state state-${topic.topicState}">${text}</p>`;
}

/** Facilitators write the topic's synthesis from its page. */
function synthesisLink(view: ViewContext, topic: TopicForViewer): HtmlValue {
  if (!topic.canFacilitate) return "";
  const href = `/spaces/${topic.space.slug}/consultations/${topic.consultation.slug}/topics/${topic.topic.number}/synthesis`;
  return html`<p class="facilitator-links"><a href="${href}">${view.t("consultation.synthesis.edit.topic_title", { number: topic.topic.number })}</a></p>`;
}

function breakoutNotice(view: ViewContext, topic: TopicForViewer): HtmlValue {
  if (topic.group.kind !== "session") return "";
  if (topic.canFacilitate) return html`<p class="notice">${view.t("consultation.contributions.facilitator_notice")}</p>`;
  if (topic.topicState !== "open" && topic.topicState !== "upcoming") return "";
  if (topic.breakout) return html`<p class="notice">${view.t("consultation.contributions.breakout_notice", { name: localizedString(topic.breakout.name, view.locale) })}</p>`;
  return contributionRefusal(topic) === "consultation.contributions.refused.no_breakout" ? html`<p class="notice">${view.t("consultation.contributions.breakout_notice_none")}</p>` : "";
}

export type ContributionFormOptions = {
  action: string;
  organisations: readonly UserOrganisation[];
  /** A reply: no question select (replies answer what their parent answers). */
  isReply?: boolean;
  /** The reply will land beside its parent, not under it (the thread is as deep as allowed). */
  isAtMaxDepth?: boolean;
};

/** The post (or reply) form: text, question, on behalf of, constituency (aggregate only), language. */
export function contributionForm(view: ViewContext, topic: TopicForViewer, form: FormState, options: ContributionFormOptions): SafeHtml {
  const prefix = "consultation.contributions.form";
  const labels: Record<string, string> = {
    body: view.t(`${prefix}.body`),
    question_id: view.t(`${prefix}.question`),
    organisation_id: view.t(`${prefix}.organisation`),
    constituency: view.t(`${prefix}.constituency`),
    language: view.t(`${prefix}.language`),
    parent_id: view.t(`${prefix}.reply_title`),
  };
  return html`<section class="contribution-form" id="${options.isReply ? "reply" : "contribute"}" aria-labelledby="${options.isReply ? "reply" : "contribute"}-title">
<h2 id="${options.isReply ? "reply" : "contribute"}-title">${view.t(options.isReply ? `${prefix}.reply_title` : `${prefix}.title`)}</h2>
${errorSummary(view, form, labels)}
${options.isAtMaxDepth ? html`<p class="hint">${view.t(`${prefix}.depth_note`)}</p>` : ""}
${postForm(
  view,
  options.action,
  html`${textArea(view, form, { name: "body", label: labels.body!, hint: view.t(`${prefix}.body_hint`), isRequired: true, rows: 8 })}
${options.isReply || topic.questions.length === 0
  ? ""
  : selectField(view, form, {
      name: "question_id",
      label: labels.question_id!,
      placeholder: view.t(`${prefix}.question_topic`),
      choices: topic.questions.map((question) => ({ value: question.id, label: `${question.number}. ${localizedString(question.text, view.locale)}` })),
    })}
${options.organisations.length
  ? selectField(view, form, {
      name: "organisation_id",
      label: labels.organisation_id!,
      hint: view.t(`${prefix}.organisation_hint`),
      placeholder: view.t(`${prefix}.organisation_self`),
      choices: options.organisations.map((organisation) => ({ value: organisation.id, label: localizedString(organisation.name, view.locale) })),
    })
  : ""}
${selectField(view, form, {
  name: "constituency",
  label: labels.constituency!,
  hint: view.t(`${prefix}.constituency_hint`),
  placeholder: view.t(`${prefix}.constituency_none`),
  choices: CONSTITUENCIES.map((constituency) => ({ value: constituency, label: view.t(`consultation.contributions.constituency.${constituency}`) })),
})}
${selectField(view, form, {
  name: "language",
  label: labels.language!,
  placeholder: view.t(`${prefix}.language_detect`),
  choices: CONTRIBUTION_LANGUAGES.map((language) => ({ value: language, label: view.t(`consultation.contributions.language.${language}`) })),
})}
<button type="submit">${view.t(options.isReply ? `${prefix}.submit_reply` : `${prefix}.submit`)}</button>`,
)}
</section>`;
}

/**
 * A post that failed (the window closed meanwhile, a block, the rate limit…): the form comes back with the
 * person's text and the reason, even though they may not post right now, so nothing they wrote is lost.
 */
export function isFailedPost(view: ViewContext, form: FormState): boolean {
  return view.user !== null && Object.keys(form.errors).length > 0;
}

/** Where the form would be, for someone who may not post: a login link or the reason. */
export function refusalNotice(view: ViewContext, topic: TopicForViewer): SafeHtml {
  const refusal = contributionRefusal(topic) ?? "consultation.contributions.refused.other";
  if (!topic.access.viewer) {
    return html`<p class="contribution-refusal"><a class="button" href="/login?next=${encodeURIComponent(view.url)}">${view.t("consultation.contributions.form.login")}</a></p>`;
  }
  return html`<p class="contribution-refusal">${view.t(refusal)}</p>`;
}

export type TopicPageInput = {
  topic: TopicForViewer;
  page: ThreadsPage;
  summary: ThreadSummary;
  /** Where the latest post is: `#c-n` on this page, or the page of threads holding it. */
  latestUrl: string | null;
  after: number;
  now: Date;
  organisations: readonly UserOrganisation[];
  form: FormState;
  /** Extra markup other parts put on the topic page (e.g. the follow button). */
  aside?: HtmlValue;
};

/** Open Graph and schema.org (a DiscussionForumPosting, part of its consultation) for a topic page's head. */
function topicMeta(view: ViewContext, topic: TopicForViewer): SafeHtml {
  const url = absoluteUrl(view, topicUrl(topic));
  const title = localize(topic.topic.title, view.locale);
  const description = localize(topic.topic.description, view.locale).text;
  return html`${openGraphTags({ title: title.text, description, url, locale: view.locale, share: { kind: "topic", context: localizedString(topic.consultation.title, view.locale) } })}
${jsonLdScript({
  "@type": "DiscussionForumPosting",
  "@id": url,
  url,
  headline: title.text,
  ...(description ? { text: description } : {}),
  inLanguage: title.locale,
  datePublished: topic.topic.createdAt.toISOString(),
  isPartOf: { "@type": "WebPage", url: absoluteUrl(view, consultationBase(topic)), name: localize(topic.consultation.title, view.locale).text },
})}`;
}

/**
 * The line above the threads, the way Discourse opens a topic: posts, participants, last activity, and the two
 * ways on — to the latest post, and to the form (or the login) for whoever may take part.
 */
function threadSummary(view: ViewContext, input: TopicPageInput): SafeHtml {
  const { summary, topic } = input;
  const action = topic.canContribute
    ? html`<a class="button" href="#contribute">${view.t("consultation.contributions.jump_to_form")}</a>`
    : !topic.access.viewer && (topic.topicState === "open" || topic.topicState === "upcoming")
      ? html`<a class="button" href="/login?next=${encodeURIComponent(view.url)}">${view.t("consultation.contributions.form.login")}</a>`
      : "";
  return html`<div class="thread-summary">
<dl class="thread-stats">
<div><dt>${view.t("consultation.contributions.summary.posts")}</dt><dd>${view.format.number(summary.postCount)}</dd></div>
<div><dt>${view.t("consultation.contributions.summary.participants")}</dt><dd>${view.format.number(summary.participantCount)}</dd></div>
${summary.lastActivityAt
  ? html`<div><dt>${view.t("consultation.contributions.summary.last_activity")}</dt><dd><time datetime="${summary.lastActivityAt.toISOString()}" title="${view.format.dateTime(summary.lastActivityAt)}">${relativeTime(view, summary.lastActivityAt, input.now)}</time></dd></div>`
  : ""}
</dl>
<p class="thread-jumps">${action}${input.latestUrl && summary.postCount > 1 ? html` <a class="thread-latest" href="${input.latestUrl}">${view.t("consultation.contributions.jump_to_latest")}</a>` : ""}</p>
</div>`;
}

/** The topic page: the topic and its guiding questions, a page of threads, and the post form. */
export function topicPage(view: ViewContext, input: TopicPageInput): string {
  const { topic, page } = input;
  const url = topicUrl(topic);
  const ctx = contributionContext(view, topic, input.now, input.after ? `${url}?after=${input.after}` : url);
  const repliesByRoot = new Map<string, typeof page.replies>();
  for (const reply of page.replies) {
    const list = repliesByRoot.get(reply.rootId ?? "") ?? [];
    list.push(reply);
    repliesByRoot.set(reply.rootId ?? "", list);
  }
  return renderPage(view, {
    title: localizedString(topic.topic.title, view.locale),
    breadcrumbs: topicBreadcrumbs(view, topic),
    head: html`<link rel="alternate" type="application/atom+xml" href="${url}/feed.atom">${contributionStylesheet()}
${topicMeta(view, topic)}`,
    body: html`<article class="topic">
<h1>${localizedText(view, topic.topic.title)}</h1>
${stateLine(view, topic)}
${localizedParagraphs(view, topic.topic.description)}
${threadSummary(view, input)}
${input.aside ?? ""}
${topic.questions.length
  ? html`<section class="guiding-questions"><h2>${view.t("consultation.contributions.questions")}</h2>
<ol>${topic.questions.map(
      (question) =>
        html`<li value="${question.number}" id="q-${question.number}">${localizedText(view, question.text)}${topic.canContribute
          ? html` <a href="${url}?question=${question.number}#contribute">${view.t("consultation.contributions.answer_question")}</a>`
          : ""}</li>`,
    )}</ol></section>`
  : ""}
${breakoutNotice(view, topic)}
${synthesisLink(view, topic)}
<section class="threads" aria-labelledby="threads-title">
<h2 id="threads-title">${view.t("consultation.contributions.threads")}</h2>
${page.roots.length
  ? page.roots.map((root) => renderThread(view, ctx, root, repliesByRoot.get(root.id) ?? []))
  : html`<p>${view.t("consultation.contributions.no_threads")}</p>`}
${page.nextCursor !== null || input.after
  ? html`<nav class="pagination" aria-label="${view.t("consultation.contributions.threads")}">
${input.after ? html`<a href="${url}">${view.t("consultation.contributions.first_page")}</a>` : ""}
${page.nextCursor !== null ? html`<a rel="next" href="${url}?after=${page.nextCursor}">${view.t("consultation.contributions.next_page")}</a>` : ""}
</nav>`
  : ""}
</section>
${topic.canContribute || isFailedPost(view, input.form)
  ? contributionForm(view, topic, input.form, { action: `${url}/contributions`, organisations: input.organisations })
  : refusalNotice(view, topic)}
</article>`,
  });
}
