import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { countryName } from "../../../platform/countries";
import { localize } from "../../../platform/i18n/localized";
import type { SeatCounts } from "../../../platform/seats/seats";
import { renderPage } from "../../../platform/views/layout";
import { errorSummary, postForm, selectField, type FormState } from "../../../platform/views/forms";
import { localizedText } from "../../../platform/views/localized";
import { scrollableTable } from "../../../platform/views/table";
import { actorTypeLabel, isActorTypeKey } from "../../organisations/actor-types";
import { allQuestions, isTextKind, type AnswerRow, type SurveyDefinition } from "../../surveys/definition";
import { questionLabels, questionSections, sectionContents } from "../../surveys/views/answer-form";
import { formSections } from "../../../platform/views/components";
import { choiceLabel, SURVEY_STYLES } from "../../surveys/views/shared";
import { cohortPath, programmePath, type Applicant, type ApplicationView, type CohortView, type MaterialView, type ProgrammeView, type SessionView, type TrackView } from "../queries";
import { editLink, sessionFields, sessionLabels, type Choice } from "./edit-pages";
import { cohortDates, crumbs, PROGRAMME_STYLES, statusTag, type SpaceRef } from "./shared";

export type CohortPageData = {
  space: SpaceRef;
  programme: ProgrammeView;
  cohort: CohortView;
  tracks: TrackView[];
  sessions: (SessionView & { eventHref: string | null })[];
  materials: MaterialView[];
  seats: SeatCounts | null;
  isTaking: boolean;
  isSignedIn: boolean;
  own: (ApplicationView & { done: Set<string>; needed: number; position: number | null; offerExpiresAt: Date | null }) | null;
  /** The application form, when the viewer may apply now. */
  applyForm: FormState | null;
  organisations: { id: string; name: Record<string, string | undefined> }[];
  manage: {
    applicants: Applicant[];
    progress: Map<string, Set<string>>;
    needed: number;
    sessionForm: FormState;
    /** The space's published events a session may link to. */
    events: Choice[];
    cohortSpaceSlug: string | null;
  } | null;
};

/** One applicant's answers, as the organisers read them. */
function answersList(view: ViewContext, definition: SurveyDefinition, answers: AnswerRow[]): SafeHtml {
  const items = allQuestions(definition).map((question) => {
    const rows = answers.filter((answer) => answer.questionKey === question.key);
    if (!rows.length) return "";
    const value = isTextKind(question.kind)
      ? html`${rows[0]!.textValue ?? ""}`
      : question.kind === "scale"
        ? html`${rows.map((row) => row.optionKey).join(", ")}`
        : question.kind === "matrix"
          ? html`${rows.map((row, at) => html`${at ? "; " : ""}${choiceLabel(view, question.rows, row.rowKey)}: ${choiceLabel(view, question.options, row.optionKey)}`)}`
          : html`${rows.map((row, at) => html`${at ? ", " : ""}${choiceLabel(view, question.options, row.optionKey)}`)}`;
    return html`<li><strong>${localizedText(view, question.text)}</strong>: ${value}</li>`;
  });
  return items.some(Boolean) ? html`<ul class="programme-answers">${items}</ul>` : html`<p class="muted">${view.t("programmes.applicants.no_answers")}</p>`;
}

function actorTypeName(view: ViewContext, key: string): string {
  return isActorTypeKey(key) ? actorTypeLabel(key, view.locale) : "";
}

/** /spaces/:slug/programmes/:programme/cohorts/:cohort — apply, see one's own progress; organisers select and record progress. */
export function cohortPage(view: ViewContext, data: CohortPageData): string {
  const { t } = view;
  const { space, programme, cohort } = data;
  const programmeTitle = localize(programme.title, view.locale);
  const name = localize(cohort.name, view.locale);
  const path = cohortPath(space.slug, programme.slug, cohort.id);
  const tracksOfCohort = data.tracks.filter((track) => cohort.trackIds.includes(track.id));
  return renderPage(view, {
    title: `${name.text} · ${programmeTitle.text}`,
    breadcrumbs: [...crumbs(view, space), { label: programmeTitle, href: programmePath(space.slug, programme.slug) }, { label: name }],
    head: html`${PROGRAMME_STYLES.link()}${SURVEY_STYLES.link()}`,
    body: html`<h1>${localizedText(view, cohort.name)}</h1>
<p><a href="${programmePath(space.slug, programme.slug)}">${localizedText(view, programme.title)}</a></p>
<ul class="programme-facts"><li>${cohortDates(view, cohort)}</li>
<li>${cohort.capacity === null ? t("programmes.cohort.unlimited") : t("programmes.cohort.seats", { capacity: cohort.capacity, free: data.seats?.free ?? cohort.capacity })}</li>
${cohort.applicationsCloseAt ? html`<li>${t("programmes.cohort.closes", { when: view.format.dateTime(cohort.applicationsCloseAt) })}</li>` : ""}</ul>
<section aria-labelledby="sessions"><h2 id="sessions">${t("programmes.sessions")}</h2>
${data.sessions.length
  ? html`<ol>${data.sessions.map((session) => html`<li>${session.eventHref ? html`<a href="${session.eventHref}">${localizedText(view, session.title)}</a>` : localizedText(view, session.title)}${session.startsAt ? html` — ${view.format.dateTime(session.startsAt)}` : ""}${data.own?.done.has(session.id) ? html` <span class="tag">${t("programmes.progress.attended")}</span>` : ""}${data.manage ? editLink(view, `${path}/sessions/${session.id}/edit`, session.title) : ""}</li>`)}</ol>`
  : html`<p class="muted">${t("programmes.no_sessions")}</p>`}
</section>
${ownSection(view, data, path, tracksOfCohort)}
${data.manage ? manageSection(view, data, data.manage, path) : ""}`,
  });
}

