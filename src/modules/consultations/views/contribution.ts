import { html, type HtmlValue, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localizedString } from "../../../platform/i18n/localized";
import { localeInfo } from "../../../platform/i18n/locales";
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

/** Up to two initials of a name ("Wanjiru Kamau" → "WK", "Ольга Ким" → "ОК", "李明" → "李"), for the avatar. */
export function initialsOf(name: string | null): string {
  if (!name) return "?";
  const words = name.trim().split(/\s+/u).filter((word) => /\p{L}/u.test(word));
  if (!words.length) return "?";
  const first = (word: string) => (Array.from(word.replace(/^[^\p{L}]+/u, ""))[0] ?? "").toLocaleUpperCase();
  // scripts written without spaces (Chinese) give the whole name as one word: one character is the custom
  return words.length === 1 || /\p{Script=Han}/u.test(words[0]!) ? first(words[0]!) : `${first(words[0]!)}${first(words[words.length - 1]!)}`;
}

/** Number of avatar colours in contribution-styles.ts, each dark enough for white initials (AA). */
export const AVATAR_COLOURS = 8;

/** The avatar's colour: a stable hash of the name, so a person keeps their colour across threads. */
export function avatarColour(name: string | null): number {
  let hash = 0;
  for (const char of name ?? "") hash = (Math.imul(hash, 31) + char.codePointAt(0)!) >>> 0;
  return hash % AVATAR_COLOURS;
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 30],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/** "3 days ago" in the page's language, the way a thread is read; the exact time stays beside it. */
export function relativeTime(view: ViewContext, time: Date, now: Date): string {
  let format = relativeFormats.get(view.locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(localeInfo(view.locale).intl, { numeric: "auto" });
    relativeFormats.set(view.locale, format);
  }
  let value = (time.getTime() - now.getTime()) / 1000;
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(value) < size || unit === "year") return format.format(Math.trunc(value), unit);
    value /= size;
  }
  return format.format(Math.trunc(value), "year");
}

function header(view: ViewContext, ctx: ContributionContext, contribution: ContributionCard): SafeHtml {
  const author = contribution.authorName ?? view.t("consultation.contributions.former_participant");
  const organisation = contribution.organisation;
  const isOwn = ctx.viewerId !== null && contribution.authorId === ctx.viewerId;
  const permalink = contributionUrl(ctx, contribution.number);
  return html`<header class="post-header">
<span class="avatar avatar-${avatarColour(contribution.authorName)}" aria-hidden="true">${initialsOf(contribution.authorName)}</span>
<p class="post-who">
  ${organisation
    ? html`<span class="contribution-author">${author}</span>${isOwn ? html` <span class="post-own">${view.t("consultation.contributions.own")}</span>` : ""}
  <span class="contribution-org"><a href="/organisations/${organisation.slug}">${localizedText(view, organisation.name)}</a>
      <span class="actor-type">(${actorTypeLabel(organisation.actorType, view.locale)})</span></span>`
    : html`<span class="contribution-author">${author}</span>${isOwn ? html` <span class="post-own">${view.t("consultation.contributions.own")}</span>` : ""}`}
</p>
<p class="post-when">
  <a class="post-number" href="${permalink}">${view.t("consultation.contributions.post_number", { number: contribution.number })}</a>
  <span class="post-date"><time datetime="${contribution.createdAt.toISOString()}">${view.format.dateTime(contribution.createdAt)}</time>
  <time class="post-ago" datetime="${contribution.createdAt.toISOString()}">${relativeTime(view, contribution.createdAt, ctx.now)}</time></span>
</p>
</header>`;
}

