import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import type { ScoredPair } from "../../../platform/matching/matcher";
import { contactPath } from "../../../platform/relay/kinds";
import { errorSummary, postForm, textArea, textField, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import { mentoringPath, type MeetingView, type MentorView, type PairView } from "../queries";
import type { MenteeSuggestion } from "../suggestions";
import { crumbs, languageList, MENTORING_STYLES, reasonsList, topicList, type ItemLabels, type SpaceRef } from "./shared";

const DAY_MS = 86_400_000;

export type OrganiseData = {
  space: SpaceRef;
  labels: ItemLabels;
  suggestions: MenteeSuggestion[];
  mentors: MentorView[];
  pairs: PairView[];
  meetings: Map<string, number>;
  now: Date;
};

function candidate(view: ViewContext, data: OrganiseData, mentors: Map<string, MentorView>, pair: ScoredPair, isSuggested: boolean): SafeHtml {
  const { t } = view;
  const mentor = mentors.get(pair.offererId)!;
  const path = mentoringPath(data.space.slug);
  const ids = html`<input type="hidden" name="menteeId" value="${pair.askerId}"><input type="hidden" name="mentorId" value="${pair.offererId}">`;
  return html`<div class="mentoring-candidate"><p><strong>${isSuggested ? t("mentoring.organise.suggested", { name: mentor.displayName }) : mentor.displayName}</strong>
  · ${t("mentoring.load", { active: mentor.activePairs, capacity: mentor.capacity })}</p>
${reasonsList(view, data.labels, pair)}
<div class="mentoring-actions">${postForm(view, `${path}/pairs`, html`${ids}<button type="submit">${t("mentoring.organise.confirm")}</button>`, { className: "inline-form" })}
${postForm(view, `${path}/suggestions/reject`, html`${ids}<button type="submit" class="secondary">${t("mentoring.organise.reject")}</button>`, { className: "inline-form" })}</div></div>`;
}

/** A by-hand choice among the open mentors with a free place (the matcher only proposes pairs sharing a topic). */
function manualPair(view: ViewContext, data: OrganiseData, menteeId: string): SafeHtml | "" {
  const { t } = view;
  const free = data.mentors.filter((mentor) => mentor.status === "open" && mentor.activePairs < mentor.capacity);
  if (!free.length) return "";
  return html`<details><summary>${t("mentoring.organise.by_hand")}</summary>${postForm(
    view,
    `${mentoringPath(data.space.slug)}/pairs`,
    html`<input type="hidden" name="menteeId" value="${menteeId}"><div class="field"><label for="manual-${menteeId}">${t("mentoring.field.mentor")}</label>
<select id="manual-${menteeId}" name="mentorId">${free.map((mentor) => html`<option value="${mentor.id}">${mentor.displayName} (${languageList(view, mentor.languages)})</option>`)}</select></div>
<button type="submit">${t("mentoring.organise.confirm")}</button>`,
  )}</details>`;
}

/** /spaces/:slug/mentoring/organise — who is waiting and for how long, suggestions with their reasons, mentors' load, pairs. */
export function organisePage(view: ViewContext, data: OrganiseData): string {
  const { t, format } = view;
  const title = t("mentoring.organise.title");
  const mentors = new Map(data.mentors.map((mentor) => [mentor.id, mentor]));
  const path = mentoringPath(data.space.slug);
  return renderPage(view, {
    title,
    breadcrumbs: [...crumbs(view, data.space), { label: title }],
    head: MENTORING_STYLES.link(),
    body: html`<h1>${title}</h1>
<p class="lead">${t("mentoring.organise.lead")}</p>
<section aria-labelledby="waiting-heading"><h2 id="waiting-heading">${t("mentoring.organise.waiting", { count: data.suggestions.length })}</h2>
${data.suggestions.length ? "" : html`<p class="muted">${t("mentoring.organise.nobody_waiting")}</p>`}
${data.suggestions.map((entry) => html`<article class="card" aria-labelledby="mentee-${entry.mentee.id}"><h3 id="mentee-${entry.mentee.id}">${entry.mentee.displayName}</h3>
  <p>${t("mentoring.organise.waiting_since", { since: format.date(entry.mentee.createdAt), days: Math.max(0, Math.floor((data.now.getTime() - entry.mentee.createdAt.getTime()) / DAY_MS)) })}</p>
  <dl class="mentoring-facts">
    <dt>${t("mentoring.field.mentee_needs")}</dt><dd>${entry.mentee.needs ? html`<span class="mentoring-notes">${entry.mentee.needs}</span>` : html`<span class="muted">${t("mentoring.none_given")}</span>`}</dd>
    <dt>${t("mentoring.field.topics")}</dt><dd>${topicList(view, data.labels, entry.mentee.itemIds, entry.mentee.tags)}</dd>
    <dt>${t("mentoring.field.languages")}</dt><dd>${languageList(view, entry.mentee.languages)}</dd>
    <dt>${t("mentoring.field.time_zone")}</dt><dd>${entry.mentee.timeZone}</dd>
  </dl>
  ${entry.suggested ? candidate(view, data, mentors, entry.suggested, true) : html`<p class="notice">${t(`mentoring.organise.unmatched.${entry.reason ?? "no_candidate"}`)}</p>`}
  ${manualPair(view, data, entry.mentee.id)}
  ${entry.alternatives.length ? html`<details><summary>${t("mentoring.organise.alternatives", { count: entry.alternatives.length })}</summary>${entry.alternatives.map((pair) => candidate(view, data, mentors, pair, false))}</details>` : ""}
</article>`)}
</section>
<section aria-labelledby="load-heading"><h2 id="load-heading">${t("mentoring.organise.load")}</h2>
${data.mentors.length
  ? html`<div class="table-scroll"><table><caption class="sr-only">${t("mentoring.organise.load")}</caption><thead><tr><th scope="col">${t("mentoring.field.mentor")}</th><th scope="col">${t("mentoring.field.status")}</th><th scope="col">${t("mentoring.field.pairs")}</th><th scope="col">${t("mentoring.field.languages")}</th></tr></thead>
  <tbody>${data.mentors.map((mentor) => html`<tr><th scope="row">${mentor.displayName}</th><td>${t(`mentoring.offer.status.${mentor.status}`)}</td><td>${t("mentoring.load_short", { active: mentor.activePairs, capacity: mentor.capacity })}</td><td>${languageList(view, mentor.languages)}</td></tr>`)}</tbody></table></div>`
  : html`<p class="muted">${t("mentoring.mentors.none")}</p>`}
</section>
<section aria-labelledby="pairs-heading"><h2 id="pairs-heading">${t("mentoring.organise.pairs")}</h2>
${data.pairs.length
  ? html`<ul>${data.pairs.map((pair) => html`<li><a href="${path}/pairs/${pair.id}">${t("mentoring.pair.names", { mentor: pair.mentor.displayName, mentee: pair.mentee.displayName })}</a> <span class="tag">${t(`mentoring.pair.status.${pair.status}`)}</span> · ${t("mentoring.pair.meeting_count", { count: data.meetings.get(pair.id) ?? 0 })}</li>`)}</ul>`
  : html`<p class="muted">${t("mentoring.organise.no_pairs")}</p>`}
</section>`,
  });
}

export type PairData = { space: SpaceRef; pair: PairView; labels: ItemLabels; meetings: MeetingView[]; canWrite: boolean; isInPair: boolean; form: FormState };

/** /spaces/:slug/mentoring/pairs/:pair — the two people, how to reach each other (relay), the meeting log. */
export function pairPage(view: ViewContext, data: PairData): string {
  const { t, format } = view;
  const { pair } = data;
  const title = t("mentoring.pair.names", { mentor: pair.mentor.displayName, mentee: pair.mentee.displayName });
  const path = `${mentoringPath(data.space.slug)}/pairs/${pair.id}`;
  const labels = { metOn: t("mentoring.field.met_on"), minutes: t("mentoring.field.minutes"), notes: t("mentoring.field.notes") };
  return renderPage(view, {
    title,
    breadcrumbs: [...crumbs(view, data.space), { label: title }],
    head: MENTORING_STYLES.link(),
    body: html`<h1>${title}</h1>
<p><span class="tag">${t(`mentoring.pair.status.${pair.status}`)}</span> ${t("mentoring.pair.confirmed", { when: format.date(pair.confirmedAt) })}${pair.closedAt ? html` · ${t("mentoring.pair.closed_on", { when: format.date(pair.closedAt) })}` : ""}</p>
${data.isInPair && pair.status === "active" ? html`<p><a href="${contactPath("mentoring-pair", pair.id)}">${t("mentoring.pair.contact", { name: view.user?.id === pair.mentorUserId ? pair.mentee.displayName : pair.mentor.displayName })}</a></p><p class="hint">${t("mentoring.pair.contact_hint")}</p>` : ""}
<div class="two-col">
<section aria-labelledby="mentor-heading"><h2 id="mentor-heading">${t("mentoring.pair.mentor", { name: pair.mentor.displayName })}</h2>
${pair.mentor.bio ? html`<p class="mentoring-notes">${pair.mentor.bio}</p>` : ""}
<dl class="mentoring-facts"><dt>${t("mentoring.field.expertise")}</dt><dd>${topicList(view, data.labels, pair.mentor.itemIds, pair.mentor.tags)}</dd>
<dt>${t("mentoring.field.languages")}</dt><dd>${languageList(view, pair.mentor.languages)}</dd><dt>${t("mentoring.field.time_zone")}</dt><dd>${pair.mentor.timeZone}</dd></dl></section>
<section aria-labelledby="mentee-heading"><h2 id="mentee-heading">${t("mentoring.pair.mentee", { name: pair.mentee.displayName })}</h2>
${pair.mentee.needs ? html`<p class="mentoring-notes">${pair.mentee.needs}</p>` : ""}
<dl class="mentoring-facts"><dt>${t("mentoring.field.topics")}</dt><dd>${topicList(view, data.labels, pair.mentee.itemIds, pair.mentee.tags)}</dd>
<dt>${t("mentoring.field.languages")}</dt><dd>${languageList(view, pair.mentee.languages)}</dd><dt>${t("mentoring.field.time_zone")}</dt><dd>${pair.mentee.timeZone}</dd></dl></section>
</div>
<section aria-labelledby="meetings-heading"><h2 id="meetings-heading">${t("mentoring.meetings.heading")}</h2>
<p class="hint">${t("mentoring.meetings.privacy")}</p>
${data.meetings.length
  ? html`<ul class="mentoring-meetings">${data.meetings.map((meeting) => html`<li><p><strong>${format.date(meeting.metOn)}</strong> · ${t("mentoring.meetings.minutes", { minutes: meeting.minutes })}</p>${meeting.notes ? html`<p class="mentoring-notes">${meeting.notes}</p>` : ""}</li>`)}</ul>`
  : html`<p class="muted">${t("mentoring.meetings.none")}</p>`}
${data.canWrite
  ? html`<h3 id="log-meeting">${t("mentoring.meetings.log")}</h3>${errorSummary(view, data.form, labels)}
${postForm(view, `${path}/meetings`, html`${textField(view, data.form, { name: "metOn", type: "date", label: labels.metOn, isRequired: true })}
${textField(view, data.form, { name: "minutes", type: "number", label: labels.minutes, hint: t("mentoring.field.minutes_hint"), isRequired: true })}
${textArea(view, data.form, { name: "notes", label: labels.notes, hint: t("mentoring.field.notes_hint"), rows: 4 })}
<button type="submit">${t("mentoring.meetings.submit")}</button>`)}
<h3>${t("mentoring.pair.close_heading")}</h3><p class="hint">${t("mentoring.pair.close_hint")}</p>
${postForm(view, `${path}/close`, html`<button type="submit" class="danger">${t("mentoring.pair.close")}</button>`)}`
  : ""}
</section>`,
  });
}
