import { html, type HtmlValue, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localizedString } from "../../../platform/i18n/localized";
import { postForm } from "../../../platform/views/forms";
import { localizedText } from "../../../platform/views/localized";
import { actorTypeLabel } from "../../organisations/actor-types";
import { contributionBodyHtml } from "../markdown";
import type { ContributionCard } from "../queries-contributions";

/** What a card needs to know about where it is shown and who looks at it. */
export type ContributionContext = {
  /** `/spaces/:slug/consultations/:consultation` */
  baseUrl: string;
  viewerId: string | null;
  now: Date;
  editWindowMinutes: number;
  /** Moderators see held and hidden text with its reason, and the moderate link. */
  canModerate: boolean;
  /** Facilitators get the tag link; in sessions they also see which breakout a card belongs to. */
  canFacilitate: boolean;
  /** Reacting and replying need the same as posting (signed in, verified, open topic, not blocked). */
  canParticipate: boolean;
  /** Name the breakout on each card (facilitators, plenary view). */
  isBreakoutShown: boolean;
  /** Where reaction forms send the reader back to (the current page). */
  returnTo: string;
};

/** The permalink of a contribution. */
export const contributionUrl = (ctx: Pick<ContributionContext, "baseUrl">, number: number): string => `${ctx.baseUrl}/contributions/${number}`;

/** Whether the author may still edit it: their own, not removed, and inside the consultation's edit window. */
export function isEditable(ctx: Pick<ContributionContext, "viewerId" | "now" | "editWindowMinutes">, contribution: Pick<ContributionCard, "authorId" | "status" | "createdAt">): boolean {
  return (
    ctx.viewerId !== null &&
    contribution.authorId === ctx.viewerId &&
    (contribution.status === "published" || contribution.status === "held") &&
    ctx.now.getTime() < contribution.createdAt.getTime() + ctx.editWindowMinutes * 60_000
  );
}

function languageLabel(view: ViewContext, language: string): string {
  return language === "en" || language === "ru" ? view.t(`consultation.contributions.language.${language}`) : view.t("consultation.contributions.language.other");
}

function byline(view: ViewContext, ctx: ContributionContext, contribution: ContributionCard): SafeHtml {
  const author = contribution.authorName ?? view.t("consultation.contributions.former_participant");
  const organisation = contribution.organisation;
  return html`<p class="contribution-meta">
  ${organisation
    ? html`<span class="contribution-org"><a href="/organisations/${organisation.slug}">${localizedText(view, organisation.name)}</a>
      <span class="actor-type">(${actorTypeLabel(organisation.actorType, view.locale)})</span></span>
      <span class="contribution-author">${view.t("consultation.contributions.posted_by", { name: author })}</span>`
    : html`<span class="contribution-author">${author}</span>`}
  · <span class="contribution-language">${languageLabel(view, contribution.language)}</span>
  · <a href="${contributionUrl(ctx, contribution.number)}"><time datetime="${contribution.createdAt.toISOString()}">${view.format.dateTime(contribution.createdAt)}</time></a>
  ${contribution.editedAt
    ? html`· <a class="contribution-edited" href="${contributionUrl(ctx, contribution.number)}/history">${view.t("consultation.contributions.edited")}</a>`
    : ""}
  ${contribution.questionNumber !== null ? html`· <span class="contribution-question">${view.t("consultation.contributions.answers_question", { number: contribution.questionNumber })}</span>` : ""}
  ${ctx.isBreakoutShown && contribution.breakoutName
    ? html`· <span class="contribution-breakout">${view.t("consultation.contributions.in_breakout", { name: localizedString(contribution.breakoutName, view.locale) })}</span>`
    : ""}
</p>`;
}

/** The body, or the placeholder a removed or held contribution leaves in its thread. */
function bodyOf(view: ViewContext, ctx: ContributionContext, contribution: ContributionCard): SafeHtml {
  const isAuthor = ctx.viewerId !== null && contribution.authorId === ctx.viewerId;
  const text = html`<div class="contribution-body" lang="${contribution.language === "other" ? "" : contribution.language}">${contributionBodyHtml(contribution)}</div>`;
  const reason = contribution.moderationReason
    ? html` ${view.t("consultation.contributions.reason", { reason: contribution.moderationReason })}`
    : "";
  switch (contribution.status) {
    case "published":
      return text;
    case "deleted":
      return html`<p class="contribution-placeholder">${view.t("consultation.contributions.placeholder.deleted")}</p>`;
    case "held":
      // Held text is for its author and moderators only, until a moderator lets it out.
      if (isAuthor || ctx.canModerate) return html`<p class="contribution-notice">${view.t(isAuthor ? "consultation.contributions.notice.held_author" : "consultation.contributions.notice.held_moderator")}${reason}</p>${text}`;
      return html`<p class="contribution-placeholder">${view.t("consultation.contributions.placeholder.held")}</p>`;
    case "hidden":
      if (isAuthor || ctx.canModerate) return html`<p class="contribution-notice">${view.t(isAuthor ? "consultation.contributions.notice.hidden_author" : "consultation.contributions.notice.hidden_moderator")}${reason}</p>${text}`;
      return html`<p class="contribution-placeholder">${view.t("consultation.contributions.placeholder.hidden")}</p>`;
  }
}

