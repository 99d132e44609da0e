import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, localizedString } from "../../../platform/i18n/localized";
import { localizedLabel } from "../../../platform/views/localized";
import { emptyForm, errorSummary, postForm, selectField, textField, type FormState } from "../../../platform/views/forms";
import { renderPage, type Breadcrumb } from "../../../platform/views/layout";
import { seatField } from "../commands/assign-breakouts";
import { MAX_BREAKOUTS, SPLIT_MODES } from "../commands/create-breakouts";
import type { ConsultationBreakout } from "../queries";
import type { GroupForViewer, Participant } from "../queries-participation";

/** Base path of a consultation's pages. */
export function consultationPath(spaceSlug: string, consultationSlug: string): string {
  return `/spaces/${encodeURIComponent(spaceSlug)}/consultations/${encodeURIComponent(consultationSlug)}`;
}

export function groupPath(spaceSlug: string, consultationSlug: string, groupNumber: number): string {
  return `${consultationPath(spaceSlug, consultationSlug)}/groups/${groupNumber}`;
}

/** The trail above consultation pages: space, consultations, this consultation, the group, the page. */
export function groupBreadcrumbs(view: ViewContext, found: GroupForViewer, label: string): Breadcrumb[] {
  const base = consultationPath(found.space.slug, found.consultation.slug);
  return [
    { label: localize(found.space.title, view.locale), href: `/spaces/${encodeURIComponent(found.space.slug)}` },
    { label: view.t("consultation.participation.breadcrumb.consultations"), href: `/spaces/${encodeURIComponent(found.space.slug)}/consultations` },
    { label: localize(found.consultation.title, view.locale), href: base },
    { label: localize(found.group.title, view.locale), href: `${base}/groups/${found.group.number}` },
    { label },
  ];
}

export type BreakoutsPageInput = {
  found: GroupForViewer;
  breakouts: ConsultationBreakout[];
  participants: Participant[];
  createForm?: FormState;
  assignForm?: FormState;
};

/** Facilitators' page for a session: create breakouts (round-robin or manual), then seat and move people. */
export function breakoutsPage(view: ViewContext, input: BreakoutsPageInput): string {
  const { found, breakouts, participants } = input;
  const { t } = view;
  const path = `${groupPath(found.space.slug, found.consultation.slug, found.group.number)}/breakouts`;
  const title = t("consultation.participation.breakouts.title", { group: localizedString(found.group.title, view.locale) });
  const createForm = input.createForm ?? emptyForm({ count: String(breakouts.length || 2), mode: "round_robin" });
  const assignForm = input.assignForm ?? emptyForm(Object.fromEntries(participants.map((person) => [seatField(person.userId), String(breakouts.find((breakout) => breakout.id === person.breakoutId)?.number ?? "")])));
  const seatCounts = new Map<string, number>();
  for (const person of participants) if (person.breakoutId) seatCounts.set(person.breakoutId, (seatCounts.get(person.breakoutId) ?? 0) + 1);
  const unseated = participants.filter((person) => !person.breakoutId).length;
  const choices = breakouts.map((breakout) => ({ value: String(breakout.number), label: localizedString(breakout.name, view.locale) }));
  const body: SafeHtml = html`<h1>${title}</h1>
<p class="lead">${t("consultation.participation.breakouts.lead")}</p>
<p class="hint">${t("consultation.participation.breakouts.who")}</p>
${breakouts.length
  ? html`<h2>${t("consultation.participation.breakouts.current")}</h2>
<ul class="cards">${breakouts.map((breakout) => html`<li class="card"><h3>${localizedLabel(view, breakout.name)}</h3><p>${t("consultation.participation.breakouts.seated", { count: seatCounts.get(breakout.id) ?? 0 })}</p></li>`)}</ul>
<p>${t("consultation.participation.breakouts.unseated", { count: unseated })}</p>
<p><a href="${groupPath(found.space.slug, found.consultation.slug, found.group.number)}/plenary">${t("consultation.participation.plenary.link")}</a></p>`
  : html`<p class="notice">${t("consultation.participation.breakouts.none")}</p>`}
<h2>${t(breakouts.length ? "consultation.participation.breakouts.recreate_title" : "consultation.participation.breakouts.create_title")}</h2>
${breakouts.length ? html`<p class="hint">${t("consultation.participation.breakouts.recreate_hint")}</p>` : ""}
${postForm(
  view,
  path,
  html`${errorSummary(view, createForm)}
${textField(view, createForm, { name: "count", label: t("consultation.participation.breakouts.field.count"), hint: t("consultation.participation.breakouts.field.count_hint", { max: MAX_BREAKOUTS }), type: "number", isRequired: true })}
${selectField(view, createForm, { name: "mode", label: t("consultation.participation.breakouts.field.mode"), choices: SPLIT_MODES.map((mode) => ({ value: mode, label: t(`consultation.participation.breakouts.mode.${mode}`) })) })}
<button type="submit">${t(breakouts.length ? "consultation.participation.breakouts.recreate" : "consultation.participation.breakouts.create")}</button>`,
)}
${breakouts.length && participants.length
  ? html`<h2>${t("consultation.participation.breakouts.assign_title")}</h2>
<p class="hint">${t("consultation.participation.breakouts.assign_hint")}</p>
${postForm(
  view,
  `${path}/assign`,
  html`${errorSummary(view, assignForm)}
${participants.map((person) => selectField(view, assignForm, { name: seatField(person.userId), label: person.displayName, choices, placeholder: t("consultation.participation.breakouts.not_seated") }))}
<button type="submit">${t("consultation.participation.breakouts.assign")}</button>`,
  { className: "wide" },
)}`
  : breakouts.length
    ? html`<p>${t("consultation.participation.breakouts.no_participants")}</p>`
    : ""}`;
  return renderPage(view, { title, breadcrumbs: groupBreadcrumbs(view, found, t("consultation.participation.breakouts.crumb")), body });
}
