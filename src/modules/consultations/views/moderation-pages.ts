import { html, type HtmlValue } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize } from "../../../platform/i18n/localized";
import { BLOCK_DURATIONS } from "../../../platform/moderation/commands/block-user";
import { REPORT_NOTE_MAX } from "../../../platform/moderation/commands/report-subject";
import type { BlockRow, LogEntry, ModerationQueue, QueueItem } from "../../../platform/moderation/queries";
import { REPORT_REASONS } from "../../../platform/moderation/schema";
import { SETTING_RANGES, type ModerationSettings } from "../../../platform/moderation/settings";
import { decisionForm, logTable, queueSections, reportSummary, type QueueFormState } from "../../../platform/moderation/views";
import { renderPage } from "../../../platform/views/layout";
import { checkboxField, emptyForm, errorSummary, postForm, selectField, textArea, textField, type FormState } from "../../../platform/views/forms";
import type { Space } from "../../spaces/queries";
import type { Consultation } from "../queries";
import { CONTRIBUTION_SUBJECT, type ContributionStatus } from "../schema";

/** The contribution a report or moderation page is about, as those pages show it. */
export type ModeratedContribution = {
  id: string;
  number: number;
  body: string;
  status: ContributionStatus;
  moderationReason: string;
  authorId: string | null;
  authorName: string | null;
  createdAt: Date;
};

type Place = { space: Pick<Space, "slug" | "title">; consultation: Pick<Consultation, "slug" | "title"> };

const contributionPath = (place: Place, number: number) => `/spaces/${place.space.slug}/consultations/${place.consultation.slug}/contributions/${number}`;

function consultationPage(view: ViewContext, place: Place, title: string, body: HtmlValue): string {
  return renderPage(view, {
    title,
    breadcrumbs: [
      { label: localize(place.space.title, view.locale), href: `/spaces/${place.space.slug}` },
      { label: localize(place.consultation.title, view.locale), href: `/spaces/${place.space.slug}/consultations/${place.consultation.slug}` },
      { label: title },
    ],
    body,
  });
}

function spacePage(view: ViewContext, space: Pick<Space, "slug" | "title">, title: string, body: HtmlValue, trail: { label: string; href: string }[] = []): string {
  return renderPage(view, {
    title,
    breadcrumbs: [{ label: localize(space.title, view.locale), href: `/spaces/${space.slug}` }, ...trail, { label: title }],
    body,
  });
}

/** The contribution quoted as plain text (the page is about judging it, so no Markdown rendering, links inert). */
function quoted(view: ViewContext, contribution: ModeratedContribution): HtmlValue {
  const { t, format } = view;
  return html`<figure class="card">
<figcaption class="muted">${contribution.authorName ?? t("moderation.queue.unknown_author")} · <time datetime="${contribution.createdAt.toISOString()}">${format.dateTime(contribution.createdAt)}</time> · ${t(`consultation.moderation.status.${contribution.status}`)}</figcaption>
<blockquote>${contribution.body}</blockquote>
</figure>`;
}

/** /…/contributions/:number/report: the reason and a note, or a note that the viewer already reported it. */
export function reportPage(view: ViewContext, place: Place, contribution: ModeratedContribution, state: { hasReported: boolean; form?: FormState }): string {
  const { t } = view;
  const form = state.form ?? emptyForm();
  const title = t("consultation.moderation.report.title", { number: contribution.number });
  const labels = { reason: t("consultation.moderation.report.reason"), note: t("consultation.moderation.report.note") };
  return consultationPage(
    view,
    place,
    title,
    html`<h1>${title}</h1>
${quoted(view, contribution)}
${state.hasReported
  ? html`<p class="notice" role="status">${t("consultation.moderation.report.already")}</p>`
  : html`<p class="lead">${t("consultation.moderation.report.lead")}</p>
${errorSummary(view, form, labels)}
${postForm(
  view,
  `${contributionPath(place, contribution.number)}/report`,
  html`${selectField(view, form, { name: "reason", label: labels.reason, isRequired: true, placeholder: t("consultation.moderation.report.choose"), choices: REPORT_REASONS.map((reason) => ({ value: reason, label: t(`moderation.reason.${reason}`) })) })}
${textArea(view, form, { name: "note", label: labels.note, hint: t("consultation.moderation.report.note_hint", { max: REPORT_NOTE_MAX }), rows: 4 })}
<div class="field"><button type="submit">${t("consultation.moderation.report.submit")}</button></div>`,
)}`}
<p><a href="${contributionPath(place, contribution.number)}">${t("consultation.moderation.back_to_contribution")}</a></p>`,
  );
}