function tagBadges(view: ViewContext, contribution: ContributionCard): HtmlValue {
  if (!contribution.tags.length || contribution.status !== "published") return "";
  return html`<ul class="contribution-tags" aria-label="${view.t("consultation.contributions.tags")}">${contribution.tags.map(
    (tag) =>
      html`<li class="badge badge-${tag.tag}">${view.t(`consultation.contributions.tag.${tag.tag}`)}${tag.practiceKind ? html` · ${view.t(`consultation.contributions.practice.${tag.practiceKind}`)}` : ""}</li>`,
  )}</ul>`;
}

// "Agree (3)" in each language: a page of a hundred cards asks for the same few labels again and again.
const reactionLabels = new Map<string, string>();
function reactionLabel(view: ViewContext, kind: "agree" | "useful", count: number): string {
  const key = `${view.locale}/${kind}/${count}`;
  let label = reactionLabels.get(key);
  if (label === undefined) {
    if (reactionLabels.size >= 2000) reactionLabels.clear();
    label = view.t(`consultation.contributions.reaction.${kind}`, { count });
    reactionLabels.set(key, label);
  }
  return label;
}

function reactionButton(view: ViewContext, ctx: ContributionContext, contribution: ContributionCard, kind: "agree" | "useful"): SafeHtml {
  const count = kind === "agree" ? contribution.agreeCount : contribution.usefulCount;
  const isMine = kind === "agree" ? contribution.hasViewerAgreed : contribution.hasViewerFoundUseful;
  const label = reactionLabel(view, kind, count);
  const isOwn = ctx.viewerId !== null && contribution.authorId === ctx.viewerId;
  if (!ctx.canParticipate || isOwn) return html`<span class="reaction reaction-${kind}">${label}</span>`;
  return postForm(
    view,
    `${contributionUrl(ctx, contribution.number)}/react`,
    html`<input type="hidden" name="kind" value="${kind}"><input type="hidden" name="return_to" value="${ctx.returnTo}">
<button type="submit" class="reaction reaction-${kind}${isMine ? " is-mine" : ""}" aria-pressed="${isMine ? "true" : "false"}">${label}</button>`,
    { className: "inline-form reaction-form" },
  );
}

function actions(view: ViewContext, ctx: ContributionContext, contribution: ContributionCard): SafeHtml {
  const url = contributionUrl(ctx, contribution.number);
  const isOwn = ctx.viewerId !== null && contribution.authorId === ctx.viewerId;
  const isPublished = contribution.status === "published";
  const links: SafeHtml[] = [];
  if (isPublished && ctx.canParticipate) links.push(html`<a href="${url}#reply">${view.t("consultation.contributions.reply")}</a>`);
  if (isEditable(ctx, contribution)) links.push(html`<a href="${url}/edit">${view.t("consultation.contributions.edit")}</a>`);
  if (isOwn && contribution.status !== "deleted") links.push(html`<a href="${url}/delete">${view.t("consultation.contributions.delete")}</a>`);
  if (ctx.viewerId !== null && !isOwn && isPublished) links.push(html`<a href="${url}/report">${view.t("consultation.contributions.report")}</a>`);
  if (ctx.canModerate && contribution.status !== "deleted") links.push(html`<a href="${url}/moderate">${view.t("consultation.contributions.moderate")}</a>`);
  if (ctx.canFacilitate && isPublished) links.push(html`<a href="${url}/tag">${view.t("consultation.contributions.tag_link")}</a>`);
  return html`<div class="contribution-actions">
  ${isPublished ? html`<div class="reactions">${reactionButton(view, ctx, contribution, "agree")} ${reactionButton(view, ctx, contribution, "useful")}</div>` : ""}
  ${links.length ? html`<ul class="contribution-links">${links.map((link) => html`<li>${link}</li>`)}</ul>` : ""}
</div>`;
}

/**
 * One contribution's card: byline (author, or organisation with its actor type), language, time with the
 * permalink, edited marker with the history link, body (or placeholder), tags, reactions and the links to
 * reply, edit, delete, report, moderate and tag. `replies` (already rendered) nest inside it. Used by the
 * topic page, the permalink, the plenary view and the moderation queue.
 */
export function renderContribution(view: ViewContext, ctx: ContributionContext, contribution: ContributionCard, replies: HtmlValue = ""): SafeHtml {
  return html`<article class="contribution contribution-${contribution.status} depth-${contribution.depth}" id="c-${contribution.number}">
${byline(view, ctx, contribution)}
${bodyOf(view, ctx, contribution)}
${tagBadges(view, contribution)}
${actions(view, ctx, contribution)}
${replies ? html`<div class="contribution-replies">${replies}</div>` : ""}
</article>`;
}

/** A thread: the root card with its replies nested under their parents (cards in number order). */
export function renderThread(view: ViewContext, ctx: ContributionContext, root: ContributionCard, replies: readonly ContributionCard[]): SafeHtml {
  const children = new Map<string, ContributionCard[]>();
  for (const reply of replies) {
    if (!reply.parentId) continue;
    const list = children.get(reply.parentId) ?? [];
    list.push(reply);
    children.set(reply.parentId, list);
  }
  const render = (card: ContributionCard): SafeHtml => renderContribution(view, ctx, card, (children.get(card.id) ?? []).map(render));
  return render(root);
}