function ownSection(view: ViewContext, data: CohortPageData, path: string, tracks: TrackView[]): SafeHtml | "" {
  const { t, locale } = view;
  const own = data.own;
  if (own) {
    const attended = data.sessions.filter((session) => own.done.has(session.id)).length;
    return html`<section aria-labelledby="apply"><h2 id="apply">${t("programmes.cohort.your_application")}</h2>
    <p>${statusTag(view, own.status, Boolean(own.completedAt))}</p>
    ${own.position ? html`<p>${t("programmes.application.waitlist_position", { position: own.position })}</p>` : ""}
    ${own.status === "offered" && own.offerExpiresAt ? html`<p>${t("programmes.application.offer_until", { when: view.format.dateTime(own.offerExpiresAt) })}</p>` : ""}
    ${own.status === "confirmed" ? html`<p>${t("programmes.progress.summary", { attended, needed: own.needed, sessions: data.sessions.length })}</p>` : ""}
    ${own.status === "offered" && own.completedAt === null ? postForm(view, `${path}/applications/${own.id}/take-offer`, html`<button type="submit">${t("programmes.application.take_offer")}</button>`) : ""}
    ${own.completedAt ? html`<p><a href="/account/programmes/${own.id}/certificate">${t("programmes.certificate.open")}</a></p>` : ""}
    ${["pending", "confirmed", "waitlisted", "offered"].includes(own.status) && !own.completedAt
      ? postForm(view, `${path}/applications/${own.id}/withdraw`, html`<button type="submit" class="secondary">${t("programmes.application.withdraw")}</button>`)
      : ""}
    </section>`;
  }
  if (!data.isTaking) return html`<p class="notice">${t("programmes.cohort.not_taking")}</p>`;
  if (!data.isSignedIn) return html`<p class="notice" id="apply"><a href="/login?next=${encodeURIComponent(path)}">${t("programmes.cohort.sign_in")}</a></p>`;
  const form = data.applyForm!;
  return html`<section aria-labelledby="apply"><h2 id="apply">${t("programmes.cohort.apply")}</h2>
  ${errorSummary(view, form, questionLabels(view, data.programme.form))}
  <div class="form-with-sections">${formSections(view, sectionContents(view, data.programme.form))}
  ${postForm(view, `${path}/apply`, html`${questionSections(view, form, data.programme.form, 3)}
    ${tracks.length ? selectField(view, form, { name: "track_id", label: t("programmes.apply.track"), choices: tracks.map((track) => ({ value: track.id, label: localize(track.name, locale).text })), placeholder: t("programmes.apply.no_preference") }) : ""}
    ${data.organisations.length ? selectField(view, form, { name: "organisation_id", label: t("programmes.apply.organisation"), hint: t("programmes.apply.organisation_hint"), choices: data.organisations.map((organisation) => ({ value: organisation.id, label: organisation.name[locale] ?? Object.values(organisation.name)[0] ?? "" })), placeholder: t("programmes.apply.as_person") }) : ""}
    <button type="submit">${t("programmes.apply.submit")}</button>`)}</div>
  </section>`;
}