/** /…/contributions/:number/moderate: the post, its reports and history, the decisions that fit, blocking its author. */
export function moderatePage(
  view: ViewContext,
  place: Place,
  contribution: ModeratedContribution,
  data: { item: Pick<QueueItem, "openReports" | "reasons" | "notes">; log: LogEntry[]; isAuthorBlocked: boolean; decisionForm?: FormState; blockForm?: FormState },
): string {
  const { t } = view;
  const path = contributionPath(place, contribution.number);
  const title = t("consultation.moderation.moderate.title", { number: contribution.number });
  const blockForm = data.blockForm ?? emptyForm({ days: "" });
  const subject = { id: contribution.id, subjectType: CONTRIBUTION_SUBJECT, status: contribution.status, openReports: data.item.openReports };
  return consultationPage(
    view,
    place,
    title,
    html`<h1>${title}</h1>
${quoted(view, contribution)}
${contribution.moderationReason ? html`<p>${t("moderation.queue.reason_shown", { reason: contribution.moderationReason })}</p>` : ""}
<section aria-labelledby="reports"><h2 id="reports">${t("consultation.moderation.moderate.reports")}</h2>
${data.item.openReports ? reportSummary(view, data.item) : html`<p class="muted">${t("consultation.moderation.moderate.no_reports")}</p>`}</section>
<section aria-labelledby="decide"><h2 id="decide">${t("consultation.moderation.moderate.decide")}</h2>
${contribution.status === "deleted" ? html`<p class="muted">${t("consultation.moderation.status.deleted")}</p>` : decisionForm(view, `${path}/moderate`, subject, data.decisionForm)}</section>
${contribution.authorId
  ? html`<section aria-labelledby="block"><h2 id="block">${t("consultation.moderation.moderate.block_title", { name: contribution.authorName ?? "" })}</h2>
${data.isAuthorBlocked
  ? html`<p>${t("consultation.moderation.moderate.author_blocked")}</p>
${postForm(view, `/spaces/${place.space.slug}/moderation/blocks/${contribution.authorId}/unblock`, html`<button type="submit">${t("moderation.block.unblock")}</button>`)}`
  : html`${errorSummary(view, blockForm)}${postForm(
      view,
      `${path}/moderate/block`,
      html`${textField(view, blockForm, { name: "reason", label: t("moderation.block.reason"), isRequired: true, maxLength: 1000 })}
${selectField(view, blockForm, { name: "days", label: t("moderation.block.days"), choices: BLOCK_DURATIONS.map((days) => ({ value: days === null ? "" : String(days), label: days === null ? t("moderation.block.until_lifted") : t("moderation.block.for_days", { count: days }) })) })}
<div class="field"><button type="submit">${t("moderation.block.submit")}</button></div>`,
    )}`}</section>`
  : ""}
<section aria-labelledby="history"><h2 id="history">${t("consultation.moderation.moderate.history")}</h2>${logTable(view, data.log, null)}</section>
<p><a href="/spaces/${place.space.slug}/moderation">${t("consultation.moderation.queue.title")}</a></p>`,
  );
}

/** /spaces/:slug/moderation: the space's queue, its blocked people, links to the log and settings. */
export function spaceQueuePage(
  view: ViewContext,
  space: Pick<Space, "slug" | "title">,
  data: { queue: ModerationQueue; blocks: BlockRow[]; canChangeSettings: boolean; failed?: QueueFormState },
): string {
  const { t, format } = view;
  const title = t("consultation.moderation.queue.title");
  const base = `/spaces/${space.slug}/moderation`;
  return spacePage(
    view,
    space,
    title,
    html`<h1>${title}</h1>
<p><a href="${base}/log">${t("consultation.moderation.log.title")}</a>${data.canChangeSettings ? html` · <a href="${base}/settings">${t("consultation.moderation.settings.title")}</a>` : ""}</p>
${queueSections(view, data.queue, { decideAction: `${base}/decide`, failed: data.failed })}
<section aria-labelledby="blocked"><h2 id="blocked">${t("consultation.moderation.queue.blocked")} (${data.blocks.length})</h2>
${data.blocks.length
  ? html`<ul>${data.blocks.map((block) => html`<li>${block.displayName} — ${block.reason}
${block.expiresAt ? html` (${t("moderation.block.until", { date: format.dateTime(block.expiresAt) })})` : ""}
${postForm(view, `${base}/blocks/${block.userId}/unblock`, html`<button type="submit" class="link-button">${t("moderation.block.unblock")}</button>`, { className: "inline-form" })}</li>`)}</ul>`
  : html`<p class="muted">${t("consultation.moderation.queue.no_blocked")}</p>`}
</section>`,
  );
}

/** /spaces/:slug/moderation/settings: the numbers and the screening switch, each with what it does. */
export function settingsPage(view: ViewContext, space: Pick<Space, "slug" | "title">, settings: ModerationSettings, form?: FormState): string {
  const { t } = view;
  const title = t("consultation.moderation.settings.title");
  const state = form ?? emptyForm({ ...settings, isScreeningEnabled: settings.isScreeningEnabled ? "on" : "" });
  const number = (name: keyof typeof SETTING_RANGES) =>
    textField(view, state, { name, type: "number", label: t(`moderation.settings.${name}`), hint: t(`moderation.settings.${name}_hint`, { min: SETTING_RANGES[name][0], max: SETTING_RANGES[name][1] }), isRequired: true });
  return spacePage(
    view,
    space,
    title,
    html`<h1>${title}</h1>
${errorSummary(view, state)}
${postForm(
  view,
  `/spaces/${space.slug}/moderation/settings`,
  html`${number("autoHideThreshold")}${number("premoderateFirstPosts")}${number("postsPerHour")}${number("newAccountPostsPerHour")}${number("newAccountDays")}
${checkboxField(view, state, { name: "isScreeningEnabled", label: t("moderation.settings.isScreeningEnabled"), hint: t("moderation.settings.isScreeningEnabled_hint") })}
<div class="field"><button type="submit">${t("consultation.moderation.settings.save")}</button></div>`,
)}`,
    [{ label: t("consultation.moderation.queue.title"), href: `/spaces/${space.slug}/moderation` }],
  );
}

/** /spaces/:slug/moderation/log: every decision in the space, newest first. */
export function spaceLogPage(view: ViewContext, space: Pick<Space, "slug" | "title">, entries: (LogEntry & { url?: string | null })[], nextHref: string | null): string {
  const title = view.t("consultation.moderation.log.title");
  return spacePage(view, space, title, html`<h1>${title}</h1>${logTable(view, entries, nextHref)}`, [{ label: view.t("consultation.moderation.queue.title"), href: `/spaces/${space.slug}/moderation` }]);
}