function byline(view: ViewContext, ctx: ContributionContext, contribution: ContributionCard, parent: ParentLink | undefined): SafeHtml {
  const items: SafeHtml[] = [];
  if (contribution.status !== "published") items.push(html`<span class="post-status post-status-${contribution.status}">${view.t(`consultation.contributions.status.${contribution.status}`)}</span>`);
  if (contribution.parentNumber !== null) {
    items.push(html`<a class="post-reply-to" href="${parent?.href ?? `${contributionUrl(ctx, contribution.parentNumber)}`}">${view.t("consultation.contributions.in_reply_to", { number: contribution.parentNumber })}</a>`);
  }
  items.push(html`<span class="contribution-language">${languageLabel(view, contribution.language)}</span>`);
  if (contribution.editedAt) items.push(html`<a class="contribution-edited" href="${contributionUrl(ctx, contribution.number)}/history">${view.t("consultation.contributions.edited")}</a>`);
  if (contribution.questionNumber !== null) items.push(html`<span class="contribution-question">${view.t("consultation.contributions.answers_question", { number: contribution.questionNumber })}</span>`);
  if (ctx.isBreakoutShown && contribution.breakoutName) {
    items.push(html`<span class="contribution-breakout">${view.t("consultation.contributions.in_breakout", { name: localizedString(contribution.breakoutName, view.locale) })}</span>`);
  }
  return html`<p class="contribution-meta">${items.map((item, index) => (index ? html` · ${item}` : item))}</p>
${parent?.quote ? html`<blockquote class="post-quote" cite="${contributionUrl(ctx, contribution.parentNumber ?? 0)}"><p>${parent.quote}</p></blockquote>` : ""}`;
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

/** Where the "in reply to #n" link of a reply leads, and the parent's opening words when it is not right above. */
export type ParentLink = { href: string; quote?: string };

/** The first words of a contribution's text (Markdown marks dropped), for the quote above a reply. */
export function shortQuote(body: string, length = 120): string {
  const text = body.replace(/[*_`>#[\]()~]+/g, " ").replace(/\s+/g, " ").trim();
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  const space = cut.lastIndexOf(" ");
  return `${(space > length / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * One contribution as a post: the avatar (initials on a colour from the name), author (marked when it is the
 * reader's own), organisation with its actor type, post number as the permalink, exact and relative time; then
 * the moderation state, "in reply to #n", language, edited marker with the history link, question; the body
 * (or placeholder), tags, reactions and the links to reply, edit, delete, report, moderate and tag. `replies`
 * (already rendered) nest inside it. Used by the topic page, the permalink, the plenary view and the moderation queue.
 */
export function renderContribution(view: ViewContext, ctx: ContributionContext, contribution: ContributionCard, replies: HtmlValue = "", parent?: ParentLink): SafeHtml {
  const isOwn = ctx.viewerId !== null && contribution.authorId === ctx.viewerId;
  return html`<article class="contribution contribution-${contribution.status} depth-${contribution.depth}${isOwn ? " is-own" : ""}" id="c-${contribution.number}">
${header(view, ctx, contribution)}
<div class="post-main">
${byline(view, ctx, contribution, parent)}
${bodyOf(view, ctx, contribution)}
${tagBadges(view, contribution)}
${actions(view, ctx, contribution)}
</div>
${replies ? html`<div class="contribution-replies">${replies}</div>` : ""}
</article>`;
}

/**
 * A thread: the root card with its replies nested under their parents (cards in number order). A reply links
 * to its parent on the page; when other posts stand between them it quotes the parent's first words too.
 */
export function renderThread(view: ViewContext, ctx: ContributionContext, root: ContributionCard, replies: readonly ContributionCard[]): SafeHtml {
  const children = new Map<string, ContributionCard[]>();
  const byId = new Map<string, ContributionCard>([[root.id, root]]);
  for (const reply of replies) {
    byId.set(reply.id, reply);
    if (!reply.parentId) continue;
    const list = children.get(reply.parentId) ?? [];
    list.push(reply);
    children.set(reply.parentId, list);
  }
  const parentLink = (card: ContributionCard, index: number): ParentLink | undefined => {
    const parent = card.parentId ? byId.get(card.parentId) : undefined;
    if (!parent) return undefined;
    // the first reply sits right under its parent; later ones have its other replies in between
    const quote = index > 0 && parent.status === "published" ? shortQuote(parent.body) : undefined;
    return { href: `#c-${parent.number}`, ...(quote ? { quote } : {}) };
  };
  const render = (card: ContributionCard, index: number): SafeHtml =>
    renderContribution(view, ctx, card, (children.get(card.id) ?? []).map(render), parentLink(card, index));
  return render(root, 0);
}