function manageSection(view: ViewContext, data: CohortPageData, manage: NonNullable<CohortPageData["manage"]>, path: string): SafeHtml {
  const { t } = view;
  const seats = data.seats;
  const isFull = seats !== null && seats.free !== null && seats.free <= 0;
  const participants = manage.applicants.filter((applicant) => applicant.status === "confirmed");
  const items = [...data.sessions.map((session) => ({ id: session.id, label: session.title })), ...data.materials.map((material) => ({ id: material.id, label: material.title }))];
  return html`<section aria-labelledby="selection"><h2 id="selection">${t("programmes.applicants.heading")}</h2>
  ${seats ? html`<p>${t("programmes.applicants.counts", { confirmed: seats.confirmed, pending: seats.pending, waitlisted: seats.waitlisted, offered: seats.offered })}</p>` : ""}
  ${isFull ? html`<p class="notice">${t("programmes.applicants.full")}</p>` : ""}
  ${manage.applicants.length
    ? manage.applicants.map((applicant) => html`<div class="programme-applicant"><h3>${applicant.displayName} ${statusTag(view, applicant.status, Boolean(applicant.completedAt))}</h3>
      <p class="muted">${[applicant.organisationName ? localize(applicant.organisationName, view.locale).text : t("programmes.applicants.no_organisation"), actorTypeName(view, applicant.actorType), applicant.country ? countryName(applicant.country, view.locale) : ""].filter(Boolean).join(" · ")}${applicant.trackId ? html` · ${t("programmes.apply.track")}: ${localizedText(view, data.tracks.find((track) => track.id === applicant.trackId)?.name ?? {})}` : ""}</p>
      ${answersList(view, data.programme.form, applicant.answers)}
      <div class="programme-actions">
      ${applicant.status === "pending" ? postForm(view, `${path}/applications/${applicant.id}/decide`, html`<input type="hidden" name="decision" value="accept"><button type="submit" aria-label="${t(isFull ? "programmes.decide.waitlist_named" : "programmes.decide.accept_named", { name: applicant.displayName })}">${t(isFull ? "programmes.decide.waitlist" : "programmes.decide.accept")}</button>`, { className: "inline-form" }) : ""}
      ${["pending", "confirmed", "waitlisted", "offered"].includes(applicant.status) && !applicant.completedAt ? postForm(view, `${path}/applications/${applicant.id}/decide`, html`<input type="hidden" name="decision" value="decline"><button type="submit" class="secondary" aria-label="${t("programmes.decide.decline_named", { name: applicant.displayName })}">${t("programmes.decide.decline")}</button>`, { className: "inline-form" }) : ""}
      ${applicant.status === "confirmed" && !applicant.completedAt ? postForm(view, `${path}/applications/${applicant.id}/complete`, html`<button type="submit" aria-label="${t("programmes.decide.complete_named", { name: applicant.displayName })}">${t("programmes.decide.complete")}</button>`, { className: "inline-form" }) : ""}
      </div></div>`)
    : html`<p class="muted">${t("programmes.applicants.none")}</p>`}
  </section>
  <section aria-labelledby="progress"><h2 id="progress">${t("programmes.progress.heading")}</h2>
  <p>${t("programmes.progress.rule", { needed: manage.needed, sessions: data.sessions.length })}</p>
  ${participants.length && items.length
    ? scrollableTable(t("programmes.progress.heading"), html`<table class="programme-progress"><caption class="sr-only">${t("programmes.progress.heading")}</caption>
      <thead><tr><th scope="col">${t("programmes.progress.participant")}</th>${items.map((item) => html`<th scope="col">${localizedText(view, item.label)}</th>`)}</tr></thead>
      <tbody>${participants.map((participant) => {
        const done = manage.progress.get(participant.id) ?? new Set<string>();
        return html`<tr><th scope="row">${participant.displayName}</th>${items.map((item) => {
          const isDone = done.has(item.id);
          const label = t(isDone ? "programmes.progress.unmark_named" : "programmes.progress.mark_named", { name: participant.displayName, item: localize(item.label, view.locale).text });
          return html`<td>${postForm(view, `${path}/progress`, html`<input type="hidden" name="application_id" value="${participant.id}"><input type="hidden" name="item_id" value="${item.id}"><input type="hidden" name="done" value="${isDone ? "false" : "true"}"><button type="submit" class="${isDone ? "" : "secondary"}"><span aria-hidden="true">${isDone ? "✓" : "—"}</span><span class="sr-only">${label}</span></button>`, { className: "inline-form" })}</td>`;
        })}</tr>`;
      })}</tbody></table>`)
    : html`<p class="muted">${t("programmes.progress.empty")}</p>`}
  ${data.sessions.some((session) => session.eventId) ? postForm(view, `${path}/import-attendance`, html`<button type="submit" class="secondary">${t("programmes.progress.import")}</button>`) : ""}
  </section>
  <section aria-labelledby="add-session"><h2 id="add-session">${t("programmes.session.add")}</h2>
  ${errorSummary(view, manage.sessionForm, sessionLabels(view))}
  ${postForm(view, `${path}/sessions`, html`${sessionFields(view, manage.sessionForm, manage.events)}
    <button type="submit">${t("programmes.session.add")}</button>`)}
  </section>
  <section aria-labelledby="cohort-settings"><h2 id="cohort-settings">${t("programmes.cohort.settings")}</h2>
  <p><a class="button secondary" href="${path}/edit">${t("programmes.cohort.edit")}</a></p>
  ${manage.cohortSpaceSlug
    ? html`<p><a href="/spaces/${manage.cohortSpaceSlug}">${t("programmes.cohort.space_link")}</a></p>`
    : postForm(view, `${path}/space`, html`<p class="hint">${t("programmes.cohort.space_hint")}</p><button type="submit" class="secondary">${t("programmes.cohort.space_create")}</button>`)}
  </section>`;
}
